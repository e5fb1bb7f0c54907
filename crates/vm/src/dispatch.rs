//! Boxes at run time: method dispatch, `new`, static box singletons, fields and `fini()`.
//!
//! Method calls on a user box look in its class's dispatch table (with a one-entry inline cache
//! per call site), then the methods every box has (`toString`, `type`, `equals`, `fini`), then
//! its built-in parent. Calls on built-in values go to `builtins` through the per-symbol table
//! resolved at load.

use std::rc::Rc;

use nyash_mir::{BuiltinBox, Class, ClassId, Sym};

use crate::builtins::{self, BuiltinMethod};
use crate::code::{Cache, Program};
use crate::instance::{Instance, Slot, State};
use crate::ops::{store, type_name, Scalar};
use crate::value::{Raise, Value};
use crate::vm::{plural, Fault, Ret, Vm};

/// `use of finalised Res instance`
fn finalised_error(class: &Class) -> Fault {
    Fault::Message(format!("use of finalised {} instance", class.name))
}

fn unknown_method(program: &Program, method: Sym, owner: &str) -> Fault {
    Fault::Message(format!(
        "unknown method `{}` on {owner}",
        program.symbol(method)
    ))
}

/// The answer of `cache` if it was filled for `class`, else `fill()` stored in it.
#[inline(always)]
fn cached(cache: &Cache, class: ClassId, fill: impl FnOnce() -> Option<u32>) -> Option<u32> {
    let key = class.0 + 1;
    let (cached_key, answer) = cache.get();
    if cached_key == key {
        return Some(answer);
    }
    let answer = fill()?;
    cache.set((key, answer));
    Some(answer)
}

