//! `new` of MathBox, RandomBox, TimeBox, ResultBox, ErrorBox and FutureBox, and built-in parents:
//! the built-in box every instance of `box Calc from MathBox` owns, created with the
//! instance, read by `from MathBox.m()` (`builtin_parent`), and answering the methods the
//! box lacks (`boxes.rs` asks `rt_lookup_parent`, then `builtins.rs` calls the parent's
//! method).
//!
//! Input: `new_builtin` of these six boxes, `builtin_parent`, and the class facts of `new`.
//! Output: calls of `runtime/math.wat`, `random.wat`, `time.wat`, `result.wat`, `future.wat`
//! and `parent.wat`. A new box's constructor raises the VM's errors (`no constructor of MathBox
//! takes 1 argument`, `new RandomBox expects an IntegerBox, got StringBox`); `dst` is written
//! only when it did not raise.

use nyash_diagnostics::Span;
use nyash_mir::{BuiltinBox, Reg};
use wasm_encoder::{MemArg, MemArgTarget};

use super::{FnEmitter, RegLocal};
use crate::{abi, CompileError};

/// Where an instance keeps its built-in parent: tag at 16, bits at 24 (`parent.wat`).
const PARENT_TAG: MemArg = MemArg {
    offset: 16,
    align: 2,
    target: MemArgTarget::Memory(0),
    ordering: None,
};
const PARENT_BITS: MemArg = MemArg {
    offset: 24,
    align: 3,
    target: MemArgTarget::Memory(0),
    ordering: None,
};

/// How many arguments each box's constructors take at most.
fn max_arguments(kind: BuiltinBox) -> usize {
    match kind {
        BuiltinBox::Random | BuiltinBox::Error | BuiltinBox::Future => 1,
        BuiltinBox::Result => 2,
        _ => 0,
    }
}

/// The tag of a built-in box of this kind (made by `new`, or a built-in parent) whose methods
/// are in the run-time library, if this version can create one.
pub(super) fn parent_tag(kind: BuiltinBox) -> Option<i32> {
    Some(match kind {
        BuiltinBox::Array => abi::tag::ARRAY,
        BuiltinBox::Map => abi::tag::MAP,
        BuiltinBox::Console => abi::tag::CONSOLE,
        BuiltinBox::Math => abi::tag::MATH,
        BuiltinBox::Random => abi::tag::RANDOM,
        BuiltinBox::Time => abi::tag::TIME,
        BuiltinBox::Result => abi::tag::RESULT,
        _ => return None,
    })
}

impl FnEmitter<'_, '_> {
    /// `dst = new K(args)` for MathBox, RandomBox, TimeBox, ResultBox, ErrorBox, FutureBox.
    pub(super) fn new_state_box(
        &mut self,
        dst: Reg,
        kind: BuiltinBox,
        args: &[Reg],
        span: Span,
    ) -> Result<(), CompileError> {
        if args.len() > max_arguments(kind) {
            let noun = if args.len() == 1 {
                "argument"
            } else {
                "arguments"
            };
            let site = self.site(span);
            let message = format!(
                "no constructor of {} takes {} {noun}",
                kind.name(),
                args.len()
            );
            return self.raise(site, &message);
        }
        self.push_new_state_box(kind, args, span)?;
        self.check_pending_keeping_pair()?;
        self.store_pair(dst)
    }

    /// Pushes `new K(args)` (an owned value) for one of the six boxes; the argument count
    /// fits. A RandomBox, ResultBox or ErrorBox may raise (a wrong kind of argument, a user
    /// `toString()`): then the error is pending and the value must not be stored.
    fn push_new_state_box(
        &mut self,
        kind: BuiltinBox,
        args: &[Reg],
        span: Span,
    ) -> Result<(), CompileError> {
        match kind {
            BuiltinBox::Math => {
                self.sink().i32_const(abi::tag::MATH).i64_const(0);
            }
            BuiltinBox::Future => {
                let create = self.cx.rt.func(abi::func::FUTURE_OK)?;
                match args.first() {
                    Some(&value) => self.push_value(value)?,
                    None => {
                        self.sink().i32_const(abi::tag::NULL).i64_const(0);
                    }
                }
                let object = self.object;
                self.sink()
                    .call(create)
                    .local_set(object)
                    .i32_const(abi::tag::FUTURE)
                    .local_get(object)
                    .i64_extend_i32_u();
            }
            BuiltinBox::Error => self.push_new_error(args, span)?,
            BuiltinBox::Time => {
                let create = self.cx.rt.func(abi::func::TIME_NEW)?;
                self.sink()
                    .i32_const(abi::tag::TIME)
                    .call(create)
                    .i64_extend_i32_u();
            }
            BuiltinBox::Random | BuiltinBox::Result => {
                let create = if kind == BuiltinBox::Random {
                    abi::func::RANDOM_NEW
                } else {
                    abi::func::RESULT_NEW
                };
                let create = self.cx.rt.func(create)?;
                let who = self.cx.data.string(&format!("new {}", kind.name()));
                let site = self.site(span);
                self.sink()
                    .i32_const(site)
                    .i32_const(who as i32)
                    .i32_const(args.len() as i32);
                for position in 0..max_arguments(kind) {
                    match args.get(position) {
                        Some(&arg) => self.push_value(arg)?,
                        None => {
                            self.sink().i32_const(abi::tag::NULL).i64_const(0);
                        }
                    }
                }
                self.sink().call(create);
            }
            _ => {
                return Err(CompileError::Internal(format!(
                    "{} is not made here",
                    kind.name()
                )))
            }
        }
        Ok(())
    }

