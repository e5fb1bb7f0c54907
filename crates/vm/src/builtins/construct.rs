//! `new Kind(args)` of the built-in boxes (docs/LANGUAGE.md):
//!
//! - `new IntegerBox()` is 0, `new IntegerBox(n)` is `n` (a float is truncated toward zero,
//!   saturating); `new FloatBox()` is 0.0, `new FloatBox(x)` takes an integer or a float;
//!   `new StringBox()` is `""`, `new StringBox(x)` is `x.toString()`; `new BoolBox()` is false,
//!   `new BoolBox(x)` is the truthiness of `x`. These equal the literals.
//! - `new NullBox()`, `new ArrayBox()`, `new MapBox()`, `new ConsoleBox()`, `new MathBox()`,
//!   `new TimeBox()` take no arguments; `new RandomBox()` seeds from the clock,
//!   `new RandomBox(n)` with `n`.
//! - `new ErrorBox()` / `new ErrorBox(x)`: the message is `x.toString()` (empty without x).
//! - `new FutureBox()` / `new FutureBox(v)`: a ready future holding `v` (null without v).
//! - `new ResultBox(v)` is `Ok(v)`, `new ResultBox(v, ok)` is `Ok(v)` if the BoolBox `ok` is
//!   true and `Err(v)` if false; `new ResultBox()` is `Ok(null)`.
//!
//! The wrong number of arguments raises `no constructor of IntegerBox takes 2 arguments`.

use super::args::{Args, Fail, Outcome, NUMBER};
use super::equality::truthy;
use super::number::saturating_int;
use super::{outcome, random, time, Host, Who};
use crate::value::{ResultData, Value};
use nyash_mir::BuiltinBox;

pub(crate) fn construct(host: &mut dyn Host, kind: BuiltinBox, values: &[Value]) -> Outcome {
    let args = Args::new(Who::Ctor(kind.name()), values);
    match kind {
        BuiltinBox::String => {
            args.count_between(0, 1)?;
            match args.get(0) {
                Value::Str(s) => Ok(Value::Str(s.clone())),
                _ if args.len() == 0 => Ok(Value::str("")),
                other => Ok(Value::str(super::display(host, other)?)),
            }
        }
        BuiltinBox::Integer => {
            args.count_between(0, 1)?;
            match args.get(0) {
                Value::Int(n) => Ok(Value::Int(*n)),
                Value::Float(f) => Ok(Value::Int(saturating_int(f.trunc()))),
                _ if args.len() == 0 => Ok(Value::Int(0)),
                _ => Err(args.wrong_type(0, NUMBER)),
            }
        }
        BuiltinBox::Float => {
            args.count_between(0, 1)?;
            if args.len() == 0 {
                return Ok(Value::Float(0.0));
            }
            Ok(Value::Float(args.number(0)?))
        }
        BuiltinBox::Bool => {
            args.count_between(0, 1)?;
            Ok(Value::Bool(args.len() == 1 && truthy(args.get(0))))
        }
        BuiltinBox::Null => no_arguments(&args, Value::Null),
        BuiltinBox::Array => no_arguments(&args, Value::array(Vec::new())),
        BuiltinBox::Map => no_arguments(&args, Value::Map(Default::default())),
        BuiltinBox::Console => no_arguments(&args, Value::Console),
        BuiltinBox::Math => no_arguments(&args, Value::Math),
        BuiltinBox::Time => no_arguments(&args, time::new_time()),
        BuiltinBox::Random => {
            args.count_between(0, 1)?;
            let seed = if args.len() == 1 {
                Some(args.int(0)?)
            } else {
                None
            };
            Ok(random::new_random(seed))
        }
        BuiltinBox::Error => {
            args.count_between(0, 1)?;
            let message = if args.len() == 1 {
                super::display(host, args.get(0))?
            } else {
                String::new()
            };
            Ok(outcome::new_error(message))
        }
        BuiltinBox::Future => {
            args.count_between(0, 1)?;
            Ok(outcome::new_future(args.get(0).clone()))
        }
        BuiltinBox::Result => {
            args.count_between(0, 2)?;
            let ok = args.len() < 2 || args.boolean(1)?;
            let value = args.get(0).clone();
            Ok(outcome::new_result(if ok {
                ResultData::Ok(value)
            } else {
                ResultData::Err(value)
            }))
        }
    }
}

