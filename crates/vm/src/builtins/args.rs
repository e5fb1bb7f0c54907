//! Argument checking for built-in methods, constructors and `nyashstd` functions, and the
//! exact text of their errors (listed in docs/LANGUAGE.md):
//!
//! - `StringBox.substring takes 2 arguments, got 3` (also `takes 1 or 2 arguments`)
//! - `no constructor of IntegerBox takes 2 arguments` (the text SPEC §5 uses for user boxes)
//! - `ArrayBox.get expects an IntegerBox, got StringBox`
//!
//! A wrong-type error names the offending value's type, which for a user box only the VM
//! knows; so checks return a [`Fail`] that becomes a [`Raise`] once the host is at hand.

use super::Host;
use crate::value::{Raise, Value};
use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

/// Who is being called, as error messages name it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Who {
    /// `StringBox.substring`
    Method(&'static str, &'static str),
    /// `new IntegerBox(...)`
    Ctor(&'static str),
    /// `string.upper` (a `nyashstd` function)
    Func(&'static str, &'static str),
}

impl fmt::Display for Who {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Who::Method(owner, name) | Who::Func(owner, name) => write!(f, "{owner}.{name}"),
            Who::Ctor(kind) => write!(f, "new {kind}"),
        }
    }
}

/// How a built-in operation fails before the host has named the types involved.
pub(crate) enum Fail {
    Raise(Raise),
    /// `{who} expects {expected}, got {type of got}`.
    WrongType {
        who: Who,
        expected: &'static str,
        got: Value,
    },
}

impl Fail {
    pub(crate) fn into_raise(self, host: &dyn Host) -> Raise {
        match self {
            Fail::Raise(raise) => raise,
            Fail::WrongType { who, expected, got } => Raise::Message(format!(
                "{who} expects {expected}, got {}",
                host.type_name(&got)
            )),
        }
    }
}

impl From<Raise> for Fail {
    fn from(raise: Raise) -> Self {
        Fail::Raise(raise)
    }
}

impl From<String> for Fail {
    fn from(message: String) -> Self {
        Fail::Raise(Raise::Message(message))
    }
}

/// What a built-in operation returns.
pub(crate) type Outcome = Result<Value, Fail>;

/// `"1 argument"`, `"2 arguments"`.
pub(crate) fn plural_args(n: usize) -> String {
    if n == 1 {
        "1 argument".to_string()
    } else {
        format!("{n} arguments")
    }
}

/// The arguments of one call, with the checks that name the callee in their errors.
pub(crate) struct Args<'a> {
    pub who: Who,
    pub values: &'a [Value],
    /// What a missing optional argument reads as.
    null: Value,
}

impl<'a> Args<'a> {
    pub(crate) fn new(who: Who, values: &'a [Value]) -> Self {
        Args {
            who,
            values,
            null: Value::Null,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.values.len()
    }

    /// Exactly `n` arguments.
    pub(crate) fn count(&self, n: usize) -> Result<(), Fail> {
        self.count_between(n, n)
    }

    /// Between `min` and `max` arguments (inclusive).
    pub(crate) fn count_between(&self, min: usize, max: usize) -> Result<(), Fail> {
        let got = self.values.len();
        if (min..=max).contains(&got) {
            return Ok(());
        }
        let message = match self.who {
            Who::Ctor(kind) => format!("no constructor of {kind} takes {}", plural_args(got)),
            _ if min == max => format!("{} takes {}, got {got}", self.who, plural_args(min)),
            _ if max == min + 1 => {
                format!("{} takes {min} or {max} arguments, got {got}", self.who)
            }
            _ => format!("{} takes {min} to {max} arguments, got {got}", self.who),
        };
        Err(Fail::from(message))
    }

    /// Argument `i`, or null when absent (optional arguments).
    pub(crate) fn get(&self, i: usize) -> &Value {
        self.values.get(i).unwrap_or(&self.null)
    }

    pub(crate) fn wrong_type(&self, i: usize, expected: &'static str) -> Fail {
        Fail::WrongType {
            who: self.who,
            expected,
            got: self.get(i).clone(),
        }
    }

    pub(crate) fn int(&self, i: usize) -> Result<i64, Fail> {
        match self.get(i) {
            Value::Int(n) => Ok(*n),
            _ => Err(self.wrong_type(i, "an IntegerBox")),
        }
    }

    /// An IntegerBox or FloatBox argument, as a float.
    pub(crate) fn number(&self, i: usize) -> Result<f64, Fail> {
        match self.get(i) {
            Value::Int(n) => Ok(*n as f64),
            Value::Float(f) => Ok(*f),
            _ => Err(self.wrong_type(i, NUMBER)),
        }
    }

    /// An IntegerBox or FloatBox argument, kept as it is.
    pub(crate) fn numeric(&self, i: usize) -> Result<&Value, Fail> {
        match self.get(i) {
            v @ (Value::Int(_) | Value::Float(_)) => Ok(v),
            _ => Err(self.wrong_type(i, NUMBER)),
        }
    }

    pub(crate) fn str(&self, i: usize) -> Result<&Rc<String>, Fail> {
        match self.get(i) {
            Value::Str(s) => Ok(s),
            _ => Err(self.wrong_type(i, "a StringBox")),
        }
    }

    pub(crate) fn array(&self, i: usize) -> Result<&Rc<RefCell<Vec<Value>>>, Fail> {
        match self.get(i) {
            Value::Array(a) => Ok(a),
            _ => Err(self.wrong_type(i, "an ArrayBox")),
        }
    }

    pub(crate) fn boolean(&self, i: usize) -> Result<bool, Fail> {
        match self.get(i) {
            Value::Bool(b) => Ok(*b),
            _ => Err(self.wrong_type(i, "a BoolBox")),
        }
    }
}

/// The `expected` text of numeric arguments.
pub(crate) const NUMBER: &str = "an IntegerBox or FloatBox";

/// Clamps a Nyash index into `0..=len` (negative → 0, past the end → `len`).
pub(crate) fn clamp_index(i: i64, len: usize) -> usize {
    if i <= 0 {
        0
    } else {
        usize::try_from(i).map_or(len, |i| i.min(len))
    }
}

/// A Nyash index that must lie in `0..len`, or `None`.
pub(crate) fn index_in(i: i64, len: usize) -> Option<usize> {
    usize::try_from(i).ok().filter(|&i| i < len)
}
