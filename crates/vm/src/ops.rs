//! The operators of SPEC §4: arithmetic, concatenation, comparison, equality, truthiness.
//!
//! [`fast_binary`] answers integer/integer and float/float operands without touching the rest
//! of the VM; the interpreter loop inlines it with a constant operator. Everything else goes
//! through [`Vm::binary_slow`], which may call back into Nyash (a user box's `toString()` in a
//! concatenation).

use std::fmt::Write as _;
use std::rc::Rc;

use nyash_mir::BinaryOp;

use crate::builtins;
use crate::code::{Bin, Program};
use crate::value::Value;
use crate::vm::{Fault, Vm};

/// Longest string `S * I` may build, in bytes.
const MAX_REPEAT_BYTES: usize = 1 << 30;

/// The result of `a op b` when both are integers or both are floats and no error is possible.
#[inline(always)]
///
/// The answer is a [`Scalar`], never a whole `Value`: a `Value` result would need drop glue at
/// every use, and writing it would copy it through memory (see [`Scalar::store`]).
pub(crate) fn fast_binary(op: BinaryOp, a: &Value, b: &Value) -> Option<Scalar> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => int_binary(op, *x, *y),
        (Value::Float(x), Value::Float(y)) => float_binary(op, *x, *y),
        _ => null_test(op, a, b).map(Scalar::Bool),
    }
}

/// `x == null` and `x != null`: null equals only null (SPEC §4), whatever `x` is.
#[inline(always)]
fn null_test(op: BinaryOp, a: &Value, b: &Value) -> Option<bool> {
    let other = match (a, b) {
        (Value::Null, other) | (other, Value::Null) => other,
        _ => return None,
    };
    let is_null = matches!(other, Value::Null);
    match op {
        BinaryOp::Eq => Some(is_null),
        BinaryOp::Ne => Some(!is_null),
        _ => None,
    }
}

#[inline(always)]
fn int_binary(op: BinaryOp, x: i64, y: i64) -> Option<Scalar> {
    Some(match op {
        BinaryOp::Add => Scalar::Int(x.wrapping_add(y)),
        BinaryOp::Sub => Scalar::Int(x.wrapping_sub(y)),
        BinaryOp::Mul => Scalar::Int(x.wrapping_mul(y)),
        // Truncating division; `MIN / -1` wraps to MIN and `MIN % -1` is 0.
        BinaryOp::Div if y != 0 => Scalar::Int(x.wrapping_div(y)),
        BinaryOp::Mod if y != 0 => Scalar::Int(x.wrapping_rem(y)),
        BinaryOp::Div | BinaryOp::Mod => return None,
        // The shift count is taken modulo 64 (docs/LANGUAGE.md).
        BinaryOp::Shr => Scalar::Int(x.wrapping_shr(y as u32)),
        BinaryOp::Eq => Scalar::Bool(x == y),
        BinaryOp::Ne => Scalar::Bool(x != y),
        BinaryOp::Lt => Scalar::Bool(x < y),
        BinaryOp::Le => Scalar::Bool(x <= y),
        BinaryOp::Gt => Scalar::Bool(x > y),
        BinaryOp::Ge => Scalar::Bool(x >= y),
    })
}

/// The result of comparison `op` when both operands are integers or both are floats.
#[inline(always)]
pub(crate) fn fast_compare(op: BinaryOp, a: &Value, b: &Value) -> Option<bool> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => compare_ordered(op, x, y),
        (Value::Float(x), Value::Float(y)) => compare_ordered(op, x, y),
        _ => null_test(op, a, b),
    }
}

/// `x <op> y` for a comparison `op` on integers (false for any other operator).
#[inline(always)]
pub(crate) fn int_compare(op: BinaryOp, x: i64, y: i64) -> bool {
    compare_ordered(op, x, y).unwrap_or(false)
}

#[inline(always)]
fn compare_ordered<T: PartialOrd>(op: BinaryOp, x: T, y: T) -> Option<bool> {
    Some(match op {
        BinaryOp::Eq => x == y,
        BinaryOp::Ne => x != y,
        BinaryOp::Lt => x < y,
        BinaryOp::Le => x <= y,
        BinaryOp::Gt => x > y,
        BinaryOp::Ge => x >= y,
        _ => return None,
    })
}

/// IEEE-754 arithmetic: `1.0 / 0` is `inf`, `x % 0.0` is NaN.
#[inline(always)]
fn float_binary(op: BinaryOp, x: f64, y: f64) -> Option<Scalar> {
    Some(match op {
        BinaryOp::Add => Scalar::Float(x + y),
        BinaryOp::Sub => Scalar::Float(x - y),
        BinaryOp::Mul => Scalar::Float(x * y),
        BinaryOp::Div => Scalar::Float(x / y),
        BinaryOp::Mod => Scalar::Float(x % y),
        BinaryOp::Shr => return None,
        BinaryOp::Eq => Scalar::Bool(x == y),
        BinaryOp::Ne => Scalar::Bool(x != y),
        BinaryOp::Lt => Scalar::Bool(x < y),
        BinaryOp::Le => Scalar::Bool(x <= y),
        BinaryOp::Gt => Scalar::Bool(x > y),
        BinaryOp::Ge => Scalar::Bool(x >= y),
    })
}