fn no_arguments(args: &Args, value: Value) -> Result<Value, Fail> {
    args.count(0)?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use crate::builtins::test_host::{f, i, message, s, show, TestHost};
    use crate::builtins::{construct, equals};
    use crate::value::Value;
    use nyash_mir::BuiltinBox;

    fn make(kind: BuiltinBox, args: &[Value]) -> String {
        let mut host = TestHost::new();
        match construct(&mut host, kind, args) {
            Ok(v) => format!("{} {}", host.type_name_of(&v), show(&mut host, &v)),
            Err(e) => format!("error: {}", message(e)),
        }
    }

    impl TestHost {
        fn type_name_of(&self, v: &Value) -> String {
            crate::builtins::Host::type_name(self, v)
        }
    }

    #[test]
    fn scalar_boxes_equal_literals() {
        let mut host = TestHost::new();
        let five = construct(&mut host, BuiltinBox::Integer, &[i(5)]).unwrap_or_default();
        assert!(matches!(five, Value::Int(5)));
        assert!(equals(&five, &i(5)));
        assert_eq!(make(BuiltinBox::Integer, &[]), "IntegerBox 0");
        assert_eq!(make(BuiltinBox::Integer, &[f(-2.9)]), "IntegerBox -2");
        assert_eq!(make(BuiltinBox::Float, &[f(2.5)]), "FloatBox 2.5");
        assert_eq!(make(BuiltinBox::Float, &[i(2)]), "FloatBox 2");
        assert_eq!(make(BuiltinBox::Float, &[]), "FloatBox 0");
        assert_eq!(make(BuiltinBox::String, &[s("x")]), "StringBox x");
        assert_eq!(make(BuiltinBox::String, &[i(12)]), "StringBox 12");
        assert_eq!(make(BuiltinBox::String, &[]), "StringBox ");
        assert_eq!(make(BuiltinBox::Bool, &[Value::Bool(true)]), "BoolBox true");
        assert_eq!(make(BuiltinBox::Bool, &[i(0)]), "BoolBox false");
        assert_eq!(make(BuiltinBox::Bool, &[]), "BoolBox false");
        assert_eq!(make(BuiltinBox::Null, &[]), "NullBox null");
    }

    #[test]
    fn constructor_errors() {
        assert_eq!(
            make(BuiltinBox::Integer, &[i(1), i(2)]),
            "error: no constructor of IntegerBox takes 2 arguments"
        );
        assert_eq!(
            make(BuiltinBox::Array, &[i(1)]),
            "error: no constructor of ArrayBox takes 1 argument"
        );
        assert_eq!(
            make(BuiltinBox::Integer, &[s("5")]),
            "error: new IntegerBox expects an IntegerBox or FloatBox, got StringBox"
        );
        assert_eq!(
            make(BuiltinBox::Result, &[i(1), i(1)]),
            "error: new ResultBox expects a BoolBox, got IntegerBox"
        );
    }

    #[test]
    fn other_boxes() {
        assert_eq!(make(BuiltinBox::Array, &[]), "ArrayBox []");
        assert_eq!(make(BuiltinBox::Map, &[]), "MapBox {}");
        assert_eq!(make(BuiltinBox::Console, &[]), "ConsoleBox <ConsoleBox>");
        assert_eq!(make(BuiltinBox::Math, &[]), "MathBox <MathBox>");
        assert_eq!(make(BuiltinBox::Time, &[]), "TimeBox <TimeBox>");
        assert_eq!(make(BuiltinBox::Random, &[]), "RandomBox <RandomBox>");
        assert_eq!(make(BuiltinBox::Random, &[i(3)]), "RandomBox <RandomBox>");
        assert_eq!(
            make(BuiltinBox::Error, &[s("bad")]),
            "ErrorBox ErrorBox(bad)"
        );
        assert_eq!(make(BuiltinBox::Error, &[]), "ErrorBox ErrorBox()");
        assert_eq!(make(BuiltinBox::Future, &[i(4)]), "FutureBox FutureBox(4)");
        assert_eq!(make(BuiltinBox::Result, &[i(4)]), "ResultBox Ok(4)");
        assert_eq!(
            make(BuiltinBox::Result, &[s("e"), Value::Bool(false)]),
            "ResultBox Err(e)"
        );
        assert_eq!(
            make(BuiltinBox::Result, &[s("v"), Value::Bool(true)]),
            "ResultBox Ok(v)"
        );
        assert_eq!(make(BuiltinBox::Result, &[]), "ResultBox Ok(null)");
    }
}
