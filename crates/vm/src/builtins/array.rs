//! ArrayBox methods (SPEC §6).
//!
//! Reads are lenient (`get` out of range is null, `pop` of an empty array is null); writes are
//! strict (`set`, `remove`, `insert` out of range raise `index 5 out of range for ArrayBox of
//! length 3`). Methods that only change the array return null. No `RefCell` borrow is held
//! while user code may run (printing an element) or while a removed value is dropped.

use super::args::{clamp_index, index_in, Args, Fail, Outcome, Who};
use super::equality::{compare_numbers, equals};
use super::Host;
use crate::value::Value;
use std::cell::RefCell;
use std::cmp::Ordering;
use std::rc::Rc;

methods! {
    /// The methods of ArrayBox.
    ArrayMethod {
        Push = "push",
        Pop = "pop",
        Length = "length",
        Size = "size",
        Get = "get",
        Set = "set",
        Remove = "remove",
        Insert = "insert",
        IndexOf = "indexOf",
        Contains = "contains",
        Clear = "clear",
        Join = "join",
        IsEmpty = "isEmpty",
        Sort = "sort",
        Reverse = "reverse",
        Slice = "slice",
    }
}

type Items = Rc<RefCell<Vec<Value>>>;

pub(crate) fn call(
    host: &mut dyn Host,
    items: &Items,
    method: ArrayMethod,
    values: &[Value],
) -> Outcome {
    use ArrayMethod as M;
    let args = Args::new(Who::Method("ArrayBox", method.name()), values);
    match method {
        M::Push => {
            args.count(1)?;
            items.borrow_mut().push(args.get(0).clone());
            Ok(Value::Null)
        }
        M::Pop => {
            args.count(0)?;
            let last = items.borrow_mut().pop();
            Ok(last.unwrap_or(Value::Null))
        }
        M::Length | M::Size => {
            args.count(0)?;
            Ok(Value::Int(items.borrow().len() as i64))
        }
        M::Get => {
            args.count(1)?;
            let index = args.int(0)?;
            let items = items.borrow();
            Ok(index_in(index, items.len())
                .and_then(|i| items.get(i))
                .cloned()
                .unwrap_or(Value::Null))
        }
        M::Set => set(items, &args),
        M::Remove => {
            args.count(1)?;
            let index = args.int(0)?;
            let mut list = items.borrow_mut();
            let i = index_in(index, list.len()).ok_or_else(|| out_of_range(index, list.len()))?;
            Ok(list.remove(i))
        }
        M::Insert => {
            args.count(2)?;
            let index = args.int(0)?;
            let mut list = items.borrow_mut();
            let i =
                index_in(index, list.len() + 1).ok_or_else(|| out_of_range(index, list.len()))?;
            list.insert(i, args.get(1).clone());
            Ok(Value::Null)
        }
        M::IndexOf => {
            args.count(1)?;
            let position = items.borrow().iter().position(|v| equals(v, args.get(0)));
            Ok(Value::Int(position.map_or(-1, |i| i as i64)))
        }
        M::Contains => {
            args.count(1)?;
            let found = items.borrow().iter().any(|v| equals(v, args.get(0)));
            Ok(Value::Bool(found))
        }
        M::Clear => {
            args.count(0)?;
            let old = std::mem::take(&mut *items.borrow_mut());
            drop(old);
            Ok(Value::Null)
        }
        M::Join => join(host, items, &args),
        M::IsEmpty => {
            args.count(0)?;
            Ok(Value::Bool(items.borrow().is_empty()))
        }
        M::Sort => sort(items, &args),
        M::Reverse => {
            args.count(0)?;
            items.borrow_mut().reverse();
            Ok(Value::Null)
        }
        M::Slice => slice(items, &args),
    }
}

pub(crate) fn out_of_range(index: i64, len: usize) -> Fail {
    Fail::from(format!(
        "index {index} out of range for ArrayBox of length {len}"
    ))
}

