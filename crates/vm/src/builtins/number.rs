//! IntegerBox and FloatBox methods (SPEC §6).
//!
//! Integer arithmetic wraps like the operators do (`abs` of the minimum, `pow` overflow);
//! float → integer conversions (`floor`, `ceil`, `round`, `toInteger`) saturate at the integer
//! range and turn NaN into 0; `round` rounds halves away from zero. Transcendental functions
//! come from the `libm` crate, like MathBox's (see `math.rs`).

use super::args::{Args, Outcome, Who};
use super::equality::pick_number;
use crate::value::Value;

methods! {
    /// The methods of IntegerBox.
    IntegerMethod {
        Abs = "abs",
        Max = "max",
        Min = "min",
        Pow = "pow",
        ToFloat = "toFloat",
        IsEven = "isEven",
        IsOdd = "isOdd",
    }
}

methods! {
    /// The methods of FloatBox.
    FloatMethod {
        Abs = "abs",
        Floor = "floor",
        Ceil = "ceil",
        Round = "round",
        ToInteger = "toInteger",
        Max = "max",
        Min = "min",
        Pow = "pow",
        Sqrt = "sqrt",
        Sin = "sin",
        Cos = "cos",
        Tan = "tan",
        Log = "log",
        Exp = "exp",
        IsNaN = "isNaN",
        IsInfinite = "isInfinite",
        IsFinite = "isFinite",
    }
}

pub(crate) fn call_integer(n: i64, method: IntegerMethod, values: &[Value]) -> Outcome {
    use IntegerMethod as M;
    let args = Args::new(Who::Method("IntegerBox", method.name()), values);
    match method {
        M::Abs => {
            args.count(0)?;
            Ok(Value::Int(n.wrapping_abs()))
        }
        M::Max | M::Min => {
            args.count(1)?;
            let other = args.numeric(0)?;
            Ok(pick_number(&Value::Int(n), other, method == M::Max))
        }
        M::Pow => {
            args.count(1)?;
            Ok(match args.numeric(0)? {
                Value::Int(e) if *e >= 0 => Value::Int(wrapping_pow(n, e.unsigned_abs())),
                other => Value::Float(libm::pow(n as f64, as_float(other))),
            })
        }
        M::ToFloat => {
            args.count(0)?;
            Ok(Value::Float(n as f64))
        }
        M::IsEven => {
            args.count(0)?;
            Ok(Value::Bool(n & 1 == 0))
        }
        M::IsOdd => {
            args.count(0)?;
            Ok(Value::Bool(n & 1 == 1))
        }
    }
}

pub(crate) fn call_float(x: f64, method: FloatMethod, values: &[Value]) -> Outcome {
    use FloatMethod as M;
    let args = Args::new(Who::Method("FloatBox", method.name()), values);
    let unary = |op: fn(f64) -> f64| -> Outcome {
        args.count(0)?;
        Ok(Value::Float(op(x)))
    };
    match method {
        M::Abs => unary(f64::abs),
        M::Floor => to_integer(&args, x.floor()),
        M::Ceil => to_integer(&args, x.ceil()),
        M::Round => to_integer(&args, x.round()),
        M::ToInteger => to_integer(&args, x.trunc()),
        M::Max | M::Min => {
            args.count(1)?;
            let other = args.numeric(0)?;
            Ok(pick_number(&Value::Float(x), other, method == M::Max))
        }
        M::Pow => {
            args.count(1)?;
            Ok(Value::Float(libm::pow(x, args.number(0)?)))
        }
        M::Sqrt => unary(f64::sqrt),
        M::Sin => unary(libm::sin),
        M::Cos => unary(libm::cos),
        M::Tan => unary(libm::tan),
        M::Log => unary(libm::log),
        M::Exp => unary(libm::exp),
        M::IsNaN => {
            args.count(0)?;
            Ok(Value::Bool(x.is_nan()))
        }
        M::IsInfinite => {
            args.count(0)?;
            Ok(Value::Bool(x.is_infinite()))
        }
        M::IsFinite => {
            args.count(0)?;
            Ok(Value::Bool(x.is_finite()))
        }
    }
}

fn to_integer(args: &Args, whole: f64) -> Outcome {
    args.count(0)?;
    Ok(Value::Int(saturating_int(whole)))
}

/// A float as an integer: saturating at the `i64` range, NaN → 0 (Rust `as`, wasm
/// `i64.trunc_sat_f64_s`).
pub(crate) fn saturating_int(x: f64) -> i64 {
    x as i64
}

/// An IntegerBox or FloatBox as a float.
pub(crate) fn as_float(v: &Value) -> f64 {
    match v {
        Value::Int(n) => *n as f64,
        Value::Float(f) => *f,
        _ => f64::NAN,
    }
}

/// `base ^ exp` wrapping around like `*` (square and multiply).
pub(crate) fn wrapping_pow(base: i64, mut exp: u64) -> i64 {
    let mut result: i64 = 1;
    let mut square = base;
    while exp > 0 {
        if exp & 1 == 1 {
            result = result.wrapping_mul(square);
        }
        square = square.wrapping_mul(square);
        exp >>= 1;
    }
    result
}

#[cfg(test)]
mod tests {
    use crate::builtins::test_host::{call_show, f, i, s, TestHost};
    use crate::value::Value;

