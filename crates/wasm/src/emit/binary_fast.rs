//! Inline fast paths of binary operators on untyped registers.
//!
//! A `(tag, bits)` operand is usually an integer or a float at run time even when MIR could
//! not type it (a parameter, a call's result). For such operators the emitter tests the tags
//! inline and computes integer (tag 2) and float (tag 3) results in wasm; every other case —
//! mixed numbers, strings, booleans, errors — goes to the runtime's `rt_binary`, so results
//! and error messages are the runtime's by construction:
//!
//! ```text
//! if (a.tag == 2 && b.tag == 2 [&& b not 0 or -1 for /, b != 0 for %]) { dst = a op b }
//! else if (a.tag == 3 && b.tag == 3) { dst = a op b }      ;; not for >>
//! else { dst = rt_binary(op, site, a, b) }
//! ```
//!
//! A division or modulo by zero, and `MIN / -1`, take the runtime path, which raises at the
//! same site with the same message (or wraps). An operand typed Int or Float needs no tag
//! test; one typed Bool never takes a fast path.

use nyash_mir::{BinaryOp, Reg};
use wasm_encoder::{BlockType, InstructionSink};

use super::{FnEmitter, RegLocal};
use crate::{abi, CompileError};

/// How an operand is read on a fast path of one number kind.
#[derive(Clone, Copy)]
enum View {
    /// A typed local of that kind: no test.
    Typed(u32),
    /// A value pair: the tag must be tested first.
    Tagged { tag: u32, bits: u32 },
    /// Never of that kind.
    Never,
}

impl View {
    fn int(reg: RegLocal) -> View {
        match reg {
            RegLocal::Int(l) => View::Typed(l),
            RegLocal::Dyn { tag, bits } => View::Tagged { tag, bits },
            RegLocal::Float(_) | RegLocal::Bool(_) => View::Never,
        }
    }

    fn float(reg: RegLocal) -> View {
        match reg {
            RegLocal::Float(l) => View::Typed(l),
            RegLocal::Dyn { tag, bits } => View::Tagged { tag, bits },
            RegLocal::Int(_) | RegLocal::Bool(_) => View::Never,
        }
    }

    fn is_never(self) -> bool {
        matches!(self, View::Never)
    }
}

/// Whether `op` gives a boolean (the comparisons).
fn is_comparison(op: BinaryOp) -> bool {
    matches!(
        op,
        BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge
    )
}

/// Whether a result of the fast path (an integer, a float, or a comparison's boolean) can
/// be stored in `dst`; a register typed otherwise never receives one, so the path is left out.
fn fits(dst: RegLocal, op: BinaryOp, float: bool) -> bool {
    match dst {
        RegLocal::Dyn { .. } => true,
        RegLocal::Bool(_) => is_comparison(op),
        RegLocal::Int(_) => !is_comparison(op) && !float,
        RegLocal::Float(_) => !is_comparison(op) && float,
    }
}

/// The wasm instruction of `op` on two `i64`s. `/` and `%` are only emitted where the
/// divisor is neither 0 nor (for `/`) -1.
pub(super) fn int_op(sink: &mut InstructionSink, op: BinaryOp) {
    match op {
        BinaryOp::Add => sink.i64_add(),
        BinaryOp::Sub => sink.i64_sub(),
        BinaryOp::Mul => sink.i64_mul(),
        BinaryOp::Div => sink.i64_div_s(),
        // i64.rem_s gives 0 for MIN % -1, as wrapping_rem does.
        BinaryOp::Mod => sink.i64_rem_s(),
        // The count is taken modulo 64, as the VM's wrapping_shr.
        BinaryOp::Shr => sink.i64_shr_s(),
        BinaryOp::Eq => sink.i64_eq(),
        BinaryOp::Ne => sink.i64_ne(),
        BinaryOp::Lt => sink.i64_lt_s(),
        BinaryOp::Le => sink.i64_le_s(),
        BinaryOp::Gt => sink.i64_gt_s(),
        BinaryOp::Ge => sink.i64_ge_s(),
    };
}

