//! The `nyashstd` functions (`call_builtin`, SPEC §6, docs/LANGUAGE.md) in generated code.
//!
//! Each is the built-in method or constructor it stands for, with errors naming the function
//! (`string.create takes 1 argument, got 0`), as the VM's `builtins/nyashstd.rs`:
//! `string.upper(s)` / `string.lower(s)` call `rt_string_case`; `string.create(x)`,
//! `integer.create(x)` and `bool.create(x)` call `rt_construct_scalar` (the constructors of
//! StringBox, IntegerBox and BoolBox); `array.create()` makes an ArrayBox; `console.log(...)`
//! is ConsoleBox's `log`. The argument count is known here, so a wrong count compiles to
//! the raise of its error.

use nyash_diagnostics::Span;
use nyash_mir::{BuiltinFunc, Reg};

use super::FnEmitter;
use crate::{abi, CompileError};

/// The code of ConsoleBox's `log` in `rt_console_method`.
const CONSOLE_LOG: i32 = 0;

impl FnEmitter<'_, '_> {
    /// `dst = namespace.function(args)`.
    pub(super) fn call_builtin(
        &mut self,
        dst: Reg,
        func: BuiltinFunc,
        args: &[Reg],
        span: Span,
    ) -> Result<(), CompileError> {
        let (namespace, name) = func.path();
        let who = format!("{namespace}.{name}");
        let takes = match func {
            BuiltinFunc::ConsoleLog => return self.console_log(dst, &who, args, span),
            BuiltinFunc::ArrayCreate => 0,
            _ => 1,
        };
        if args.len() != takes {
            return self.raise_builtin_arity(&who, takes, args.len(), span);
        }
        match func {
            BuiltinFunc::StringUpper => self.string_case(dst, &who, true, args, span),
            BuiltinFunc::StringLower => self.string_case(dst, &who, false, args, span),
            BuiltinFunc::StringCreate => self.create_scalar(dst, &who, 0, args, span),
            BuiltinFunc::IntegerCreate => self.create_scalar(dst, &who, 1, args, span),
            BuiltinFunc::BoolCreate => self.create_scalar(dst, &who, 3, args, span),
            BuiltinFunc::ArrayCreate | BuiltinFunc::ConsoleLog => {
                let create = self.cx.rt.func(abi::func::ARRAY_NEW)?;
                self.sink()
                    .i32_const(abi::tag::ARRAY)
                    .call(create)
                    .i64_extend_i32_u();
                self.store_pair(dst)
            }
        }
    }

    /// Raises `who takes N argument(s), got G`.
    fn raise_builtin_arity(
        &mut self,
        who: &str,
        takes: usize,
        given: usize,
        span: Span,
    ) -> Result<(), CompileError> {
        let noun = if takes == 1 { "argument" } else { "arguments" };
        let site = self.site(span);
        self.raise(site, &format!("{who} takes {takes} {noun}, got {given}"))
    }

    /// `string.upper(s)` / `string.lower(s)`: `rt_string_case(site, who, upper, s)`.
    fn string_case(
        &mut self,
        dst: Reg,
        who: &str,
        upper: bool,
        args: &[Reg],
        span: Span,
    ) -> Result<(), CompileError> {
        self.set_case_tables()?;
        let case = self.cx.rt.func(abi::func::STRING_CASE)?;
        let who = self.cx.data.string(who);
        let site = self.site(span);
        self.sink()
            .i32_const(site)
            .i32_const(who as i32)
            .i32_const(i32::from(upper));
        self.push_args(args)?;
        self.sink().call(case);
        self.check_pending_keeping_pair()?;
        self.store_pair(dst)
    }

    /// `string.create(x)` (kind 0), `integer.create(x)` (1), `bool.create(x)` (3): the
    /// constructor with one argument, errors naming the function.
    fn create_scalar(
        &mut self,
        dst: Reg,
        who: &str,
        kind: i32,
        args: &[Reg],
        span: Span,
    ) -> Result<(), CompileError> {
        let construct = self.cx.rt.func(abi::func::CONSTRUCT_SCALAR)?;
        let who = self.cx.data.string(who);
        let site = self.site(span);
        self.sink()
            .i32_const(site)
            .i32_const(kind)
            .i32_const(who as i32)
            .i32_const(1);
        self.push_args(args)?;
        self.sink().call(construct);
        self.check_pending_keeping_pair()?;
        self.store_pair(dst)
    }

    /// `console.log(x...)`: ConsoleBox's `log` with the arguments in a new array.
    fn console_log(
        &mut self,
        dst: Reg,
        who: &str,
        args: &[Reg],
        span: Span,
    ) -> Result<(), CompileError> {
        let new_array = self.cx.rt.func(abi::func::ARRAY_NEW)?;
        let push = self.cx.rt.func(abi::func::ARRAY_PUSH)?;
        let console = self.cx.rt.func(abi::func::CONSOLE_METHOD)?;
        let who = self.cx.data.string(who);
        let site = self.site(span);
        let array = self.object;
        self.sink().call(new_array).local_set(array);
        for &arg in args {
            self.sink().local_get(array);
            self.push_value(arg)?;
            self.sink().call(push);
        }
        self.sink()
            .i32_const(site)
            .i32_const(CONSOLE_LOG)
            .i32_const(who as i32)
            .i32_const(args.len() as i32)
            .local_get(array)
            .i32_const(abi::tag::NULL)
            .i64_const(0)
            .i32_const(abi::tag::NULL)
            .i64_const(0)
            .call(console);
        self.check_pending_keeping_pair()?;
        self.store_pair(dst)
    }

    /// Stores the address of the case tables (placed in the data on first use) in the
    /// runtime's `case_tables`, before a call that changes case.
    pub(super) fn set_case_tables(&mut self) -> Result<(), CompileError> {
        let tables = self.cx.data.table(crate::case::tables());
        let global = self.cx.rt.global(abi::global::CASE_TABLES)?;
        self.sink().i32_const(tables as i32).global_set(global);
        Ok(())
    }

    /// Pushes the value of each register in `args`, borrowed.
    fn push_args(&mut self, args: &[Reg]) -> Result<(), CompileError> {
        for &arg in args {
            self.push_value(arg)?;
        }
        Ok(())
    }
}
