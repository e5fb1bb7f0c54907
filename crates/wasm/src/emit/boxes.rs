//! User boxes: `new_box`, `get_field`, `set_field`, `static_box` and `call_method`, as the
//! VM's `dispatch.rs` runs them.
//!
//! Fields and methods are found at run time by name (`Sym`) in the class records the runtime
//! reads (`runtime/instance.wat`, written by `emit/tables.rs`): `rt_get_field` and
//! `rt_set_field` find the field's slot (or raise the VM's error) and handle weak fields;
//! `rt_lookup` gives the function-table slot of a user method (after checking its argument
//! count) or -1 when one of the methods every box has answers (`toString`, `type`, `equals`,
//! run by `rt_common`). Generated methods are then
//! called with `call_indirect`, one type per parameter count. The constructor of `new` is
//! chosen at compile time: the class and the argument count are known there.
//!
//! A method call whose name is also a method of a built-in box first tries the built-in
//! boxes (`emit/builtins.rs`) unless the receiver is certainly a user box (`me` in a
//! method, or made by `new C()`). When some box of the module has a built-in parent with a
//! method of that name, `rt_lookup_parent` replaces `rt_lookup` and a user box lacking the
//! method calls its parent's (`emit/state_boxes.rs`); static boxes with a built-in parent are
//! refused. `x.fini()` and weak fields are the runtime's (`lifecycle.wat`).

use nyash_diagnostics::Span;
use nyash_mir::{Class, ClassId, FuncId, FunctionKind, Reg, Sym};
use wasm_encoder::BlockType;

use super::FnEmitter;
use crate::{abi, CompileError};

/// Own methods of StringBox, IntegerBox and FloatBox (`crates/vm/src/builtins`); the tests
/// check that `emit/builtins.rs` knows every one.
#[cfg(test)]
pub(crate) const SCALAR_METHODS: [&str; 38] = [
    "length",
    "substring",
    "get",
    "charAt",
    "find",
    "indexOf",
    "contains",
    "startsWith",
    "endsWith",
    "replace",
    "split",
    "trim",
    "toUpper",
    "toUpperCase",
    "toLower",
    "toLowerCase",
    "toInteger",
    "toFloat",
    "concat",
    "repeat",
    "abs",
    "max",
    "min",
    "pow",
    "isEven",
    "isOdd",
    "floor",
    "ceil",
    "round",
    "sqrt",
    "sin",
    "cos",
    "tan",
    "log",
    "exp",
    "isNaN",
    "isInfinite",
    "isFinite",
];

/// Methods of BoolBox (kept apart: `not`, `and`, `or` are keywords elsewhere).
#[cfg(test)]
const BOOL_METHODS: [&str; 3] = ["not", "and", "or"];

/// The methods every box has, in `rt_common`'s numbering.
const COMMON_METHODS: [&str; 3] = ["toString", "type", "equals"];

