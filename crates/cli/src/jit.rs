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

use nyash_diagnostics::{Diagnostic, FileId, SourceFiles, Span};
use nyash_host::{HostError, NyashFrame, SourceMap};
use wasmtime::{Config, Engine, Module};

use crate::args::RunArgs;
use crate::{report, report_time, Compiled, EXIT_COMPILE_ERROR, EXIT_RUNTIME_ERROR};

/// The CLI's engine configuration; every engine of the CLI is built from it: the one that
/// compiles and runs `--backend wasm` and `.wasm` files, and the one that writes and loads
/// `.cwasm` files (`aot`).
///
/// It is wasmtime's defaults (`Config::new()`) under the cargo features the stock `wasmtime`
/// CLI has (concurrency support, the copying GC collector, threads: see `Cargo.toml`), so that
/// `wasmtime run --allow-precompiled` of the same major version loads our `.cwasm` files and we
/// load its (docs/COMPAT.md). Nothing here may change a setting recorded in a `.cwasm` (the
/// tunables, cranelift flags or wasm features): the stack limits it sets are run-time only.
/// The stock CLI reads `WASMTIME_BACKTRACE_DETAILS` like this does, so both agree in one
/// environment.
pub fn config() -> Config {
    let mut config = Config::new();
    nyash_host::configure_stack(&mut config);
    config
}

/// An engine of [`config`], or the rendered error (exit 2).
pub fn engine() -> Result<Engine, ExitCode> {
    Engine::new(&config()).map_err(|e| {
        eprintln!("error: cannot set up wasmtime: {e}");
        ExitCode::from(EXIT_COMPILE_ERROR)
    })
}

/// Compiles a program that passed the front end to wasm and runs it. `started` is when
/// compilation began (for `--time`).
pub fn run_compiled(compiled: &Compiled, run: &RunArgs, started: Instant) -> ExitCode {
    match nyash_wasm::compile(&compiled.module, &compiled.files) {
        Ok(bytes) => run_bytes_with(&bytes, run, started, Some(&compiled.files)),
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
pub fn run_bytes(bytes: &[u8], run: &RunArgs, started: Instant) -> ExitCode {
    run_bytes_with(bytes, run, started, None)
}

/// [`run_bytes`]; a trap is placed with the module's `nyash.sourcemap` section and, when the
/// program's `files` are at hand, shown with its source line as the VM shows errors.
fn run_bytes_with(
    bytes: &[u8],
    run: &RunArgs,
    started: Instant,
    files: Option<&SourceFiles>,
) -> ExitCode {
    let engine = match engine() {
        Ok(engine) => engine,
        Err(code) => return code,
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
    run_mapped(engine, module, run, SourceMap::from_module(bytes), files)
}

/// Runs a module that is ready (compiled or loaded precompiled) with the program's arguments.
pub fn run_loaded(engine: Engine, module: Module, run: &RunArgs) -> ExitCode {
    run_mapped(engine, module, run, None, None)
}

fn run_mapped(
    engine: Engine,
    module: Module,
    run: &RunArgs,
    map: Option<SourceMap>,
    files: Option<&SourceFiles>,
) -> ExitCode {
    let running = Instant::now();
    let outcome = nyash_host::run_on_big_stack(engine, module, argv(run), map);
    report_time(run.time, "run", running);
    match outcome {
        Ok(code) => ExitCode::from(u8::try_from(code).unwrap_or(EXIT_RUNTIME_ERROR)),
        Err(error) => report_host_error(&error, files),
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

/// Renders a run that did not end with an exit code: traps are runtime errors (exit 1), a
/// module this host cannot link is a usage error (exit 2).
fn report_host_error(error: &HostError, files: Option<&SourceFiles>) -> ExitCode {
    if let HostError::Located { message, frames } = error {
        report_located(message, frames, files);
        return ExitCode::from(EXIT_RUNTIME_ERROR);
    }
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

/// A trap in Nyash code, as the VM reports a runtime error: the message at the place of the
/// innermost Nyash frame (with its source line when `files` has it, else `at file:line:col`)
/// and the call-stack note.
fn report_located(message: &str, frames: &[NyashFrame], files: Option<&SourceFiles>) {
    let note = nyash_host::stack_note(frames);
    let Some(place) = frames.first().map(|f| &f.place) else {
        report(
            &SourceFiles::new(),
            &[Diagnostic::error_without_span(message)],
        );
        return;
    };
    let file = FileId(place.file);
    let span = files
        .filter(|files| (place.file as usize) < files.len() && files.name(file) == place.file_name)
        .map(|files| (files, Span::new(file, place.start, place.end)));
    match span {
        Some((files, span)) => report(files, &[Diagnostic::error(message, span).with_note(note)]),
        None => {
            let diagnostic = Diagnostic::error_without_span(message)
                .with_note(format!("at {}", place.location()))
                .with_note(note);
            report(&SourceFiles::new(), &[diagnostic]);
        }
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