/// Whether `v` owns nothing on the heap, so overwriting it needs no drop.
#[inline(always)]
pub(crate) fn is_scalar(v: &Value) -> bool {
    matches!(
        v,
        Value::Null
            | Value::Bool(_)
            | Value::Int(_)
            | Value::Float(_)
            | Value::Console
            | Value::Math
    )
}

/// `*slot = v`. When the old value is a scalar it is overwritten without running the
/// (out-of-line) drop glue: most register writes replace a number with a number, and skipping
/// the call also keeps `v` in machine registers instead of spilling it around the call.
#[inline(always)]
pub(crate) fn store(slot: &mut Value, v: Value) {
    if is_scalar(slot) {
        // Forgetting a scalar leaks nothing.
        std::mem::forget(std::mem::replace(slot, v));
    } else {
        *slot = v;
    }
}

#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn store_int(slot: &mut Value, n: i64) {
    match slot {
        Value::Int(old) => *old = n,
        _ => store_int_changing_kind(slot, n),
    }
}

#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn store_float(slot: &mut Value, f: f64) {
    match slot {
        Value::Float(old) => *old = f,
        _ => store_float_changing_kind(slot, f),
    }
}

#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn store_bool(slot: &mut Value, b: bool) {
    match slot {
        Value::Bool(old) => *old = b,
        _ => store_bool_changing_kind(slot, b),
    }
}

/// `*slot = Value::Null`: only a tag write when the slot holds no box.
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn store_null(slot: &mut Value) {
    if is_scalar(slot) {
        std::mem::forget(std::mem::replace(slot, Value::Null));
    } else {
        store_over_box(slot, Value::Null);
    }
}

#[inline(never)]
fn store_over_box(slot: &mut Value, v: Value) {
    *slot = v;
}

// The first write of a kind into a register (every register of a new frame starts as null).
// Out of line and given the bare number: inlined, the compiler merges these writes into one
// copy of a whole `Value` through the stack, the very stall `Scalar::store` exists to avoid.

#[inline(never)]
fn store_int_changing_kind(slot: &mut Value, n: i64) {
    store(slot, Value::Int(n));
}

#[inline(never)]
fn store_float_changing_kind(slot: &mut Value, f: f64) {
    store(slot, Value::Float(f));
}

#[inline(never)]
fn store_bool_changing_kind(slot: &mut Value, b: bool) {
    store(slot, Value::Bool(b));
}

/// A number or boolean read out of a `Value` as tag and payload (or computed by the fast
/// paths), to be written elsewhere with [`Scalar::store`].
#[derive(Clone, Copy)]
pub(crate) enum Scalar {
    Int(i64),
    Float(f64),
    Bool(bool),
}

impl Scalar {
    #[inline(always)]
    pub fn of(v: &Value) -> Option<Scalar> {
        match *v {
            Value::Int(n) => Some(Scalar::Int(n)),
            Value::Float(f) => Some(Scalar::Float(f)),
            Value::Bool(b) => Some(Scalar::Bool(b)),
            _ => None,
        }
    }

    pub fn value(self) -> Value {
        match self {
            Scalar::Int(n) => Value::Int(n),
            Scalar::Float(f) => Value::Float(f),
            Scalar::Bool(b) => Value::Bool(b),
        }
    }

    /// `*slot = self`. When the register already holds a number or boolean of the same kind
    /// (a loop counter, an accumulator), only the payload is written.
    ///
    /// Why: a `Value` built in full and then copied goes through the stack as a one-byte tag
    /// store and an eight-byte payload store, read back as one sixteen-byte load that the
    /// processor cannot forward from those stores; that stall dominated integer loops.
    /// Writing the payload alone avoids it, and so does reading tags and payloads separately
    /// (`match`, not copies).
    ///
    /// Inlined always in optimised builds only: in unoptimised ones every inlined copy keeps
    /// its own stack slots, and the interpreter loop's frame grew past what nested native
    /// calls (`nested_native_calls_fit_in_256_mib`) may use.
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub fn store(self, slot: &mut Value) {
        match self {
            Scalar::Int(n) => store_int(slot, n),
            Scalar::Float(f) => store_float(slot, f),
            Scalar::Bool(b) => store_bool(slot, b),
        }
    }
}

