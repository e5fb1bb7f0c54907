//! MathBox methods (SPEC §6). Every argument may be an IntegerBox or a FloatBox. Results are
//! FloatBoxes, except: `abs` keeps its argument's kind (integers wrap at the minimum), `min`
//! and `max` return the chosen argument unchanged, and `floor`, `ceil`, `round` return
//! IntegerBoxes (saturating; NaN gives 0; `round` takes halves away from zero).
//! `exp log pow sin cos tan atan atan2` are the `libm` crate's (musl's algorithms), so the
//! results are the same bits on every platform and in the wasm runtime (`libm.wat`).

use super::args::{Args, Outcome, Who};
use super::equality::pick_number;
use super::number::saturating_int;
use crate::value::Value;

methods! {
    /// The methods of MathBox.
    MathMethod {
        Abs = "abs",
        Sqrt = "sqrt",
        Pow = "pow",
        Sin = "sin",
        Cos = "cos",
        Tan = "tan",
        Atan = "atan",
        Atan2 = "atan2",
        Log = "log",
        Exp = "exp",
        Floor = "floor",
        Ceil = "ceil",
        Round = "round",
        Min = "min",
        Max = "max",
        GetPi = "getPi",
        GetE = "getE",
    }
}

pub(crate) fn call(method: MathMethod, values: &[Value]) -> Outcome {
    use MathMethod as M;
    let args = Args::new(Who::Method("MathBox", method.name()), values);
    let unary = |op: fn(f64) -> f64| -> Outcome {
        args.count(1)?;
        Ok(Value::Float(op(args.number(0)?)))
    };
    let rounding = |op: fn(f64) -> f64| -> Outcome {
        args.count(1)?;
        Ok(match args.numeric(0)? {
            Value::Int(n) => Value::Int(*n),
            other => Value::Int(saturating_int(op(super::number::as_float(other)))),
        })
    };
    match method {
        M::Abs => {
            args.count(1)?;
            Ok(match args.numeric(0)? {
                Value::Int(n) => Value::Int(n.wrapping_abs()),
                other => Value::Float(super::number::as_float(other).abs()),
            })
        }
        M::Sqrt => unary(f64::sqrt),
        M::Pow => {
            args.count(2)?;
            Ok(Value::Float(libm::pow(args.number(0)?, args.number(1)?)))
        }
        M::Sin => unary(libm::sin),
        M::Cos => unary(libm::cos),
        M::Tan => unary(libm::tan),
        M::Atan => unary(libm::atan),
        M::Atan2 => {
            args.count(2)?;
            Ok(Value::Float(libm::atan2(args.number(0)?, args.number(1)?)))
        }
        M::Log => unary(libm::log),
        M::Exp => unary(libm::exp),
        M::Floor => rounding(f64::floor),
        M::Ceil => rounding(f64::ceil),
        M::Round => rounding(f64::round),
        M::Min | M::Max => {
            args.count(2)?;
            let (a, b) = (args.numeric(0)?, args.numeric(1)?);
            Ok(pick_number(a, b, method == M::Max))
        }
        M::GetPi => {
            args.count(0)?;
            Ok(Value::Float(std::f64::consts::PI))
        }
        M::GetE => {
            args.count(0)?;
            Ok(Value::Float(std::f64::consts::E))
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::builtins::test_host::{call, call_show, f, i, s, TestHost};
    use crate::value::Value;

    fn run(name: &str, args: &[Value]) -> String {
        call_show(&mut TestHost::new(), &Value::Math, name, args)
    }

    #[test]
    fn float_results() {
        assert_eq!(run("sqrt", &[i(16)]), "4");
        assert_eq!(run("sqrt", &[f(2.25)]), "1.5");
        assert_eq!(run("pow", &[i(2), i(10)]), "1024");
        assert_eq!(
            run("pow", &[f(2.0), f(0.5)]),
            libm::pow(2.0, 0.5).to_string()
        );
        assert_eq!(run("sin", &[i(0)]), "0");
        assert_eq!(run("cos", &[i(0)]), "1");
        assert_eq!(run("tan", &[i(0)]), "0");
        assert_eq!(
            run("atan", &[i(1)]),
            (std::f64::consts::PI / 4.0).to_string()
        );
        assert_eq!(
            run("atan2", &[i(1), i(1)]),
            (std::f64::consts::PI / 4.0).to_string()
        );
        assert_eq!(run("log", &[i(1)]), "0");
        assert_eq!(run("exp", &[i(0)]), "1");
        assert_eq!(run("getPi", &[]), "3.141592653589793");
        assert_eq!(run("getE", &[]), "2.718281828459045");
        assert!(matches!(
            call(&mut TestHost::new(), &Value::Math, "pow", &[i(2), i(2)]),
            Ok(Value::Float(x)) if x == 4.0
        ));
    }

    #[test]
    fn kind_keeping_results() {
        assert!(matches!(
            call(&mut TestHost::new(), &Value::Math, "abs", &[i(-3)]),
            Ok(Value::Int(3))
        ));
        assert_eq!(run("abs", &[f(-2.5)]), "2.5");
        assert_eq!(run("abs", &[i(i64::MIN)]), i64::MIN.to_string());
        assert!(matches!(
            call(&mut TestHost::new(), &Value::Math, "floor", &[f(2.7)]),
            Ok(Value::Int(2))
        ));
        assert_eq!(run("floor", &[i(5)]), "5");
        assert_eq!(run("ceil", &[f(2.1)]), "3");
        assert_eq!(run("round", &[f(-2.5)]), "-3");
        assert_eq!(run("round", &[f(f64::NAN)]), "0");
        assert_eq!(run("min", &[i(3), f(2.5)]), "2.5");
        assert_eq!(run("max", &[i(3), f(2.5)]), "3");
        assert_eq!(run("max", &[i(3), i(3)]), "3");
    }

    #[test]
    fn argument_errors() {
        assert_eq!(
            run("sqrt", &[s("4")]),
            "error: MathBox.sqrt expects an IntegerBox or FloatBox, got StringBox"
        );
        assert_eq!(
            run("pow", &[i(2)]),
            "error: MathBox.pow takes 2 arguments, got 1"
        );
        assert_eq!(
            run("getPi", &[i(2)]),
            "error: MathBox.getPi takes 0 arguments, got 1"
        );
    }

    #[test]
    fn universal_methods() {
        assert_eq!(run("toString", &[]), "<MathBox>");
        assert_eq!(run("type", &[]), "MathBox");
    }
}
