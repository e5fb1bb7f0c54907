//! The verifier's check that no register is read before it is written, or after its release.
//!
//! MIR says every register is null until written, but the VM does not keep that promise for
//! free: it leaves a number in a register on `release` and may hand a new frame registers that
//! still hold numbers of an earlier one. So lowered MIR must never read a register that is not
//! certainly written and alive.
//!
//! A forward "must be written" dataflow over one function. The state at a program point is the
//! set of registers that on every path from the entry have been written (by an instruction's
//! `dst`) and not released since (`release` ends a register's life). Parameters are written on
//! entry to `bb0`; a block's entry state is the intersection over its reachable predecessors,
//! found by a worklist to a fixpoint. Every register an instruction or terminator reads must
//! be in the state before it. Unreachable blocks are not checked.
//!
//! Errors are control flow. `try_enter { handler, error }` opens a region that lasts until its
//! `try_exit`; it writes `error` only on the way into `handler`. An error raised where the
//! region is the innermost open one goes to its handler, and errors can be raised at every
//! point of it (before any instruction — even a `release`, which may run a failing `fini()` —
//! and before the terminator). So the handler is entered with the intersection of the states
//! at all those points, plus `error`: the state at the `try_enter`, minus every register a
//! `release` in the region may have ended (on any path, in any block the region spans); writes
//! inside the region do not count, since an error may come before them. Points inside a nested
//! region are not points of the outer one: their errors go to the nested handler, which is
//! itself inside the outer region, so what the outer handler may see is still accounted for.
//!
//! The open regions of each block are found as the try depths of the verifier are: from the
//! `try_enter`s and `try_exit`s along the way, as first seen. If two paths reach a block with
//! different open regions (lowering never does this), which region is innermost is not known,
//! so every point of the function is taken to raise into every handler.
//!
//! Within a block the points that share their open regions form a segment, and the
//! intersection over a segment's points is its first state minus the registers released in it;
//! so the cost is a few bit-set operations per block and per `try` boundary, not per point.

use crate::{BlockId, Function, InstKind, Reg, TermKind};

/// Why a read is not safe: the wording of its error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cause {
    /// Not written on some path from the entry.
    Unwritten,
    /// Released on some path, and not written again since.
    Released,
}

/// A read that is not safe, found while walking a block.
#[derive(Debug, Clone, Copy)]
struct Finding {
    reg: Reg,
    cause: Cause,
}

/// What is known of the registers at one program point, as bits: for each register, whether it
/// is written on every path from the entry and not released since, and whether it is released
/// on some path and not written since (which only chooses the wording of errors). The words
/// alternate: written bits of `r0..r63`, released bits of `r0..r63`, written bits of
/// `r64..r127`, and so on; registers out of range are ignored.
#[derive(Debug, Clone, Default)]
struct State(Vec<u64>);

impl State {
    /// Nothing written, nothing released, for `reg_count` registers.
    fn new(reg_count: usize) -> State {
        State(vec![0; 2 * reg_count.div_ceil(64)])
    }

    /// Narrows `self` to what also holds after `other`; whether anything changed.
    fn meet(&mut self, other: &State) -> bool {
        let mut changed = false;
        for (mine, theirs) in self.0.chunks_exact_mut(2).zip(other.0.chunks_exact(2)) {
            let written = mine[0] & theirs[0];
            let released = mine[1] | theirs[1];
            changed |= written != mine[0] || released != mine[1];
            mine[0] = written;
            mine[1] = released;
        }
        changed
    }

    /// The word index and bit of `reg`'s written flag (its released flag is in the next word).
    fn slot(reg: Reg) -> (usize, u64) {
        (2 * (reg.index() / 64), 1 << (reg.index() % 64))
    }

    fn set(&mut self, reg: Reg, written: bool) {
        let (word, bit) = State::slot(reg);
        if let Some([w, r]) = self.0.get_mut(word..word + 2) {
            if written {
                (*w, *r) = (*w | bit, *r & !bit);
            } else {
                (*w, *r) = (*w & !bit, *r | bit);
            }
        }
    }

    fn write(&mut self, reg: Reg) {
        self.set(reg, true);
    }

    fn release(&mut self, reg: Reg) {
        self.set(reg, false);
    }

