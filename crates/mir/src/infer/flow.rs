//! A forward dataflow walk over one function's blocks, with the edges errors take.
//!
//! [`solve`] computes the state on entry to every reachable block for a [`Problem`] whose
//! states only grow (a may-analysis): each block is walked again whenever its entry state
//! grows, so the last walk of every block happens with its final entry state. Problems may
//! therefore record facts while walking, as long as a later walk overwrites or extends them.
//!
//! Errors are control flow: any point inside a `try` region may raise (any instruction can
//! fail, and a queued `fini()` may fail before any of them), so the state before each
//! instruction and before the terminator there flows to the handlers of the open regions,
//! through [`Problem::catch`]. The open regions of a block are found as the verifier finds try
//! depths; if two paths reach a block with different open regions (lowering never does
//! this), every point of the function is taken to flow to every handler.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::ops::Range;

use crate::{BlockId, Function, InstKind, Reg, TermKind};

/// An open `try` region: its handler block, its error register, and where its `try_enter` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Handler {
    pub block: BlockId,
    pub error: Reg,
    pub enter: Site,
}

/// An instruction: its block and index there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Site {
    pub block: BlockId,
    pub inst: usize,
}

pub(crate) trait Problem {
    type State: Clone;

    /// Adds `from` into `into`; whether `into` grew.
    fn join(into: &mut Self::State, from: &Self::State) -> bool;

    /// Applies the instruction at `site` to `state` (its reads see `state` as it was).
    fn inst(&mut self, state: &mut Self::State, site: Site, inst: &InstKind);

    /// The state on entry to `handler` when an error is raised where `state` holds.
    fn catch(&mut self, state: &Self::State, handler: &Handler) -> Self::State;

    /// Sees the terminator of `block` with the state before it.
    fn term(&mut self, state: &Self::State, block: BlockId, term: &TermKind);
}

/// Walks `func` from `blocks[0]`, entered with `entry`, until every block's entry state is
/// final.
pub(crate) fn solve<P: Problem>(func: &Function, problem: &mut P, entry: P::State) {
    let blocks = func.blocks.len();
    let mut walk = Walk {
        func,
        entry: vec![None; blocks],
        handlers: vec![None; blocks],
        every_handler: None,
        work: Worklist::new(func),
    };
    walk.start(BlockId(0), &entry, &[]);
    while let Some(block) = walk.work.pop() {
        walk.block(problem, block);
    }
}

struct Walk<'f, S> {
    func: &'f Function,
    /// The state on entry to each block (`None`: not reached yet).
    entry: Vec<Option<S>>,
    /// The open handlers on entry to each block, innermost last, as first seen.
    handlers: Vec<Option<Vec<Handler>>>,
    /// Every handler of the function, once two paths disagree on the open handlers.
    every_handler: Option<Vec<Handler>>,
    work: Worklist,
}

/// The blocks waiting to be walked, taken in reverse postorder: a block is walked after the
/// blocks before it on every path (back edges aside), so in code without loops each block is
/// walked once. Taken in any other order, a chain of `if`s was walked again from every branch
/// that reached its end late: quadratic walks, each linear in the function's size.
struct Worklist {
    /// Each block's place in reverse postorder (blocks only a handler reaches come last).
    rank: Vec<u32>,
    queued: Vec<bool>,
    heap: BinaryHeap<Reverse<(u32, u32)>>,
}

impl Worklist {
    fn new(func: &Function) -> Worklist {
        let count = func.blocks.len();
        let mut rank = vec![u32::MAX; count];
        for (place, block) in crate::cfg::reverse_postorder(&func.blocks)
            .into_iter()
            .enumerate()
        {
            if let Some(slot) = rank.get_mut(block.index()) {
                *slot = place as u32;
            }
        }
        Worklist {
            rank,
            queued: vec![false; count],
            heap: BinaryHeap::new(),
        }
    }

    fn push(&mut self, block: BlockId) {
        let i = block.index();
        if let (Some(queued), Some(&rank)) = (self.queued.get_mut(i), self.rank.get(i)) {
            if !*queued {
                *queued = true;
                self.heap.push(Reverse((rank, block.0)));
            }
        }
    }

    fn extend(&mut self, blocks: impl Iterator<Item = BlockId>) {
        for block in blocks {
            self.push(block);
        }
    }

    fn pop(&mut self) -> Option<BlockId> {
        let Reverse((_, block)) = self.heap.pop()?;
        if let Some(queued) = self.queued.get_mut(block as usize) {
            *queued = false;
        }
        Some(BlockId(block))
    }
}

