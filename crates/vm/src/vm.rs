//! The VM's state and its frame discipline: entering and leaving Nyash functions, and unwinding
//! errors to `try` handlers or out of the program.
//!
//! All frames share one register stack (`regs`); a frame owns `regs[base..base + reg_count]`.
//! Nyash-to-Nyash calls push a [`Frame`] and keep running in the same interpreter loop
//! (`exec.rs`), so they use no native stack. Only calls made from inside an instruction (a user
//! `toString()` while printing or concatenating, a static box's `static { }`) run a nested loop
//! ([`Vm::call_function`]); such a loop stops at the frame depth it started from.

use std::io::{BufRead, BufWriter, Write};
use std::rc::Rc;

use crate::builtins::{MapMemo, StringFacts};
use crate::code::{Program, NO_REG};
use crate::instance::{FiniQueue, Instance};
use crate::ops::is_scalar;
use crate::value::{CallSite, ErrorData, Raise, Value};

/// Nested Nyash calls allowed before `stack overflow` (docs/LANGUAGE.md).
pub(crate) const MAX_DEPTH: usize = 10_000;

/// What happens to a frame's result when it returns.
pub(crate) enum Ret {
    /// The returned value goes to the caller's `dst`.
    Plain,
    /// A constructor: `new` gives the new instance, whatever the constructor returns.
    Constructed(Rc<Instance>),
    /// A `fini()`: the instance becomes finalised and the call gives null.
    Finalise(Rc<Instance>),
    /// The `fini()` of an object whose last reference went away. Other queued finalisers
    /// wait until it returns, so they run one after another in queue order.
    QueuedFinalise(Rc<Instance>),
}

pub(crate) struct Frame {
    pub func: u32,
    /// While the frame is suspended: the next instruction to run in it.
    pub pc: u32,
    pub base: u32,
    /// Caller register receiving the result, or `NO_REG`.
    pub dst: u32,
    /// `handlers.len()` when the frame was entered.
    pub handler_base: u32,
    pub ret: Ret,
}

#[inline(never)]
fn push_growing(frames: &mut Vec<Frame>, frame: Frame) {
    frames.push(frame);
}

/// An active `try` region.
pub(crate) struct Handler {
    /// Index of the frame (in `frames`) that entered it.
    pub frame: u32,
    pub pc: u32,
    pub error_reg: u32,
}

/// How an operation of the VM fails.
pub(crate) enum Fault {
    /// A new error raised by the current instruction.
    Message(String),
    /// An error that escaped a nested call made by the current instruction: the current
    /// function becomes one more caller in its stack.
    Nested(Box<ErrorData>),
    /// An error raised again exactly as it was (`throw e`, `await` of a failed future).
    Rethrow(Box<ErrorData>),
}

impl From<Raise> for Fault {
    fn from(raise: Raise) -> Fault {
        match raise {
            Raise::Message(m) => Fault::Message(m),
            Raise::Thrown(e) => Fault::Nested(e),
        }
    }
}

impl From<String> for Fault {
    fn from(message: String) -> Fault {
        Fault::Message(message)
    }
}

impl From<&str> for Fault {
    fn from(message: &str) -> Fault {
        Fault::Message(message.to_string())
    }
}

impl Fault {
    pub(crate) fn into_raise(self) -> Raise {
        match self {
            Fault::Message(m) => Raise::Message(m),
            Fault::Nested(e) | Fault::Rethrow(e) => Raise::Thrown(e),
        }
    }
}

pub(crate) struct Vm<'io> {
    pub program: Rc<Program>,
    /// The register stack; entries from `top` on belong to no frame and hold no box.
    pub regs: Vec<Value>,
    /// End of the registers of the frame on top.
    pub top: usize,
    pub frames: Vec<Frame>,
    pub handlers: Vec<Handler>,
    pub globals: Vec<Value>,
    pub statics: Vec<Option<Rc<Instance>>>,
    pub queue: Rc<FiniQueue>,
    /// How many frames of queued `fini()`s are on the stack (0 or 1: the next one waits until
    /// the running one has returned, including from every method it calls).
    pub queued_fini_frames: u32,
    /// Reused buffer for the arguments of built-in calls.
    pub scratch: Vec<Value>,
    /// Memo of the last string `length()`/`substring` was called on.
    pub string_facts: StringFacts,
    /// Where the last string-keyed MapBox call found its key.
    pub map_memo: MapMemo,
    pub out: BufWriter<&'io mut dyn Write>,
    pub err: &'io mut dyn Write,
    pub input: &'io mut dyn BufRead,
}