/// The wasm instruction of `op` on two `f64`s (`%` is the runtime's `fmod`; `>>` has none).
pub(super) fn float_op(sink: &mut InstructionSink, op: BinaryOp, fmod: u32) {
    match op {
        BinaryOp::Add => sink.f64_add(),
        BinaryOp::Sub => sink.f64_sub(),
        BinaryOp::Mul => sink.f64_mul(),
        BinaryOp::Div => sink.f64_div(),
        BinaryOp::Mod => sink.call(fmod),
        BinaryOp::Eq => sink.f64_eq(),
        BinaryOp::Ne => sink.f64_ne(),
        BinaryOp::Lt => sink.f64_lt(),
        BinaryOp::Le => sink.f64_le(),
        BinaryOp::Gt => sink.f64_gt(),
        BinaryOp::Ge | BinaryOp::Shr => sink.f64_ge(),
    };
}

impl FnEmitter<'_, '_> {
    /// `dst = lhs op rhs` where an operand is untyped: inline integer and float paths, the
    /// runtime for the rest (errors reported at `site`).
    pub(super) fn dynamic_binary_at(
        &mut self,
        dst: Reg,
        op: BinaryOp,
        lhs: Reg,
        rhs: Reg,
        site: i32,
    ) -> Result<(), CompileError> {
        let (a, b) = (self.reg(lhs)?, self.reg(rhs)?);
        let ints = (View::int(a), View::int(b));
        let floats = (View::float(a), View::float(b));
        let target = self.reg(dst)?;
        let with_ints = !ints.0.is_never() && !ints.1.is_never() && fits(target, op, false);
        let with_floats = !floats.0.is_never()
            && !floats.1.is_never()
            && op != BinaryOp::Shr
            && fits(target, op, true);
        if with_ints {
            self.push_tags_are(ints, abi::tag::INT);
            self.push_divisor_check(op, ints.1);
            self.sink().if_(BlockType::Empty);
            self.push_number(ints.0, false);
            self.push_number(ints.1, false);
            int_op(&mut self.sink(), op);
            self.store_number_result(dst, op, false)?;
            self.sink().else_();
        }
        if with_floats {
            self.push_tags_are(floats, abi::tag::FLOAT);
            self.sink().if_(BlockType::Empty);
            self.push_number(floats.0, true);
            self.push_number(floats.1, true);
            let fmod = self.cx.rt.func(abi::func::FMOD)?;
            float_op(&mut self.sink(), op, fmod);
            self.store_number_result(dst, op, true)?;
            self.sink().else_();
        }
        self.runtime_binary_at(dst, op, lhs, rhs, site)?;
        for open in [with_ints, with_floats] {
            if open {
                self.sink().end();
            }
        }
        Ok(())
    }

    /// Pushes whether both operands have `tag` (typed operands need no test).
    fn push_tags_are(&mut self, views: (View, View), tag: i32) {
        let mut tests = 0;
        for view in [views.0, views.1] {
            if let View::Tagged { tag: local, .. } = view {
                self.sink().local_get(local).i32_const(tag).i32_eq();
                tests += 1;
            }
        }
        match tests {
            0 => {
                self.sink().i32_const(1);
            }
            2 => {
                self.sink().i32_and();
            }
            _ => {}
        }
    }

    /// For `/` and `%`, ands the test that the divisor is not 0 (nor -1 for `/`, since
    /// `MIN / -1` must wrap): those cases take the runtime path.
    fn push_divisor_check(&mut self, op: BinaryOp, divisor: View) {
        if !matches!(op, BinaryOp::Div | BinaryOp::Mod) {
            return;
        }
        self.push_number(divisor, false);
        if op == BinaryOp::Div {
            // divisor + 1 > 1 (unsigned) excludes exactly -1 and 0.
            self.sink().i64_const(1).i64_add().i64_const(1).i64_gt_u();
        } else {
            self.sink().i64_const(0).i64_ne();
        }
        self.sink().i32_and();
    }

    /// Pushes an operand as an `i64` or `f64`.
    fn push_number(&mut self, view: View, float: bool) {
        match view {
            View::Typed(local) => {
                self.sink().local_get(local);
            }
            View::Tagged { bits, .. } => {
                self.sink().local_get(bits);
                if float {
                    self.sink().f64_reinterpret_i64();
                }
            }
            View::Never => {}
        }
    }

    /// Stores the number or comparison on the stack into `dst`.
    fn store_number_result(
        &mut self,
        dst: Reg,
        op: BinaryOp,
        float: bool,
    ) -> Result<(), CompileError> {
        if is_comparison(op) {
            self.store_bool(dst)
        } else if float {
            self.store_float(dst)
        } else {
            self.store_int(dst)
        }
    }
}