/// `regs[to] = regs[from].clone()`: numbers and booleans move as tag and payload (see
/// [`Scalar::store`] for why a whole-`Value` copy is avoided). Spelled out rather than
/// `Scalar::of` then `Scalar::store`: the same work, but that form made `nbody` 7% slower
/// (the interpreter loop's code layout shifted; measured with `perf stat`).
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn copy_reg(regs: &mut [Value], from: usize, to: usize) {
    match regs[from] {
        Value::Int(n) => store_int(&mut regs[to], n),
        Value::Float(f) => store_float(&mut regs[to], f),
        Value::Bool(b) => store_bool(&mut regs[to], b),
        Value::Null => store_null(&mut regs[to]),
        Value::Instance(ref instance) => {
            let instance = Rc::clone(instance);
            store_instance(&mut regs[to], instance);
        }
        ref other => {
            let v = other.clone();
            store(&mut regs[to], v);
        }
    }
}

/// `*slot = Value::Instance(instance)`: `me`, passed on every method call, written in place
/// (measured: inlined, the compiler writes tag and pointer directly here).
#[inline(always)]
pub(crate) fn store_instance(slot: &mut Value, instance: Rc<crate::instance::Instance>) {
    if is_scalar(slot) {
        std::mem::forget(std::mem::replace(slot, Value::Instance(instance)));
    } else {
        store_over_box(slot, Value::Instance(instance));
    }
}

/// `v.clone()`, with numbers copied inline (the derived `Clone` is an out-of-line call).
#[inline(always)]
pub(crate) fn clone_value(v: &Value) -> Value {
    match v {
        Value::Int(n) => Value::Int(*n),
        Value::Float(f) => Value::Float(*f),
        other => other.clone(),
    }
}

fn as_number(v: &Value) -> Option<f64> {
    match v {
        Value::Int(n) => Some(*n as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

/// Truthiness (SPEC §4): `false`, `null`, `0`, `0.0` and `""` are false; all else is true.
#[inline]
pub(crate) fn truthy(v: &Value) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::Null => false,
        Value::Int(n) => *n != 0,
        Value::Float(f) => *f != 0.0,
        Value::Str(s) => !s.is_empty(),
        other => builtins::truthy(other),
    }
}

/// `a == b` (SPEC §4).
pub(crate) fn equals(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Null, Value::Null) => true,
        (Value::Instance(x), Value::Instance(y)) => Rc::ptr_eq(x, y),
        (Value::Instance(_), _) | (_, Value::Instance(_)) => false,
        _ => builtins::equals(a, b),
    }
}

/// The type name of `v` as `type()` gives it.
pub(crate) fn type_name<'p>(program: &'p Program, v: &Value) -> &'p str {
    match v {
        Value::Instance(instance) => &program.class(instance.class()).name,
        other => other.builtin_kind().map_or("?", |kind| kind.name()),
    }
}

/// `unsupported operand type for -: StringBox`
pub(crate) fn unsupported_unary(op: &str, program: &Program, v: &Value) -> Fault {
    Fault::Message(format!(
        "unsupported operand type for {op}: {}",
        type_name(program, v)
    ))
}

fn unsupported(op: BinaryOp, program: &Program, a: &Value, b: &Value) -> Fault {
    Fault::Message(format!(
        "unsupported operand types for {}: {} and {}",
        op.symbol(),
        type_name(program, a),
        type_name(program, b)
    ))
}

/// Appends `v` as `toString()` shows it, without a temporary string for plain values.
pub(crate) fn append_plain(out: &mut String, v: &Value) -> bool {
    match v {
        Value::Str(s) => out.push_str(s),
        Value::Int(n) => {
            let _ = write!(out, "{n}");
        }
        Value::Float(f) => out.push_str(&builtins::format_float(*f)),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Null => out.push_str("null"),
        _ => return false,
    }
    true
}

