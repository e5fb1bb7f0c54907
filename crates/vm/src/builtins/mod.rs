//! The built-in boxes of SPEC §6: their methods, constructors, `nyashstd` functions, printing,
//! equality and truthiness.
//!
//! The VM core calls in through the functions below; everything that needs the rest of the VM
//! (printing a user box with its own `toString()`, writing to stdout) goes through [`Host`].
//! Every choice SPEC leaves open (index clamping, float printing, the random generator...) is
//! written down in `docs/LANGUAGE.md`, section "Built-in boxes", so other backends match.
//!
//! CONTRACT (between the VM core and this module; keep these signatures):
//! - `lookup_method(kind, name)` resolves a method name once (the VM caches the answer per
//!   call site/symbol); `call_method` then runs it. Aliases (`length`/`size`, `get`/`charAt`...)
//!   resolve to methods that behave the same.
//! - Universal methods `toString()`, `type()`, `equals(x)` are answered here for built-in values.
//! - Errors are `Raise::Message(text)`; the VM adds location and call stack.
//!
//! Layout: one module per box (`string`, `number`, `boolean`, `array`, `map`, `console`,
//! `math`, `random`, `time`, `outcome` for Error/Future/Result), plus `display`, `equality`,
//! `json`, `construct`, `nyashstd`, and `args` (argument checking and error texts).

use crate::value::{Raise, Value};
use nyash_mir::{BuiltinBox, BuiltinFunc};
use std::io::Write;

/// Declares one box's method enum, each variant with the name Nyash code calls it by, plus
/// `lookup(name)` and `name()`. Aliases are variants of their own (so error messages name what
/// the program wrote) that the box's `call` handles in the same match arm.
macro_rules! methods {
    ($(#[$doc:meta])* $enum:ident { $($variant:ident = $name:literal,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $enum {
            $($variant,)*
        }

        impl $enum {
            pub(crate) fn lookup(name: &str) -> Option<Self> {
                match name {
                    $($name => Some(Self::$variant),)*
                    _ => None,
                }
            }

            pub(crate) fn name(self) -> &'static str {
                match self {
                    $(Self::$variant => $name,)*
                }
            }
        }
    };
}

mod args;
mod array;
mod boolean;
mod console;
mod construct;
mod display;
mod equality;
mod fast;
mod json;
mod map;
mod math;
mod number;
mod nyashstd;
mod outcome;
mod random;
mod string;
mod string_facts;
mod time;

#[cfg(test)]
mod test_host;

use args::{Args, Fail, Who};
pub(crate) use fast::{
    array_call_in_place, fast_method, float_call_in_place, map_call_in_place, MapMemo,
};
pub(crate) use string_facts::{fast_string_method, StringFacts};

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
pub enum BuiltinMethod {
    /// `toString()`, `type()`, `equals(x)`: answered by every box.
    Common(CommonMethod),
    String(string::StringMethod),
    Integer(number::IntegerMethod),
    Float(number::FloatMethod),
    Bool(boolean::BoolMethod),
    Array(array::ArrayMethod),
    Map(map::MapMethod),
    Console(console::ConsoleMethod),
    Math(math::MathMethod),
    Random(random::RandomMethod),
    Time(time::TimeMethod),
    Error(outcome::ErrorMethod),
    Future(outcome::FutureMethod),
    Result(outcome::ResultMethod),
}

methods! {
    /// The methods every box has.
    CommonMethod {
        ToString = "toString",
        Type = "type",
        Equals = "equals",
    }
}

impl BuiltinMethod {
    /// The method's name as Nyash code writes it.
    pub fn name(self) -> &'static str {
        match self {
            BuiltinMethod::Common(m) => m.name(),
            BuiltinMethod::String(m) => m.name(),
            BuiltinMethod::Integer(m) => m.name(),
            BuiltinMethod::Float(m) => m.name(),
            BuiltinMethod::Bool(m) => m.name(),
            BuiltinMethod::Array(m) => m.name(),
            BuiltinMethod::Map(m) => m.name(),
            BuiltinMethod::Console(m) => m.name(),
            BuiltinMethod::Math(m) => m.name(),
            BuiltinMethod::Random(m) => m.name(),
            BuiltinMethod::Time(m) => m.name(),
            BuiltinMethod::Error(m) => m.name(),
            BuiltinMethod::Future(m) => m.name(),
            BuiltinMethod::Result(m) => m.name(),
        }
    }
}

