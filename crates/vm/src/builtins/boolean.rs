//! BoolBox methods (SPEC §6): `not()`, `and(x)`, `or(x)`. The argument of `and`/`or` may be
//! any value; its truthiness is used, and the result is always a BoolBox.

use super::args::{Args, Outcome, Who};
use super::equality::truthy;
use crate::value::Value;

methods! {
    /// The methods of BoolBox.
    BoolMethod {
        Not = "not",
        And = "and",
        Or = "or",
    }
}

pub(crate) fn call(b: bool, method: BoolMethod, values: &[Value]) -> Outcome {
    let args = Args::new(Who::Method("BoolBox", method.name()), values);
    match method {
        BoolMethod::Not => {
            args.count(0)?;
            Ok(Value::Bool(!b))
        }
        BoolMethod::And => {
            args.count(1)?;
            Ok(Value::Bool(b && truthy(args.get(0))))
        }
        BoolMethod::Or => {
            args.count(1)?;
            Ok(Value::Bool(b || truthy(args.get(0))))
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::builtins::test_host::{call_show, i, s, TestHost};
    use crate::value::Value;

    fn run(recv: bool, name: &str, args: &[Value]) -> String {
        call_show(&mut TestHost::new(), &Value::Bool(recv), name, args)
    }

    #[test]
    fn logic() {
        assert_eq!(run(true, "not", &[]), "false");
        assert_eq!(run(false, "not", &[]), "true");
        assert_eq!(run(true, "and", &[Value::Bool(false)]), "false");
        assert_eq!(run(true, "and", &[i(1)]), "true");
        assert_eq!(run(false, "or", &[s("")]), "false");
        assert_eq!(run(false, "or", &[s("x")]), "true");
        assert_eq!(
            run(true, "and", &[]),
            "error: BoolBox.and takes 1 argument, got 0"
        );
    }

    #[test]
    fn universal_methods() {
        assert_eq!(run(true, "toString", &[]), "true");
        assert_eq!(run(true, "type", &[]), "BoolBox");
        assert_eq!(run(true, "equals", &[Value::Bool(true)]), "true");
        assert_eq!(run(true, "equals", &[i(1)]), "false");
    }

    #[test]
    fn null_has_only_the_universal_methods() {
        let mut host = TestHost::new();
        assert_eq!(call_show(&mut host, &Value::Null, "toString", &[]), "null");
        assert_eq!(call_show(&mut host, &Value::Null, "type", &[]), "NullBox");
        assert_eq!(
            call_show(&mut host, &Value::Null, "equals", &[Value::Null]),
            "true"
        );
        assert_eq!(
            call_show(&mut host, &Value::Null, "length", &[]),
            "error: no method length"
        );
    }
}
