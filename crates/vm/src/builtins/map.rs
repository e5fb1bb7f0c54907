//! MapBox methods (SPEC §6). Keys are StringBoxes or IntegerBoxes (`1` and `"1"` are different
//! keys); any other key is an error. Entries keep their insertion order; overwriting a key keeps
//! its place, deleting one closes the gap.

use super::args::{Args, Fail, Outcome, Who};
use super::equality::equals;
use super::Host;
use crate::value::{MapData, MapKey, Value};
use std::cell::RefCell;
use std::rc::Rc;

methods! {
    /// The methods of MapBox.
    MapMethod {
        Set = "set",
        Get = "get",
        Has = "has",
        ContainsKey = "containsKey",
        ContainsValue = "containsValue",
        Delete = "delete",
        Remove = "remove",
        Keys = "keys",
        Values = "values",
        Size = "size",
        Clear = "clear",
        IsEmpty = "isEmpty",
        ToJson = "toJSON",
    }
}

type Map = Rc<RefCell<MapData>>;

pub(crate) fn call(host: &mut dyn Host, map: &Map, method: MapMethod, values: &[Value]) -> Outcome {
    use MapMethod as M;
    let args = Args::new(Who::Method("MapBox", method.name()), values);
    match method {
        M::Set => {
            args.count(2)?;
            let key = key(&args, 0)?;
            // The old value is dropped after the borrow ends.
            let old = map.borrow_mut().insert(key, args.get(1).clone());
            drop(old);
            Ok(Value::Null)
        }
        M::Get => {
            args.count(1)?;
            let key = key(&args, 0)?;
            Ok(map.borrow().get(&key).cloned().unwrap_or(Value::Null))
        }
        M::Has | M::ContainsKey => {
            args.count(1)?;
            let key = key(&args, 0)?;
            Ok(Value::Bool(map.borrow().contains_key(&key)))
        }
        M::ContainsValue => {
            args.count(1)?;
            let found = map.borrow().values().any(|v| equals(v, args.get(0)));
            Ok(Value::Bool(found))
        }
        M::Delete | M::Remove => {
            args.count(1)?;
            let key = key(&args, 0)?;
            let removed = map.borrow_mut().shift_remove(&key);
            Ok(removed.unwrap_or(Value::Null))
        }
        M::Keys => {
            args.count(0)?;
            let keys = map.borrow().keys().map(key_value).collect();
            Ok(Value::array(keys))
        }
        M::Values => {
            args.count(0)?;
            let values = map.borrow().values().cloned().collect();
            Ok(Value::array(values))
        }
        M::Size => {
            args.count(0)?;
            Ok(Value::Int(map.borrow().len() as i64))
        }
        M::Clear => {
            args.count(0)?;
            let old = std::mem::take(&mut *map.borrow_mut());
            drop(old);
            Ok(Value::Null)
        }
        M::IsEmpty => {
            args.count(0)?;
            Ok(Value::Bool(map.borrow().is_empty()))
        }
        M::ToJson => {
            args.count(0)?;
            let text = super::json::encode(host, &Value::Map(map.clone()), args.who)?;
            Ok(Value::str(text))
        }
    }
}

/// Argument `i` as a map key.
fn key(args: &Args, i: usize) -> Result<MapKey, Fail> {
    match args.get(i) {
        Value::Str(s) => Ok(MapKey::Str(s.clone())),
        Value::Int(n) => Ok(MapKey::Int(*n)),
        _ => Err(args.wrong_type(i, "a StringBox or IntegerBox key")),
    }
}

/// A key as the value `keys()` returns.
pub(crate) fn key_value(key: &MapKey) -> Value {
    match key {
        MapKey::Int(n) => Value::Int(*n),
        MapKey::Str(s) => Value::Str(s.clone()),
    }
}

#[cfg(test)]
mod tests {
    use crate::builtins::test_host::{call_show, f, i, s, show, TestHost};
    use crate::value::Value;

    fn new_map() -> Value {
        Value::Map(Default::default())
    }

    fn run(recv: &Value, name: &str, args: &[Value]) -> String {
        call_show(&mut TestHost::new(), recv, name, args)
    }

    #[test]
    fn set_get_has_keep_insertion_order() {
        let m = new_map();
        assert_eq!(run(&m, "set", &[s("b"), i(1)]), "null");
        run(&m, "set", &[s("a"), s("x")]);
        run(&m, "set", &[i(3), f(2.5)]);
        run(&m, "set", &[s("b"), i(9)]);
        assert_eq!(run(&m, "toString", &[]), "{b: 9, a: x, 3: 2.5}");
        assert_eq!(run(&m, "get", &[s("a")]), "x");
        assert_eq!(run(&m, "get", &[s("zz")]), "null");
        assert_eq!(run(&m, "get", &[s("3")]), "null");
        assert_eq!(run(&m, "get", &[i(3)]), "2.5");
        assert_eq!(run(&m, "has", &[s("a")]), "true");
        assert_eq!(run(&m, "containsKey", &[s("q")]), "false");
        assert_eq!(run(&m, "containsValue", &[f(9.0)]), "true");
        assert_eq!(run(&m, "containsValue", &[s("y")]), "false");
        assert_eq!(run(&m, "size", &[]), "3");
        assert_eq!(run(&m, "keys", &[]), "[b, a, 3]");
        assert_eq!(run(&m, "values", &[]), "[9, x, 2.5]");
    }

    #[test]
    fn delete_returns_the_removed_value() {
        let m = new_map();
        run(&m, "set", &[s("a"), i(1)]);
        run(&m, "set", &[s("b"), i(2)]);
        run(&m, "set", &[s("c"), i(3)]);
        assert_eq!(run(&m, "delete", &[s("a")]), "1");
        assert_eq!(run(&m, "remove", &[s("a")]), "null");
        assert_eq!(run(&m, "toString", &[]), "{b: 2, c: 3}");
        assert_eq!(run(&m, "isEmpty", &[]), "false");
        assert_eq!(run(&m, "clear", &[]), "null");
        assert_eq!(run(&m, "isEmpty", &[]), "true");
        assert_eq!(run(&m, "toString", &[]), "{}");
    }

    #[test]
    fn bad_keys_are_errors() {
        let m = new_map();
        assert_eq!(
            run(&m, "set", &[f(1.5), i(1)]),
            "error: MapBox.set expects a StringBox or IntegerBox key, got FloatBox"
        );
        assert_eq!(
            run(&m, "get", &[Value::Null]),
            "error: MapBox.get expects a StringBox or IntegerBox key, got NullBox"
        );
        assert_eq!(
            run(&m, "get", &[]),
            "error: MapBox.get takes 1 argument, got 0"
        );
    }

    #[test]
    fn maps_compare_by_content_ignoring_order() {
        let (a, b) = (new_map(), new_map());
        run(&a, "set", &[s("x"), i(1)]);
        run(&a, "set", &[s("y"), i(2)]);
        run(&b, "set", &[s("y"), f(2.0)]);
        run(&b, "set", &[s("x"), i(1)]);
        assert_eq!(run(&a, "equals", std::slice::from_ref(&b)), "true");
        run(&b, "set", &[s("z"), i(1)]);
        assert_eq!(run(&a, "equals", &[b]), "false");
        assert_eq!(run(&a, "type", &[]), "MapBox");
        assert_eq!(show(&mut TestHost::new(), &a), "{x: 1, y: 2}");
    }
}
