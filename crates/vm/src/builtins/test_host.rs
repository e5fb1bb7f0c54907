//! A [`Host`] for unit tests: output goes to byte buffers, input comes from a list of lines,
//! and calls go through the same public entry points the VM uses.

use super::{call_method, display, lookup_method, Host};
use crate::value::{Raise, Value};
use std::collections::VecDeque;
use std::io::Write;

pub(crate) struct TestHost {
    pub out: Vec<u8>,
    pub err: Vec<u8>,
    pub input: VecDeque<String>,
}

impl TestHost {
    pub(crate) fn new() -> Self {
        TestHost {
            out: Vec::new(),
            err: Vec::new(),
            input: VecDeque::new(),
        }
    }

    pub(crate) fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.out).into_owned()
    }

    pub(crate) fn stderr_text(&self) -> String {
        String::from_utf8_lossy(&self.err).into_owned()
    }
}

impl Host for TestHost {
    fn display(&mut self, v: &Value) -> Result<String, Raise> {
        match v {
            Value::Instance(_) => Ok("<Test instance>".to_string()),
            _ => display(self, v),
        }
    }

    fn type_name(&self, v: &Value) -> String {
        v.builtin_kind()
            .map_or_else(|| "Test".to_string(), |k| k.name().to_string())
    }

    fn stdout(&mut self) -> &mut dyn Write {
        &mut self.out
    }

    fn stderr(&mut self) -> &mut dyn Write {
        &mut self.err
    }

    fn read_line(&mut self) -> Option<String> {
        self.input.pop_front()
    }
}

/// The message of a failed call.
pub(crate) fn message(raise: Raise) -> String {
    match raise {
        Raise::Message(m) => m,
        Raise::Thrown(e) => format!("thrown: {}", e.message),
    }
}

/// `receiver.name(args)` as the VM runs it; a failure comes back as its message.
pub(crate) fn call(
    host: &mut TestHost,
    receiver: &Value,
    name: &str,
    args: &[Value],
) -> Result<Value, String> {
    let kind = receiver
        .builtin_kind()
        .ok_or_else(|| "not a built-in".to_string())?;
    let method = lookup_method(kind, name).ok_or_else(|| format!("no method {name}"))?;
    call_method(host, receiver, method, args).map_err(message)
}

/// `receiver.name(args).toString()`, or the error message prefixed with `error: `.
pub(crate) fn call_show(
    host: &mut TestHost,
    receiver: &Value,
    name: &str,
    args: &[Value],
) -> String {
    match call(host, receiver, name, args) {
        Ok(v) => show(host, &v),
        Err(m) => format!("error: {m}"),
    }
}

pub(crate) fn show(host: &mut TestHost, v: &Value) -> String {
    match display(host, v) {
        Ok(s) => s,
        Err(e) => format!("display error: {}", message(e)),
    }
}

pub(crate) fn s(text: &str) -> Value {
    Value::str(text)
}

pub(crate) fn i(n: i64) -> Value {
    Value::Int(n)
}

pub(crate) fn f(x: f64) -> Value {
    Value::Float(x)
}
