//! The interpreter loop: runs the [`Op`]s of the frame on top of the stack until the stack is
//! back to where the loop started.
//!
//! Hot operations (integer and float arithmetic, comparisons, `Branch` on a BoolBox, register
//! copies, jumps) are decided inline; everything else calls a helper in `ops.rs` or
//! `dispatch.rs`. After every instruction the loop checks, with one load, whether an object's
//! `fini()` is waiting (see `instance.rs`) and runs it first.

use std::rc::Rc;

use nyash_mir::BinaryOp;

use crate::builtins;
use crate::code::{Bin, CmpBranch, ConstBin, MethodHint, Op, NO_REG};
use crate::ops::{self, Scalar};
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
            let end = base + code.reg_count as usize;
            let mut pc = frame.pc as usize;
            // The frame's registers, borrowed once so hot ops index a local slice instead of
            // reloading `self.regs` each time. Ops that call back into the VM end this borrow;
            // it is taken again after them (`reborrow!`).
            let mut regs = &mut self.regs[base..end];

            macro_rules! reborrow {
                () => {
                    regs = &mut self.regs[base..end]
                };
            }
            macro_rules! binary {
                ($bin:expr, $op:expr) => {{
                    let Bin { dst, lhs, rhs } = *$bin;
                    match ops::fast_binary($op, &regs[lhs as usize], &regs[rhs as usize]) {
                        Some(v) => {
                            v.store(&mut regs[dst as usize]);
                            continue;
                        }
                        None => self.binary_slow($op, base, *$bin),
                    }
                }};
            }

            macro_rules! const_binary {
                ($fused:expr, $op:expr) => {{
                    let ConstBin { value, konst, bin } = *$fused;
                    ops::store_int(&mut regs[konst as usize], value);
                    let (lhs, rhs) = (&regs[bin.lhs as usize], &regs[bin.rhs as usize]);
                    if let Some(v) = ops::fast_binary($op, lhs, rhs) {
                        v.store(&mut regs[bin.dst as usize]);
                        // The arithmetic op after this one is done too.
                        pc += 1;
                    }
                    continue;
                }};
            }
            macro_rules! compare_branch {
                ($fused:expr, $op:expr) => {{
                    let CmpBranch {
                        bin,
                        then_pc,
                        else_pc,
                    } = *$fused;
                    match ops::fast_compare($op, &regs[bin.lhs as usize], &regs[bin.rhs as usize]) {
                        Some(holds) => {
                            ops::store_bool(&mut regs[bin.dst as usize], holds);
                            pc = if holds { then_pc } else { else_pc } as usize;
                            continue;
                        }
                        None => match self.binary_slow($op, base, bin) {
                            Ok(()) => {
                                let holds = ops::truthy(&self.regs[base + bin.dst as usize]);
                                pc = if holds { then_pc } else { else_pc } as usize;
                                reborrow!();
                                continue;
                            }
                            Err(fault) => Err(fault),
                        },
                    }
                }};
            }

            loop {
                if queue.has_pending() {
                    if self.may_start_fini() {
                        self.save_pc(pc);
                        match self.start_pending_fini() {
                            Ok(true) => continue 'frames,
                            Ok(false) => {
                                reborrow!();
                                continue;
                            }
                            Err(fault) => {
                                let error = self.error_at(fault, func, pc);
                                self.unwind(error, stop)?;
                                continue 'frames;
                            }
                        }
                    }
                    reborrow!();
                }
                let op = &code.ops[pc];
                pc += 1;
                let result: Result<(), Fault> = match op {
                    Op::Const { dst, value } => {
                        let slot = &mut regs[*dst as usize];
                        match value {
                            Value::Null => ops::store_null(slot),
                            Value::Float(f) => ops::store_float(slot, *f),
                            Value::Bool(b) => ops::store_bool(slot, *b),
                            other => ops::store(slot, other.clone()),
                        }
                        continue;
                    }
                    Op::ConstInt { dst, value } => {
                        ops::store_int(&mut regs[*dst as usize], *value);
                        continue;
                    }
                    Op::Copy { dst, src } => {
                        ops::copy_reg(regs, *src as usize, *dst as usize);
                        continue;
                    }
                    Op::Add(b) => binary!(b, BinaryOp::Add),
                    Op::AddInPlace(b) => {
                        let Bin { dst, lhs, rhs } = *b;
                        match ops::fast_binary(
                            BinaryOp::Add,
                            &regs[lhs as usize],
                            &regs[rhs as usize],
                        ) {
                            Some(v) => {
                                v.store(&mut regs[dst as usize]);
                                continue;
                            }
                            None => self.add_in_place(base, *b),
                        }
                    }
                    Op::Sub(b) => binary!(b, BinaryOp::Sub),
                    Op::Mul(b) => binary!(b, BinaryOp::Mul),
                    Op::Div(b) => binary!(b, BinaryOp::Div),
                    Op::Mod(b) => binary!(b, BinaryOp::Mod),
                    Op::Shr(b) => binary!(b, BinaryOp::Shr),
                    Op::Eq(b) => binary!(b, BinaryOp::Eq),
                    Op::Ne(b) => binary!(b, BinaryOp::Ne),
                    Op::Lt(b) => binary!(b, BinaryOp::Lt),
                    Op::Le(b) => binary!(b, BinaryOp::Le),
                    Op::Gt(b) => binary!(b, BinaryOp::Gt),
                    Op::Ge(b) => binary!(b, BinaryOp::Ge),
                    Op::ConstAdd(fused) => const_binary!(fused, BinaryOp::Add),
                    Op::ConstSub(fused) => const_binary!(fused, BinaryOp::Sub),
                    Op::ConstMul(fused) => const_binary!(fused, BinaryOp::Mul),
                    Op::ConstDiv(fused) => const_binary!(fused, BinaryOp::Div),
                    Op::ConstMod(fused) => const_binary!(fused, BinaryOp::Mod),
                    Op::BranchEq(fused) => compare_branch!(fused, BinaryOp::Eq),
                    Op::BranchNe(fused) => compare_branch!(fused, BinaryOp::Ne),
                    Op::BranchLt(fused) => compare_branch!(fused, BinaryOp::Lt),
                    Op::BranchLe(fused) => compare_branch!(fused, BinaryOp::Le),
                    Op::BranchGt(fused) => compare_branch!(fused, BinaryOp::Gt),
                    Op::BranchGe(fused) => compare_branch!(fused, BinaryOp::Ge),
                    &Op::CountBranch {
                        counter,
                        konst,
                        step,
                        bound,
                        cmp_dst,
                        cmp,
                        then_pc,
                        else_pc,
                    } => {
                        ops::store_int(&mut regs[konst as usize], i64::from(step));
                        let (Value::Int(n), Value::Int(limit)) =
                            (&regs[counter as usize], &regs[bound as usize])
                        else {
                            // The `Add` and the compare-and-branch after this op run.
                            continue;
                        };
                        let (next, limit) = (n.wrapping_add(i64::from(step)), *limit);
                        let holds = ops::int_compare(cmp, next, limit);
                        ops::store_int(&mut regs[counter as usize], next);
                        ops::store_bool(&mut regs[cmp_dst as usize], holds);
                        pc = if holds { then_pc } else { else_pc } as usize;
                        continue;
                    }
                    &Op::ConstBranch {
                        konst,
                        value,
                        lhs,
                        cmp_dst,
                        cmp,
                        then_pc,
                        else_pc,
                    } => {
                        ops::store_int(&mut regs[konst as usize], i64::from(value));
                        let Value::Int(n) = regs[lhs as usize] else {
                            // The compare-and-branch after this op runs.
                            continue;
                        };
                        let holds = ops::int_compare(cmp, n, i64::from(value));
                        ops::store_bool(&mut regs[cmp_dst as usize], holds);
                        pc = if holds { then_pc } else { else_pc } as usize;
                        continue;
                    }
                    Op::Jump { target } => {
                        pc = *target as usize;
                        continue;
                    }
                    Op::Branch {
                        cond,
                        then_pc,
                        else_pc,
                    } => {
                        let taken = match &regs[*cond as usize] {
                            Value::Bool(b) => *b,
                            other => ops::truthy(other),
                        };
                        pc = if taken { *then_pc } else { *else_pc } as usize;
                        continue;
                    }
                    Op::Neg { dst, src } => match &regs[*src as usize] {
                        Value::Int(n) => {
                            let v = Value::Int(n.wrapping_neg());
                            ops::store(&mut regs[*dst as usize], v);
                            continue;
                        }
                        Value::Float(f) => {
                            let v = Value::Float(-f);
                            ops::store(&mut regs[*dst as usize], v);
                            continue;
                        }
                        other => Err(ops::unsupported_unary("-", &program, other)),
                    },
                    Op::Not { dst, src } => {
                        let v = Value::Bool(!ops::truthy(&regs[*src as usize]));
                        ops::store(&mut regs[*dst as usize], v);
                        continue;
                    }
                    Op::Truthy { dst, src } => {
                        let v = Value::Bool(ops::truthy(&regs[*src as usize]));
                        ops::store(&mut regs[*dst as usize], v);
                        continue;
                    }
                    Op::Release { reg } => {
                        // A released register is dead until written again (lowering never reads
                        // it before), so a number stays where it is: the next write then only
                        // changes its payload (see `Scalar::store`). Dropping a box may
                        // queue a `fini()`: checked at the loop's top.
                        let slot = &mut regs[*reg as usize];
                        if !ops::is_scalar(slot) {
                            *slot = Value::Null;
                        }
                        continue;
                    }
                    Op::LoadGlobal { dst, global } => {
                        let v = ops::clone_value(&self.globals[*global as usize]);
                        ops::store(&mut regs[*dst as usize], v);
                        continue;
                    }
                    Op::StoreGlobal { global, src } => {
                        let v = regs[*src as usize].clone();
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
                        hint,
                    } => {
                        let args = code.args(*args);
                        if *hint != MethodHint::None
                            && (builtins::array_call_in_place(regs, *hint, *dst, *receiver, args)
                                || builtins::map_call_in_place(
                                    regs,
                                    *hint,
                                    *dst,
                                    *receiver,
                                    args,
                                    &mut self.map_memo,
                                )
                                || builtins::float_call_in_place(regs, *hint, *dst, *receiver))
                        {
                            continue;
                        }
                        self.save_pc(pc);
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
                        let _ = regs;
                        match self.return_value(base, *src, stop) {
                            Some(value) => return Ok(value),
                            None => continue 'frames,
                        }
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
                        self.static_box(&program, *class).map(|instance| {
                            self.regs[base + *dst as usize] = Value::Instance(instance)
                        })
                    }
                    Op::GetBuiltinParent { dst, object } => {
                        let parent = match &regs[*object as usize] {
                            Value::Instance(instance) => instance.parent().cloned(),
                            _ => None,
                        };
                        regs[*dst as usize] = parent.unwrap_or(Value::Null);
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
                        let value = regs[*value as usize].clone();
                        regs[*dst as usize] =
                            Value::Future(Rc::new(FutureData { result: Ok(value) }));
                        continue;
                    }
                    Op::FutureErr { dst, error } => {
                        let error = match &regs[*error as usize] {
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
                            self.regs[base + *dst as usize] =
                                Value::Future(Rc::new(FutureData { result: Err(e) }))
                        })
                    }
                    Op::Await { dst, future } => match &regs[*future as usize] {
                        Value::Future(f) => match &f.result {
                            Ok(v) => {
                                regs[*dst as usize] = v.clone();
                                continue;
                            }
                            Err(e) => Err(Fault::Rethrow(Box::new(ErrorData::clone(e)))),
                        },
                        other => {
                            regs[*dst as usize] = other.clone();
                            continue;
                        }
                    },
                    Op::Throw { src } => {
                        let value = regs[*src as usize].clone();
                        self.save_pc(pc);
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
                reborrow!();
            }
        }
    }

    /// Leaves the frame on top, which returns its register `src`, and hands the value to the
    /// caller's `dst`; gives the value instead when no frame above `stop` is left.
    ///
    /// Numbers and the new object of a constructor are written without building a whole
    /// `Value` and copying it through memory (see `Scalar::store`).
    #[inline(always)]
    fn return_value(&mut self, base: usize, src: u32, stop: usize) -> Option<Value> {
        let slot = base + src as usize;
        match self.frames.last().map(|frame| &frame.ret) {
            Some(Ret::Plain) => {
                if let Some(scalar) = Scalar::of(&self.regs[slot]) {
                    let dst = self.pop_frame_dst();
                    if self.frames.len() <= stop {
                        return Some(scalar.value());
                    }
                    if let Some(slot) = self.caller_slot(dst) {
                        scalar.store(slot);
                    }
                } else {
                    let value = std::mem::take(&mut self.regs[slot]);
                    let dst = self.pop_frame_dst();
                    if self.frames.len() <= stop {
                        return Some(value);
                    }
                    if let Some(slot) = self.caller_slot(dst) {
                        ops::store(slot, value);
                    }
                }
            }
            Some(Ret::Constructed(_)) => {
                let frame = self.pop_frame()?;
                let Ret::Constructed(instance) = frame.ret else {
                    return None;
                };
                if self.frames.len() <= stop {
                    return Some(Value::Instance(instance));
                }
                if let Some(slot) = self.caller_slot(frame.dst) {
                    ops::store_instance(slot, instance);
                }
            }
            _ => {
                let value = std::mem::take(&mut self.regs[slot]);
                let (value, dst) = self.leave(value);
                if self.frames.len() <= stop {
                    return Some(value);
                }
                if let Some(slot) = self.caller_slot(dst) {
                    ops::store(slot, value);
                }
            }
        }
        None
    }

    /// The caller's register `dst`, which receives a returned value (none for `NO_REG`).
    #[inline(always)]
    fn caller_slot(&mut self, dst: u32) -> Option<&mut Value> {
        if dst == NO_REG {
            return None;
        }
        let caller = self.frames.last()?;
        self.regs.get_mut(caller.base as usize + dst as usize)
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
            ops::copy_reg(&mut self.regs, from + arg as usize, to + i);
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
