//! The built-in boxes of SPEC §6: their methods, constructors, `nyashstd` functions, printing,
//! equality and truthiness.
//!
//! The VM core calls in through the functions below; everything that needs the rest of the VM
//! (printing a user box with its own `toString()`, writing to stdout) goes through [`Host`].
//!
//! CONTRACT (between the VM core and this module; keep these signatures):
//! - `lookup_method(kind, name)` resolves a method name once (the VM caches the answer per
//!   call site/symbol); `call_method` then runs it. Aliases (`length`/`size`, `get`/`charAt`...)
//!   resolve to the same method.
//! - Universal methods `toString()`, `type()`, `equals(x)` are answered here for built-in values.
//! - Errors are `Raise::Message(text)`; the VM adds location and call stack.

use crate::value::{Raise, Value};
use nyash_mir::{BuiltinBox, BuiltinFunc};
use std::io::Write;

/// What built-in methods need from the VM.
pub trait Host {
    /// `v.toString()` as `print` shows it; calls a user box's own `toString()` if it has one.
    fn display(&mut self, v: &Value) -> Result<String, Raise>;
    /// `v.type()`: `IntegerBox`, `ArrayBox`, or a user box's name.
    fn type_name(&self, v: &Value) -> String;
    fn stdout(&mut self) -> &mut dyn Write;
    fn stderr(&mut self) -> &mut dyn Write;
    /// One line of standard input without its line ending, or `None` at end of input.
    fn read_line(&mut self) -> Option<String>;
}

/// A resolved built-in method (opaque to the VM core; cheap to copy).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuiltinMethod(pub u16);

/// Resolves `name` on a built-in box kind, or `None` if that box has no such method.
pub fn lookup_method(_kind: BuiltinBox, _name: &str) -> Option<BuiltinMethod> {
    None
}

/// Runs a method resolved by [`lookup_method`] for `receiver`'s kind.
pub fn call_method(
    _host: &mut dyn Host,
    _receiver: &Value,
    _method: BuiltinMethod,
    _args: &[Value],
) -> Result<Value, Raise> {
    Err(Raise::Message("not implemented".into()))
}

/// `new Kind(args)` of a built-in box.
pub fn construct(_host: &mut dyn Host, _kind: BuiltinBox, _args: &[Value]) -> Result<Value, Raise> {
    Err(Raise::Message("not implemented".into()))
}

/// A `nyashstd` namespace function (`string.upper(s)`, ...).
pub fn call_func(_host: &mut dyn Host, _func: BuiltinFunc, _args: &[Value]) -> Result<Value, Raise> {
    Err(Raise::Message("not implemented".into()))
}

/// `toString()` of a built-in value (never called with a user box instance itself, but array
/// and map elements may be instances: display them through `host.display`).
pub fn display(_host: &mut dyn Host, _v: &Value) -> Result<String, Raise> {
    Err(Raise::Message("not implemented".into()))
}

/// `a == b` (SPEC §4): different kinds are unequal except integer/float, which compare
/// numerically; strings, arrays and maps by content; user boxes and other boxes by identity.
pub fn equals(_a: &Value, _b: &Value) -> bool {
    false
}

/// Truthiness (SPEC §4): `false`, `null`, `0`, `0.0` and `""` are false; all else is true.
pub fn truthy(_v: &Value) -> bool {
    false
}

/// Shortest round-trip float formatting with a trailing `.0` removed (SPEC §6).
pub fn format_float(_f: f64) -> String {
    String::new()
}
