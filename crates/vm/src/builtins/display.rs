//! `toString()` of built-in values (SPEC §6) and the float printing rule.
//!
//! Arrays print as `[1, x, [2]]`, maps as `{a: 1, b: x}`; elements print by their own
//! `toString()` (strings unquoted, user boxes through the host). A container that is already
//! being printed (an array holding itself) prints as `[...]` / `{...}`, and so does one nested
//! deeper than [`MAX_DEPTH`], so printing never overflows the stack.

use super::Host;
use crate::value::{MapData, MapKey, Raise, Value};
use std::cell::RefCell;
use std::fmt::Write as _;

/// How deep containers are printed (and compared) before they are cut short.
pub(crate) const MAX_DEPTH: usize = 1000;

pub(crate) fn display(host: &mut dyn Host, v: &Value) -> Result<String, Raise> {
    match v {
        Value::Str(s) => Ok(s.as_str().to_owned()),
        Value::Instance(_) => host.display(v),
        _ => {
            let mut printer = Printer {
                host,
                open: Vec::new(),
                out: String::new(),
            };
            printer.write(v)?;
            Ok(printer.out)
        }
    }
}

struct Printer<'h> {
    host: &'h mut dyn Host,
    /// The containers being printed, outermost first (to spot cycles).
    open: Vec<*const ()>,
    out: String,
}

impl Printer<'_> {
    fn write(&mut self, v: &Value) -> Result<(), Raise> {
        match v {
            Value::Null => self.out.push_str("null"),
            Value::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Value::Int(n) => {
                let _ = write!(self.out, "{n}");
            }
            Value::Float(f) => self.out.push_str(&format_float(*f)),
            Value::Str(s) => self.out.push_str(s),
            Value::Array(items) => {
                let id = std::rc::Rc::as_ptr(items).cast::<()>();
                if self.enter(id) {
                    self.write_array(items)?;
                    self.open.pop();
                } else {
                    self.out.push_str("[...]");
                }
            }
            Value::Map(map) => {
                let id = std::rc::Rc::as_ptr(map).cast::<()>();
                if self.enter(id) {
                    self.write_map(map)?;
                    self.open.pop();
                } else {
                    self.out.push_str("{...}");
                }
            }
            Value::Instance(_) => {
                let text = self.host.display(v)?;
                self.out.push_str(&text);
            }
            Value::Error(e) => {
                let _ = write!(self.out, "ErrorBox({})", e.message);
            }
            Value::Future(f) => {
                self.out.push_str("FutureBox(");
                match &f.result {
                    Ok(value) => self.write(value)?,
                    Err(e) => {
                        let _ = write!(self.out, "ErrorBox({})", e.message);
                    }
                }
                self.out.push(')');
            }
            Value::Result(r) => {
                let (tag, inner) = match &**r {
                    crate::value::ResultData::Ok(v) => ("Ok(", v),
                    crate::value::ResultData::Err(e) => ("Err(", e),
                };
                self.out.push_str(tag);
                self.write(inner)?;
                self.out.push(')');
            }
            Value::Random(_) => self.out.push_str("<RandomBox>"),
            Value::Time(_) => self.out.push_str("<TimeBox>"),
            Value::Console => self.out.push_str("<ConsoleBox>"),
            Value::Math => self.out.push_str("<MathBox>"),
        }
        Ok(())
    }

    /// Marks a container as being printed; false if it already is, or nesting is too deep.
    fn enter(&mut self, id: *const ()) -> bool {
        if self.open.len() >= MAX_DEPTH || self.open.contains(&id) {
            return false;
        }
        self.open.push(id);
        true
    }

    fn write_array(&mut self, items: &RefCell<Vec<Value>>) -> Result<(), Raise> {
        self.out.push('[');
        let mut i = 0;
        while let Some(item) = array_item(items, i) {
            if i > 0 {
                self.out.push_str(", ");
            }
            self.write(&item)?;
            i += 1;
        }
        self.out.push(']');
        Ok(())
    }

    fn write_map(&mut self, map: &RefCell<MapData>) -> Result<(), Raise> {
        self.out.push('{');
        let mut i = 0;
        while let Some((key, value)) = map_entry(map, i) {
            if i > 0 {
                self.out.push_str(", ");
            }
            write_key(&mut self.out, &key);
            self.out.push_str(": ");
            self.write(&value)?;
            i += 1;
        }
        self.out.push('}');
        Ok(())
    }
}

/// The `i`th element of `items`, cloned: containers are written one element at a time with
/// no borrow held while an element is written, because a user `toString()` may change them.
pub(crate) fn array_item(items: &RefCell<Vec<Value>>, i: usize) -> Option<Value> {
    items.borrow().get(i).cloned()
}

/// The `i`th entry of `map`, cloned for the same reason as [`array_item`].
pub(crate) fn map_entry(map: &RefCell<MapData>, i: usize) -> Option<(MapKey, Value)> {
    map.borrow()
        .get_index(i)
        .map(|(key, value)| (key.clone(), value.clone()))
}

/// A map key as `toString()` shows it: strings unquoted, integers in decimal.
pub(crate) fn write_key(out: &mut String, key: &MapKey) {
    match key {
        MapKey::Int(n) => {
            let _ = write!(out, "{n}");
        }
        MapKey::Str(s) => out.push_str(s),
    }
}

