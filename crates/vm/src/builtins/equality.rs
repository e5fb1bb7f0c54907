//! Equality (`==`, `equals(x)`), truthiness and the numeric ordering shared by `sort`,
//! `max` and `min` (SPEC §4).
//!
//! - Integers and floats compare by exact mathematical value (`2^53 + 1 != 2^53 as float`);
//!   NaN equals nothing, not even itself.
//! - Arrays and maps compare by content (maps ignore order). Comparing containers that hold
//!   themselves terminates: a pair of containers already being compared is taken as equal, and
//!   below [`MAX_DEPTH`] levels containers compare by identity.
//! - User boxes, errors, futures, results, random and time boxes compare by identity; all
//!   ConsoleBoxes are equal, and so are all MathBoxes (they have no state).

use super::display::MAX_DEPTH;
use crate::value::Value;
use std::cmp::Ordering;
use std::rc::Rc;

pub(crate) fn equals(a: &Value, b: &Value) -> bool {
    Comparison { open: Vec::new() }.equal(a, b)
}

pub(crate) fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Int(n) => *n != 0,
        // NaN is truthy: it is not zero.
        Value::Float(f) => *f != 0.0,
        Value::Str(s) => !s.is_empty(),
        _ => true,
    }
}

struct Comparison {
    /// Pairs of containers being compared, to stop on cycles.
    open: Vec<(*const (), *const ())>,
}

impl Comparison {
    fn equal(&mut self, a: &Value, b: &Value) -> bool {
        match (a, b) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(x), Value::Bool(y)) => x == y,
            (Value::Int(x), Value::Int(y)) => x == y,
            (Value::Float(x), Value::Float(y)) => x == y,
            (Value::Int(i), Value::Float(f)) | (Value::Float(f), Value::Int(i)) => {
                int_equals_float(*i, *f)
            }
            (Value::Str(x), Value::Str(y)) => Rc::ptr_eq(x, y) || x == y,
            (Value::Array(x), Value::Array(y)) => {
                let pair = (Rc::as_ptr(x).cast(), Rc::as_ptr(y).cast());
                self.nested(pair, |me| {
                    let (x, y) = (x.borrow(), y.borrow());
                    x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| me.equal(p, q))
                })
            }
            (Value::Map(x), Value::Map(y)) => {
                let pair = (Rc::as_ptr(x).cast(), Rc::as_ptr(y).cast());
                self.nested(pair, |me| {
                    let (x, y) = (x.borrow(), y.borrow());
                    x.len() == y.len()
                        && x.iter()
                            .all(|(k, v)| y.get(k).is_some_and(|w| me.equal(v, w)))
                })
            }
            (Value::Instance(x), Value::Instance(y)) => Rc::ptr_eq(x, y),
            (Value::Error(x), Value::Error(y)) => Rc::ptr_eq(x, y),
            (Value::Future(x), Value::Future(y)) => Rc::ptr_eq(x, y),
            (Value::Result(x), Value::Result(y)) => Rc::ptr_eq(x, y),
            (Value::Random(x), Value::Random(y)) => Rc::ptr_eq(x, y),
            (Value::Time(x), Value::Time(y)) => Rc::ptr_eq(x, y),
            (Value::Console, Value::Console) | (Value::Math, Value::Math) => true,
            _ => false,
        }
    }

    /// Compares two containers with `contents`, unless they are the same container, already
    /// being compared (a cycle: equal so far), or nested too deeply (identity only).
    fn nested(
        &mut self,
        pair: (*const (), *const ()),
        contents: impl FnOnce(&mut Self) -> bool,
    ) -> bool {
        if pair.0 == pair.1 || self.open.contains(&pair) {
            return true;
        }
        if self.open.len() >= MAX_DEPTH {
            return false;
        }
        self.open.push(pair);
        let equal = contents(self);
        self.open.pop();
        equal
    }
}

fn int_equals_float(i: i64, f: f64) -> bool {
    !f.is_nan() && compare_int_float(i, f) == Ordering::Equal
}

/// Exact order of an integer and a non-NaN float.
fn compare_int_float(i: i64, f: f64) -> Ordering {
    const TWO_63: f64 = 9_223_372_036_854_775_808.0;
    if f >= TWO_63 {
        return Ordering::Less;
    }
    if f < -TWO_63 {
        return Ordering::Greater;
    }
    let whole = f.trunc();
    // In range, so the conversion is exact.
    match i.cmp(&(whole as i64)) {
        Ordering::Equal => 0.0.partial_cmp(&(f - whole)).unwrap_or(Ordering::Equal),
        other => other,
    }
}

