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
//! as bare payloads (see `ops::Scalar::store`), so `a.get(i)` on an array of numbers moves no
//! whole `Value` through memory.

use super::args::index_in;
use super::array::ArrayMethod;
use super::map::MapMethod;
use super::BuiltinMethod;
use crate::code::{MethodHint, NO_REG};
use crate::ops::{store, store_float, Scalar};
use crate::value::{MapData, MapKey, StrKey, Value};
use std::rc::Rc;

/// `regs[dst] = regs[receiver].method(args)` for a hinted ArrayBox `get`, `set` or `push` in its common,
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
        (MethodHint::Get, 1) => {
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
        (MethodHint::Set, 2) => {
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
        (MethodHint::Push, 1) => {
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

/// `regs[dst] = regs[receiver].method(args)` for a hinted MapBox `get`, `set` or `has` in its
/// common, error-free case; `false` (nothing done) when the generic path must answer.
#[inline]
pub(crate) fn map_call_in_place(
    regs: &mut [Value],
    hint: MethodHint,
    dst: u32,
    receiver: u32,
    args: &[u32],
    memo: &mut MapMemo,
) -> bool {
    let Some(Value::Map(map)) = regs.get(receiver as usize) else {
        return false;
    };
    let method = match hint {
        MethodHint::Get => MapMethod::Get,
        MethodHint::Set => MapMethod::Set,
        MethodHint::Has => MapMethod::Has,
        MethodHint::Push | MethodHint::Sqrt | MethodHint::None => return false,
    };
    let arg = |i: usize| args.get(i).and_then(|&r| regs.get(r as usize));
    let Some(result) = map_method(map, method, args.len(), arg, memo) else {
        return false;
    };
    let Some(slot) = regs.get_mut(dst as usize) else {
        return false;
    };
    match Scalar::of(&result) {
        Some(scalar) => scalar.store(slot),
        None => store(slot, result),
    }
    true
}

/// `regs[dst] = regs[receiver].sqrt()` for a hinted call on a FloatBox; `false` (nothing
/// done) for any other receiver.
#[inline(always)]
pub(crate) fn float_call_in_place(
    regs: &mut [Value],
    hint: MethodHint,
    dst: u32,
    receiver: u32,
) -> bool {
    let (MethodHint::Sqrt, Some(&Value::Float(x))) = (hint, regs.get(receiver as usize)) else {
        return false;
    };
    match regs.get_mut(dst as usize) {
        Some(slot) => {
            store_float(slot, x.sqrt());
            true
        }
        None => false,
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
    memo: &mut MapMemo,
) -> Option<Value> {
    let arg = |i: usize| args.get(i).and_then(|&r| regs.get(r as usize));
    match (receiver, method) {
        (Value::Array(items), BuiltinMethod::Array(method)) => {
            array_method(items, method, args.len(), arg)
        }
        (Value::Map(map), BuiltinMethod::Map(method)) => {
            map_method(map, method, args.len(), arg, memo)
        }
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
    map: &std::cell::RefCell<MapData>,
    method: MapMethod,
    count: usize,
    arg: impl Fn(usize) -> Option<&'r Value>,
    memo: &mut MapMemo,
) -> Option<Value> {
    match (method, count, arg(0)?) {
        (MapMethod::Get, 1, Value::Str(key)) => {
            let map = map.borrow();
            let entry = memo.find(&map, key).and_then(|i| map.get_index(i));
            Some(entry.map_or(Value::Null, |(_, v)| v.clone()))
        }
        (MapMethod::Get, 1, Value::Int(n)) => Some(
            map.borrow()
                .get(&MapKey::Int(*n))
                .cloned()
                .unwrap_or(Value::Null),
        ),
        (MapMethod::Has | MapMethod::ContainsKey, 1, Value::Str(key)) => {
            Some(Value::Bool(memo.find(&map.borrow(), key).is_some()))
        }
        (MapMethod::Has | MapMethod::ContainsKey, 1, Value::Int(n)) => {
            Some(Value::Bool(map.borrow().contains_key(&MapKey::Int(*n))))
        }
        (MapMethod::Set, 2, Value::Str(key)) => {
            let value = arg(1)?.clone();
            let mut map = map.borrow_mut();
            let old = match memo.find(&map, key) {
                Some(i) => map
                    .get_index_mut(i)
                    .map(|(_, v)| std::mem::replace(v, value)),
                None => {
                    let (i, old) = map.insert_full(MapKey::Str(Rc::clone(key)), value);
                    memo.index = i;
                    old
                }
            };
            // The old value is dropped after the borrow ends.
            drop(map);
            drop(old);
            Some(Value::Null)
        }
        (MapMethod::Set, 2, Value::Int(n)) => {
            let value = arg(1)?.clone();
            let old = map.borrow_mut().insert(MapKey::Int(*n), value);
            drop(old);
            Some(Value::Null)
        }
        _ => None,
    }
}

/// Where the last string-keyed MapBox call found its key, so that `m.has(w)`, `m.get(w)` and
/// `m.set(w, ..)` in a row hash `w` once. A remembered index is checked, never trusted: the
/// entry there must hold the very string object looked up (keys are unique in a map, so that
/// entry is the one), which stays true whatever happened to the map since.
#[derive(Default)]
pub(crate) struct MapMemo {
    index: usize,
}

impl MapMemo {
    fn find(&mut self, map: &MapData, key: &Rc<String>) -> Option<usize> {
        if let Some((MapKey::Str(held), _)) = map.get_index(self.index) {
            if Rc::ptr_eq(held, key) {
                return Some(self.index);
            }
        }
        let found = map.get_index_of(&StrKey(key))?;
        self.index = found;
        Some(found)
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
        let mut memo = MapMemo::default();
        let array = Value::array(vec![Value::Int(10), Value::Int(20)]);
        let regs = [Value::Int(1), Value::Int(5), Value::str("x")];
        let get = method(BuiltinBox::Array, "get");
        assert!(matches!(
            fast_method(&regs, &array, get, &[0], &mut memo),
            Some(Value::Int(20))
        ));
        // Out of range reads are null; a non-integer index is left to the generic path.
        assert!(matches!(
            fast_method(&regs, &array, get, &[1], &mut memo),
            Some(Value::Null)
        ));
        assert!(fast_method(&regs, &array, get, &[2], &mut memo).is_none());
        let set = method(BuiltinBox::Array, "set");
        assert!(fast_method(&regs, &array, set, &[0, 2], &mut memo).is_some());
        // `set` out of range is an error the generic path raises.
        assert!(fast_method(&regs, &array, set, &[1, 2], &mut memo).is_none());
        let push = method(BuiltinBox::Array, "push");
        assert!(fast_method(&regs, &array, push, &[], &mut memo).is_none());
        assert!(fast_method(&regs, &array, push, &[1], &mut memo).is_some());
        let length = method(BuiltinBox::Array, "length");
        assert!(matches!(
            fast_method(&regs, &array, length, &[], &mut memo),
            Some(Value::Int(3))
        ));
        let Value::Array(items) = &array else {
            unreachable!()
        };
        assert!(matches!(items.borrow()[1], Value::Str(_)));
    }

    #[test]
    fn map_fast_paths_use_string_and_integer_keys() {
        let mut memo = MapMemo::default();
        let map = Value::Map(Default::default());
        let regs = [Value::str("k"), Value::Int(7), Value::Float(1.5)];
        let set = method(BuiltinBox::Map, "set");
        let get = method(BuiltinBox::Map, "get");
        let has = method(BuiltinBox::Map, "has");
        assert!(fast_method(&regs, &map, set, &[0, 1], &mut memo).is_some());
        assert!(matches!(
            fast_method(&regs, &map, get, &[0], &mut memo),
            Some(Value::Int(7))
        ));
        assert!(matches!(
            fast_method(&regs, &map, has, &[1], &mut memo),
            Some(Value::Bool(false))
        ));
        // A float key is an error the generic path raises.
        assert!(fast_method(&regs, &map, get, &[2], &mut memo).is_none());
    }

    /// The remembered index is only a guess: equal strings that are other objects, and keys
    /// that moved after a removal, are still found.
    #[test]
    fn map_memo_is_checked_not_trusted() {
        let mut memo = MapMemo::default();
        let map = Value::Map(Default::default());
        let Value::Map(data) = &map else {
            unreachable!()
        };
        let regs = [
            Value::str("a"),
            Value::str("b"),
            Value::Int(1),
            Value::Int(2),
            Value::str("b"),
        ];
        let set = method(BuiltinBox::Map, "set");
        let get = method(BuiltinBox::Map, "get");
        assert!(fast_method(&regs, &map, set, &[0, 2], &mut memo).is_some());
        assert!(fast_method(&regs, &map, set, &[1, 3], &mut memo).is_some());
        // Another string object with the same text finds the same entry.
        assert!(matches!(
            fast_method(&regs, &map, get, &[4], &mut memo),
            Some(Value::Int(2))
        ));
        // "b" moves to index 0 once "a" is gone; the memo still points at index 1.
        data.borrow_mut()
            .shift_remove(&MapKey::Str(Rc::new("a".into())));
        assert!(matches!(
            fast_method(&regs, &map, get, &[1], &mut memo),
            Some(Value::Int(2))
        ));
        assert!(matches!(
            fast_method(&regs, &map, get, &[0], &mut memo),
            Some(Value::Null)
        ));
    }
}
