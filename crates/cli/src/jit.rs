//! `nyash --backend wasm app.nyash` and `nyash run app.wasm`: runs a WebAssembly module in
//! this process with wasmtime (DESIGN §3).
//!
//! A source program goes through the front end and `nyash-wasm` in memory; a `.wasm` file is
//! read from disk. Either way wasmtime compiles the bytes with the engine of [`config`] (the
//! CLI's only engine configuration) and `nyash-host` runs the module's `_start` with the WASI
//! functions it imports, on a thread with a big native stack, so that 10,000 nested Nyash
//! calls end in the module's own `stack overflow` error. A program the wasm backend cannot
//! compile yet is an error (exit 2), never a silent fallback to the VM.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use nyash_diagnostics::{Diagnostic, SourceFiles};
use nyash_host::{HostError, Wasi};
use wasmtime::{Config, Engine, Module};

use crate::args::RunArgs;
use crate::{report, report_time, Compiled, EXIT_COMPILE_ERROR, EXIT_RUNTIME_ERROR};

/// The CLI's engine configuration; every engine of the CLI is built from it. Besides wasmtime's
/// defaults it only lets wasm use enough stack for the language's 10,000 nested calls.
pub fn config() -> Config {
    let mut config = Config::new();
    nyash_host::configure_stack(&mut config);
    config
}

/// Compiles a program that passed the front end to wasm and runs it. `started` is when
/// compilation began (for `--time`).
pub fn run_compiled(compiled: &Compiled, run: &RunArgs, started: Instant) -> ExitCode {
    match nyash_wasm::compile(&compiled.module, &compiled.files) {
        Ok(bytes) => run_bytes(&bytes, run, started),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_COMPILE_ERROR)
        }
    }
}

/// Runs the module in the file `run.file`.
pub fn run_file(run: &RunArgs) -> ExitCode {
    let started = Instant::now();
    match std::fs::read(&run.file) {
        Ok(bytes) => run_bytes(&bytes, run, started),
        Err(e) => {
            eprintln!("error: cannot read `{}`: {e}", run.file.display());
            ExitCode::from(EXIT_COMPILE_ERROR)
        }
    }
}

/// Whether `path` names a compiled module rather than a source program.
pub fn is_module(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "wasm")
}

/// Compiles `bytes` to native code and runs them with the program's arguments.
fn run_bytes(bytes: &[u8], run: &RunArgs, started: Instant) -> ExitCode {
    let engine = match Engine::new(&config()) {
        Ok(engine) => engine,
        Err(e) => {
            eprintln!("error: cannot set up wasmtime: {e}");
            return ExitCode::from(EXIT_COMPILE_ERROR);
        }
    };
    let module = match Module::new(&engine, bytes) {
        Ok(module) => module,
        Err(e) => {
            eprintln!(
                "error: `{}` is not a valid WebAssembly module: {e}",
                run.file.display()
            );
            return ExitCode::from(EXIT_COMPILE_ERROR);
        }
    };
    report_time(run.time, "compile", started);
    let running = Instant::now();
    let outcome = run_on_big_stack(engine, module, argv(run));
    report_time(run.time, "run", running);
    match outcome {
        Ok(code) => ExitCode::from(u8::try_from(code).unwrap_or(EXIT_RUNTIME_ERROR)),
        Err(error) => report_host_error(&error),
    }
}

/// `argv` as `wasmtime run` gives it: the file's name, then the program's arguments.
fn argv(run: &RunArgs) -> Vec<String> {
    let name = run
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    std::iter::once(name)
        .chain(run.args.iter().cloned())
        .collect()
}

/// Runs the module on a thread whose native stack is bigger than the wasm stack limit.
fn run_on_big_stack(engine: Engine, module: Module, argv: Vec<String>) -> Result<i32, HostError> {
    let thread = std::thread::Builder::new()
        .name("nyash-wasm".into())
        .stack_size(nyash_host::RUN_THREAD_STACK)
        .spawn(move || nyash_host::run_module(&engine, &module, Wasi::new(argv)));
    match thread {
        Ok(handle) => handle.join().unwrap_or_else(|_| {
            Err(HostError::Trap {
                message: "the host panicked".into(),
                function: None,
            })
        }),
        Err(e) => Err(HostError::Instantiate(format!(
            "cannot start the thread that runs it: {e}"
        ))),
    }
}

/// Renders a run that did not end with an exit code: traps are runtime errors (exit 1), a
/// module this host cannot link is a usage error (exit 2).
fn report_host_error(error: &HostError) -> ExitCode {
    let mut diagnostic = Diagnostic::error_without_span(error.to_string());
    if let Some(function) = error.function() {
        diagnostic = diagnostic.with_note(format!("in {function}"));
    }
    report(&SourceFiles::new(), &[diagnostic]);
    match error {
        HostError::StackOverflow { .. } | HostError::Trap { .. } => {
            ExitCode::from(EXIT_RUNTIME_ERROR)
        }
        _ => ExitCode::from(EXIT_COMPILE_ERROR),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_wasm_files_are_modules() {
        assert!(is_module(Path::new("dir/app.wasm")));
        assert!(!is_module(Path::new("app.nyash")));
        assert!(!is_module(Path::new("wasm")));
    }

    #[test]
    fn the_configuration_builds_an_engine_that_rejects_garbage() {
        let engine = Engine::new(&config()).unwrap_or_else(|e| panic!("{e}"));
        assert!(Module::new(&engine, b"\0asm\x01\0\0\0garbage").is_err());
        assert!(Module::new(&engine, b"\0asm\x01\0\0\0").is_ok());
    }
}
