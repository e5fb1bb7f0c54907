//! The Nyash virtual machine: runs a MIR [`Module`] directly. It is the reference semantics of
//! the language (SPEC §4–§6); the wasm backend must agree with it on every program.
//!
//! Input: a module from `nyash-lower`, and the program's standard streams. Output: what the
//! program writes, and `Err(RuntimeError)` for an error nobody caught; the CLI renders it with
//! [`RuntimeError::to_diagnostic`]. The VM does no other IO.
//!
//! How it runs (one module per stage):
//! - `load`: each MIR function is flattened once into linear code (`code`), every id checked;
//! - `vm`: one shared register stack, frames, `try` handlers, error unwinding;
//! - `exec`: the interpreter loop, with fast paths for numbers and branches;
//! - `ops`: operators; `dispatch`: methods, `new`, fields, static boxes, `fini()`;
//! - `host`: printing and the [`builtins::Host`] interface the built-in boxes call back through;
//! - `instance`: user box instances, reference counting, `fini()` queueing and `weak` fields.

mod builtins;
mod code;
mod dispatch;
mod error;
mod exec;
mod host;
mod instance;
mod load;
mod ops;
pub mod value;
mod vm;

#[cfg(test)]
mod tests;

use std::io::{BufRead, Write};
use std::rc::Rc;

use nyash_mir::Module;

pub use error::RuntimeError;
pub use instance::Instance;

/// Runs `module`: its entry function, then the `fini()` of objects it released at the end.
///
/// Everything the program prints goes to `stdout` (buffered; flushed before returning) and
/// `stderr`; `stdin` feeds `ConsoleBox.readLine()`. An uncaught error is returned, not printed.
///
/// Native stack: a call from one Nyash function to another does not recurse in Rust (frames
/// live on the VM's own stacks), so deep Nyash recursion needs only heap. Native stack is used
/// when an instruction calls back into Nyash: a user `toString()` reached from `print`, a string
/// concatenation or a built-in box (array printing), and a static box's `static { }`. Each such
/// nesting costs about 2 KiB in release builds and 16 KiB in debug builds (measured: a user
/// `toString()` that concatenates the next object's, 2,000 levels deep, fits in 4 MiB and in
/// 32 MiB respectively). Nesting is bounded by the 10,000-call depth limit, so a thread with
/// 256 MiB of stack always suffices (the test `nested_native_calls_fit_in_256_mib` checks it).
///
/// `args` are the program's command-line arguments; the entry function receives them as an
/// ArrayBox of strings if it declares a parameter (MIR `Module::entry`).
pub fn run(
    module: &Module,
    args: &[String],
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
    stdin: &mut dyn BufRead,
) -> Result<(), RuntimeError> {
    let program = load::load(module).map_err(RuntimeError::invalid_module)?;
    let mut machine = vm::Vm::new(Rc::new(program), stdout, stderr, stdin);
    let result = machine.run_entry(args);
    let flushed = machine.finish();
    result.map_err(|error| RuntimeError::new(*error))?;
    flushed.map_err(RuntimeError::output_failed)
}
