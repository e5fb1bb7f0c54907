//! The interpreter loop: runs the [`Op`]s of the frame on top of the stack until the stack is
//! back to where the loop started.
//!
//! Hot operations (integer and float arithmetic, comparisons, `Branch` on a BoolBox, register
//! copies, jumps) are decided inline; everything else calls a helper in `ops.rs` or
//! `dispatch.rs`. After every instruction the loop checks, with one load, whether an object's
//! `fini()` is waiting (see `instance.rs`) and runs it first.

use std::rc::Rc;

use crate::code::{Op, NO_REG};
use crate::ops;
use crate::value::{ErrorData, FutureData, Value};
use crate::vm::{Fault, Handler, Ret, Vm};

impl Vm<'_> {
    /// Runs frames until only `stop` frames are left; returns what the last frame returned.
    pub(crate) fn run_frames(&mut self, stop: usize) -> Result<Value, Box<ErrorData>> {
        let program = Rc::clone(&self.program);
        let queue = Rc::clone(&self.queue);
        'frames: loop {
            let Some(frame) = self.frames.last() else {
                return Ok(Value::Null);
            };
            let func = frame.func;
            let code = &program.functions[func as usize];
            let base = frame.base as usize;
            let mut pc = frame.pc as usize;

            macro_rules! reg {
                ($r:expr) => {
                    self.regs[base + $r as usize]
                };
            }
            macro_rules! binary {
                ($bin:expr, $op:expr) => {{
                    let b = *$bin;
                    match ops::fast_binary($op, &reg!(b.lhs), &reg!(b.rhs)) {
                        Some(v) => {
                            ops::store(&mut reg!(b.dst), v);
                            continue;
                        }
                        None => self.binary_slow($op, base, b),
                    }
                }};
            }

            loop {
                if queue.has_pending() && self.may_start_fini() {
                    self.save_pc(pc);
                    match self.start_pending_fini() {
                        Ok(true) => continue 'frames,
                        Ok(false) => continue,
                        Err(fault) => {
                            let error = self.error_at(fault, func, pc);
                            self.unwind(error, stop)?;
                            continue 'frames;
                        }
                    }
                }
                let op = &code.ops[pc];
                pc += 1;
                let result: Result<(), Fault> = match op {
                    Op::Const { dst, value } => {
                        reg!(*dst) = value.clone();
                        continue;
                    }
                    Op::ConstInt { dst, value } => {
                        ops::store(&mut reg!(*dst), Value::Int(*value));
                        continue;
                    }
                    Op::Copy { dst, src } => {
                        let v = ops::clone_value(&reg!(*src));
                        ops::store(&mut reg!(*dst), v);
                        continue;
                    }
                    Op::Add(b) => binary!(b, nyash_mir::BinaryOp::Add),
                    Op::AddInPlace(b) => {
                        let b = *b;
                        match ops::fast_binary(nyash_mir::BinaryOp::Add, &reg!(b.lhs), &reg!(b.rhs))
                        {
                            Some(v) => {
                                ops::store(&mut reg!(b.dst), v);
                                continue;
                            }
                            None => self.add_in_place(base, b),
                        }
                    }
                    Op::Sub(b) => binary!(b, nyash_mir::BinaryOp::Sub),
                    Op::Mul(b) => binary!(b, nyash_mir::BinaryOp::Mul),
                    Op::Div(b) => binary!(b, nyash_mir::BinaryOp::Div),
                    Op::Mod(b) => binary!(b, nyash_mir::BinaryOp::Mod),
                    Op::Shr(b) => binary!(b, nyash_mir::BinaryOp::Shr),
                    Op::Eq(b) => binary!(b, nyash_mir::BinaryOp::Eq),
                    Op::Ne(b) => binary!(b, nyash_mir::BinaryOp::Ne),
                    Op::Lt(b) => binary!(b, nyash_mir::BinaryOp::Lt),
                    Op::Le(b) => binary!(b, nyash_mir::BinaryOp::Le),
                    Op::Gt(b) => binary!(b, nyash_mir::BinaryOp::Gt),
                    Op::Ge(b) => binary!(b, nyash_mir::BinaryOp::Ge),
                    Op::Jump { target } => {
                        pc = *target as usize;
                        continue;
                    }
                    Op::Branch {
                        cond,
                        then_pc,
                        else_pc,
                    } => {
                        let taken = match &reg!(*cond) {
                            Value::Bool(b) => *b,
                            other => ops::truthy(other),
                        };
                        pc = if taken { *then_pc } else { *else_pc } as usize;
                        continue;
                    }
                    Op::Neg { dst, src } => {
                        let v = match &reg!(*src) {
                            Value::Int(n) => Ok(Value::Int(n.wrapping_neg())),
                            Value::Float(f) => Ok(Value::Float(-f)),
                            other => Err(ops::unsupported_unary("-", &program, other)),
                        };
                        v.map(|v| reg!(*dst) = v)
                    }
                    Op::Not { dst, src } => {
                        let v = Value::Bool(!ops::truthy(&reg!(*src)));
                        ops::store(&mut reg!(*dst), v);
                        continue;
                    }
                    Op::Truthy { dst, src } => {
                        let v = Value::Bool(ops::truthy(&reg!(*src)));
                        ops::store(&mut reg!(*dst), v);
                        continue;
                    }
                    Op::Release { reg } => {
                        reg!(*reg) = Value::Null;
                        continue;
                    }
                    Op::LoadGlobal { dst, global } => {
                        reg!(*dst) = self.globals[*global as usize].clone();
                        continue;
                    }
                    Op::StoreGlobal { global, src } => {
                        let v = reg!(*src).clone();
                        let old = std::mem::replace(&mut self.globals[*global as usize], v);
                        drop(old);
                        continue;
                    }
                    Op::GetField {
                        dst,
                        object,
                        field,
                        cache,
                    } => self.get_field(&program, base, *dst, *object, *field, cache),
                    Op::SetField {
                        object,
                        field,
                        value,
                        cache,
                    } => self.set_field(&program, base, *object, *field, *value, cache),
                    Op::Call { dst, func, args } => {
                        self.save_pc(pc);
                        let args = code.args(*args);
                        match self.enter(*func, args.len(), *dst, Ret::Plain) {
                            Ok(new_base) => {
                                self.copy_args(base, new_base, args);
                                continue 'frames;
                            }
                            Err(fault) => Err(fault),
                        }
                    }
                    Op::CallMethod {
                        dst,
                        receiver,
                        method,
                        args,
                        cache,
                    } => {
                        self.save_pc(pc);
                        let args = code.args(*args);
                        match self
                            .call_method(&program, base, *dst, *receiver, *method, args, cache)
                        {
                            Ok(true) => continue 'frames,
                            Ok(false) => Ok(()),
                            Err(fault) => Err(fault),
                        }
                    }
                    Op::NewBox { dst, class, args } => {
                        self.save_pc(pc);
                        match self.new_box(&program, base, *dst, *class, code.args(*args)) {
                            Ok(true) => continue 'frames,
                            Ok(false) => Ok(()),
                            Err(fault) => Err(fault),
                        }
                    }
                    Op::Return { src } => {
                        let value = std::mem::take(&mut reg!(*src));
                        let (value, dst) = self.leave(value);
                        if self.frames.len() <= stop {
                            return Ok(value);
                        }
                        if dst != NO_REG {
                            if let Some(caller) = self.frames.last() {
                                let caller_base = caller.base as usize;
                                self.regs[caller_base + dst as usize] = value;
                            }
                        }
                        continue 'frames;
                    }
                    Op::NewBuiltin { dst, kind, args } => {
                        self.save_pc(pc);
                        let kind = *kind;
                        self.builtin_call(base, *dst, code.args(*args), |vm, args| {
                            crate::builtins::construct(vm, kind, args)
                        })
                    }
                    Op::CallBuiltin { dst, func, args } => {
                        self.save_pc(pc);
                        let func = *func;
                        self.builtin_call(base, *dst, code.args(*args), |vm, args| {
                            crate::builtins::call_func(vm, func, args)
                        })
                    }
                    Op::StaticBox { dst, class } => {
                        self.save_pc(pc);
                        self.static_box(&program, *class)
                            .map(|instance| reg!(*dst) = Value::Instance(instance))
                    }
                    Op::GetBuiltinParent { dst, object } => {
                        let parent = match &reg!(*object) {
                            Value::Instance(instance) => instance.parent().cloned(),
                            _ => None,
                        };
                        reg!(*dst) = parent.unwrap_or(Value::Null);
                        continue;
                    }
                    Op::Print { value } => {
                        self.save_pc(pc);
                        self.print(base, *value)
                    }
                    Op::TryEnter { handler, error } => {
                        self.handlers.push(Handler {
                            frame: self.frames.len() as u32 - 1,
                            pc: *handler,
                            error_reg: *error,
                        });
                        continue;
                    }
                    Op::TryExit => {
                        let current = self.frames.len() as u32 - 1;
                        if self.handlers.last().is_some_and(|h| h.frame == current) {
                            self.handlers.pop();
                        }
                        continue;
                    }
                    Op::FutureOk { dst, value } => {
                        let value = reg!(*value).clone();
                        reg!(*dst) = Value::Future(Rc::new(FutureData { result: Ok(value) }));
                        continue;
                    }
                    Op::FutureErr { dst, error } => {
                        let error = match &reg!(*error) {
                            Value::Error(e) => Ok(Rc::clone(e)),
                            other => {
                                let other = other.clone();
                                self.save_pc(pc);
                                self.display_value(&other).map(|message| {
                                    Rc::new(*self.error_at(Fault::Message(message), func, pc))
                                })
                            }
                        };
                        error.map(|e| {
                            reg!(*dst) = Value::Future(Rc::new(FutureData { result: Err(e) }))
                        })
                    }
                    Op::Await { dst, future } => {
                        let result = match &reg!(*future) {
                            Value::Future(f) => match &f.result {
                                Ok(v) => Ok(v.clone()),
                                Err(e) => Err(Fault::Rethrow(Box::new(ErrorData::clone(e)))),
                            },
                            other => Ok(other.clone()),
                        };
                        result.map(|v| reg!(*dst) = v)
                    }
                    Op::Throw { src } => {
                        self.save_pc(pc);
                        let value = reg!(*src).clone();
                        Err(self.throw_fault(&value))
                    }
                    Op::Unreachable => {
                        Err("internal error: reached code marked unreachable".into())
                    }
                };
                if let Err(fault) = result {
                    self.save_pc(pc);
                    let error = self.error_at(fault, func, pc);
                    self.unwind(error, stop)?;
                    continue 'frames;
                }
            }
        }
    }

    /// Records where the current frame resumes (before anything that may push a frame).
    #[inline(always)]
    pub(crate) fn save_pc(&mut self, pc: usize) {
        if let Some(frame) = self.frames.last_mut() {
            frame.pc = pc as u32;
        }
    }

    /// Copies argument registers of the frame at `from` into a new frame from `to` on.
    #[inline(always)]
    pub(crate) fn copy_args(&mut self, from: usize, to: usize, args: &[u32]) {
        for (i, &arg) in args.iter().enumerate() {
            let v = ops::clone_value(&self.regs[from + arg as usize]);
            self.regs[to + i] = v;
        }
    }

    /// What `throw value` raises: an ErrorBox again as it is, anything else as a new error
    /// whose message is its `toString()`.
    fn throw_fault(&mut self, value: &Value) -> Fault {
        match value {
            Value::Error(e) => Fault::Rethrow(Box::new(ErrorData::clone(e))),
            other => match self.display_value(other) {
                Ok(message) => Fault::Message(message),
                Err(fault) => fault,
            },
        }
    }
}
