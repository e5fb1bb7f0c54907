//! Printing and the [`Host`] side of the VM ↔ built-ins interface: how values become text
//! (calling a user box's own `toString()`), and the program's standard streams.

use std::io::Write;
use std::rc::Rc;

use crate::builtins::{self, Host};
use crate::instance::{Instance, State};
use crate::ops;
use crate::value::{Raise, Value};
use crate::vm::{Fault, Vm};

impl Vm<'_> {
    /// `v.toString()` as `print` shows it.
    pub(crate) fn display_value(&mut self, v: &Value) -> Result<String, Fault> {
        let mut text = String::new();
        if ops::append_plain(&mut text, v) {
            return Ok(text);
        }
        match v {
            Value::Instance(instance) => self.display_instance(instance),
            other => builtins::display(self, other).map_err(Fault::from),
        }
    }

    /// A user box prints through its own `toString()` if it has one, else as `<Dog instance>`.
    fn display_instance(&mut self, instance: &Rc<Instance>) -> Result<String, Fault> {
        let program = Rc::clone(&self.program);
        let class = program.class(instance.class());
        let Some(to_string) = class.lookup(program.well_known.to_string) else {
            return Ok(format!("<{} instance>", class.name));
        };
        if instance.state() == State::Finalised {
            return Err(Fault::Message(format!(
                "use of finalised {} instance",
                class.name
            )));
        }
        let shown = self.call_function(to_string.0, &[Value::Instance(Rc::clone(instance))])?;
        match shown {
            Value::Str(text) => Ok(Rc::try_unwrap(text).unwrap_or_else(|shared| (*shared).clone())),
            other => self.display_value(&other),
        }
    }

    /// `print(value)`: its text and a newline on standard output.
    #[inline(never)]
    pub(crate) fn print(&mut self, base: usize, value: u32) -> Result<(), Fault> {
        let written = match &self.regs[base + value as usize] {
            Value::Str(text) => self
                .out
                .write_all(text.as_bytes())
                .and_then(|()| self.out.write_all(b"\n")),
            Value::Int(n) => writeln!(self.out, "{n}"),
            other => {
                let other = other.clone();
                let mut text = self.display_value(&other)?;
                text.push('\n');
                self.out.write_all(text.as_bytes())
            }
        };
        written.map_err(|e| Fault::Message(format!("cannot write to standard output: {e}")))
    }
}

impl Host for Vm<'_> {
    fn display(&mut self, v: &Value) -> Result<String, Raise> {
        self.display_value(v).map_err(Fault::into_raise)
    }

    fn type_name(&self, v: &Value) -> String {
        ops::type_name(&self.program, v).to_string()
    }

    fn stdout(&mut self) -> &mut dyn Write {
        &mut self.out
    }

    fn stderr(&mut self) -> &mut dyn Write {
        // Keep the order of what the program wrote to both streams.
        let _ = self.out.flush();
        &mut *self.err
    }

    fn read_line(&mut self) -> Option<String> {
        let _ = self.out.flush();
        let mut line = String::new();
        match self.input.read_line(&mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => {
                if line.ends_with('\n') {
                    line.pop();
                    if line.ends_with('\r') {
                        line.pop();
                    }
                }
                Some(line)
            }
        }
    }
}