impl<'m> FnEmitter<'_, 'm> {
    fn class_info(&self, class: ClassId) -> Result<&'m Class, CompileError> {
        let module: &'m nyash_mir::Module = self.cx.module;
        module
            .classes
            .get(class.index())
            .ok_or_else(|| CompileError::Internal(format!("{class} out of range")))
    }

    /// `dst = new C(args)`.
    pub(super) fn new_box(
        &mut self,
        dst: Reg,
        class: ClassId,
        args: &[Reg],
        span: Span,
    ) -> Result<(), CompileError> {
        let module = self.cx.module;
        let info = self.class_info(class)?;
        let given = args.len() as u32 + 1;
        let ctor = info
            .ctors
            .iter()
            .copied()
            .find(|f| module.functions.get(f.index()).map(|f| f.param_count) == Some(given));
        let site = self.site(span);
        let Some(ctor) = ctor else {
            if info.ctors.is_empty() && args.is_empty() {
                self.allocate(class, span)?;
                return self.store_object(dst);
            }
            let noun = if args.len() == 1 {
                "argument"
            } else {
                "arguments"
            };
            let message = format!(
                "no constructor of {} takes {} {noun}",
                info.name,
                args.len()
            );
            return self.raise(site, &message);
        };
        let Some(&index) = self.cx.func_index.get(&ctor) else {
            return Err(CompileError::Internal(format!("{ctor} was not compiled")));
        };
        let retain = self.cx.rt.func(abi::func::RETAIN)?;
        let release = self.cx.rt.func(abi::func::RELEASE)?;
        self.enter_call(site)?;
        self.allocate(class, span)?;
        // The constructor's `me` is a second reference; the first goes to `dst`. What the
        // constructor returns is dropped: `new` gives the instance.
        self.push_object();
        self.sink().call(retain);
        self.push_object();
        self.push_owned_args(args)?;
        self.sink().call(index).call(release);
        self.leave_call()?;
        self.store_object(dst)
    }

    /// A new instance of `class` (count 1) in the `object` local, with its built-in parent.
    fn allocate(&mut self, class: ClassId, span: Span) -> Result<(), CompileError> {
        let new_instance = self.cx.rt.func(abi::func::NEW_INSTANCE)?;
        let object = self.object;
        self.sink()
            .i32_const(class.0 as i32)
            .call(new_instance)
            .local_set(object);
        if let Some(parent) = self.class_info(class)?.builtin_parent {
            self.store_new_parent(parent, span)?;
        }
        Ok(())
    }

    /// `dst = receiver.fini()`: runs the box's `fini()` once (`rt_fini`); gives null.
    fn call_fini(
        &mut self,
        dst: Reg,
        receiver: Reg,
        method: Sym,
        given: usize,
        span: Span,
    ) -> Result<(), CompileError> {
        let fini = self.cx.rt.func(abi::func::FINI)?;
        let site = self.site(span);
        self.sink().i32_const(site);
        self.push_value(receiver)?;
        self.sink()
            .i32_const(method.0 as i32)
            .i32_const(given as i32)
            .call(fini)
            .i32_const(abi::tag::NULL)
            .i64_const(0);
        self.store_pair(dst)
    }

    /// Pushes the instance in the `object` local as a value.
    fn push_object(&mut self) {
        let object = self.object;
        self.sink()
            .i32_const(abi::tag::INSTANCE)
            .local_get(object)
            .i64_extend_i32_u();
    }

    /// Moves the reference in the `object` local into `dst`.
    fn store_object(&mut self, dst: Reg) -> Result<(), CompileError> {
        self.push_object();
        self.store_pair(dst)
    }

    /// `dst = object.field` (a weak field reads null once its target is gone).
    pub(super) fn get_field(
        &mut self,
        dst: Reg,
        object: Reg,
        field: Sym,
        span: Span,
    ) -> Result<(), CompileError> {
        let get_field = self.cx.rt.func(abi::func::GET_FIELD)?;
        let site = self.site(span);
        self.sink().i32_const(site);
        self.push_value(object)?;
        self.sink().i32_const(field.0 as i32).call(get_field);
        self.store_pair(dst)
    }

    /// `object.field = value`: the slot takes its own reference (a weak one for a user box in
    /// a weak field), then drops the old value.
    pub(super) fn set_field(
        &mut self,
        object: Reg,
        field: Sym,
        value: Reg,
        span: Span,
    ) -> Result<(), CompileError> {
        let set_field = self.cx.rt.func(abi::func::SET_FIELD)?;
        let site = self.site(span);
        self.sink().i32_const(site);
        self.push_value(object)?;
        self.sink().i32_const(field.0 as i32);
        self.push_value(value)?;
        self.sink().call(set_field);
        Ok(())
    }

    /// The singleton of a static box. On first use, it gets its built-in parent (if it has
    /// one: the singleton is data, which nothing else creates) and then its `static { }`
    /// runs, called from here.
    pub(super) fn static_box(
        &mut self,
        dst: Reg,
        class: ClassId,
        span: Span,
    ) -> Result<(), CompileError> {
        let info = self.class_info(class)?;
        let address = self.cx.static_instance(class);
        if info.builtin_parent.is_some() || info.static_init.is_some() {
            let flag = self.cx.static_flag(class);
            // The flag is set before `static { }` runs, so using the box inside it gives the
            // singleton without running it again (as the VM does).
            self.sink()
                .global_get(flag)
                .i32_eqz()
                .if_(BlockType::Empty)
                .i32_const(1)
                .global_set(flag);
            if let Some(parent) = info.builtin_parent {
                let object = self.object;
                self.sink().i32_const(address as i32).local_set(object);
                self.store_new_parent(parent, span)?;
            }
            if let Some(init) = info.static_init {
                self.run_static_init(init, address, span)?;
            }
            self.sink().end();
        }
        self.sink()
            .i32_const(abi::tag::INSTANCE)
            .i64_const(i64::from(address));
        self.store_pair(dst)
    }

    /// Calls the `static { }` of the static box whose singleton is at `address`.
    fn run_static_init(
        &mut self,
        init: FuncId,
        address: u32,
        span: Span,
    ) -> Result<(), CompileError> {
        let Some(&index) = self.cx.func_index.get(&init) else {
            return Err(CompileError::Internal(format!("{init} was not compiled")));
        };
        let release = self.cx.rt.func(abi::func::RELEASE)?;
        let site = self.site(span);
        self.tries.nesting += 1;
        self.enter_call(site)?;
        self.tries.nesting -= 1;
        self.sink()
            .i32_const(abi::tag::INSTANCE)
            .i64_const(i64::from(address))
            .call(index)
            .call(release);
        self.leave_call()
    }

    /// The built-in boxes that are parents of some box of the module and have a method
    /// `name` (tag and runtime code); none when `receiver` cannot hold a user box.
    fn parent_methods_for(
        &self,
        receiver: Reg,
        name: &str,
    ) -> Result<Vec<(i32, i32)>, CompileError> {
        let tags = self.module_parent_tags();
        if tags.is_empty() || !matches!(self.reg(receiver)?, super::RegLocal::Dyn { .. }) {
            return Ok(Vec::new());
        }
        self.parent_methods(name, &tags)
    }

    /// Whether `reg` certainly holds a user box: `me` of a method, never reassigned.
    fn is_me(&self, reg: Reg) -> bool {
        let is_method = matches!(
            self.func.kind,
            FunctionKind::Method(_) | FunctionKind::Ctor(_) | FunctionKind::StaticInit(_)
        );
        is_method && reg == Reg(0) && self.writes.first().is_some_and(Vec::is_empty)
    }

    /// `dst = receiver.method(args)`.
    pub(super) fn call_method(
        &mut self,
        dst: Reg,
        receiver: Reg,
        method: Sym,
        args: &[Reg],
        span: Span,
    ) -> Result<(), CompileError> {
        let module = self.cx.module;
        let name = module
            .symbols
            .get(method.index())
            .ok_or_else(|| CompileError::Internal(format!("{method} out of range")))?;
        if name == "fini" {
            return self.call_fini(dst, receiver, method, args.len(), span);
        }
        // Built-in methods are answered by the runtime when the receiver is a built-in box.
        let opened = if self.is_me(receiver) {
            0
        } else {
            self.begin_builtin_methods(dst, receiver, name, args, span)?
                + self.begin_outcome_methods(dst, receiver, name, args, span)?
        };
        // A user box with a built-in parent having this method: `rt_lookup_parent` says -2.
        let parents = self.parent_methods_for(receiver, name)?;
        let lookup = if parents.is_empty() {
            self.cx.rt.func(abi::func::LOOKUP)?
        } else {
            self.cx.rt.func(abi::func::LOOKUP_PARENT)?
        };
        let site = self.site(span);
        let slot = self.object;
        self.sink().i32_const(site);
        self.push_value(receiver)?;
        self.sink()
            .i32_const(method.0 as i32)
            .i32_const(args.len() as i32);
        if !parents.is_empty() {
            let mask = parents.iter().fold(0u32, |m, &(tag, _)| m | 1 << tag);
            self.sink().i32_const(mask as i32);
        }
        self.sink()
            .call(lookup)
            .local_set(slot)
            .local_get(slot)
            .i32_const(0)
            .i32_ge_s()
            .if_(BlockType::Empty);
        let ty = self.cx.rt.type_count + self.cx.function_type(args.len() as u32 + 1);
        // `rt_lookup` may have raised (arguments, finalised receiver): no call then.
        self.tries.nesting += opened as u32 + 1;
        self.check_pending()?;
        self.enter_call(site)?;
        self.tries.nesting -= opened as u32 + 1;
        self.retain(receiver)?;
        self.push_value(receiver)?;
        self.push_owned_args(args)?;
        self.sink().local_get(slot).call_indirect(0, ty);
        self.leave_call()?;
        self.store_pair(dst)?;
        if let Some(which) = COMMON_METHODS.iter().position(|m| m == name) {
            let common = self.cx.rt.func(abi::func::COMMON)?;
            self.sink().else_().i32_const(which as i32).i32_const(site);
            self.push_value(receiver)?;
            match args.first() {
                Some(&arg) if which == 2 => self.push_value(arg)?,
                _ => {
                    self.sink().i32_const(abi::tag::NULL).i64_const(0);
                }
            }
            self.sink().call(common);
            self.store_pair(dst)?;
        } else if !parents.is_empty() {
            self.sink()
                .else_()
                .local_get(slot)
                .i32_const(-2)
                .i32_eq()
                .if_(BlockType::Empty);
            // Inside the built-in branches, `if slot >= 0 ... else` and `if slot == -2`.
            let outer = opened as u32 + 2;
            self.tries.nesting += outer;
            let chain = self.begin_parent_methods(dst, receiver, name, args, span, &parents)?;
            self.tries.nesting -= outer;
            for _ in 0..=chain {
                self.sink().end();
            }
        }
        self.sink().end();
        for _ in 0..opened {
            self.sink().end();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The method names declared in the `methods!` blocks of one of the VM's built-in files.
    fn declared_methods(file: &str) -> Vec<String> {
        let path = format!("{}/../vm/src/builtins/{file}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let mut names = Vec::new();
        let mut inside = false;
        for line in text.lines() {
            let line = line.trim();
            if line.starts_with("methods!") {
                inside = true;
            } else if inside && line == "}" {
                inside = false;
            } else if inside {
                if let Some((_, quoted)) = line.split_once("= \"") {
                    names.extend(quoted.split('"').next().map(str::to_string));
                }
            }
        }
        names
    }

    #[test]
    fn scalar_method_names_cover_the_vms_string_number_and_bool_methods() {
        let mut count = 0;
        for file in ["string.rs", "number.rs", "boolean.rs"] {
            for name in declared_methods(file) {
                count += 1;
                assert!(
                    SCALAR_METHODS.contains(&name.as_str())
                        || BOOL_METHODS.contains(&name.as_str()),
                    "`{name}` of {file} is missing from SCALAR_METHODS"
                );
            }
        }
        assert!(
            count >= SCALAR_METHODS.len(),
            "the VM's method lists were not found"
        );
    }

    #[test]
    fn common_methods_are_not_scalar_methods() {
        for name in COMMON_METHODS {
            assert!(!SCALAR_METHODS.contains(&name) && !BOOL_METHODS.contains(&name));
        }
    }
}
