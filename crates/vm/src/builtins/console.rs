//! ConsoleBox methods (SPEC §6): `log`, `warn` and `error` take any number of values, print
//! their `toString()`s separated by one space and end the line (`log` to stdout, `warn` and
//! `error` to stderr); `print(x)` writes without a line end, `println(x)` / `println()` with
//! one; `readLine()` gives one line of input or null at the end. Output errors (a closed pipe)
//! are ignored, as for `print`.

use super::args::{Args, Outcome, Who};
use super::Host;
use crate::value::Value;

methods! {
    /// The methods of ConsoleBox.
    ConsoleMethod {
        Log = "log",
        Print = "print",
        Println = "println",
        Warn = "warn",
        Error = "error",
        ReadLine = "readLine",
    }
}

/// Where a console method writes.
#[derive(Clone, Copy)]
pub(crate) enum Stream {
    Stdout,
    Stderr,
}

pub(crate) fn call(host: &mut dyn Host, method: ConsoleMethod, values: &[Value]) -> Outcome {
    use ConsoleMethod as M;
    let args = Args::new(Who::Method("ConsoleBox", method.name()), values);
    match method {
        M::Log => write_line(host, Stream::Stdout, values),
        M::Warn | M::Error => write_line(host, Stream::Stderr, values),
        M::Print => {
            args.count(1)?;
            let text = super::display(host, args.get(0))?;
            let _ = host.stdout().write_all(text.as_bytes());
            Ok(Value::Null)
        }
        M::Println => {
            args.count_between(0, 1)?;
            write_line(host, Stream::Stdout, values)
        }
        M::ReadLine => {
            args.count(0)?;
            Ok(host.read_line().map_or(Value::Null, Value::str))
        }
    }
}

/// The values' `toString()`s joined by spaces, and a newline.
pub(crate) fn write_line(host: &mut dyn Host, stream: Stream, values: &[Value]) -> Outcome {
    let mut line = String::new();
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            line.push(' ');
        }
        line.push_str(&super::display(host, v)?);
    }
    line.push('\n');
    let out = match stream {
        Stream::Stdout => host.stdout(),
        Stream::Stderr => host.stderr(),
    };
    let _ = out.write_all(line.as_bytes());
    Ok(Value::Null)
}

#[cfg(test)]
mod tests {
    use crate::builtins::test_host::{call_show, f, i, s, TestHost};
    use crate::value::Value;

    #[test]
    fn log_joins_arguments_with_spaces() {
        let mut host = TestHost::new();
        let c = Value::Console;
        assert_eq!(
            call_show(&mut host, &c, "log", &[s("a"), i(1), f(2.5)]),
            "null"
        );
        call_show(&mut host, &c, "log", &[]);
        call_show(&mut host, &c, "log", &[Value::array(vec![s("x")])]);
        assert_eq!(host.stdout_text(), "a 1 2.5\n\n[x]\n");
        assert_eq!(host.stderr_text(), "");
    }

    #[test]
    fn print_println_warn_error() {
        let mut host = TestHost::new();
        let c = Value::Console;
        call_show(&mut host, &c, "print", &[s("a")]);
        call_show(&mut host, &c, "print", &[i(1)]);
        call_show(&mut host, &c, "println", &[s("b")]);
        call_show(&mut host, &c, "println", &[]);
        call_show(&mut host, &c, "warn", &[s("w"), i(2)]);
        call_show(&mut host, &c, "error", &[s("e")]);
        assert_eq!(host.stdout_text(), "a1b\n\n");
        assert_eq!(host.stderr_text(), "w 2\ne\n");
        assert_eq!(
            call_show(&mut host, &c, "print", &[]),
            "error: ConsoleBox.print takes 1 argument, got 0"
        );
        assert_eq!(
            call_show(&mut host, &c, "println", &[i(1), i(2)]),
            "error: ConsoleBox.println takes 0 or 1 arguments, got 2"
        );
    }

    #[test]
    fn read_line_gives_null_at_end() {
        let mut host = TestHost::new();
        host.input.push_back("hello".to_string());
        let c = Value::Console;
        assert_eq!(call_show(&mut host, &c, "readLine", &[]), "hello");
        assert_eq!(call_show(&mut host, &c, "readLine", &[]), "null");
    }

    #[test]
    fn universal_methods() {
        let mut host = TestHost::new();
        let c = Value::Console;
        assert_eq!(call_show(&mut host, &c, "toString", &[]), "<ConsoleBox>");
        assert_eq!(call_show(&mut host, &c, "type", &[]), "ConsoleBox");
        assert_eq!(
            call_show(&mut host, &c, "equals", &[Value::Console]),
            "true"
        );
    }
}