fn set(items: &Items, args: &Args) -> Outcome {
    args.count(2)?;
    let index = args.int(0)?;
    let old = {
        let mut list = items.borrow_mut();
        let len = list.len();
        let slot = index_in(index, len)
            .and_then(|i| list.get_mut(i))
            .ok_or_else(|| out_of_range(index, len))?;
        std::mem::replace(slot, args.get(1).clone())
    };
    // Dropped after the borrow ends: it may be the last reference to a user box.
    drop(old);
    Ok(Value::Null)
}

/// `join(sep)`: elements by their `toString()`, user boxes through the host.
fn join(host: &mut dyn Host, items: &Items, args: &Args) -> Outcome {
    args.count(1)?;
    let sep = args.str(0)?;
    let mut out = String::new();
    let mut i = 0;
    while let Some(item) = items.borrow().get(i).cloned() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(&super::display(host, &item)?);
        i += 1;
    }
    Ok(Value::str(out))
}

/// `sort()`: numbers by value (integers and floats together, NaN last), strings by bytes,
/// every number before every string; stable. Other elements are an error.
fn sort(items: &Items, args: &Args) -> Outcome {
    args.count(0)?;
    let mut list = items.borrow_mut();
    if let Some(bad) = list
        .iter()
        .find(|v| !matches!(v, Value::Int(_) | Value::Float(_) | Value::Str(_)))
    {
        return Err(Fail::WrongType {
            who: args.who,
            expected: "IntegerBox, FloatBox or StringBox elements",
            got: bad.clone(),
        });
    }
    list.sort_by(sort_order);
    Ok(Value::Null)
}

fn sort_order(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Str(x), Value::Str(y)) => x.as_bytes().cmp(y.as_bytes()),
        (Value::Str(_), _) => Ordering::Greater,
        (_, Value::Str(_)) => Ordering::Less,
        _ => compare_numbers(a, b).unwrap_or(Ordering::Equal),
    }
}

/// `slice(start)` / `slice(start, end)`: a new array; bounds clamped like `substring`.
fn slice(items: &Items, args: &Args) -> Outcome {
    args.count_between(1, 2)?;
    let list = items.borrow();
    let start = clamp_index(args.int(0)?, list.len());
    let end = if args.len() == 2 {
        clamp_index(args.int(1)?, list.len())
    } else {
        list.len()
    };
    let part = list
        .get(start..end)
        .map(<[Value]>::to_vec)
        .unwrap_or_default();
    Ok(Value::array(part))
}

#[cfg(test)]
mod tests {
    use crate::builtins::test_host::{call, call_show, f, i, s, show, TestHost};
    use crate::value::Value;

    fn arr(items: Vec<Value>) -> Value {
        Value::array(items)
    }

    fn run(recv: &Value, name: &str, args: &[Value]) -> String {
        call_show(&mut TestHost::new(), recv, name, args)
    }

    fn text(v: &Value) -> String {
        show(&mut TestHost::new(), v)
    }

    #[test]
    fn push_pop_length() {
        let a = arr(vec![]);
        assert_eq!(run(&a, "push", &[i(1)]), "null");
        assert_eq!(run(&a, "push", &[s("x")]), "null");
        assert_eq!(run(&a, "length", &[]), "2");
        assert_eq!(run(&a, "size", &[]), "2");
        assert_eq!(run(&a, "pop", &[]), "x");
        assert_eq!(run(&a, "pop", &[]), "1");
        assert_eq!(run(&a, "pop", &[]), "null");
        assert_eq!(run(&a, "isEmpty", &[]), "true");
    }

    #[test]
    fn get_is_lenient_and_set_is_strict() {
        let a = arr(vec![i(10), i(20), i(30)]);
        assert_eq!(run(&a, "get", &[i(1)]), "20");
        assert_eq!(run(&a, "get", &[i(3)]), "null");
        assert_eq!(run(&a, "get", &[i(-1)]), "null");
        assert_eq!(
            run(&a, "get", &[s("0")]),
            "error: ArrayBox.get expects an IntegerBox, got StringBox"
        );
        assert_eq!(run(&a, "set", &[i(0), s("a")]), "null");
        assert_eq!(text(&a), "[a, 20, 30]");
        assert_eq!(
            run(&a, "set", &[i(5), i(1)]),
            "error: index 5 out of range for ArrayBox of length 3"
        );
        assert_eq!(
            run(&a, "set", &[i(-1), i(1)]),
            "error: index -1 out of range for ArrayBox of length 3"
        );
        assert_eq!(
            run(&a, "set", &[i(1)]),
            "error: ArrayBox.set takes 2 arguments, got 1"
        );
    }