impl Vm<'_> {
    /// `dst = lhs op rhs` for operands the fast path did not answer.
    #[inline(never)]
    pub(crate) fn binary_slow(&mut self, op: BinaryOp, base: usize, bin: Bin) -> Result<(), Fault> {
        if let BinaryOp::Eq | BinaryOp::Ne = op {
            // `me.left == null`, `part == "7,1"`: equality runs no Nyash code, so it reads the
            // operands where they are instead of cloning them (and dropping the clones).
            let regs = &self.regs[base..];
            let same = equals(&regs[bin.lhs as usize], &regs[bin.rhs as usize]);
            let v = Value::Bool(same == (op == BinaryOp::Eq));
            store(&mut self.regs[base + bin.dst as usize], v);
            return Ok(());
        }
        let a = self.regs[base + bin.lhs as usize].clone();
        let b = self.regs[base + bin.rhs as usize].clone();
        let v = self.binary_value(op, &a, &b)?;
        self.regs[base + bin.dst as usize] = v;
        Ok(())
    }

    /// `s = s + x`: appends to the string in place when this register holds its only reference
    /// (aliases such as `t = s` keep their own, unchanged string).
    #[inline(never)]
    pub(crate) fn add_in_place(&mut self, base: usize, bin: Bin) -> Result<(), Fault> {
        let (lhs, rhs) = (base + bin.lhs as usize, base + bin.rhs as usize);
        let plain_rhs = matches!(
            self.regs[rhs],
            Value::Str(_) | Value::Int(_) | Value::Float(_) | Value::Bool(_) | Value::Null
        );
        if !plain_rhs || !matches!(self.regs[lhs], Value::Str(_)) {
            return self.binary_slow(BinaryOp::Add, base, bin);
        }
        let Value::Str(mut text) = std::mem::take(&mut self.regs[lhs]) else {
            return Ok(());
        };
        append_plain(Rc::make_mut(&mut text), &self.regs[rhs]);
        self.regs[lhs] = Value::Str(text);
        Ok(())
    }

    pub(crate) fn binary_value(
        &mut self,
        op: BinaryOp,
        a: &Value,
        b: &Value,
    ) -> Result<Value, Fault> {
        if let Some(v) = fast_binary(op, a, b) {
            return Ok(v.value());
        }
        match op {
            BinaryOp::Add => self.add(a, b),
            BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod => {
                self.arithmetic(op, a, b)
            }
            BinaryOp::Eq => Ok(Value::Bool(equals(a, b))),
            BinaryOp::Ne => Ok(Value::Bool(!equals(a, b))),
            BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => self.compare(op, a, b),
            BinaryOp::Shr => Err(unsupported(op, &self.program, a, b)),
        }
    }

    fn add(&mut self, a: &Value, b: &Value) -> Result<Value, Fault> {
        match (a, b) {
            (Value::Str(x), _) => {
                let mut text = String::with_capacity(x.len() + 16);
                text.push_str(x);
                if !append_plain(&mut text, b) {
                    text.push_str(&self.display_value(b)?);
                }
                Ok(Value::str(text))
            }
            (_, Value::Str(y)) => {
                let mut text = self.display_value(a)?;
                text.push_str(y);
                Ok(Value::str(text))
            }
            (Value::Bool(_) | Value::Int(_), Value::Bool(_) | Value::Int(_)) => {
                Ok(Value::Int(bool_int(a).wrapping_add(bool_int(b))))
            }
            _ => self.arithmetic(BinaryOp::Add, a, b),
        }
    }

    /// `+ - * / %` on numbers (floats when either side is one) and `S * I`.
    fn arithmetic(&mut self, op: BinaryOp, a: &Value, b: &Value) -> Result<Value, Fault> {
        match (a, b) {
            (Value::Int(_), Value::Int(0)) if op == BinaryOp::Div => {
                return Err("division by zero".into())
            }
            (Value::Int(_), Value::Int(0)) if op == BinaryOp::Mod => {
                return Err("modulo by zero".into())
            }
            (Value::Str(s), Value::Int(n)) if op == BinaryOp::Mul => return repeat(s, *n),
            _ => {}
        }
        match (as_number(a), as_number(b)) {
            (Some(x), Some(y)) => float_binary(op, x, y)
                .map(Scalar::value)
                .ok_or_else(|| unsupported(op, &self.program, a, b)),
            _ => Err(unsupported(op, &self.program, a, b)),
        }
    }

    /// `< <= > >=`: numbers numerically, strings by bytes; NaN compares false.
    fn compare(&mut self, op: BinaryOp, a: &Value, b: &Value) -> Result<Value, Fault> {
        let ordering = match (a, b) {
            (Value::Str(x), Value::Str(y)) => Some(x.as_bytes().cmp(y.as_bytes())),
            _ => match (as_number(a), as_number(b)) {
                (Some(x), Some(y)) => x.partial_cmp(&y),
                _ => return Err(unsupported(op, &self.program, a, b)),
            },
        };
        let holds = ordering.is_some_and(|o| match op {
            BinaryOp::Lt => o.is_lt(),
            BinaryOp::Le => o.is_le(),
            BinaryOp::Gt => o.is_gt(),
            _ => o.is_ge(),
        });
        Ok(Value::Bool(holds))
    }
}

fn bool_int(v: &Value) -> i64 {
    match v {
        Value::Int(n) => *n,
        Value::Bool(b) => i64::from(*b),
        _ => 0,
    }
}

/// `S * I`: the string repeated; a negative count is an error.
fn repeat(s: &str, count: i64) -> Result<Value, Fault> {
    let count = usize::try_from(count)
        .map_err(|_| Fault::Message(format!("cannot repeat a string {count} times")))?;
    if s.len().saturating_mul(count) > MAX_REPEAT_BYTES {
        return Err("string too long".into());
    }
    Ok(Value::str(s.repeat(count)))
}
