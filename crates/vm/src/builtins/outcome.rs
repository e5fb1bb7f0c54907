//! The boxes that carry a value or an error (SPEC §6):
//!
//! - ErrorBox: `message()`; prints as `ErrorBox(message)`.
//! - FutureBox: `get()` gives the value or raises the error again (like `await`);
//!   `isReady()` is always true (`nowait` runs eagerly); prints as `FutureBox(value)`.
//! - ResultBox: `isOk()`; `getValue()` is the Ok value (null for an Err); `getError()` is the
//!   Err value (null for an Ok); prints as `Ok(value)` / `Err(error)`.

use super::args::{Args, Fail, Outcome, Who};
use crate::value::{ErrorData, FutureData, Raise, ResultData, Value};
use nyash_diagnostics::Span;
use std::rc::Rc;

methods! {
    /// The methods of ErrorBox.
    ErrorMethod {
        Message = "message",
    }
}

methods! {
    /// The methods of FutureBox.
    FutureMethod {
        Get = "get",
        IsReady = "isReady",
    }
}

methods! {
    /// The methods of ResultBox.
    ResultMethod {
        IsOk = "isOk",
        GetValue = "getValue",
        GetError = "getError",
    }
}

pub(crate) fn call_error(error: &Rc<ErrorData>, method: ErrorMethod, values: &[Value]) -> Outcome {
    let args = Args::new(Who::Method("ErrorBox", method.name()), values);
    match method {
        ErrorMethod::Message => {
            args.count(0)?;
            Ok(Value::str(error.message.as_str()))
        }
    }
}

pub(crate) fn call_future(
    future: &Rc<FutureData>,
    method: FutureMethod,
    values: &[Value],
) -> Outcome {
    let args = Args::new(Who::Method("FutureBox", method.name()), values);
    match method {
        FutureMethod::Get => {
            args.count(0)?;
            match &future.result {
                Ok(value) => Ok(value.clone()),
                Err(error) => Err(Fail::Raise(Raise::Thrown(Box::new((**error).clone())))),
            }
        }
        FutureMethod::IsReady => {
            args.count(0)?;
            Ok(Value::Bool(true))
        }
    }
}

pub(crate) fn call_result(
    result: &Rc<ResultData>,
    method: ResultMethod,
    values: &[Value],
) -> Outcome {
    let args = Args::new(Who::Method("ResultBox", method.name()), values);
    args.count(0)?;
    Ok(match (method, &**result) {
        (ResultMethod::IsOk, r) => Value::Bool(matches!(r, ResultData::Ok(_))),
        (ResultMethod::GetValue, ResultData::Ok(v)) => v.clone(),
        (ResultMethod::GetError, ResultData::Err(e)) => e.clone(),
        (ResultMethod::GetValue | ResultMethod::GetError, _) => Value::Null,
    })
}

/// `new ErrorBox(message)`: raised nowhere yet, so its place is the default span (the VM may
/// set the place where it is thrown).
pub(crate) fn new_error(message: String) -> Value {
    Value::Error(Rc::new(ErrorData {
        message,
        span: Span::default(),
        function: String::new(),
        stack: Vec::new(),
    }))
}

pub(crate) fn new_future(value: Value) -> Value {
    Value::Future(Rc::new(FutureData { result: Ok(value) }))
}

pub(crate) fn new_result(data: ResultData) -> Value {
    Value::Result(Rc::new(data))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::test_host::{call, call_show, i, s, TestHost};

    #[test]
    fn error_box() {
        let mut host = TestHost::new();
        let e = new_error("boom".to_string());
        assert_eq!(call_show(&mut host, &e, "message", &[]), "boom");
        assert_eq!(call_show(&mut host, &e, "toString", &[]), "ErrorBox(boom)");
        assert_eq!(call_show(&mut host, &e, "type", &[]), "ErrorBox");
        assert_eq!(
            call_show(&mut host, &e, "equals", std::slice::from_ref(&e)),
            "true"
        );
        assert_eq!(
            call_show(&mut host, &e, "equals", &[new_error("boom".into())]),
            "false"
        );
    }

    #[test]
    fn future_box() {
        let mut host = TestHost::new();
        let f = new_future(i(5));
        assert_eq!(call_show(&mut host, &f, "get", &[]), "5");
        assert_eq!(call_show(&mut host, &f, "isReady", &[]), "true");
        assert_eq!(call_show(&mut host, &f, "toString", &[]), "FutureBox(5)");
        assert_eq!(call_show(&mut host, &f, "type", &[]), "FutureBox");
        let Value::Error(error) = new_error("bad".into()) else {
            unreachable!()
        };
        let failed = Value::Future(Rc::new(FutureData { result: Err(error) }));
        assert_eq!(
            call(&mut host, &failed, "get", &[]).err().as_deref(),
            Some("thrown: bad")
        );
        assert_eq!(
            call_show(&mut host, &failed, "toString", &[]),
            "FutureBox(ErrorBox(bad))"
        );
    }

    #[test]
    fn result_box() {
        let mut host = TestHost::new();
        let ok = new_result(ResultData::Ok(i(1)));
        let err = new_result(ResultData::Err(s("nope")));
        assert_eq!(call_show(&mut host, &ok, "isOk", &[]), "true");
        assert_eq!(call_show(&mut host, &err, "isOk", &[]), "false");
        assert_eq!(call_show(&mut host, &ok, "getValue", &[]), "1");
        assert_eq!(call_show(&mut host, &ok, "getError", &[]), "null");
        assert_eq!(call_show(&mut host, &err, "getValue", &[]), "null");
        assert_eq!(call_show(&mut host, &err, "getError", &[]), "nope");
        assert_eq!(call_show(&mut host, &ok, "toString", &[]), "Ok(1)");
        assert_eq!(call_show(&mut host, &err, "toString", &[]), "Err(nope)");
        assert_eq!(call_show(&mut host, &err, "type", &[]), "ResultBox");
        assert_eq!(
            call_show(&mut host, &ok, "isOk", &[i(1)]),
            "error: ResultBox.isOk takes 0 arguments, got 1"
        );
    }
}
