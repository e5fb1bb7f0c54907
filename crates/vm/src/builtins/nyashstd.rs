//! The `nyashstd` namespace functions (SPEC §6, `using nyashstd`):
//! `string.upper(s)` / `string.lower(s)` are `s.toUpper()` / `s.toLower()` (a StringBox
//! argument); `string.create(x)`, `integer.create(x)`, `bool.create(x)` are
//! `new StringBox(x)`, `new IntegerBox(x)`, `new BoolBox(x)` with exactly one argument;
//! `array.create()` is `new ArrayBox()`; `console.log(x...)` is `ConsoleBox.log(x...)`.

use super::args::{Args, Outcome, Who};
use super::console::{write_line, Stream};
use super::Host;
use crate::value::Value;
use nyash_mir::{BuiltinBox, BuiltinFunc};

pub(crate) fn call(host: &mut dyn Host, func: BuiltinFunc, values: &[Value]) -> Outcome {
    let (namespace, name) = func.path();
    let args = Args::new(Who::Func(namespace, name), values);
    match func {
        BuiltinFunc::StringUpper => {
            args.count(1)?;
            Ok(Value::str(args.str(0)?.to_uppercase()))
        }
        BuiltinFunc::StringLower => {
            args.count(1)?;
            Ok(Value::str(args.str(0)?.to_lowercase()))
        }
        BuiltinFunc::StringCreate => create(host, &args, BuiltinBox::String),
        BuiltinFunc::IntegerCreate => create(host, &args, BuiltinBox::Integer),
        BuiltinFunc::BoolCreate => create(host, &args, BuiltinBox::Bool),
        BuiltinFunc::ArrayCreate => {
            args.count(0)?;
            Ok(Value::array(Vec::new()))
        }
        BuiltinFunc::ConsoleLog => write_line(host, Stream::Stdout, values),
    }
}

/// `ns.create(x)`: the constructor of `kind` with one argument, errors naming the function.
fn create(host: &mut dyn Host, args: &Args, kind: BuiltinBox) -> Outcome {
    args.count(1)?;
    if kind == BuiltinBox::Integer && !matches!(args.get(0), Value::Int(_) | Value::Float(_)) {
        return Err(args.wrong_type(0, super::args::NUMBER));
    }
    super::construct::construct(host, kind, args.values)
}

#[cfg(test)]
mod tests {
    use crate::builtins::call_func;
    use crate::builtins::test_host::{f, i, message, s, show, TestHost};
    use crate::value::Value;
    use nyash_mir::BuiltinFunc;

    fn run(host: &mut TestHost, func: BuiltinFunc, args: &[Value]) -> String {
        match call_func(host, func, args) {
            Ok(v) => show(host, &v),
            Err(e) => format!("error: {}", message(e)),
        }
    }

    #[test]
    fn every_function() {
        let mut host = TestHost::new();
        assert_eq!(run(&mut host, BuiltinFunc::StringUpper, &[s("abc")]), "ABC");
        assert_eq!(run(&mut host, BuiltinFunc::StringLower, &[s("AbC")]), "abc");
        assert_eq!(run(&mut host, BuiltinFunc::StringCreate, &[i(5)]), "5");
        assert_eq!(run(&mut host, BuiltinFunc::IntegerCreate, &[f(3.7)]), "3");
        assert_eq!(run(&mut host, BuiltinFunc::BoolCreate, &[s("x")]), "true");
        assert_eq!(run(&mut host, BuiltinFunc::ArrayCreate, &[]), "[]");
        assert_eq!(
            run(&mut host, BuiltinFunc::ConsoleLog, &[s("hi"), i(2)]),
            "null"
        );
        assert_eq!(host.stdout_text(), "hi 2\n");
    }

    #[test]
    fn errors_name_the_function() {
        let mut host = TestHost::new();
        assert_eq!(
            run(&mut host, BuiltinFunc::StringUpper, &[i(1)]),
            "error: string.upper expects a StringBox, got IntegerBox"
        );
        assert_eq!(
            run(&mut host, BuiltinFunc::StringCreate, &[]),
            "error: string.create takes 1 argument, got 0"
        );
        assert_eq!(
            run(&mut host, BuiltinFunc::IntegerCreate, &[s("1")]),
            "error: integer.create expects an IntegerBox or FloatBox, got StringBox"
        );
        assert_eq!(
            run(&mut host, BuiltinFunc::ArrayCreate, &[i(1)]),
            "error: array.create takes 0 arguments, got 1"
        );
    }
}
