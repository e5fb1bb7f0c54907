//! `nyash`: the command line of the Nyash toolchain.
//!
//! A thin layer: it parses arguments, loads source files, drives the pipeline
//! (syntax → check → lower → vm, or → wasm → wasmtime in `jit`) and renders every diagnostic
//! in one place. Exit codes: 0 success, 1 runtime error, 2 compile or usage error.

mod aot;
mod args;
mod compat;
mod doctor;
mod inspect;
mod jit;
mod load;
mod native;
mod wasm;

use args::{Backend, Command, MirArgs, RunArgs};
use nyash_diagnostics::{Diagnostic, SourceFiles};
use nyash_mir::Module;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Instant;

/// The allocator of the whole process. Programs on the VM allocate a box per object and free it
/// as soon as its last reference goes; mimalloc serves that pattern faster than the system
/// allocator (`binary_trees` 11% and `strings` 6% less CPU time, bench/README.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit code after an uncaught runtime error.
pub(crate) const EXIT_RUNTIME_ERROR: u8 = 1;
/// Exit code after compile errors and bad usage.
pub(crate) const EXIT_COMPILE_ERROR: u8 = 2;

/// Stack given to the thread that runs a program: deep Nyash recursion (up to the VM's call
/// depth limit) must hit the `stack overflow` runtime error, never the real end of the stack.
const VM_THREAD_STACK: usize = 1 << 30;

fn main() -> ExitCode {
    let cli = args::parse();
    match cli.into_command() {
        Command::Run(run) => run_program(&run),
        Command::Mir(mir) => show_mir(&mir),
        Command::Build(build) if build.cwasm => aot::build(&build),
        Command::Build(build) if !build.wasm => native::build(&build),
        Command::Build(build) => wasm::build(&build),
        Command::Doctor(doctor) => doctor::doctor(&doctor),
        Command::Inspect(inspect) => inspect::inspect(&inspect.file),
    }
}

/// A program that passed every compile-time stage.
pub(crate) struct Compiled {
    files: SourceFiles,
    module: Module,
}

/// Loads, checks and lowers `path`; on failure renders the errors and returns the exit code.
fn compile(path: &std::path::Path) -> Result<Compiled, ExitCode> {
    let loaded = load::load(path);
    let mut errors = loaded.errors;
    if errors.is_empty() {
        errors.extend(
            nyash_check::check(&loaded.program)
                .iter()
                .map(|e| e.to_diagnostic()),
        );
    }
    if !errors.is_empty() {
        report(&loaded.files, &errors);
        return Err(ExitCode::from(EXIT_COMPILE_ERROR));
    }
    match nyash_lower::lower(&loaded.program) {
        Ok(module) => Ok(Compiled {
            files: loaded.files,
            module,
        }),
        Err(errors) => {
            let errors: Vec<Diagnostic> = errors.iter().map(|e| e.to_diagnostic()).collect();
            report(&loaded.files, &errors);
            Err(ExitCode::from(EXIT_COMPILE_ERROR))
        }
    }
}

fn run_program(run: &RunArgs) -> ExitCode {
    if aot::is_precompiled(&run.file) {
        if run.backend == Some(Backend::Vm) {
            eprintln!(
                "error: `{}` is a precompiled module: it runs only with `--backend wasm`",
                run.file.display()
            );
            return ExitCode::from(EXIT_COMPILE_ERROR);
        }
        return aot::run_file(run);
    }
    if jit::is_module(&run.file) {
        if run.backend == Some(Backend::Vm) {
            eprintln!(
                "error: `{}` is a compiled WebAssembly module: it runs only with `--backend wasm`",
                run.file.display()
            );
            return ExitCode::from(EXIT_COMPILE_ERROR);
        }
        return jit::run_file(run);
    }
    let started = Instant::now();
    let compiled = match compile(&run.file) {
        Ok(c) => c,
        Err(code) => return code,
    };
    match run.backend.unwrap_or(Backend::Vm) {
        Backend::Vm => {
            report_time(run.time, "compile", started);
            let running = Instant::now();
            let code = run_on_vm(compiled, run.args.clone());
            report_time(run.time, "run", running);
            code
        }
        Backend::Wasm => jit::run_compiled(&compiled, run, started),
    }
}

/// For `--time`: how long a stage took since `started`, on stderr.
pub(crate) fn report_time(enabled: bool, stage: &str, started: Instant) {
    if enabled {
        eprintln!(
            "{stage}: {:.1} ms",
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
}

fn run_on_vm(compiled: Compiled, args: Vec<String>) -> ExitCode {
    let Compiled { files, module } = compiled;
    let outcome = std::thread::Builder::new()
        .name("nyash-vm".into())
        .stack_size(VM_THREAD_STACK)
        .spawn(move || {
            // The VM buffers and flushes standard output itself (and reports a failed flush).
            let mut out = std::io::stdout().lock();
            let mut err = std::io::stderr();
            let mut input = std::io::stdin().lock();
            match nyash_vm::run(&module, &args, &mut out, &mut err, &mut input) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    report(&files, &[error.to_diagnostic(&files)]);
                    ExitCode::from(EXIT_RUNTIME_ERROR)
                }
            }
        });
    let joined = match outcome {
        Ok(handle) => handle.join(),
        Err(e) => {
            eprintln!("error: cannot start the VM thread: {e}");
            return ExitCode::from(EXIT_RUNTIME_ERROR);
        }
    };
    joined.unwrap_or_else(|_| {
        eprintln!("error: internal error in the VM (this is a bug in nyash)");
        ExitCode::from(EXIT_RUNTIME_ERROR)
    })
}

fn show_mir(mir: &MirArgs) -> ExitCode {
    let compiled = match compile(&mir.file) {
        Ok(c) => c,
        Err(code) => return code,
    };
    if mir.verify {
        if let Err(errors) = nyash_mir::verify(&compiled.module) {
            for e in &errors {
                eprintln!(
                    "error: MIR verification failed in {}: {}",
                    e.function, e.message
                );
            }
            return ExitCode::from(EXIT_COMPILE_ERROR);
        }
        if !mir.dump {
            println!(
                "MIR verified: {} functions",
                compiled.module.functions.len()
            );
        }
    }
    if mir.dump {
        // A reader that stops early (`| head`) is an error to report, not a panic of `print!`.
        let mut out = std::io::stdout().lock();
        if let Err(e) = write!(out, "{}", compiled.module).and_then(|()| out.flush()) {
            eprintln!("error: cannot write to standard output: {e}");
            return ExitCode::from(EXIT_RUNTIME_ERROR);
        }
    }
    ExitCode::SUCCESS
}

/// Renders diagnostics to stderr, in colour only on a terminal.
pub(crate) fn report(files: &SourceFiles, diagnostics: &[Diagnostic]) {
    use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
    let stderr = std::io::stderr();
    let choice = if stderr.is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    };
    let mut stream = StandardStream::stderr(choice);
    if nyash_diagnostics::render(files, diagnostics, &mut stream).is_err() {
        eprint!(
            "{}",
            nyash_diagnostics::render_to_string(files, diagnostics)
        );
    }
}
