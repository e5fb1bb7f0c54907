//! Runtime values of the VM (SPEC §6: every value is a box).
//!
//! Integers, floats, booleans and null are stored inline; strings, arrays, maps and user boxes
//! are reference-counted (`Rc`), which is how `fini` and `weak` (SPEC §5) are implemented.

use indexmap::IndexMap;
use nyash_diagnostics::Span;
use nyash_mir::BuiltinBox;
use rustc_hash::FxBuildHasher;
use std::cell::RefCell;
use std::rc::Rc;

use crate::instance::Instance;

/// The contents of a MapBox: insertion-ordered (SPEC §6).
pub type MapData = IndexMap<MapKey, Value, FxBuildHasher>;

#[derive(Clone, Default)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// Strings are immutable to Nyash code; the VM may append in place when it holds the only
    /// reference (`s = s + x` in a loop).
    Str(Rc<String>),
    Array(Rc<RefCell<Vec<Value>>>),
    Map(Rc<RefCell<MapData>>),
    /// An instance of a user-defined box (including static box singletons).
    Instance(Rc<Instance>),
    Error(Rc<ErrorData>),
    Future(Rc<FutureData>),
    Result(Rc<ResultData>),
    Random(Rc<RefCell<RandomState>>),
    Time(Rc<TimeData>),
    Console,
    Math,
}

impl Value {
    pub fn str(s: impl Into<String>) -> Value {
        Value::Str(Rc::new(s.into()))
    }

    pub fn array(items: Vec<Value>) -> Value {
        Value::Array(Rc::new(RefCell::new(items)))
    }

    /// The built-in box this value is, or `None` for a user box instance.
    pub fn builtin_kind(&self) -> Option<BuiltinBox> {
        Some(match self {
            Value::Null => BuiltinBox::Null,
            Value::Bool(_) => BuiltinBox::Bool,
            Value::Int(_) => BuiltinBox::Integer,
            Value::Float(_) => BuiltinBox::Float,
            Value::Str(_) => BuiltinBox::String,
            Value::Array(_) => BuiltinBox::Array,
            Value::Map(_) => BuiltinBox::Map,
            Value::Instance(_) => return None,
            Value::Error(_) => BuiltinBox::Error,
            Value::Future(_) => BuiltinBox::Future,
            Value::Result(_) => BuiltinBox::Result,
            Value::Random(_) => BuiltinBox::Random,
            Value::Time(_) => BuiltinBox::Time,
            Value::Console => BuiltinBox::Console,
            Value::Math => BuiltinBox::Math,
        })
    }
}

/// A MapBox key: strings and integers (SPEC §6).
#[derive(Clone, PartialEq, Eq)]
pub enum MapKey {
    Int(i64),
    Str(Rc<String>),
}

// Hashed by hand so that [`StrKey`] hashes a borrowed string the same way.
impl std::hash::Hash for MapKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        match self {
            MapKey::Int(n) => {
                state.write_u8(0);
                n.hash(state);
            }
            MapKey::Str(s) => StrKey(s).hash(state),
        }
    }
}

/// A string key looked up without making a [`MapKey`] (no reference count traffic).
#[derive(Clone, Copy)]
pub struct StrKey<'a>(pub &'a str);

impl std::hash::Hash for StrKey<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u8(1);
        self.0.hash(state);
    }
}

impl indexmap::Equivalent<MapKey> for StrKey<'_> {
    fn equivalent(&self, key: &MapKey) -> bool {
        matches!(key, MapKey::Str(s) if s.as_str() == self.0)
    }
}

/// A Nyash error (the ErrorBox): what went wrong, where, and the call stack at that point.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorData {
    pub message: String,
    /// Where the error was raised.
    pub span: Span,
    /// The function it was raised in (`Main.compute`).
    pub function: String,
    /// The callers, innermost first, as the error unwound through them.
    pub stack: Vec<CallSite>,
}

/// One caller in an error's stack: `called from Main.main (app.nyash:4:9)`.
#[derive(Clone, Debug, PartialEq)]
pub struct CallSite {
    pub function: String,
    pub span: Span,
}

/// The result of `nowait`: the value, or the error the expression raised.
pub struct FutureData {
    pub result: Result<Value, Rc<ErrorData>>,
}

pub enum ResultData {
    Ok(Value),
    Err(Value),
}

/// The generator behind RandomBox; its algorithm is documented in docs/LANGUAGE.md so every
/// backend produces the same numbers after `seed(n)`.
pub struct RandomState {
    pub state: u64,
}

pub struct TimeData {
    /// Milliseconds since the epoch when the TimeBox was created.
    pub created_ms: f64,
}

/// How a runtime operation fails.
pub enum Raise {
    /// A new runtime error with this message, raised at the current instruction.
    Message(String),
    /// An error already raised elsewhere (e.g. inside a user `toString()`), propagating.
    Thrown(Box<ErrorData>),
}

impl From<String> for Raise {
    fn from(message: String) -> Self {
        Raise::Message(message)
    }
}

impl From<&str> for Raise {
    fn from(message: &str) -> Self {
        Raise::Message(message.to_string())
    }
}
