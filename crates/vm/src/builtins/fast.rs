//! Fast paths for the built-in methods hot loops call most: ArrayBox `get`/`set`/`push`/
//! `length`/`size` and MapBox `get`/`set`/`has`/`containsKey`.
//!
//! The VM tries [`fast_method`] before the generic [`super::call_method`]: it reads the
//! arguments straight from the caller's registers (no argument vector, no `Args` checks, one
//! `RefCell` borrow) and answers only the common, error-free cases. Anything else (wrong
//! argument count or type, an index out of range for `set`) returns `None`, and the generic
//! path runs and produces the same result or error message as always.
//!
//! [`array_call_in_place`] goes one step further for calls the loader hinted
//! ([`MethodHint`]): it also writes the result into the destination register itself, numbers
//! as bare payloads (see `ops::store_scalar`), so `a.get(i)` on an array of numbers moves no
//! whole `Value` through memory.

use super::args::index_in;
use super::array::ArrayMethod;
use super::map::MapMethod;
use super::BuiltinMethod;
use crate::code::{MethodHint, NO_REG};
use crate::ops::{store, Scalar};
use crate::value::{MapKey, Value};

/// `regs[dst] = regs[receiver].method(args)` for a hinted ArrayBox call in its common,
/// error-free case; `false` (nothing done) when the generic path must answer.
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn array_call_in_place(
    regs: &mut [Value],
    hint: MethodHint,
    dst: u32,
    receiver: u32,
    args: &[u32],
) -> bool {
    let Some(Value::Array(items)) = regs.get(receiver as usize) else {
        return false;
    };
    let arg = |i: usize| args.get(i).and_then(|&r| regs.get(r as usize));
    match (hint, args.len()) {
        (MethodHint::ArrayGet, 1) => {
            let Some(&Value::Int(index)) = arg(0) else {
                return false;
            };
            let Ok(items) = items.try_borrow() else {
                return false;
            };
            let Some(item) = index_in(index, items.len()).and_then(|i| items.get(i)) else {
                return false;
            };
            // Numbers are copied out as payloads, anything else cloned; then the borrow of
            // the array ends and the register is written.
            let scalar = Scalar::of(item);
            let other = scalar.is_none().then(|| item.clone());
            drop(items);
            let Some(slot) = regs.get_mut(dst as usize) else {
                return false;
            };
            match (scalar, other) {
                (Some(scalar), _) => scalar.store(slot),
                (None, Some(v)) => store(slot, v),
                (None, None) => {}
            }
            true
        }
        (MethodHint::ArraySet, 2) => {
            let (Some(&Value::Int(index)), Some(value)) = (arg(0), arg(1)) else {
                return false;
            };
            let Ok(mut items) = items.try_borrow_mut() else {
                return false;
            };
            let Some(slot) = index_in(index, items.len()).and_then(|i| items.get_mut(i)) else {
                return false;
            };
            let old = match (slot, value) {
                (Value::Int(old), Value::Int(n)) => {
                    *old = *n;
                    None
                }
                (slot, value) => Some(std::mem::replace(slot, value.clone())),
            };
            // Dropped after the borrow ends: it may be the last reference to a user box.
            drop(items);
            drop(old);
            set_null(regs, dst);
            true
        }
        (MethodHint::ArrayPush, 1) => {
            let Some(value) = arg(0) else {
                return false;
            };
            let Ok(mut items) = items.try_borrow_mut() else {
                return false;
            };
            items.push(value.clone());
            drop(items);
            set_null(regs, dst);
            true
        }
        _ => false,
    }
}

/// The null result of `set` and `push`, for a caller that keeps it.
#[inline(always)]
fn set_null(regs: &mut [Value], dst: u32) {
    if dst != NO_REG {
        if let Some(slot) = regs.get_mut(dst as usize) {
            if !matches!(slot, Value::Null) {
                store(slot, Value::Null);
            }
        }
    }
}

/// `receiver.method(args)` where `args` are indexes into `regs`; `None` when the generic path
/// must answer.
#[inline]
pub(crate) fn fast_method(
    regs: &[Value],
    receiver: &Value,
    method: BuiltinMethod,
    args: &[u32],
) -> Option<Value> {
    let arg = |i: usize| args.get(i).and_then(|&r| regs.get(r as usize));
    match (receiver, method) {
        (Value::Array(items), BuiltinMethod::Array(method)) => {
            array_method(items, method, args.len(), arg)
        }
        (Value::Map(map), BuiltinMethod::Map(method)) => map_method(map, method, args.len(), arg),
        _ => None,
    }
}

type Items = std::cell::RefCell<Vec<Value>>;