/// Float printing (docs/LANGUAGE.md): the shortest digits that read back as the same float,
/// laid out like JavaScript's `Number.prototype.toString`: plain decimal for magnitudes in
/// `1e-6 <= |f| < 1e21`, otherwise exponent form `1.5e+300` / `1e-7`. `3.0` prints `3`;
/// special values print `inf`, `-inf`, `NaN`, and negative zero `-0`.
pub(crate) fn format_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0" } else { "0" }.to_string();
    }
    // `{:e}` gives the shortest round-trip digits: `1.2345e-7`, `1e21`.
    let scientific = format!("{:e}", f.abs());
    let Some((mantissa, exponent)) = scientific.split_once('e') else {
        return f.to_string();
    };
    let Ok(exponent) = exponent.parse::<i32>() else {
        return f.to_string();
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let mut out = String::new();
    if f < 0.0 {
        out.push('-');
    }
    lay_out_digits(&mut out, &digits, exponent + 1);
    out
}

/// Writes `0.d1d2d3… × 10^point` (ECMAScript Number::toString, steps for `n`, `k`).
fn lay_out_digits(out: &mut String, digits: &str, point: i32) {
    let count = digits.len() as i32;
    if count <= point && point <= 21 {
        out.push_str(digits);
        out.extend(std::iter::repeat_n('0', (point - count) as usize));
    } else if 0 < point && point <= 21 {
        let (whole, fraction) = digits.split_at(point as usize);
        out.push_str(whole);
        out.push('.');
        out.push_str(fraction);
    } else if -6 < point && point <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-point) as usize));
        out.push_str(digits);
    } else {
        let (first, rest) = digits.split_at(1);
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        let exponent = point - 1;
        let sign = if exponent >= 0 { '+' } else { '-' };
        let _ = write!(out, "e{sign}{}", exponent.abs());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::test_host::{show, TestHost};

    #[test]
    fn floats_print_shortest_without_trailing_zero() {
        assert_eq!(format_float(3.0), "3");
        assert_eq!(format_float(0.1), "0.1");
        assert_eq!(format_float(1.0 / 3.0), "0.3333333333333333");
        assert_eq!(format_float(-2.5), "-2.5");
        assert_eq!(format_float(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(format_float(123456.789), "123456.789");
    }

    #[test]
    fn floats_special_values() {
        assert_eq!(format_float(f64::INFINITY), "inf");
        assert_eq!(format_float(f64::NEG_INFINITY), "-inf");
        assert_eq!(format_float(f64::NAN), "NaN");
        assert_eq!(format_float(0.0), "0");
        assert_eq!(format_float(-0.0), "-0");
    }

    #[test]
    fn floats_switch_to_exponent_form_like_javascript() {
        assert_eq!(format_float(1e20), "100000000000000000000");
        assert_eq!(format_float(1e21), "1e+21");
        assert_eq!(format_float(1.5e300), "1.5e+300");
        assert_eq!(format_float(-1e300), "-1e+300");
        assert_eq!(format_float(0.000001), "0.000001");
        assert_eq!(format_float(1e-7), "1e-7");
        assert_eq!(format_float(1.2345e-7), "1.2345e-7");
        assert_eq!(format_float(5e-324), "5e-324");
        assert_eq!(format_float(f64::MAX), "1.7976931348623157e+308");
        assert_eq!(format_float(9007199254740993.0), "9007199254740992");
    }

    #[test]
    fn scalars_print() {
        let mut host = TestHost::new();
        assert_eq!(show(&mut host, &Value::Null), "null");
        assert_eq!(show(&mut host, &Value::Bool(true)), "true");
        assert_eq!(show(&mut host, &Value::Int(-42)), "-42");
        assert_eq!(show(&mut host, &Value::Float(2.0)), "2");
        assert_eq!(show(&mut host, &Value::str("héllo")), "héllo");
        assert_eq!(show(&mut host, &Value::Console), "<ConsoleBox>");
        assert_eq!(show(&mut host, &Value::Math), "<MathBox>");
    }

    #[test]
    fn nested_containers_print() {
        let mut host = TestHost::new();
        let inner = Value::array(vec![Value::Int(2)]);
        let arr = Value::array(vec![Value::Int(1), Value::str("x"), inner]);
        assert_eq!(show(&mut host, &arr), "[1, x, [2]]");
        assert_eq!(show(&mut host, &Value::array(vec![])), "[]");
        let mut data = crate::value::MapData::default();
        data.insert(MapKey::Str(std::rc::Rc::new("a".into())), Value::Int(1));
        data.insert(MapKey::Int(7), arr);
        let map = Value::Map(std::rc::Rc::new(std::cell::RefCell::new(data)));
        assert_eq!(show(&mut host, &map), "{a: 1, 7: [1, x, [2]]}");
    }

    #[test]
    fn cyclic_containers_print_an_ellipsis() {
        let mut host = TestHost::new();
        let arr = Value::array(vec![Value::Int(1)]);
        if let Value::Array(items) = &arr {
            items.borrow_mut().push(arr.clone());
        }
        assert_eq!(show(&mut host, &arr), "[1, [...]]");
        // Break the cycle so the test does not leak.
        if let Value::Array(items) = &arr {
            items.borrow_mut().clear();
        }
    }

    #[test]
    fn very_deep_nesting_is_cut_short() {
        let mut host = TestHost::new();
        let mut v = Value::Int(0);
        for _ in 0..(MAX_DEPTH + 5) {
            v = Value::array(vec![v]);
        }
        let text = show(&mut host, &v);
        assert!(text.starts_with("[[[["));
        assert!(text.contains("[...]"));
    }
}