/// Total order of two numbers (IntegerBox or FloatBox): by exact value, NaN after every
/// number and equal to NaN. `None` if either is not a number.
pub(crate) fn compare_numbers(a: &Value, b: &Value) -> Option<Ordering> {
    Some(match (a, b) {
        (Value::Int(x), Value::Int(y)) => x.cmp(y),
        (Value::Float(x), Value::Float(y)) => match (x.is_nan(), y.is_nan()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) => x.partial_cmp(y).unwrap_or(Ordering::Equal),
        },
        (Value::Int(i), Value::Float(f)) => {
            if f.is_nan() {
                Ordering::Less
            } else {
                compare_int_float(*i, *f)
            }
        }
        (Value::Float(_), Value::Int(_)) => compare_numbers(b, a)?.reverse(),
        _ => return None,
    })
}

fn is_nan(v: &Value) -> bool {
    matches!(v, Value::Float(f) if f.is_nan())
}

/// `max`/`min` of two numbers: the chosen argument unchanged (`max(1, 0.5)` is the integer
/// `1`); the first on a tie; NaN if either is NaN.
pub(crate) fn pick_number(a: &Value, b: &Value, greater: bool) -> Value {
    if is_nan(a) || is_nan(b) {
        return Value::Float(f64::NAN);
    }
    let order = compare_numbers(a, b).unwrap_or(Ordering::Equal);
    let take_b = if greater {
        order == Ordering::Less
    } else {
        order == Ordering::Greater
    };
    if take_b {
        b.clone()
    } else {
        a.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::test_host::{f, i, s};

    #[test]
    fn numbers_compare_across_kinds() {
        assert!(equals(&i(1), &f(1.0)));
        assert!(equals(&f(1.0), &i(1)));
        assert!(!equals(&i(1), &f(1.5)));
        assert!(!equals(&f(f64::NAN), &f(f64::NAN)));
        assert!(equals(&f(0.0), &f(-0.0)));
        // 2^53 + 1 is not the float 2^53.
        assert!(!equals(
            &i(9_007_199_254_740_993),
            &f(9_007_199_254_740_992.0)
        ));
        assert!(!equals(&i(i64::MAX), &f(9_223_372_036_854_775_808.0)));
        assert!(equals(&i(i64::MIN), &f(-9_223_372_036_854_775_808.0)));
    }

    #[test]
    fn different_kinds_are_unequal() {
        assert!(!equals(&i(1), &s("1")));
        assert!(!equals(&Value::Null, &Value::Bool(false)));
        assert!(!equals(&Value::Bool(true), &i(1)));
        assert!(equals(&Value::Null, &Value::Null));
        assert!(equals(&s("ab"), &s("ab")));
        assert!(equals(&Value::Console, &Value::Console));
    }

    #[test]
    fn containers_compare_by_content() {
        let a = Value::array(vec![i(1), Value::array(vec![s("x")])]);
        let b = Value::array(vec![f(1.0), Value::array(vec![s("x")])]);
        let c = Value::array(vec![i(1)]);
        assert!(equals(&a, &b));
        assert!(!equals(&a, &c));
    }

    #[test]
    fn cyclic_arrays_compare_without_overflow() {
        let a = Value::array(vec![i(1)]);
        let b = Value::array(vec![i(1)]);
        for v in [&a, &b] {
            if let Value::Array(items) = v {
                items.borrow_mut().push(v.clone());
            }
        }
        assert!(equals(&a, &b));
        assert!(equals(&a, &a));
        for v in [&a, &b] {
            if let Value::Array(items) = v {
                items.borrow_mut().clear();
            }
        }
    }

    #[test]
    fn truthiness_follows_spec() {
        assert!(!truthy(&Value::Null));
        assert!(!truthy(&Value::Bool(false)));
        assert!(!truthy(&i(0)));
        assert!(!truthy(&f(0.0)));
        assert!(!truthy(&f(-0.0)));
        assert!(!truthy(&s("")));
        assert!(truthy(&f(f64::NAN)));
        assert!(truthy(&s("0")));
        assert!(truthy(&Value::array(vec![])));
        assert!(truthy(&i(-1)));
    }

    #[test]
    fn numeric_order_is_total() {
        assert_eq!(compare_numbers(&i(1), &f(1.5)), Some(Ordering::Less));
        assert_eq!(compare_numbers(&f(1.5), &i(1)), Some(Ordering::Greater));
        assert_eq!(compare_numbers(&f(-0.5), &i(0)), Some(Ordering::Less));
        assert_eq!(
            compare_numbers(&f(f64::NAN), &i(5)),
            Some(Ordering::Greater)
        );
        assert_eq!(compare_numbers(&i(1), &s("a")), None);
    }

    #[test]
    fn pick_keeps_the_chosen_kind() {
        assert!(matches!(pick_number(&i(1), &f(0.5), true), Value::Int(1)));
        assert!(matches!(pick_number(&i(1), &f(0.5), false), Value::Float(x) if x == 0.5));
        assert!(matches!(pick_number(&i(2), &f(2.0), true), Value::Int(2)));
        assert!(matches!(pick_number(&i(2), &f(f64::NAN), true), Value::Float(x) if x.is_nan()));
    }
}