    /// Whether `reg` is written and alive, and whether it may have been released.
    fn flags(&self, reg: Reg) -> (bool, bool) {
        let (word, bit) = State::slot(reg);
        match self.0.get(word..word + 2) {
            Some([w, r]) => (w & bit != 0, r & bit != 0),
            _ => (false, false),
        }
    }

    /// Records a read of `reg` in `findings` if it is not safe (once per register).
    fn read(&self, reg: Reg, reg_count: usize, findings: &mut Vec<Finding>) {
        let (written, released) = self.flags(reg);
        // Registers out of range are reported by the range check.
        if reg.index() >= reg_count || written || findings.iter().any(|f| f.reg == reg) {
            return;
        }
        let cause = if released {
            Cause::Released
        } else {
            Cause::Unwritten
        };
        findings.push(Finding { reg, cause });
    }
}

/// An open try region as this check sees it: where its errors go and what they write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Region {
    handler: BlockId,
    error: Reg,
}

/// The reads of `func` that may see a register not written, or released, as error messages
/// (`bb3: reads r7 before it is written on every path`), in block order.
pub(super) fn unsafe_reads(func: &Function) -> Vec<String> {
    let mut flow = Flow::new(func);
    while let Some(at) = flow.todo.pop() {
        if let Some(queued) = flow.queued.get_mut(at.index()) {
            *queued = false;
        }
        flow.walk(at);
    }
    let mut messages = Vec::new();
    for (index, findings) in flow.findings.iter().enumerate() {
        for finding in findings {
            let what = match finding.cause {
                Cause::Unwritten => "before it is written on every path",
                Cause::Released => "after its release",
            };
            messages.push(format!("bb{index}: reads {} {what}", finding.reg));
        }
    }
    messages
}

/// The dataflow of one function, solved by walking blocks until no entry state changes.
struct Flow<'f> {
    func: &'f Function,
    /// The state on entry to each block; `None` until some path reaches it.
    entry: Vec<Option<State>>,
    /// The open regions on entry to each block, innermost last, as first seen.
    regions: Vec<Option<Vec<Region>>>,
    /// Every region of the function, once two paths disagree on a block's open regions.
    every_region: Option<Vec<Region>>,
    /// The unsafe reads of each block, from its last walk (the one with its final state).
    findings: Vec<Vec<Finding>>,
    todo: Vec<BlockId>,
    queued: Vec<bool>,
    scratch: State,
}