impl<S: Clone> Walk<'_, S> {
    /// Enters the first block with `state` (blocks jumping back to it join theirs later).
    fn start(&mut self, target: BlockId, state: &S, open: &[Handler]) {
        if let (Some(entry), Some(known)) = (
            self.entry.get_mut(target.index()),
            self.handlers.get_mut(target.index()),
        ) {
            *entry = Some(state.clone());
            *known = Some(open.to_vec());
            self.work.push(target);
        }
    }

    /// Joins `state` and the open handlers into the entry of `target`.
    fn reach<P: Problem<State = S>>(&mut self, target: BlockId, state: &S, open: &[Handler]) {
        let i = target.index();
        let (Some(entry), Some(known)) = (self.entry.get_mut(i), self.handlers.get_mut(i)) else {
            return;
        };
        match known {
            None => *known = Some(open.to_vec()),
            Some(known) if known.as_slice() != open && self.every_handler.is_none() => {
                self.every_handler = Some(all_handlers(self.func));
                // Blocks already walked must now flow to every handler too.
                self.work
                    .extend((0..self.func.blocks.len()).map(|b| BlockId(b as u32)));
            }
            Some(_) => {}
        }
        let grew = match entry {
            None => {
                *entry = Some(state.clone());
                true
            }
            Some(entry) => P::join(entry, state),
        };
        if grew {
            self.work.push(target);
        }
    }

    /// The state before a point that may raise flows to the open handlers.
    fn may_raise<P: Problem<State = S>>(&mut self, problem: &mut P, state: &S, open: &[Handler]) {
        let open = self.every_handler.clone().unwrap_or_else(|| open.to_vec());
        for (depth, handler) in open.iter().enumerate() {
            let caught = problem.catch(state, handler);
            self.reach::<P>(
                handler.block,
                &caught,
                open.get(..depth).unwrap_or_default(),
            );
        }
    }

    fn block<P: Problem<State = S>>(&mut self, problem: &mut P, at: BlockId) {
        let func = self.func;
        let (Some(block), Some(Some(entry)), Some(Some(handlers))) = (
            func.blocks.get(at.index()),
            self.entry.get(at.index()),
            self.handlers.get(at.index()),
        ) else {
            return;
        };
        let mut state = entry.clone();
        let mut open = handlers.clone();
        for (index, inst) in block.insts.iter().enumerate() {
            self.may_raise(problem, &state, &open);
            let site = Site {
                block: at,
                inst: index,
            };
            problem.inst(&mut state, site, &inst.kind);
            match inst.kind {
                InstKind::TryEnter { handler, error } => open.push(Handler {
                    block: handler,
                    error,
                    enter: site,
                }),
                InstKind::TryExit => {
                    open.pop();
                }
                _ => {}
            }
        }
        self.may_raise(problem, &state, &open);
        problem.term(&state, at, &block.term.kind);
        match block.term.kind {
            TermKind::Jump(target) => self.reach::<P>(target, &state, &open),
            TermKind::Branch {
                then_block,
                else_block,
                ..
            } => {
                self.reach::<P>(then_block, &state, &open);
                self.reach::<P>(else_block, &state, &open);
            }
            TermKind::Return(_) | TermKind::Throw(_) | TermKind::Unreachable => {}
        }
    }
}

/// Every `try_enter` of the function, as handlers.
fn all_handlers(func: &Function) -> Vec<Handler> {
    let mut found = Vec::new();
    for (b, block) in func.blocks.iter().enumerate() {
        for (i, inst) in block.insts.iter().enumerate() {
            if let InstKind::TryEnter { handler, error } = inst.kind {
                found.push(Handler {
                    block: handler,
                    error,
                    enter: Site {
                        block: BlockId(b as u32),
                        inst: i,
                    },
                });
            }
        }
    }
    found
}

/// The register a terminator reads, if any.
pub(crate) fn term_use(term: &TermKind) -> Option<Reg> {
    match *term {
        TermKind::Branch { cond, .. } => Some(cond),
        TermKind::Return(reg) | TermKind::Throw(reg) => Some(reg),
        TermKind::Jump(_) | TermKind::Unreachable => None,
    }
}

/// A set of registers (or of any dense ids), as bits.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Bits(Vec<u64>);

impl Bits {
    pub fn new(count: usize) -> Bits {
        Bits(vec![0; count.div_ceil(64)])
    }

    pub fn contains(&self, i: usize) -> bool {
        self.0
            .get(i / 64)
            .is_some_and(|word| word & (1 << (i % 64)) != 0)
    }

    pub fn insert(&mut self, i: usize) {
        if let Some(word) = self.0.get_mut(i / 64) {
            *word |= 1 << (i % 64);
        }
    }

    pub fn remove(&mut self, i: usize) {
        if let Some(word) = self.0.get_mut(i / 64) {
            *word &= !(1 << (i % 64));
        }
    }

