//! Unary and binary operators (SPEC §4, the VM's `ops.rs`).
//!
//! When both operands are registers typed Int (or both Float) the operation is inline wasm
//! arithmetic: wrapping `+ - *`, truncating `/` and `%` with the dividend's sign (a zero
//! divisor raises `division by zero` / `modulo by zero` at the instruction's span; `MIN / -1`
//! wraps), `>>` arithmetic with the count taken modulo 64, comparisons to a boolean. Every
//! other combination tests the tags inline for the integer and float cases
//! (`binary_fast.rs`) and otherwise calls the runtime's `rt_binary`, which implements all
//! kinds (mixed numbers, concatenation, string order, equality across kinds, the
//! `unsupported operand types` error). `s = s + x` on a string register appends in place
//! when possible.

use nyash_diagnostics::Span;
use nyash_mir::{BinaryOp, Reg, UnaryOp};

use super::{FnEmitter, RegLocal};
use crate::{abi, CompileError};

/// The operator's code in the runtime (`ops.wat`): its position in `BinaryOp`.
fn op_code(op: BinaryOp) -> i32 {
    match op {
        BinaryOp::Add => 0,
        BinaryOp::Sub => 1,
        BinaryOp::Mul => 2,
        BinaryOp::Div => 3,
        BinaryOp::Mod => 4,
        BinaryOp::Shr => 5,
        BinaryOp::Eq => 6,
        BinaryOp::Ne => 7,
        BinaryOp::Lt => 8,
        BinaryOp::Le => 9,
        BinaryOp::Gt => 10,
        BinaryOp::Ge => 11,
    }
}

impl FnEmitter<'_, '_> {
    pub(super) fn unary(
        &mut self,
        dst: Reg,
        op: UnaryOp,
        src: Reg,
        span: Span,
    ) -> Result<(), CompileError> {
        match op {
            UnaryOp::Not => {
                self.push_truthy(src)?;
                self.sink().i32_eqz();
                self.store_bool(dst)
            }
            UnaryOp::Truthy => {
                self.push_truthy(src)?;
                self.store_bool(dst)
            }
            UnaryOp::Neg => match self.reg(src)? {
                RegLocal::Int(l) => {
                    self.sink().i64_const(0).local_get(l).i64_sub();
                    self.store_int(dst)
                }
                RegLocal::Float(l) => {
                    self.sink().local_get(l).f64_neg();
                    self.store_float(dst)
                }
                _ => {
                    let site = self.site(span);
                    let neg = self.cx.rt.func(abi::func::NEG)?;
                    self.sink().i32_const(site);
                    self.push_value(src)?;
                    self.sink().call(neg);
                    self.store_pair(dst)
                }
            },
        }
    }

    pub(super) fn binary(
        &mut self,
        dst: Reg,
        op: BinaryOp,
        lhs: Reg,
        rhs: Reg,
        span: Span,
    ) -> Result<(), CompileError> {
        match (self.reg(lhs)?, self.reg(rhs)?) {
            (RegLocal::Int(a), RegLocal::Int(b)) => self.int_binary(dst, op, a, b, span),
            (RegLocal::Float(a), RegLocal::Float(b)) if op != BinaryOp::Shr => {
                self.float_binary(dst, op, a, b)
            }
            (RegLocal::Dyn { tag, bits }, _) if op == BinaryOp::Add && dst == lhs => {
                self.add_in_place(dst, tag, bits, rhs, span)
            }
            _ => self.dynamic_binary(dst, op, lhs, rhs, span),
        }
    }