impl<'io> Vm<'io> {
    pub fn new(
        program: Rc<Program>,
        stdout: &'io mut dyn Write,
        stderr: &'io mut dyn Write,
        stdin: &'io mut dyn BufRead,
    ) -> Vm<'io> {
        Vm {
            globals: vec![Value::Null; program.global_count],
            statics: vec![None; program.classes.len()],
            program,
            regs: Vec::with_capacity(1024),
            top: 0,
            frames: Vec::with_capacity(64),
            handlers: Vec::new(),
            queue: Rc::new(FiniQueue::default()),
            queued_fini_frames: 0,
            scratch: Vec::new(),
            string_facts: StringFacts::default(),
            map_memo: MapMemo::default(),
            out: BufWriter::with_capacity(64 * 1024, stdout),
            err: stderr,
            input: stdin,
        }
    }

    /// Runs the module's entry function, then the `fini()` of objects it released last.
    pub fn run_entry(&mut self, args: &[String]) -> Result<(), Box<ErrorData>> {
        let entry = self.program.entry;
        let wants_args = self.program.functions[entry as usize].param_count == 1;
        let argv = wants_args.then(|| Value::array(args.iter().map(Value::str).collect()));
        match self.call_function(entry, argv.as_slice()) {
            Ok(_) => self.drain_finalisers(),
            Err(fault) => Err(self.error_outside_frames(fault)),
        }
    }

    /// Ends the program: objects still alive are not finalised; output is flushed. Globals and
    /// statics are dropped with the VM, after the queue is closed.
    pub fn finish(mut self) -> std::io::Result<()> {
        self.queue.close();
        self.out.flush()
    }

    /// Calls `func` with `args` from inside an instruction and runs it to completion. An error
    /// escaping the call is [`Fault::Nested`]: the instruction's function becomes its caller.
    pub fn call_function(&mut self, func: u32, args: &[Value]) -> Result<Value, Fault> {
        let stop = self.frames.len();
        let base = self.enter(func, args.len(), NO_REG, Ret::Plain)?;
        for (slot, arg) in self.regs[base..].iter_mut().zip(args) {
            *slot = arg.clone();
        }
        self.run_frames(stop).map_err(Fault::Nested)
    }

    fn drain_finalisers(&mut self) -> Result<(), Box<ErrorData>> {
        while self.queue.has_pending() {
            let stop = self.frames.len();
            match self.start_pending_fini() {
                Ok(true) => {
                    self.run_frames(stop)?;
                }
                Ok(false) => {}
                Err(fault) => return Err(self.error_outside_frames(fault)),
            }
        }
        Ok(())
    }

    /// Whether a queued `fini()` may start now: not while another queued one is running,
    /// even when that one is inside a method it called.
    pub fn may_start_fini(&self) -> bool {
        self.queued_fini_frames == 0
    }

    /// Pushes a frame running the `fini()` of the next queued instance; false if that
    /// instance needed no call.
    pub fn start_pending_fini(&mut self) -> Result<bool, Fault> {
        let Some(instance) = self.queue.pop() else {
            return Ok(false);
        };
        let Some(fini) = self.program.class(instance.class()).fini else {
            instance.finish_finalise();
            return Ok(false);
        };
        let me = Value::Instance(Rc::clone(&instance));
        let base = self.enter(fini.0, 1, NO_REG, Ret::QueuedFinalise(instance))?;
        self.queued_fini_frames += 1;
        self.regs[base] = me;
        Ok(true)
    }

    /// Pushes a frame for `func` called with `given` arguments (counting `me`), registers null;
    /// returns its base. The caller fills the arguments in.
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub fn enter(&mut self, func: u32, given: usize, dst: u32, ret: Ret) -> Result<usize, Fault> {
        let code = &self.program.functions[func as usize];
        if given != code.param_count as usize {
            return Err(arity_error(&code.name, code.arity, code.param_count, given).into());
        }
        if self.frames.len() >= MAX_DEPTH {
            return Err("stack overflow".into());
        }
        let base = self.top;
        let top = base + code.reg_count as usize;
        // Registers above `top` never hold a box (see `clear_frame`), so a new frame only has
        // to grow the stack the first time it reaches this depth.
        if self.regs.len() < top {
            self.regs.resize_with(top, || Value::Null);
        }
        self.top = top;
        let frame = Frame {
            func,
            pc: 0,
            base: base as u32,
            dst,
            handler_base: self.handlers.len() as u32,
            ret,
        };
        // With the growth call of `push` on the path, the frame was assembled on the stack
        // field by field and copied as a block: a store-forwarding stall on every call.
        if self.frames.len() < self.frames.capacity() {
            self.frames.push(frame);
        } else {
            push_growing(&mut self.frames, frame);
        }
        Ok(base)
    }

    /// Pops the current frame and drops what its registers hold; the caller decides what its
    /// `ret` means (see `leave` for the general case).
    #[inline(always)]
    pub fn pop_frame(&mut self) -> Option<Frame> {
        let frame = self.frames.pop()?;
        self.clear_frame(&frame);
        Some(frame)
    }

    /// [`Vm::pop_frame`] for a frame whose `ret` is `Plain`: gives only the caller's `dst`
    /// (the whole frame would be copied through memory).
    #[inline(always)]
    pub fn pop_frame_dst(&mut self) -> u32 {
        let Some(frame) = self.frames.last() else {
            return NO_REG;
        };
        let (dst, base, handler_base) = (frame.dst, frame.base, frame.handler_base);
        let func = frame.func;
        // A `Plain` frame owns nothing: forgetting it skips the (out-of-line) drop glue.
        match self.frames.pop() {
            Some(
                frame @ Frame {
                    ret: Ret::Plain, ..
                },
            ) => std::mem::forget(frame),
            other => drop(other),
        }
        self.clear_registers(func, base as usize, handler_base);
        dst
    }

    /// Drops what the registers of `frame`, just popped, hold, and its `try` handlers. Only
    /// registers that may hold a box are set back to null (in register order); the others
    /// keep a number, which owns nothing and which no new frame reads before writing it.
    #[inline(always)]
    fn clear_frame(&mut self, frame: &Frame) {
        self.clear_registers(frame.func, frame.base as usize, frame.handler_base);
    }

    #[inline(always)]
    fn clear_registers(&mut self, func: u32, base: usize, handler_base: u32) {
        let code = &self.program.functions[func as usize];
        for &reg in &code.box_regs {
            if let Some(slot) = self.regs.get_mut(base + reg as usize) {
                match std::mem::take(slot) {
                    // `me` of every method: the reference count drops inline.
                    Value::Instance(instance) => drop(instance),
                    other if is_scalar(&other) => std::mem::forget(other),
                    other => drop(other),
                }
            }
        }
        self.top = base;
        self.handlers.truncate(handler_base as usize);
    }

    /// Pops the current frame; returns the value its caller receives and the caller's `dst`.
    pub fn leave(&mut self, value: Value) -> (Value, u32) {
        let Some(frame) = self.pop_frame() else {
            return (value, NO_REG);
        };
        let value = match frame.ret {
            Ret::Plain => value,
            Ret::Constructed(instance) => Value::Instance(instance),
            Ret::Finalise(instance) => {
                instance.finish_finalise();
                Value::Null
            }
            Ret::QueuedFinalise(instance) => {
                self.queued_fini_frames -= 1;
                instance.finish_finalise();
                Value::Null
            }
        };
        (value, frame.dst)
    }

    /// Delivers `error` to the innermost `try` handler among the frames above `stop`, or
    /// returns it once every such frame is gone. Each frame left adds its caller to the stack.
    pub fn unwind(&mut self, mut error: Box<ErrorData>, stop: usize) -> Result<(), Box<ErrorData>> {
        loop {
            let Some(current) = self.frames.len().checked_sub(1) else {
                return Err(error);
            };
            if let Some(handler) = self.handlers.last() {
                if handler.frame as usize == current {
                    let (pc, reg) = (handler.pc, handler.error_reg as usize);
                    self.handlers.pop();
                    let frame = &mut self.frames[current];
                    frame.pc = pc;
                    let base = frame.base as usize;
                    self.regs[base + reg] = Value::Error(Rc::new(*error));
                    return Ok(());
                }
            }
            self.leave(Value::Null);
            if self.frames.len() <= stop {
                return Err(error);
            }
            // The entry function is the runtime's, not the user's: it is no caller to show.
            if let Some(caller) = self.frames.last().filter(|f| f.func != self.program.entry) {
                let code = &self.program.functions[caller.func as usize];
                let at = (caller.pc as usize).saturating_sub(1);
                error.stack.push(CallSite {
                    function: code.name.clone(),
                    span: code.spans.get(at).copied().unwrap_or_default(),
                });
            }
        }
    }

    /// The error a fault becomes when raised by instruction `pc - 1` of function `func`.
    pub fn error_at(&self, fault: Fault, func: u32, pc: usize) -> Box<ErrorData> {
        let code = &self.program.functions[func as usize];
        let span = code
            .spans
            .get(pc.wrapping_sub(1))
            .copied()
            .unwrap_or_default();
        match fault {
            Fault::Message(message) => Box::new(ErrorData {
                message,
                span,
                function: code.name.clone(),
                stack: Vec::new(),
            }),
            Fault::Nested(mut error) => {
                error.stack.push(CallSite {
                    function: code.name.clone(),
                    span,
                });
                error
            }
            Fault::Rethrow(error) => error,
        }
    }

    /// A fault raised with no instruction running (entering the program itself).
    fn error_outside_frames(&self, fault: Fault) -> Box<ErrorData> {
        match self.frames.last() {
            Some(frame) => self.error_at(fault, frame.func, frame.pc as usize),
            None => match fault {
                Fault::Message(message) => Box::new(ErrorData {
                    message,
                    span: Default::default(),
                    function: "<top-level>".into(),
                    stack: Vec::new(),
                }),
                Fault::Nested(e) | Fault::Rethrow(e) => e,
            },
        }
    }
}

/// `Dog.speak takes 0 arguments, got 1`; `given` counts `me` when the function has one.
pub(crate) fn arity_error(name: &str, arity: u32, param_count: u32, given: usize) -> String {
    let implicit = (param_count - arity) as usize;
    let got = given.saturating_sub(implicit);
    format!(
        "{name} takes {}, got {got}",
        plural(arity as usize, "argument")
    )
}

/// `1 argument`, `2 arguments`.
pub(crate) fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("{n} {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
