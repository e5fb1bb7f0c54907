//! JSON text of a value, for `MapBox.toJSON()` (docs/LANGUAGE.md):
//!
//! - compact (`{"a":1,"b":[1,2]}`), keys in insertion order, integer keys as strings;
//! - numbers as `toString()` prints them; NaN and infinities become `null`;
//! - strings quoted, with `"` `\` and control characters escaped (`\n`, `\r`, `\t`, `\b`,
//!   `\f`, others `\u001f`); everything else, including non-ASCII, is written as it is;
//! - any other box (user boxes, ErrorBox, ...) is written as the JSON string of its
//!   `toString()`;
//! - a container inside itself raises `MapBox.toJSON cannot encode a structure that contains
//!   itself`, and one nested deeper than 1000 levels `MapBox.toJSON structure is nested too
//!   deeply`.

use super::args::{Fail, Who};
use super::display::{array_item, format_float, map_entry, write_key, MAX_DEPTH};
use super::Host;
use crate::value::Value;
use std::fmt::Write as _;
use std::rc::Rc;

pub(crate) fn encode(host: &mut dyn Host, v: &Value, who: Who) -> Result<String, Fail> {
    let mut encoder = Encoder {
        host,
        who,
        open: Vec::new(),
        out: String::new(),
    };
    encoder.value(v)?;
    Ok(encoder.out)
}

struct Encoder<'h> {
    host: &'h mut dyn Host,
    who: Who,
    open: Vec<*const ()>,
    out: String,
}

impl Encoder<'_> {
    fn value(&mut self, v: &Value) -> Result<(), Fail> {
        match v {
            Value::Null => self.out.push_str("null"),
            Value::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Value::Int(n) => {
                let _ = write!(self.out, "{n}");
            }
            Value::Float(f) if f.is_finite() => self.out.push_str(&format_float(*f)),
            Value::Float(_) => self.out.push_str("null"),
            Value::Str(s) => write_string(&mut self.out, s),
            Value::Array(items) => {
                self.enter(Rc::as_ptr(items).cast())?;
                self.out.push('[');
                let mut i = 0;
                while let Some(item) = array_item(items, i) {
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.value(&item)?;
                    i += 1;
                }
                self.out.push(']');
                self.open.pop();
            }
            Value::Map(map) => {
                self.enter(Rc::as_ptr(map).cast())?;
                self.out.push('{');
                let mut i = 0;
                while let Some((key, value)) = map_entry(map, i) {
                    if i > 0 {
                        self.out.push(',');
                    }
                    let mut key_text = String::new();
                    write_key(&mut key_text, &key);
                    write_string(&mut self.out, &key_text);
                    self.out.push(':');
                    self.value(&value)?;
                    i += 1;
                }
                self.out.push('}');
                self.open.pop();
            }
            _ => {
                let text = super::display(self.host, v)?;
                write_string(&mut self.out, &text);
            }
        }
        Ok(())
    }

    fn enter(&mut self, id: *const ()) -> Result<(), Fail> {
        if self.open.contains(&id) {
            return Err(Fail::from(format!(
                "{} cannot encode a structure that contains itself",
                self.who
            )));
        }
        if self.open.len() >= MAX_DEPTH {
            return Err(Fail::from(format!(
                "{} structure is nested too deeply",
                self.who
            )));
        }
        self.open.push(id);
        Ok(())
    }
}

/// `s` as a JSON string literal.
fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use crate::builtins::test_host::{call, call_show, f, i, s, TestHost};
    use crate::value::Value;

    fn map_of(entries: &[(Value, Value)]) -> Value {
        let m = Value::Map(Default::default());
        for (k, v) in entries {
            call(&mut TestHost::new(), &m, "set", &[k.clone(), v.clone()]).ok();
        }
        m
    }

    fn json(m: &Value) -> String {
        call_show(&mut TestHost::new(), m, "toJSON", &[])
    }

    #[test]
    fn scalars_and_nesting() {
        let inner = map_of(&[(s("k"), Value::Bool(false))]);
        let m = map_of(&[
            (s("a"), i(1)),
            (s("b"), f(2.5)),
            (s("c"), f(3.0)),
            (i(7), Value::Null),
            (s("list"), Value::array(vec![i(1), s("x"), inner])),
        ]);
        assert_eq!(
            json(&m),
            r#"{"a":1,"b":2.5,"c":3,"7":null,"list":[1,"x",{"k":false}]}"#
        );
        assert_eq!(json(&map_of(&[])), "{}");
    }

    #[test]
    fn strings_are_escaped() {
        let m = map_of(&[(s("q\""), s("a\\b\n\t\u{1}é🎉"))]);
        assert_eq!(json(&m), r#"{"q\"":"a\\b\n\t\u0001é🎉"}"#);
    }

    #[test]
    fn special_floats_and_other_boxes() {
        let m = map_of(&[
            (s("nan"), f(f64::NAN)),
            (s("inf"), f(f64::INFINITY)),
            (s("big"), f(1e300)),
            (s("con"), Value::Console),
        ]);
        assert_eq!(
            json(&m),
            r#"{"nan":null,"inf":null,"big":1e+300,"con":"<ConsoleBox>"}"#
        );
    }

    #[test]
    fn cycles_are_errors() {
        let m = map_of(&[]);
        call(&mut TestHost::new(), &m, "set", &[s("me"), m.clone()]).ok();
        assert_eq!(
            json(&m),
            "error: MapBox.toJSON cannot encode a structure that contains itself"
        );
        call(&mut TestHost::new(), &m, "clear", &[]).ok();
    }
}