impl Vm<'_> {
    /// `receiver.method(args)`; true when a frame was pushed (a user method runs next).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn call_method(
        &mut self,
        program: &Program,
        base: usize,
        dst: u32,
        receiver: u32,
        method: Sym,
        args: &[u32],
        cache: &Cache,
    ) -> Result<bool, Fault> {
        let instance = match &self.regs[base + receiver as usize] {
            Value::Instance(instance) => Rc::clone(instance),
            _ => {
                self.call_builtin_method(program, base, dst, receiver, method, args)?;
                return Ok(false);
            }
        };
        let class = program.class(instance.class());
        if method == program.well_known.fini {
            return self.finalise(program, instance, base, dst, args);
        }
        if instance.state() == State::Finalised {
            return Err(finalised_error(class));
        }
        if let Some(func) = cached(cache, instance.class(), || {
            class.lookup(method).map(|f| f.0)
        }) {
            let new_base = self.enter(func, args.len() + 1, dst, Ret::Plain)?;
            store(&mut self.regs[new_base], Value::Instance(instance));
            self.copy_args(base, new_base + 1, args);
            return Ok(true);
        }
        let v = self.universal_method(program, &instance, method, base, args)?;
        self.regs[base + dst as usize] = v;
        Ok(false)
    }

    /// `receiver.method(args)` on a built-in value.
    fn call_builtin_method(
        &mut self,
        program: &Program,
        base: usize,
        dst: u32,
        receiver: u32,
        method: Sym,
        args: &[u32],
    ) -> Result<(), Fault> {
        let regs = &self.regs[base..];
        let value = &regs[receiver as usize];
        let kind = value.builtin_kind().unwrap_or(BuiltinBox::Null);
        let Some(resolved) = program.builtin_method(kind, method) else {
            return Err(unknown_method(program, method, kind.name()));
        };
        if let Value::Str(s) = value {
            // Loops test `s.length()` and cut `s.substring(..)` on one long string: the memo
            // spares a scan of it per call (see `string_facts.rs`).
            let facts = &mut self.string_facts;
            if let Some(v) = builtins::fast_string_method(facts, regs, s, resolved, args) {
                store(&mut self.regs[base + dst as usize], v);
                return Ok(());
            }
        }
        if let Some(v) = builtins::fast_method(regs, value, resolved, args, &mut self.map_memo) {
            store(&mut self.regs[base + dst as usize], v);
            return Ok(());
        }
        let value = value.clone();
        let v = self.invoke_builtin(&value, resolved, base, args)?;
        self.regs[base + dst as usize] = v;
        Ok(())
    }

    /// Methods a user box has without defining them, then those of its built-in parent.
    fn universal_method(
        &mut self,
        program: &Program,
        instance: &Rc<Instance>,
        method: Sym,
        base: usize,
        args: &[u32],
    ) -> Result<Value, Fault> {
        let class = program.class(instance.class());
        let known = &program.well_known;
        let expect = |count: usize| {
            if args.len() == count {
                Ok(())
            } else {
                Err(Fault::Message(format!(
                    "{}.{} takes {}, got {}",
                    class.name,
                    program.symbol(method),
                    plural(count, "argument"),
                    args.len()
                )))
            }
        };
        if method == known.to_string {
            expect(0)?;
            return Ok(Value::str(format!("<{} instance>", class.name)));
        }
        if method == known.type_name {
            expect(0)?;
            return Ok(Value::str(class.name.as_str()));
        }
        if method == known.equals {
            expect(1)?;
            let other = &self.regs[base + args[0] as usize];
            let same = matches!(other, Value::Instance(o) if Rc::ptr_eq(o, instance));
            return Ok(Value::Bool(same));
        }
        if let Some(parent) = instance.parent() {
            let kind = parent.builtin_kind().unwrap_or(BuiltinBox::Null);
            if let Some(resolved) = program.builtin_method(kind, method) {
                let parent = parent.clone();
                return self.invoke_builtin(&parent, resolved, base, args);
            }
        }
        Err(unknown_method(program, method, &class.name))
    }

    /// `x.fini()`: runs the box's `fini()` once, then releases its fields; later calls do nothing.
    fn finalise(
        &mut self,
        program: &Program,
        instance: Rc<Instance>,
        base: usize,
        dst: u32,
        args: &[u32],
    ) -> Result<bool, Fault> {
        let class = program.class(instance.class());
        if !args.is_empty() {
            return Err(Fault::Message(format!(
                "{}.fini takes 0 arguments, got {}",
                class.name,
                args.len()
            )));
        }
        self.regs[base + dst as usize] = Value::Null;
        if !instance.begin_finalise() {
            return Ok(false);
        }
        let Some(fini) = class.fini else {
            instance.finish_finalise();
            return Ok(false);
        };
        let me = Value::Instance(Rc::clone(&instance));
        let new_base = self.enter(fini.0, 1, dst, Ret::Finalise(instance))?;
        self.regs[new_base] = me;
        Ok(true)
    }

    /// Calls a resolved built-in method with argument registers of the frame at `base`.
    fn invoke_builtin(
        &mut self,
        receiver: &Value,
        method: BuiltinMethod,
        base: usize,
        args: &[u32],
    ) -> Result<Value, Fault> {
        self.with_args(base, args, |vm, args| {
            builtins::call_method(vm, receiver, method, args)
        })
    }

    /// Runs `f` with the values of argument registers, gathered without allocating.
    fn with_args(
        &mut self,
        base: usize,
        args: &[u32],
        f: impl FnOnce(&mut Self, &[Value]) -> Result<Value, Raise>,
    ) -> Result<Value, Fault> {
        let mut values = std::mem::take(&mut self.scratch);
        values.clear();
        values.extend(args.iter().map(|&a| self.regs[base + a as usize].clone()));
        let result = f(self, &values);
        values.clear();
        self.scratch = values;
        result.map_err(Fault::from)
    }

    /// `dst = f(args)` for a built-in constructor or namespace function.
    #[inline(never)]
    pub(crate) fn builtin_call(
        &mut self,
        base: usize,
        dst: u32,
        args: &[u32],
        f: impl FnOnce(&mut Self, &[Value]) -> Result<Value, Raise>,
    ) -> Result<(), Fault> {
        let v = self.with_args(base, args, f)?;
        self.regs[base + dst as usize] = v;
        Ok(())
    }

    /// `new C(args)`; true when a constructor frame was pushed.
    #[inline(never)]
    pub(crate) fn new_box(
        &mut self,
        program: &Program,
        base: usize,
        dst: u32,
        class_id: ClassId,
        args: &[u32],
    ) -> Result<bool, Fault> {
        let class = program.class(class_id);
        let given = args.len() + 1;
        let ctor = class
            .ctors
            .iter()
            .find(|f| program.functions[f.index()].param_count as usize == given);
        let Some(ctor) = ctor.copied() else {
            if class.ctors.is_empty() && args.is_empty() {
                let instance = self.allocate(program, class_id)?;
                self.regs[base + dst as usize] = Value::Instance(instance);
                return Ok(false);
            }
            return Err(Fault::Message(format!(
                "no constructor of {} takes {}",
                class.name,
                plural(args.len(), "argument")
            )));
        };
        let instance = self.allocate(program, class_id)?;
        let me = Value::Instance(Rc::clone(&instance));
        let new_base = self.enter(ctor.0, given, dst, Ret::Constructed(instance))?;
        self.regs[new_base] = me;
        self.copy_args(base, new_base + 1, args);
        Ok(true)
    }

    /// A fresh instance: fields null, built-in parent created with no arguments.
    fn allocate(&mut self, program: &Program, class_id: ClassId) -> Result<Rc<Instance>, Fault> {
        let class = program.class(class_id);
        let parent = match class.builtin_parent {
            Some(kind) => Some(builtins::construct(self, kind, &[])?),
            None => None,
        };
        let queue = class.fini.map(|_| Rc::clone(&self.queue));
        Ok(Rc::new(Instance::new(
            class_id,
            class.fields.len(),
            parent,
            queue,
        )))
    }

    /// The singleton of a static box, created and initialised (`static { }`) on first use.
    #[inline(never)]
    pub(crate) fn static_box(
        &mut self,
        program: &Program,
        class_id: ClassId,
    ) -> Result<Rc<Instance>, Fault> {
        if let Some(Some(instance)) = self.statics.get(class_id.index()) {
            return Ok(Rc::clone(instance));
        }
        let instance = self.allocate(program, class_id)?;
        self.statics[class_id.index()] = Some(Rc::clone(&instance));
        if let Some(init) = program.class(class_id).static_init {
            self.call_function(init.0, &[Value::Instance(Rc::clone(&instance))])?;
        }
        Ok(instance)
    }

    pub(crate) fn get_field(
        &mut self,
        program: &Program,
        base: usize,
        dst: u32,
        object: u32,
        field: Sym,
        cache: &Cache,
    ) -> Result<(), Fault> {
        let regs = &mut self.regs[base..];
        let value = match &regs[object as usize] {
            Value::Instance(instance) => {
                let index = field_index(program, instance, field, cache)?;
                // Numbers are copied as payloads and objects (`me.left`) written in place
                // (see `ops::Scalar::store`); anything else is cloned.
                let fast = instance.peek_field(index, |v| match v {
                    Value::Instance(object) => Some(FastField::Object(Rc::clone(object))),
                    other => Scalar::of(other).map(FastField::Number),
                });
                match fast {
                    Some(FastField::Number(scalar)) => {
                        scalar.store(&mut regs[dst as usize]);
                        return Ok(());
                    }
                    Some(FastField::Object(object)) => {
                        crate::ops::store_instance(&mut regs[dst as usize], object);
                        return Ok(());
                    }
                    None => instance.read_field(index),
                }
            }
            other => {
                return Err(Fault::Message(format!(
                    "cannot read field `{}` of {}",
                    program.symbol(field),
                    type_name(program, other)
                )))
            }
        };
        store(&mut regs[dst as usize], value);
        Ok(())
    }

    pub(crate) fn set_field(
        &mut self,
        program: &Program,
        base: usize,
        object: u32,
        field: Sym,
        value: u32,
        cache: &Cache,
    ) -> Result<(), Fault> {
        let regs = &self.regs[base..];
        if let (Value::Instance(instance), Value::Int(_) | Value::Float(_)) =
            (&regs[object as usize], &regs[value as usize])
        {
            // A number over a number of the same kind changes only the payload.
            let index = field_index(program, instance, field, cache)?;
            let written = instance.poke_field(index, |slot| match (slot, &regs[value as usize]) {
                (Value::Int(old), Value::Int(n)) => {
                    *old = *n;
                    true
                }
                (Value::Float(old), Value::Float(f)) => {
                    *old = *f;
                    true
                }
                _ => false,
            });
            if written {
                return Ok(());
            }
        }
        let value = crate::ops::clone_value(&self.regs[base + value as usize]);
        let Value::Instance(instance) = &self.regs[base + object as usize] else {
            let other = &self.regs[base + object as usize];
            return Err(Fault::Message(format!(
                "cannot set field `{}` of {}",
                program.symbol(field),
                type_name(program, other)
            )));
        };
        let index = field_index(program, instance, field, cache)?;
        let weak = program
            .class(instance.class())
            .fields
            .get(index)
            .is_some_and(|f| f.weak);
        let slot = match value {
            Value::Instance(target) if weak => Slot::Weak(Rc::downgrade(&target)),
            value => Slot::Value(value),
        };
        let old = instance.write_field(index, slot);
        drop(old);
        Ok(())
    }
}

/// A field value read without copying a whole `Value` (see `get_field`).
enum FastField {
    Number(Scalar),
    Object(Rc<Instance>),
}

/// Index of `field` in the instance's class, via the call site's cache.
#[inline]
fn field_index(
    program: &Program,
    instance: &Instance,
    field: Sym,
    cache: &Cache,
) -> Result<usize, Fault> {
    let class = program.class(instance.class());
    if instance.state() == State::Finalised {
        return Err(finalised_error(class));
    }
    match cached(cache, instance.class(), || {
        class.field_index(field).map(|i| i as u32)
    }) {
        Some(index) => Ok(index as usize),
        None => Err(Fault::Message(format!(
            "unknown field `{}` on {}",
            program.symbol(field),
            class.name
        ))),
    }
}
