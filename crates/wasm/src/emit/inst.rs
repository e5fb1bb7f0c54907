//! Instructions that move values: constants, copies, globals, `print`, `release` — and the
//! dispatch of every MIR instruction to the module that compiles it.

use nyash_diagnostics::Span;
use nyash_mir::{Const, GlobalId, Inst, InstKind, Reg, Type};

use super::{FnEmitter, RegLocal};
use crate::{abi, CompileError};

impl FnEmitter<'_, '_> {
    /// Compiles one instruction.
    pub(super) fn inst(&mut self, inst: &Inst) -> Result<(), CompileError> {
        match &inst.kind {
            InstKind::Const { dst, value } => self.constant(*dst, value),
            InstKind::Copy { dst, src } => self.copy(*dst, *src),
            InstKind::Unary { dst, op, src } => self.unary(*dst, *op, *src, inst.span),
            InstKind::Binary { dst, op, lhs, rhs } => self.binary(*dst, *op, *lhs, *rhs, inst.span),
            InstKind::LoadGlobal { dst, global } => self.load_global(*dst, *global),
            InstKind::StoreGlobal { global, src } => self.store_global(*global, *src),
            InstKind::Print { value } => self.print(*value, inst.span),
            InstKind::Release { reg } => self.release_reg(*reg),
            InstKind::StaticBox { dst, class } => self.static_box(*dst, *class, inst.span),
            InstKind::Call { dst, func, args } => self.call(*dst, *func, args, inst.span),
            InstKind::NewBox { dst, class, args } => self.new_box(*dst, *class, args, inst.span),
            InstKind::GetField { dst, object, field } => {
                self.get_field_maybe_fast(*dst, *object, *field, inst.span)
            }
            InstKind::SetField {
                object,
                field,
                value,
            } => self.set_field_maybe_fast(*object, *field, *value, inst.span),
            InstKind::CallMethod {
                dst,
                receiver,
                method,
                args,
            } => self.call_method_maybe_array(*dst, *receiver, *method, args, inst.span),
            InstKind::TryEnter { handler, error } => self.try_enter(*handler, *error),
            InstKind::TryExit => self.try_exit(),
            InstKind::FutureOk { dst, value } => self.future_ok(*dst, *value),
            InstKind::FutureErr { dst, error } => self.future_err(*dst, *error, inst.span),
            InstKind::Await { dst, future } => self.await_(*dst, *future),
            InstKind::NewBuiltin { dst, kind, args } => {
                self.new_builtin(*dst, *kind, args, inst.span)
            }
            InstKind::GetBuiltinParent { dst, object } => self.builtin_parent(*dst, *object),
            InstKind::CallBuiltin { dst, func, args } => {
                self.call_builtin(*dst, *func, args, inst.span)
            }
        }
    }

    fn constant(&mut self, dst: Reg, value: &Const) -> Result<(), CompileError> {
        match value {
            Const::Int(n) => {
                self.sink().i64_const(*n);
                self.store_int(dst)
            }
            Const::Float(f) => {
                self.sink().f64_const((*f).into());
                self.store_float(dst)
            }
            Const::Bool(b) => {
                self.sink().i32_const(i32::from(*b));
                self.store_bool(dst)
            }
            Const::Null => {
                self.sink().i32_const(abi::tag::NULL).i64_const(0);
                self.store_pair(dst)
            }
            Const::Str(text) => {
                let address = self.cx.data.string(text);
                self.sink()
                    .i32_const(abi::tag::STRING)
                    .i64_const(i64::from(address));
                self.store_pair(dst)
            }
        }
    }

    fn copy(&mut self, dst: Reg, src: Reg) -> Result<(), CompileError> {
        match (self.reg(dst)?, self.reg(src)?) {
            (RegLocal::Int(d), RegLocal::Int(s))
            | (RegLocal::Float(d), RegLocal::Float(s))
            | (RegLocal::Bool(d), RegLocal::Bool(s)) => {
                self.sink().local_get(s).local_set(d);
                Ok(())
            }
            _ => {
                self.retain(src)?;
                self.push_value(src)?;
                self.store_pair(dst)
            }
        }
    }

    fn load_global(&mut self, dst: Reg, global: GlobalId) -> Result<(), CompileError> {
        let (tag, bits) = self.global_pair(global)?;
        let retain = self.cx.rt.func(abi::func::RETAIN)?;
        self.sink()
            .global_get(tag)
            .global_get(bits)
            .call(retain)
            .global_get(tag)
            .global_get(bits);
        self.store_pair(dst)
    }

    fn store_global(&mut self, global: GlobalId, src: Reg) -> Result<(), CompileError> {
        let (tag, bits) = self.global_pair(global)?;
        let release = self.cx.rt.func(abi::func::RELEASE)?;
        self.retain(src)?;
        self.sink().global_get(tag).global_get(bits).call(release);
        self.push_value(src)?;
        self.sink().global_set(bits).global_set(tag);
        Ok(())
    }

    /// The wasm globals (tag, bits) of a Nyash global.
    fn global_pair(&self, global: GlobalId) -> Result<(u32, u32), CompileError> {
        if global.index() >= self.cx.module.globals.len() {
            return Err(CompileError::Internal(format!("{global} out of range")));
        }
        let tag = self.cx.first_global + 2 * global.0;
        Ok((tag, tag + 1))
    }

    /// `print(value)`; a value that may be a user box gets a site, from which its own
    /// `toString()` is called.
    fn print(&mut self, value: Reg, span: Span) -> Result<(), CompileError> {
        let print = self.cx.rt.func(abi::func::PRINT)?;
        let may_be_box = self.func.reg_types.get(value.index()) == Some(&Type::Any);
        let site = if may_be_box { self.site(span) } else { -1 };
        self.sink().i32_const(site);
        self.push_value(value)?;
        self.sink().call(print);
        Ok(())
    }

    /// `release r`: drops the value and leaves null (typed registers hold no reference).
    fn release_reg(&mut self, reg: Reg) -> Result<(), CompileError> {
        if let RegLocal::Dyn { tag, bits } = self.reg(reg)? {
            self.release(reg)?;
            self.sink()
                .i32_const(abi::tag::NULL)
                .local_set(tag)
                .i64_const(0)
                .local_set(bits);
        }
        Ok(())
    }
}