/// Resolves `name` on a built-in box kind, or `None` if that box has no such method.
pub fn lookup_method(kind: BuiltinBox, name: &str) -> Option<BuiltinMethod> {
    use BuiltinMethod as M;
    let own = match kind {
        BuiltinBox::String => string::StringMethod::lookup(name).map(M::String),
        BuiltinBox::Integer => number::IntegerMethod::lookup(name).map(M::Integer),
        BuiltinBox::Float => number::FloatMethod::lookup(name).map(M::Float),
        BuiltinBox::Bool => boolean::BoolMethod::lookup(name).map(M::Bool),
        BuiltinBox::Null => None,
        BuiltinBox::Array => array::ArrayMethod::lookup(name).map(M::Array),
        BuiltinBox::Map => map::MapMethod::lookup(name).map(M::Map),
        BuiltinBox::Console => console::ConsoleMethod::lookup(name).map(M::Console),
        BuiltinBox::Math => math::MathMethod::lookup(name).map(M::Math),
        BuiltinBox::Random => random::RandomMethod::lookup(name).map(M::Random),
        BuiltinBox::Time => time::TimeMethod::lookup(name).map(M::Time),
        BuiltinBox::Error => outcome::ErrorMethod::lookup(name).map(M::Error),
        BuiltinBox::Future => outcome::FutureMethod::lookup(name).map(M::Future),
        BuiltinBox::Result => outcome::ResultMethod::lookup(name).map(M::Result),
    };
    own.or_else(|| CommonMethod::lookup(name).map(M::Common))
}

/// Runs a method resolved by [`lookup_method`] for `receiver`'s kind.
pub fn call_method(
    host: &mut dyn Host,
    receiver: &Value,
    method: BuiltinMethod,
    args: &[Value],
) -> Result<Value, Raise> {
    dispatch(host, receiver, method, args).map_err(|fail| fail.into_raise(host))
}

fn dispatch(
    host: &mut dyn Host,
    receiver: &Value,
    method: BuiltinMethod,
    args: &[Value],
) -> Result<Value, Fail> {
    use BuiltinMethod as M;
    match (method, receiver) {
        (M::Common(m), _) => call_common(host, receiver, m, args),
        (M::String(m), Value::Str(s)) => string::call(host, s, m, args),
        (M::Integer(m), Value::Int(i)) => number::call_integer(*i, m, args),
        (M::Float(m), Value::Float(f)) => number::call_float(*f, m, args),
        (M::Bool(m), Value::Bool(b)) => boolean::call(*b, m, args),
        (M::Array(m), Value::Array(a)) => array::call(host, a, m, args),
        (M::Map(m), Value::Map(map)) => map::call(host, map, m, args),
        (M::Console(m), Value::Console) => console::call(host, m, args),
        (M::Math(m), Value::Math) => math::call(m, args),
        (M::Random(m), Value::Random(r)) => random::call(r, m, args),
        (M::Time(m), Value::Time(t)) => time::call(t, m, args),
        (M::Error(m), Value::Error(e)) => outcome::call_error(e, m, args),
        (M::Future(m), Value::Future(f)) => outcome::call_future(f, m, args),
        (M::Result(m), Value::Result(r)) => outcome::call_result(r, m, args),
        _ => dispatch_mismatched(host, receiver, method, args),
    }
}

/// A method resolved for another kind than the receiver's: resolve it again by name, so a
/// stale cache in the caller still gives the right answer (or "has no method").
fn dispatch_mismatched(
    host: &mut dyn Host,
    receiver: &Value,
    method: BuiltinMethod,
    args: &[Value],
) -> Result<Value, Fail> {
    let resolved = receiver
        .builtin_kind()
        .and_then(|kind| lookup_method(kind, method.name()));
    match resolved {
        Some(again) => dispatch(host, receiver, again, args),
        None => Err(Fail::from(format!(
            "unknown method `{}` on {}",
            method.name(),
            host.type_name(receiver)
        ))),
    }
}

