//! Calls and the ways out of a function: `call`, `ret`, `throw`, `unreachable`, and the
//! start function the runtime's `_start` calls through table slot 0.
//!
//! A call checks the depth limit first (`stack overflow` is raised in the caller, at the
//! call, as the VM does), records its site in the call-site stack for error reports, and
//! counts the new frame in `$depth` around the call.

use nyash_diagnostics::Span;
use nyash_mir::{FuncId, Reg, TermKind, Terminator};
use wasm_encoder::{BlockType, MemArg, MemArgTarget};

use super::{Context, FnEmitter, RegLocal};
use crate::{abi, CompileError};

impl FnEmitter<'_, '_> {
    pub(super) fn call(
        &mut self,
        dst: Reg,
        func: FuncId,
        args: &[Reg],
        span: Span,
    ) -> Result<(), CompileError> {
        let Some(&index) = self.cx.func_index.get(&func) else {
            return Err(CompileError::Internal(format!("{func} was not compiled")));
        };
        let callee = &self.cx.module.functions[func.index()];
        if args.len() != callee.param_count as usize {
            return Err(CompileError::Internal(format!(
                "call of {} with {} arguments",
                callee.name,
                args.len()
            )));
        }
        let site = self.site(span);
        self.enter_call(site)?;
        self.push_owned_args(args)?;
        self.sink().call(index);
        self.leave_call()?;
        self.check_pending_keeping_pair()?;
        self.store_pair(dst)
    }

    /// Before a call made at `site`: raises `stack overflow` at the depth limit, records the
    /// site in the call-site stack and counts the new frame. The depth is read once and kept
    /// in a local, which `leave_call` writes back.
    pub(super) fn enter_call(&mut self, site: i32) -> Result<(), CompileError> {
        let depth = self.cx.rt.global(abi::global::DEPTH)?;
        let saved = self.saved_depth;
        self.sink()
            .global_get(depth)
            .local_tee(saved)
            .i32_const(abi::MAX_CALL_DEPTH)
            .i32_ge_u()
            .if_(BlockType::Empty);
        self.raise(site, "stack overflow")?;
        // Caught: the call is not made.
        self.tries.nesting += 1;
        self.check_pending()?;
        self.tries.nesting -= 1;
        self.sink()
            .end()
            .local_get(saved)
            .i32_const(2)
            .i32_shl()
            .i32_const(site)
            .i32_store(MemArg {
                offset: abi::CALL_SITES,
                align: 2,
                target: MemArgTarget::Memory(0),
                ordering: None,
            })
            .local_get(saved)
            .i32_const(1)
            .i32_add()
            .global_set(depth);
        Ok(())
    }

    /// After a call: the callee's frame is gone. Calls leave the depth as they found it, so
    /// the value saved by `enter_call` is the caller's depth again.
    pub(super) fn leave_call(&mut self) -> Result<(), CompileError> {
        let depth = self.cx.rt.global(abi::global::DEPTH)?;
        let saved = self.saved_depth;
        self.sink().local_get(saved).global_set(depth);
        Ok(())
    }

    /// Retains the arguments (a call passes owned references), then pushes them.
    pub(super) fn push_owned_args(&mut self, args: &[Reg]) -> Result<(), CompileError> {
        for &arg in args {
            self.retain(arg)?;
        }
        for &arg in args {
            self.push_value(arg)?;
        }
        Ok(())
    }

    /// A terminator that leaves the function.
    pub(super) fn exit(&mut self, term: &Terminator) -> Result<(), CompileError> {
        match term.kind {
            TermKind::Return(reg) => self.ret(reg),
            TermKind::Throw(reg) => {
                let site = self.site(term.span);
                let throw = self.cx.rt.func(abi::func::THROW)?;
                self.sink().i32_const(site);
                self.push_value(reg)?;
                self.sink().call(throw);
                self.check_pending()?;
                self.sink().unreachable();
                Ok(())
            }
            TermKind::Unreachable => {
                let site = self.site(term.span);
                self.raise(site, "internal error: reached code marked unreachable")?;
                self.check_pending()?;
                self.sink().unreachable();
                Ok(())
            }
            TermKind::Jump(_) | TermKind::Branch { .. } => Err(CompileError::Internal(
                "a branch was placed as a function exit".into(),
            )),
        }
    }

    /// `ret reg`: every other register is released; the value's reference goes to the caller.
    fn ret(&mut self, value: Reg) -> Result<(), CompileError> {
        self.reg(value)?;
        for i in 0..self.func.reg_count() {
            let reg = Reg(i as u32);
            if reg != value && matches!(self.reg(reg)?, RegLocal::Dyn { .. }) {
                self.release(reg)?;
            }
        }
        self.push_value(value)?;
        self.sink().return_();
        Ok(())
    }
}

/// The function in table slot 0: calls the entry (with an ArrayBox of the program
/// arguments when it takes one, `rt_program_args`), drops the result and runs the `fini()`s
/// still queued.
pub(super) fn start_function(
    cx: &mut Context,
) -> Result<crate::link::GeneratedFunction, CompileError> {
    let module = cx.module;
    let entry = &module.functions[module.entry.index()];
    if entry.param_count > 1 {
        return Err(CompileError::Internal(
            "the entry takes more than one parameter".into(),
        ));
    }
    let index = *cx
        .func_index
        .get(&module.entry)
        .ok_or_else(|| CompileError::Internal("the entry was not compiled".into()))?;
    let release = cx.rt.func(abi::func::RELEASE)?;
    let run_finis = cx.rt.func(abi::func::RUN_FINIS)?;
    let mut body = wasm_encoder::Function::new([]);
    let mut sink = body.instructions();
    if entry.param_count == 1 {
        let program_args = cx.rt.func(abi::func::PROGRAM_ARGS)?;
        sink.i32_const(abi::tag::ARRAY)
            .call(program_args)
            .i64_extend_i32_u();
    }
    sink.call(index).call(release);
    super::try_::report_uncaught(cx, &mut sink)?;
    if cx.has_fini {
        // Objects the program released last are finalised before it ends (the VM's
        // `drain_finalisers`); no call site is shown for them.
        sink.i32_const(-1).call(run_finis);
    }
    sink.end();
    Ok(crate::link::GeneratedFunction {
        ty: 0,
        body,
        name: "<start>".into(),
    })
}