    /// The members in `range`, ascending; a word at a time, so a sparse range costs little.
    pub fn members_in(&self, range: Range<usize>) -> impl Iterator<Item = usize> + '_ {
        let Range { start, end } = range;
        (start / 64..end.div_ceil(64)).flat_map(move |w| {
            let mut word = self.0.get(w).copied().unwrap_or(0) & mask(w, start, end);
            std::iter::from_fn(move || {
                (word != 0).then(|| {
                    let bit = word.trailing_zeros() as usize;
                    word &= word - 1;
                    w * 64 + bit
                })
            })
        })
    }

    /// Removes every member in `range`.
    pub fn remove_range(&mut self, range: Range<usize>) {
        let Range { start, end } = range;
        for w in start / 64..end.div_ceil(64) {
            if let Some(word) = self.0.get_mut(w) {
                *word &= !mask(w, start, end);
            }
        }
    }

    /// Adds every member of `other`; whether anything was new.
    pub fn union(&mut self, other: &Bits) -> bool {
        let mut grew = false;
        for (mine, theirs) in self.0.iter_mut().zip(&other.0) {
            let joined = *mine | theirs;
            grew |= joined != *mine;
            *mine = joined;
        }
        grew
    }
}

/// The bits of word `w` that stand for `start..end`.
fn mask(w: usize, start: usize, end: usize) -> u64 {
    let (low, high) = (w * 64, w * 64 + 64);
    let from = start.clamp(low, high) - low;
    let to = end.clamp(low, high) - low;
    if from >= to {
        0
    } else {
        (u64::MAX >> (64 - (to - from))) << from
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::display::testing::{block, function};
    use crate::{Const, FunctionKind};

    /// Counts how often each block is walked.
    struct Walks(Vec<usize>);

    impl Problem for Walks {
        type State = Bits;

        fn join(into: &mut Bits, from: &Bits) -> bool {
            into.union(from)
        }

        fn inst(&mut self, state: &mut Bits, _: Site, inst: &InstKind) {
            if let Some(dst) = inst.dst() {
                state.insert(dst.index());
            }
        }

        fn catch(&mut self, state: &Bits, _: &Handler) -> Bits {
            state.clone()
        }

        fn term(&mut self, _: &Bits, block: BlockId, _: &TermKind) {
            if let Some(count) = self.0.get_mut(block.index()) {
                *count += 1;
            }
        }
    }

    /// `n` if-statements one after another: each a branch block, a `then` block writing its
    /// own register, and the join block the next branch starts in.
    fn chain_of_ifs(n: usize) -> Function {
        let mut blocks = Vec::new();
        for i in 0..n {
            let (then, next) = (2 * i + 1, 2 * i + 2);
            let write = |dst: usize| InstKind::Const {
                dst: Reg(dst as u32),
                value: Const::Bool(true),
            };
            blocks.push(block(
                vec![write(0)],
                TermKind::Branch {
                    cond: Reg(0),
                    then_block: BlockId(then as u32),
                    else_block: BlockId(next as u32),
                },
            ));
            blocks.push(block(
                vec![write(1 + i)],
                TermKind::Jump(BlockId(next as u32)),
            ));
        }
        blocks.push(block(vec![], TermKind::Return(Reg(0))));
        function("<entry>", FunctionKind::Entry, 0, n + 1, blocks)
    }

    #[test]
    fn a_chain_of_ifs_walks_each_block_once() {
        let n = 200;
        let func = chain_of_ifs(n);
        let mut walks = Walks(vec![0; func.blocks.len()]);
        solve(&func, &mut walks, Bits::new(n + 1));
        assert!(walks.0.iter().all(|&count| count == 1), "{:?}", walks.0);
    }

    #[test]
    fn bit_ranges_cross_words() {
        let mut bits = Bits::new(200);
        for i in [0, 5, 63, 64, 65, 127, 128, 190] {
            bits.insert(i);
        }
        let members = |bits: &Bits, r: Range<usize>| bits.members_in(r).collect::<Vec<_>>();
        assert_eq!(members(&bits, 0..200), [0, 5, 63, 64, 65, 127, 128, 190]);
        assert_eq!(members(&bits, 5..65), [5, 63, 64]);
        assert_eq!(members(&bits, 6..63), Vec::<usize>::new());
        assert_eq!(members(&bits, 64..64), Vec::<usize>::new());
        bits.remove_range(63..128);
        assert_eq!(members(&bits, 0..200), [0, 5, 128, 190]);
        bits.remove_range(0..1);
        bits.remove_range(190..191);
        assert_eq!(members(&bits, 0..200), [5, 128]);
    }
}