fn call_common(
    host: &mut dyn Host,
    receiver: &Value,
    method: CommonMethod,
    args: &[Value],
) -> Result<Value, Fail> {
    let owner = receiver.builtin_kind().map_or("", BuiltinBox::name);
    let args = Args::new(Who::Method(owner, method.name()), args);
    match method {
        CommonMethod::ToString => {
            args.count(0)?;
            Ok(Value::str(display(host, receiver)?))
        }
        CommonMethod::Type => {
            args.count(0)?;
            Ok(Value::str(host.type_name(receiver)))
        }
        CommonMethod::Equals => {
            args.count(1)?;
            Ok(Value::Bool(equals(receiver, args.get(0))))
        }
    }
}

/// `new Kind(args)` of a built-in box.
pub fn construct(host: &mut dyn Host, kind: BuiltinBox, args: &[Value]) -> Result<Value, Raise> {
    construct::construct(host, kind, args).map_err(|fail| fail.into_raise(host))
}

/// A `nyashstd` namespace function (`string.upper(s)`, ...).
pub fn call_func(host: &mut dyn Host, func: BuiltinFunc, args: &[Value]) -> Result<Value, Raise> {
    nyashstd::call(host, func, args).map_err(|fail| fail.into_raise(host))
}

/// `toString()` of a built-in value (never called with a user box instance itself, but array
/// and map elements may be instances: display them through `host.display`).
pub fn display(host: &mut dyn Host, v: &Value) -> Result<String, Raise> {
    display::display(host, v)
}

/// `a == b` (SPEC §4): different kinds are unequal except integer/float, which compare
/// numerically; strings, arrays and maps by content; user boxes and other boxes by identity.
pub fn equals(a: &Value, b: &Value) -> bool {
    equality::equals(a, b)
}

/// Truthiness (SPEC §4): `false`, `null`, `0`, `0.0` and `""` are false; all else is true.
pub fn truthy(v: &Value) -> bool {
    equality::truthy(v)
}

/// Shortest round-trip float formatting with a trailing `.0` removed (SPEC §6).
pub fn format_float(f: f64) -> String {
    display::format_float(f)
}

#[cfg(test)]
mod tests {
    use super::test_host::{i, message, s, TestHost};
    use super::*;

    #[test]
    fn aliases_resolve_to_methods_of_the_right_box() {
        for (kind, name) in [
            (BuiltinBox::String, "charAt"),
            (BuiltinBox::String, "toUpperCase"),
            (BuiltinBox::Array, "size"),
            (BuiltinBox::Map, "containsKey"),
            (BuiltinBox::Map, "remove"),
            (BuiltinBox::Random, "next"),
            (BuiltinBox::Random, "int"),
            (BuiltinBox::Null, "toString"),
        ] {
            let method = lookup_method(kind, name);
            assert_eq!(method.map(BuiltinMethod::name), Some(name), "{name}");
        }
        assert_eq!(lookup_method(BuiltinBox::Null, "length"), None);
        assert_eq!(lookup_method(BuiltinBox::Integer, "length"), None);
        assert_eq!(lookup_method(BuiltinBox::String, "Length"), None);
    }

    #[test]
    fn every_box_has_the_universal_methods() {
        for kind in BuiltinBox::ALL {
            for name in ["toString", "type", "equals"] {
                assert!(lookup_method(kind, name).is_some(), "{kind:?}.{name}");
            }
        }
    }

    #[test]
    fn method_handles_are_small() {
        assert!(std::mem::size_of::<BuiltinMethod>() <= 2);
    }

    #[test]
    fn a_method_of_another_kind_is_resolved_again_by_name() {
        let mut host = TestHost::new();
        let length = lookup_method(BuiltinBox::String, "length");
        let Some(length) = length else {
            panic!("StringBox.length exists")
        };
        let on_array = call_method(&mut host, &Value::array(vec![i(1)]), length, &[]);
        assert!(matches!(on_array, Ok(Value::Int(1))));
        let on_int = call_method(&mut host, &i(3), length, &[]).map(|_| ());
        assert_eq!(
            on_int.map_err(message),
            Err("unknown method `length` on IntegerBox".to_string())
        );
        let upper = lookup_method(BuiltinBox::String, "toUpper");
        let Some(upper) = upper else {
            panic!("StringBox.toUpper exists")
        };
        let ok = call_method(&mut host, &s("ab"), upper, &[]);
        assert!(matches!(ok, Ok(Value::Str(t)) if t.as_str() == "AB"));
    }
}