impl<'f> Flow<'f> {
    fn new(func: &'f Function) -> Flow<'f> {
        let blocks = func.blocks.len();
        let mut flow = Flow {
            func,
            entry: vec![None; blocks],
            regions: vec![None; blocks],
            every_region: None,
            findings: vec![Vec::new(); blocks],
            todo: Vec::new(),
            queued: vec![false; blocks],
            scratch: State::default(),
        };
        let mut params = State::new(func.reg_count());
        let param_count = (func.param_count as usize).min(func.reg_count());
        for param in 0..param_count {
            params.write(Reg(param as u32));
        }
        flow.reach(BlockId(0), &params, &[]);
        flow
    }

    /// Walks block `at` from its entry state: notes its unsafe reads and passes its states on
    /// to its successors and to the handlers its errors go to.
    fn walk(&mut self, at: BlockId) {
        let func = self.func;
        let (Some(block), Some(Some(entry)), Some(Some(open))) = (
            func.blocks.get(at.index()),
            self.entry.get(at.index()),
            self.regions.get(at.index()),
        ) else {
            return;
        };
        // The walk's state reuses one buffer: blocks are walked many times.
        let mut state = std::mem::take(&mut self.scratch);
        state.clone_from(entry);
        let mut open = open.clone();
        let mut findings = Vec::new();
        let reg_count = func.reg_count();
        let mut segment = self.start_segment(&state, &open);
        for inst in &block.insts {
            inst.kind
                .for_each_use(|reg| state.read(reg, reg_count, &mut findings));
            match inst.kind {
                InstKind::TryEnter { handler, error } => {
                    self.end_segment(segment, &open);
                    open.push(Region { handler, error });
                    segment = self.start_segment(&state, &open);
                }
                InstKind::TryExit => {
                    self.end_segment(segment, &open);
                    open.pop();
                    segment = self.start_segment(&state, &open);
                }
                InstKind::Release { reg } => {
                    state.release(reg);
                    if let Some(segment) = &mut segment {
                        segment.release(reg);
                    }
                }
                ref kind => {
                    if let Some(dst) = kind.dst() {
                        state.write(dst);
                    }
                }
            }
        }
        if let Some(reg) = term_use(&block.term.kind) {
            state.read(reg, reg_count, &mut findings);
        }
        self.end_segment(segment, &open);
        for target in successors(&block.term.kind) {
            self.reach(target, &state, &open);
        }
        if let Some(slot) = self.findings.get_mut(at.index()) {
            *slot = findings;
        }
        self.scratch = state;
    }

    /// The running intersection of a new segment that starts with `state`, if its errors go
    /// anywhere.
    fn start_segment(&self, state: &State, open: &[Region]) -> Option<State> {
        let raises_somewhere = self.every_region.is_some() || !open.is_empty();
        raises_somewhere.then(|| state.clone())
    }

    /// Passes the intersection of a segment's states, plus the error register, to the
    /// handlers its errors go to: the innermost open region's, or all of them once the open
    /// regions are not known.
    fn end_segment(&mut self, segment: Option<State>, open: &[Region]) {
        let Some(caught) = segment else {
            return;
        };
        if let Some(every) = self.every_region.clone() {
            for region in every {
                self.catch(region, &caught, &[]);
            }
        } else if let Some((&innermost, outer)) = open.split_last() {
            self.catch(innermost, &caught, outer);
        }
    }

    fn catch(&mut self, region: Region, caught: &State, outer: &[Region]) {
        let mut state = caught.clone();
        state.write(region.error);
        self.reach(region.handler, &state, outer);
    }

    /// Joins `state`, with `open` regions, into the entry of `target`.
    fn reach(&mut self, target: BlockId, state: &State, open: &[Region]) {
        let i = target.index();
        let (Some(entry), Some(known)) = (self.entry.get_mut(i), self.regions.get_mut(i)) else {
            return; // out of range: reported by the range check
        };
        let disagree = match known {
            None => {
                *known = Some(open.to_vec());
                false
            }
            Some(known) => self.every_region.is_none() && known.as_slice() != open,
        };
        let changed = match entry {
            None => {
                *entry = Some(state.clone());
                true
            }
            Some(entry) => entry.meet(state),
        };
        if changed {
            self.queue(target);
        }
        if disagree {
            self.every_region = Some(every_region(self.func));
            // Blocks walked so far must now raise into every handler too.
            for b in 0..self.func.blocks.len() {
                if matches!(self.entry.get(b), Some(Some(_))) {
                    self.queue(BlockId(b as u32));
                }
            }
        }
    }

    fn queue(&mut self, block: BlockId) {
        if let Some(queued @ false) = self.queued.get_mut(block.index()) {
            *queued = true;
            self.todo.push(block);
        }
    }
}

/// Every `try_enter` of `func`, as regions.
fn every_region(func: &Function) -> Vec<Region> {
    let insts = func.blocks.iter().flat_map(|b| &b.insts);
    insts
        .filter_map(|inst| match inst.kind {
            InstKind::TryEnter { handler, error } => Some(Region { handler, error }),
            _ => None,
        })
        .collect()
}

/// The register a terminator reads, if any.
fn term_use(term: &TermKind) -> Option<Reg> {
    match *term {
        TermKind::Branch { cond, .. } => Some(cond),
        TermKind::Return(reg) | TermKind::Throw(reg) => Some(reg),
        TermKind::Jump(_) | TermKind::Unreachable => None,
    }
}

/// The blocks a terminator continues at (handlers are reached through errors, not here).
fn successors(term: &TermKind) -> impl Iterator<Item = BlockId> {
    let (first, second) = match *term {
        TermKind::Jump(target) => (Some(target), None),
        TermKind::Branch {
            then_block,
            else_block,
            ..
        } => (Some(then_block), Some(else_block)),
        TermKind::Return(_) | TermKind::Throw(_) | TermKind::Unreachable => (None, None),
    };
    first.into_iter().chain(second)
}
