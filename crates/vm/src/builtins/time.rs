//! TimeBox (SPEC §6): `now()` is the wall clock in whole milliseconds since the Unix epoch,
//! `elapsed()` the whole milliseconds since the box was made, `sleep(ms)` pauses the program
//! (an IntegerBox or FloatBox; zero, negative or NaN do not pause) and returns null.

use super::args::{Args, Outcome, Who};
use crate::value::{TimeData, Value};
use std::rc::Rc;
use std::time::Duration;

methods! {
    /// The methods of TimeBox.
    TimeMethod {
        Now = "now",
        Elapsed = "elapsed",
        Sleep = "sleep",
    }
}

pub(crate) fn call(time: &Rc<TimeData>, method: TimeMethod, values: &[Value]) -> Outcome {
    let args = Args::new(Who::Method("TimeBox", method.name()), values);
    match method {
        TimeMethod::Now => {
            args.count(0)?;
            Ok(Value::Int(now_ms().floor() as i64))
        }
        TimeMethod::Elapsed => {
            args.count(0)?;
            Ok(Value::Int((now_ms() - time.created_ms).floor() as i64))
        }
        TimeMethod::Sleep => {
            args.count(1)?;
            let ms = args.number(0)?;
            if ms > 0.0 {
                if let Ok(pause) = Duration::try_from_secs_f64(ms / 1000.0) {
                    std::thread::sleep(pause);
                }
            }
            Ok(Value::Null)
        }
    }
}

/// A new TimeBox, created now.
pub(crate) fn new_time() -> Value {
    Value::Time(Rc::new(TimeData {
        created_ms: now_ms(),
    }))
}

/// Milliseconds since the Unix epoch (fractional).
fn now_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::test_host::{call, call_show, i, s, TestHost};

    #[test]
    fn now_and_elapsed() {
        let mut host = TestHost::new();
        let t = new_time();
        let Ok(Value::Int(now)) = call(&mut host, &t, "now", &[]) else {
            panic!("now() must give an integer");
        };
        // After 2020-01-01.
        assert!(now > 1_577_836_800_000);
        assert_eq!(call_show(&mut host, &t, "sleep", &[i(5)]), "null");
        let Ok(Value::Int(elapsed)) = call(&mut host, &t, "elapsed", &[]) else {
            panic!("elapsed() must give an integer");
        };
        assert!(elapsed >= 4, "elapsed {elapsed}");
        assert_eq!(call_show(&mut host, &t, "sleep", &[i(-5)]), "null");
        assert_eq!(
            call_show(&mut host, &t, "sleep", &[s("1")]),
            "error: TimeBox.sleep expects an IntegerBox or FloatBox, got StringBox"
        );
        assert_eq!(call_show(&mut host, &t, "type", &[]), "TimeBox");
        assert_eq!(call_show(&mut host, &t, "toString", &[]), "<TimeBox>");
    }
}