#[inline]
fn array_method<'r>(
    items: &Items,
    method: ArrayMethod,
    count: usize,
    arg: impl Fn(usize) -> Option<&'r Value>,
) -> Option<Value> {
    match (method, count) {
        (ArrayMethod::Get, 1) => {
            let Value::Int(index) = arg(0)? else {
                return None;
            };
            let items = items.borrow();
            let item = index_in(*index, items.len()).and_then(|i| items.get(i));
            Some(item.cloned().unwrap_or(Value::Null))
        }
        (ArrayMethod::Set, 2) => {
            let Value::Int(index) = arg(0)? else {
                return None;
            };
            let value = arg(1)?.clone();
            let old = {
                let mut items = items.borrow_mut();
                let slot = index_in(*index, items.len()).and_then(|i| items.get_mut(i))?;
                std::mem::replace(slot, value)
            };
            // Dropped after the borrow ends: it may be the last reference to a user box.
            drop(old);
            Some(Value::Null)
        }
        (ArrayMethod::Push, 1) => {
            let value = arg(0)?.clone();
            items.borrow_mut().push(value);
            Some(Value::Null)
        }
        (ArrayMethod::Length | ArrayMethod::Size, 0) => {
            Some(Value::Int(items.borrow().len() as i64))
        }
        _ => None,
    }
}

#[inline]
fn map_method<'r>(
    map: &std::cell::RefCell<crate::value::MapData>,
    method: MapMethod,
    count: usize,
    arg: impl Fn(usize) -> Option<&'r Value>,
) -> Option<Value> {
    let key = |v: &Value| match v {
        Value::Str(s) => Some(MapKey::Str(s.clone())),
        Value::Int(n) => Some(MapKey::Int(*n)),
        _ => None,
    };
    match (method, count) {
        (MapMethod::Get, 1) => {
            let key = key(arg(0)?)?;
            Some(map.borrow().get(&key).cloned().unwrap_or(Value::Null))
        }
        (MapMethod::Has | MapMethod::ContainsKey, 1) => {
            let key = key(arg(0)?)?;
            Some(Value::Bool(map.borrow().contains_key(&key)))
        }
        (MapMethod::Set, 2) => {
            let key = key(arg(0)?)?;
            let value = arg(1)?.clone();
            // The old value is dropped after the borrow ends.
            let old = map.borrow_mut().insert(key, value);
            drop(old);
            Some(Value::Null)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::lookup_method;
    use nyash_mir::BuiltinBox;

    fn method(kind: BuiltinBox, name: &str) -> BuiltinMethod {
        lookup_method(kind, name).expect("a built-in method")
    }

    #[test]
    fn array_fast_paths_answer_common_cases_and_leave_the_rest() {
        let array = Value::array(vec![Value::Int(10), Value::Int(20)]);
        let regs = [Value::Int(1), Value::Int(5), Value::str("x")];
        let get = method(BuiltinBox::Array, "get");
        assert!(matches!(
            fast_method(&regs, &array, get, &[0]),
            Some(Value::Int(20))
        ));
        // Out of range reads are null; a non-integer index is left to the generic path.
        assert!(matches!(
            fast_method(&regs, &array, get, &[1]),
            Some(Value::Null)
        ));
        assert!(fast_method(&regs, &array, get, &[2]).is_none());
        let set = method(BuiltinBox::Array, "set");
        assert!(fast_method(&regs, &array, set, &[0, 2]).is_some());
        // `set` out of range is an error the generic path raises.
        assert!(fast_method(&regs, &array, set, &[1, 2]).is_none());
        let push = method(BuiltinBox::Array, "push");
        assert!(fast_method(&regs, &array, push, &[]).is_none());
        assert!(fast_method(&regs, &array, push, &[1]).is_some());
        let length = method(BuiltinBox::Array, "length");
        assert!(matches!(
            fast_method(&regs, &array, length, &[]),
            Some(Value::Int(3))
        ));
        let Value::Array(items) = &array else {
            unreachable!()
        };
        assert!(matches!(items.borrow()[1], Value::Str(_)));
    }

    #[test]
    fn map_fast_paths_use_string_and_integer_keys() {
        let map = Value::Map(Default::default());
        let regs = [Value::str("k"), Value::Int(7), Value::Float(1.5)];
        let set = method(BuiltinBox::Map, "set");
        let get = method(BuiltinBox::Map, "get");
        let has = method(BuiltinBox::Map, "has");
        assert!(fast_method(&regs, &map, set, &[0, 1]).is_some());
        assert!(matches!(
            fast_method(&regs, &map, get, &[0]),
            Some(Value::Int(7))
        ));
        assert!(matches!(
            fast_method(&regs, &map, has, &[1]),
            Some(Value::Bool(false))
        ));
        // A float key is an error the generic path raises.
        assert!(fast_method(&regs, &map, get, &[2]).is_none());
    }
}