    fn int_binary(
        &mut self,
        dst: Reg,
        op: BinaryOp,
        a: u32,
        b: u32,
        span: Span,
    ) -> Result<(), CompileError> {
        match op {
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Shr => {
                let mut sink = self.sink();
                sink.local_get(a).local_get(b);
                match op {
                    BinaryOp::Add => sink.i64_add(),
                    BinaryOp::Sub => sink.i64_sub(),
                    BinaryOp::Mul => sink.i64_mul(),
                    _ => sink.i64_shr_s(),
                };
                self.store_int(dst)
            }
            BinaryOp::Div | BinaryOp::Mod => {
                let site = self.site(span);
                let message = if op == BinaryOp::Div {
                    "division by zero"
                } else {
                    "modulo by zero"
                };
                self.sink()
                    .local_get(b)
                    .i64_eqz()
                    .if_(wasm_encoder::BlockType::Empty);
                self.raise(site, message)?;
                self.tries.nesting += 1;
                self.check_pending()?;
                self.tries.nesting -= 1;
                self.sink().end();
                if op == BinaryOp::Div {
                    // MIN / -1 wraps to MIN; wasm's i64.div_s would trap.
                    let result = wasm_encoder::BlockType::Result(wasm_encoder::ValType::I64);
                    self.sink()
                        .local_get(b)
                        .i64_const(-1)
                        .i64_eq()
                        .if_(result)
                        .i64_const(0)
                        .local_get(a)
                        .i64_sub()
                        .else_()
                        .local_get(a)
                        .local_get(b)
                        .i64_div_s()
                        .end();
                } else {
                    // i64.rem_s gives 0 for MIN % -1, as wrapping_rem does.
                    self.sink().local_get(a).local_get(b).i64_rem_s();
                }
                self.store_int(dst)
            }
            _ => {
                let mut sink = self.sink();
                sink.local_get(a).local_get(b);
                match op {
                    BinaryOp::Eq => sink.i64_eq(),
                    BinaryOp::Ne => sink.i64_ne(),
                    BinaryOp::Lt => sink.i64_lt_s(),
                    BinaryOp::Le => sink.i64_le_s(),
                    BinaryOp::Gt => sink.i64_gt_s(),
                    _ => sink.i64_ge_s(),
                };
                self.store_bool(dst)
            }
        }
    }

    fn float_binary(&mut self, dst: Reg, op: BinaryOp, a: u32, b: u32) -> Result<(), CompileError> {
        let fmod = self.cx.rt.func(abi::func::FMOD)?;
        let mut sink = self.sink();
        sink.local_get(a).local_get(b);
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
        match op {
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod => {
                self.store_float(dst)
            }
            _ => self.store_bool(dst),
        }
    }

    /// `dst = lhs op rhs` through the runtime.
    fn dynamic_binary(
        &mut self,
        dst: Reg,
        op: BinaryOp,
        lhs: Reg,
        rhs: Reg,
        span: Span,
    ) -> Result<(), CompileError> {
        let site = self.site(span);
        self.dynamic_binary_at(dst, op, lhs, rhs, site)
    }

    /// `dst = lhs op rhs` through the runtime, reporting errors at `site`.
    pub(super) fn runtime_binary_at(
        &mut self,
        dst: Reg,
        op: BinaryOp,
        lhs: Reg,
        rhs: Reg,
        site: i32,
    ) -> Result<(), CompileError> {
        let binary = self.cx.rt.func(abi::func::BINARY)?;
        self.sink().i32_const(op_code(op)).i32_const(site);
        self.push_value(lhs)?;
        self.push_value(rhs)?;
        self.sink().call(binary);
        self.store_pair(dst)
    }

    /// `s = s + x`: when `s` holds a string, `rt_append` takes over the register's reference
    /// and appends in place if it was the only one; otherwise the general `+`.
    fn add_in_place(
        &mut self,
        dst: Reg,
        tag: u32,
        bits: u32,
        rhs: Reg,
        span: Span,
    ) -> Result<(), CompileError> {
        let append = self.cx.rt.func(abi::func::APPEND)?;
        let site = self.site(span);
        self.sink()
            .local_get(tag)
            .i32_const(abi::tag::STRING)
            .i32_eq()
            .if_(wasm_encoder::BlockType::Empty)
            .i32_const(site)
            .local_get(bits)
            .i32_wrap_i64();
        self.push_value(rhs)?;
        self.sink()
            .call(append)
            .i64_extend_i32_u()
            .local_set(bits)
            .else_();
        self.dynamic_binary_at(dst, BinaryOp::Add, dst, rhs, site)?;
        self.sink().end();
        Ok(())
    }
}