    fn run(recv: Value, name: &str, args: &[Value]) -> String {
        call_show(&mut TestHost::new(), &recv, name, args)
    }

    #[test]
    fn integer_methods() {
        assert_eq!(run(i(-5), "abs", &[]), "5");
        assert_eq!(run(i(i64::MIN), "abs", &[]), i64::MIN.to_string());
        assert_eq!(run(i(3), "max", &[i(7)]), "7");
        assert_eq!(run(i(3), "max", &[f(2.5)]), "3");
        assert_eq!(run(i(3), "min", &[f(2.5)]), "2.5");
        assert_eq!(run(i(3), "min", &[i(3)]), "3");
        assert_eq!(run(i(4), "toFloat", &[]), "4");
        assert_eq!(run(i(4), "isEven", &[]), "true");
        assert_eq!(run(i(-3), "isEven", &[]), "false");
        assert_eq!(run(i(-3), "isOdd", &[]), "true");
        assert_eq!(run(i(0), "isOdd", &[]), "false");
        assert_eq!(
            run(i(1), "max", &[s("a")]),
            "error: IntegerBox.max expects an IntegerBox or FloatBox, got StringBox"
        );
    }

    #[test]
    fn integer_pow() {
        assert_eq!(run(i(2), "pow", &[i(10)]), "1024");
        assert_eq!(run(i(2), "pow", &[i(0)]), "1");
        assert_eq!(run(i(-3), "pow", &[i(3)]), "-27");
        assert_eq!(run(i(2), "pow", &[i(64)]), "0");
        assert_eq!(
            run(i(3), "pow", &[i(i64::MAX)]),
            crate::builtins::number::wrapping_pow(3, i64::MAX as u64).to_string()
        );
        assert_eq!(run(i(2), "pow", &[i(-1)]), "0.5");
        assert_eq!(run(i(4), "pow", &[f(0.5)]), "2");
        assert!(matches!(
            crate::builtins::test_host::call(&mut TestHost::new(), &i(2), "pow", &[i(-2)]),
            Ok(Value::Float(x)) if x == 0.25
        ));
    }

    #[test]
    fn float_rounding_returns_integers() {
        assert_eq!(run(f(2.5), "round", &[]), "3");
        assert_eq!(run(f(-2.5), "round", &[]), "-3");
        assert_eq!(run(f(2.4), "round", &[]), "2");
        assert_eq!(run(f(-1.5), "floor", &[]), "-2");
        assert_eq!(run(f(-1.5), "ceil", &[]), "-1");
        assert_eq!(run(f(-1.9), "toInteger", &[]), "-1");
        assert_eq!(run(f(1e300), "toInteger", &[]), i64::MAX.to_string());
        assert_eq!(
            run(f(f64::NEG_INFINITY), "floor", &[]),
            i64::MIN.to_string()
        );
        assert_eq!(run(f(f64::NAN), "round", &[]), "0");
        assert!(matches!(
            crate::builtins::test_host::call(&mut TestHost::new(), &f(2.7), "floor", &[]),
            Ok(Value::Int(2))
        ));
    }

    #[test]
    fn float_math() {
        assert_eq!(run(f(-2.5), "abs", &[]), "2.5");
        assert_eq!(run(f(9.0), "sqrt", &[]), "3");
        assert_eq!(run(f(2.0), "pow", &[i(3)]), "8");
        assert_eq!(run(f(0.0), "sin", &[]), "0");
        assert_eq!(run(f(0.0), "cos", &[]), "1");
        assert_eq!(run(f(0.0), "tan", &[]), "0");
        assert_eq!(run(f(1.0), "log", &[]), "0");
        assert_eq!(run(f(0.0), "exp", &[]), "1");
        // musl's exp (the `libm` crate), not the platform's: 1 ulp above std's `E`.
        assert_eq!(run(f(1.0), "exp", &[]), "2.7182818284590455");
        assert_eq!(run(f(1e22), "sin", &[]), "-0.8522008497671888");
        assert_eq!(run(f(-1.0), "sqrt", &[]), "NaN");
        assert_eq!(run(f(1.5), "max", &[i(2)]), "2");
        assert_eq!(run(f(1.5), "min", &[i(2)]), "1.5");
        assert_eq!(run(f(1.5), "max", &[f(f64::NAN)]), "NaN");
    }

    #[test]
    fn float_predicates() {
        assert_eq!(run(f(f64::NAN), "isNaN", &[]), "true");
        assert_eq!(run(f(1.0), "isNaN", &[]), "false");
        assert_eq!(run(f(f64::INFINITY), "isInfinite", &[]), "true");
        assert_eq!(run(f(f64::INFINITY), "isFinite", &[]), "false");
        assert_eq!(run(f(1.0), "isFinite", &[]), "true");
    }

    #[test]
    fn universal_methods() {
        assert_eq!(run(i(5), "toString", &[]), "5");
        assert_eq!(run(i(5), "type", &[]), "IntegerBox");
        assert_eq!(run(f(5.0), "type", &[]), "FloatBox");
        assert_eq!(run(f(5.0), "equals", &[i(5)]), "true");
        assert_eq!(run(f(0.5), "toString", &[]), "0.5");
        assert_eq!(
            run(f(0.5), "sqrt", &[i(1)]),
            "error: FloatBox.sqrt takes 0 arguments, got 1"
        );
    }
}