    /// Pushes `new ErrorBox(args)`: its place is the VM's default place (the start of the
    /// main file, in no function), where a `throw` of it is reported.
    fn push_new_error(&mut self, args: &[Reg], span: Span) -> Result<(), CompileError> {
        let create = self.cx.rt.func(abi::func::ERROR_NEW)?;
        let site = self.site(span);
        let nowhere = self.cx.sites.add("", Span::default());
        self.sink()
            .i32_const(site)
            .i32_const(nowhere)
            .i32_const(args.len() as i32);
        match args.first() {
            Some(&value) => self.push_value(value)?,
            None => {
                self.sink().i32_const(abi::tag::NULL).i64_const(0);
            }
        }
        let object = self.object;
        self.sink()
            .call(create)
            .local_set(object)
            .i32_const(abi::tag::ERROR)
            .local_get(object)
            .i64_extend_i32_u();
        Ok(())
    }

    /// Pushes a new built-in box of `kind` made without arguments (owned), as an instance's
    /// built-in parent.
    fn push_new_parent(&mut self, kind: BuiltinBox, span: Span) -> Result<(), CompileError> {
        match kind {
            BuiltinBox::Array | BuiltinBox::Map => {
                let (tag, create) = if kind == BuiltinBox::Array {
                    (abi::tag::ARRAY, abi::func::ARRAY_NEW)
                } else {
                    (abi::tag::MAP, abi::func::MAP_NEW)
                };
                let create = self.cx.rt.func(create)?;
                self.sink().i32_const(tag).call(create).i64_extend_i32_u();
                Ok(())
            }
            BuiltinBox::Console => {
                self.sink().i32_const(abi::tag::CONSOLE).i64_const(0);
                Ok(())
            }
            BuiltinBox::Math | BuiltinBox::Random | BuiltinBox::Time | BuiltinBox::Result => {
                self.push_new_state_box(kind, &[], span)
            }
            _ => Err(self.unsupported(format!("built-in parents (`from {}`)", kind.name()))),
        }
    }

    /// Gives the new instance in the `object` local its built-in parent of `kind`.
    pub(super) fn store_new_parent(
        &mut self,
        kind: BuiltinBox,
        span: Span,
    ) -> Result<(), CompileError> {
        let (s32, s64, object) = (self.scratch_i32, self.scratch_i64, self.object);
        self.push_new_parent(kind, span)?;
        self.sink()
            .local_set(s64)
            .local_set(s32)
            .local_get(object)
            .local_get(s32)
            .i32_store(PARENT_TAG)
            .local_get(object)
            .local_get(s64)
            .i64_store(PARENT_BITS);
        Ok(())
    }

    /// Pushes the built-in parent of the user box in `receiver` (borrowed; the caller knows
    /// `receiver` holds a user box).
    pub(super) fn push_parent(&mut self, receiver: Reg) -> Result<(), CompileError> {
        let RegLocal::Dyn { bits, .. } = self.reg(receiver)? else {
            return Err(CompileError::Internal(format!(
                "{receiver} cannot hold a user box"
            )));
        };
        self.sink()
            .local_get(bits)
            .i32_wrap_i64()
            .i32_load(PARENT_TAG)
            .local_get(bits)
            .i32_wrap_i64()
            .i64_load(PARENT_BITS);
        Ok(())
    }

    /// `dst = builtin_parent object`: the built-in box a user box owns (null for any other
    /// value), for `from MathBox.sqrt(x)`.
    pub(super) fn builtin_parent(&mut self, dst: Reg, object: Reg) -> Result<(), CompileError> {
        let parent = self.cx.rt.func(abi::func::BUILTIN_PARENT)?;
        self.push_value(object)?;
        self.sink().call(parent);
        self.store_pair(dst)
    }

    /// Tags of the built-in parents of the module's boxes.
    pub(super) fn module_parent_tags(&self) -> Vec<i32> {
        self.cx.parent_tags.clone()
    }
}

/// Tags of the built-in parents of `module`'s boxes, sorted (found once per module).
pub(super) fn parent_tags(module: &nyash_mir::Module) -> Vec<i32> {
    let mut tags: Vec<i32> = module
        .classes
        .iter()
        .filter_map(|class| class.builtin_parent.and_then(parent_tag))
        .collect();
    tags.sort_unstable();
    tags.dedup();
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_are_the_boxes_with_state_or_methods_in_the_runtime() {
        let mut tags = Vec::new();
        for kind in BuiltinBox::ALL {
            match parent_tag(kind) {
                Some(tag) => tags.push(tag),
                // Scalars, null and the outcome boxes answer methods by other paths.
                None => assert!(matches!(
                    kind,
                    BuiltinBox::String
                        | BuiltinBox::Integer
                        | BuiltinBox::Float
                        | BuiltinBox::Bool
                        | BuiltinBox::Null
                        | BuiltinBox::Error
                        | BuiltinBox::Future
                )),
            }
        }
        let count = tags.len();
        tags.sort_unstable();
        tags.dedup();
        assert_eq!(tags.len(), count, "one tag per kind");
        assert!(tags.iter().all(|&t| t >= abi::tag::ARRAY));
    }

    #[test]
    fn constructors_take_what_the_vm_accepts() {
        assert_eq!(max_arguments(BuiltinBox::Math), 0);
        assert_eq!(max_arguments(BuiltinBox::Time), 0);
        assert_eq!(max_arguments(BuiltinBox::Random), 1);
        assert_eq!(max_arguments(BuiltinBox::Error), 1);
        assert_eq!(max_arguments(BuiltinBox::Future), 1);
        assert_eq!(max_arguments(BuiltinBox::Result), 2);
    }
}