    #[test]
    fn remove_and_insert() {
        let a = arr(vec![i(1), i(2), i(3)]);
        assert_eq!(run(&a, "remove", &[i(1)]), "2");
        assert_eq!(text(&a), "[1, 3]");
        assert_eq!(
            run(&a, "remove", &[i(2)]),
            "error: index 2 out of range for ArrayBox of length 2"
        );
        assert_eq!(run(&a, "insert", &[i(0), i(0)]), "null");
        assert_eq!(run(&a, "insert", &[i(3), i(9)]), "null");
        assert_eq!(text(&a), "[0, 1, 3, 9]");
        assert_eq!(
            run(&a, "insert", &[i(5), i(9)]),
            "error: index 5 out of range for ArrayBox of length 4"
        );
    }

    #[test]
    fn search_uses_equals() {
        let a = arr(vec![i(1), s("x"), arr(vec![i(2)])]);
        assert_eq!(run(&a, "indexOf", &[f(1.0)]), "0");
        assert_eq!(run(&a, "indexOf", &[arr(vec![i(2)])]), "2");
        assert_eq!(run(&a, "indexOf", &[s("y")]), "-1");
        assert_eq!(run(&a, "contains", &[s("x")]), "true");
        assert_eq!(run(&a, "contains", &[i(5)]), "false");
    }

    #[test]
    fn join_clear_reverse_slice() {
        let a = arr(vec![i(1), f(2.5), s("x"), Value::Null, arr(vec![i(3)])]);
        assert_eq!(run(&a, "join", &[s("-")]), "1-2.5-x-null-[3]");
        assert_eq!(
            run(&a, "join", &[]),
            "error: ArrayBox.join takes 1 argument, got 0"
        );
        assert_eq!(run(&a, "slice", &[i(1), i(3)]), "[2.5, x]");
        assert_eq!(run(&a, "slice", &[i(3)]), "[null, [3]]");
        assert_eq!(run(&a, "slice", &[i(-2), i(99)]), "[1, 2.5, x, null, [3]]");
        assert_eq!(run(&a, "slice", &[i(4), i(1)]), "[]");
        assert_eq!(run(&a, "reverse", &[]), "null");
        assert_eq!(text(&a), "[[3], null, x, 2.5, 1]");
        assert_eq!(run(&a, "clear", &[]), "null");
        assert_eq!(text(&a), "[]");
    }

    #[test]
    fn sort_orders_numbers_then_strings() {
        let a = arr(vec![
            s("b"),
            i(3),
            f(1.5),
            s("B"),
            i(-2),
            s("a"),
            f(f64::NAN),
            i(2),
        ]);
        assert_eq!(run(&a, "sort", &[]), "null");
        assert_eq!(text(&a), "[-2, 1.5, 2, 3, NaN, B, a, b]");
        let bad = arr(vec![i(1), Value::Bool(true)]);
        assert_eq!(
            run(&bad, "sort", &[]),
            "error: ArrayBox.sort expects IntegerBox, FloatBox or StringBox elements, got BoolBox"
        );
    }

    #[test]
    fn universal_methods() {
        let a = arr(vec![i(1), arr(vec![s("x")])]);
        assert_eq!(run(&a, "toString", &[]), "[1, [x]]");
        assert_eq!(run(&a, "type", &[]), "ArrayBox");
        assert_eq!(
            run(&a, "equals", &[arr(vec![i(1), arr(vec![s("x")])])]),
            "true"
        );
        assert!(matches!(
            call(&mut TestHost::new(), &a, "length", &[]),
            Ok(Value::Int(2))
        ));
    }
}
