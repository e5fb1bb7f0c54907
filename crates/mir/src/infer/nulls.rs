//! Which registers may be read while they hold a null nobody wrote.
//!
//! Every register starts as null when a function is entered, and `release r` sets `r` back to
//! null. MIR does not promise that a register is written before it is read (the verifier does
//! not check it), so a register whose definitions all give integers may still be read as null
//! on some path. This forward may-analysis finds those registers; the pass then counts null
//! among their values.
//!
//! Input: one [`Function`]. Output: for each register, whether some reachable instruction or
//! terminator may read it while it holds such a null. The state at each point is the set of
//! registers that may hold one: at entry every register but the parameters; a write removes
//! its register, a `release` adds it; a handler starts with its error register written.

use super::flow::{self, term_use, Bits, Handler, Problem, Site};
use crate::{BlockId, Function, InstKind, Reg, TermKind};

/// For each register of `func`: may it be read while holding the null it started with or a
/// `release` left in it?
pub(crate) fn implicit_null_reads(func: &Function) -> Vec<bool> {
    let count = func.reg_count();
    let mut entry = Bits::new(count);
    for r in func.param_count as usize..count {
        entry.insert(r);
    }
    let mut reads = NullReads {
        reads: vec![false; count],
    };
    flow::solve(func, &mut reads, entry);
    reads.reads
}

struct NullReads {
    reads: Vec<bool>,
}

impl NullReads {
    fn read(&mut self, state: &Bits, reg: Reg) {
        if state.contains(reg.index()) {
            if let Some(read) = self.reads.get_mut(reg.index()) {
                *read = true;
            }
        }
    }
}

impl Problem for NullReads {
    type State = Bits;

    fn join(into: &mut Bits, from: &Bits) -> bool {
        into.union(from)
    }

    fn inst(&mut self, state: &mut Bits, _site: Site, inst: &InstKind) {
        inst.for_each_use(|reg| self.read(state, reg));
        match *inst {
            InstKind::Release { reg } => state.insert(reg.index()),
            // The error register is written when the handler starts, not here.
            InstKind::TryEnter { .. } => {}
            ref other => {
                if let Some(dst) = other.dst() {
                    state.remove(dst.index());
                }
            }
        }
    }

    fn catch(&mut self, state: &Bits, handler: &Handler) -> Bits {
        let mut caught = state.clone();
        caught.remove(handler.error.index());
        caught
    }

    fn term(&mut self, state: &Bits, _block: BlockId, term: &TermKind) {
        if let Some(reg) = term_use(term) {
            self.read(state, reg);
        }
    }
}
