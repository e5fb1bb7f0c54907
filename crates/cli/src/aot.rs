//! `nyash --aot app.nyash [-o app.cwasm] [--for-wasmtime PATH|auto]` (also `nyash build
//! --cwasm`) and `nyash run app.cwasm`: precompiled modules for `wasmtime run
//! --allow-precompiled` (DESIGN §4, docs/COMPAT.md).
//!
//! Writing: the program goes through the front end and `nyash-wasm`; the portable module is
//! written as `app.wasm` beside `app.cwasm` (the fallback when a `.cwasm` no longer loads, and
//! what any wasmtime runs), then precompiled by the embedded wasmtime with the CLI's engine
//! configuration (`jit::config`), or by the wasmtime CLI `--for-wasmtime` names when its major
//! version differs from ours (its own `wasmtime compile`).
//!
//! Running: a `.cwasm` is checked before any of its code is loaded: it must be a wasmtime
//! module whose recorded major version is ours (`compat::read_recorded`); wasmtime then checks
//! its settings and this CPU while loading it. A file that does not pass runs from the `.wasm`
//! beside it with a one-line notice, or fails with a message naming both wasmtime versions.
//! This module holds the CLI's only `unsafe`: loading precompiled code ([`deserialize`]).

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use wasmtime::{Engine, Module};

use crate::args::{BuildArgs, RunArgs};
use crate::compat::{self, NotPrecompiled, SystemCli};
use crate::{jit, report_time, EXIT_COMPILE_ERROR};

/// Whether `path` names a precompiled module.
pub fn is_precompiled(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "cwasm")
}

/// Where one `--aot` writes.
#[derive(Debug, PartialEq, Eq)]
struct Outputs {
    cwasm: PathBuf,
    wasm: PathBuf,
}

impl Outputs {
    /// `-o OUT` or the program with `.cwasm`; the `.wasm` goes beside it with the same stem.
    fn new(input: &Path, output: Option<&Path>) -> Result<Outputs, String> {
        let cwasm = output.map_or_else(|| input.with_extension("cwasm"), Path::to_path_buf);
        if cwasm.extension().is_some_and(|e| e == "wasm" || e == "wat") {
            return Err(format!(
                "`--aot` writes a precompiled module; name it `.cwasm`, not `{}`",
                cwasm.display()
            ));
        }
        let wasm = cwasm.with_extension("wasm");
        Ok(Outputs { cwasm, wasm })
    }
}

/// `--aot` / `build --cwasm`: writes `app.wasm` and `app.cwasm`.
pub fn build(build: &BuildArgs) -> ExitCode {
    match try_build(build) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}

fn try_build(build: &BuildArgs) -> Result<(), ExitCode> {
    let outputs = Outputs::new(&build.file, build.output.as_deref()).map_err(usage_error)?;
    // The CLI named by `--for-wasmtime` is checked first: a wrong one writes nothing.
    let cli = build
        .for_wasmtime
        .as_deref()
        .map(resolve_cli)
        .transpose()
        .map_err(usage_error)?;
    let compiled = crate::compile(&build.file)?;
    let wasm = nyash_wasm::compile(&compiled.module, &compiled.files)
        .map_err(|e| usage_error(e.to_string()))?;
    write(&outputs.wasm, &wasm)?;
    match cli {
        None => {
            precompile_in_process(&wasm, &outputs.cwasm)?;
            warn_if_path_cli_differs(&outputs);
            Ok(())
        }
        Some(cli) if cli.same_major() => {
            precompile_in_process(&wasm, &outputs.cwasm)?;
            eprintln!(
                "note: compiled `{}` in process: {} has the major version of the embedded wasmtime {}",
                outputs.cwasm.display(),
                cli.describe(),
                compat::wasmtime_version()
            );
            Ok(())
        }
        Some(cli) => precompile_with_cli(&cli, &outputs),
    }
}

/// Precompiles `wasm` with the embedded wasmtime and writes the result to `cwasm`.
fn precompile_in_process(wasm: &[u8], cwasm: &Path) -> Result<(), ExitCode> {
    let engine = jit::engine()?;
    let bytes = engine
        .precompile_module(wasm)
        .map_err(|e| usage_error(format!("cannot precompile the module: {e}")))?;
    write(cwasm, &bytes)
}

/// `wanted` is `auto` (the first `wasmtime` on PATH) or the path of a wasmtime CLI.
fn resolve_cli(wanted: &str) -> Result<SystemCli, String> {
    let path = if wanted == "auto" {
        compat::find_on_path()
            .ok_or("`--for-wasmtime auto` found no `wasmtime` on PATH (give its path instead)")?
    } else {
        PathBuf::from(wanted)
    };
    compat::probe(&path)
}

/// Writes the `.cwasm` with `CLI compile`, for a wasmtime whose files ours cannot make, then
/// checks that the result is a module recorded for that wasmtime.
fn precompile_with_cli(cli: &SystemCli, outputs: &Outputs) -> Result<(), ExitCode> {
    // An old file must not pass the check below when the CLI writes nothing.
    let _ = std::fs::remove_file(&outputs.cwasm);
    let status = Command::new(&cli.path)
        .arg("compile")
        .arg(&outputs.wasm)
        .arg("-o")
        .arg(&outputs.cwasm)
        .output()
        .map_err(|e| usage_error(format!("cannot run `{} compile`: {e}", cli.path.display())))?;
    if !status.status.success() {
        let stderr = String::from_utf8_lossy(&status.stderr);
        return Err(usage_error(format!(
            "`{} compile` failed ({}): {}",
            cli.path.display(),
            status.status,
            stderr.trim()
        )));
    }
    let bytes = std::fs::read(&outputs.cwasm).map_err(|e| {
        usage_error(format!(
            "`{} compile` wrote no `{}`: {e}",
            cli.path.display(),
            outputs.cwasm.display()
        ))
    })?;
    let recorded = compat::read_recorded(&bytes).map_err(|e| {
        usage_error(format!(
            "`{} compile` wrote `{}`, but {e}",
            cli.path.display(),
            outputs.cwasm.display()
        ))
    })?;
    if compat::major_of(&recorded.version) != compat::major_of(&cli.version) {
        return Err(usage_error(format!(
            "`{}` records {}, not wasmtime {} as its CLI said",
            outputs.cwasm.display(),
            recorded.describe(),
            cli.version
        )));
    }
    eprintln!(
        "note: compiled `{}` with `wasmtime compile` of {}: it loads in that wasmtime, and `nyash run` runs `{}` in its place (this nyash embeds wasmtime {})",
        outputs.cwasm.display(),
        cli.describe(),
        outputs.wasm.display(),
        compat::wasmtime_version()
    );
    Ok(())
}

/// Without `--for-wasmtime`: says so when the `wasmtime` on PATH cannot load what we wrote.
fn warn_if_path_cli_differs(outputs: &Outputs) {
    let Some(cli) = compat::find_on_path().and_then(|path| compat::probe(&path).ok()) else {
        return;
    };
    if !cli.same_major() {
        eprintln!(
            "warning: the wasmtime on PATH, {}, cannot load `{}` (made by the embedded wasmtime {}): use `--for-wasmtime auto`, or give it `{}`",
            cli.describe(),
            outputs.cwasm.display(),
            compat::wasmtime_version(),
            outputs.wasm.display()
        );
    }
}

/// `nyash run app.cwasm`.
pub fn run_file(run: &RunArgs) -> ExitCode {
    let started = Instant::now();
    let bytes = match std::fs::read(&run.file) {
        Ok(bytes) => bytes,
        Err(e) => return usage_error(format!("cannot read `{}`: {e}", run.file.display())),
    };
    let recorded = match compat::read_recorded(&bytes) {
        Ok(recorded) => recorded,
        // A portable module under the wrong name compiles like any `.wasm`.
        Err(NotPrecompiled::WasmBinary) => return jit::run_bytes(&bytes, run, started),
        Err(why) => {
            return usage_error(format!("cannot run `{}`: {why}", run.file.display()));
        }
    };
    if !recorded.same_major() {
        let why = format!(
            "was made by {}, and this nyash embeds wasmtime {}",
            recorded.describe(),
            compat::wasmtime_version()
        );
        let help = format!(
            "run it with `wasmtime run --allow-precompiled` of wasmtime {}",
            recorded.version
        );
        return fall_back(run, &why, &help, started);
    }
    let engine = match jit::engine() {
        Ok(engine) => engine,
        Err(code) => return code,
    };
    match deserialize(&engine, &bytes) {
        Ok(module) => {
            report_time(run.time, "load", started);
            jit::run_loaded(engine, module, run)
        }
        Err(e) => {
            let why = format!(
                "does not load in the embedded wasmtime {} ({e})",
                compat::wasmtime_version()
            );
            let help = "run it with the wasmtime and the settings that made it";
            fall_back(run, &why, help, started)
        }
    }
}

/// Runs the `.wasm` beside a `.cwasm` that cannot be loaded, or explains why nothing runs
/// (`help` says where the file does run).
fn fall_back(run: &RunArgs, why: &str, help: &str, started: Instant) -> ExitCode {
    let wasm = run.file.with_extension("wasm");
    match std::fs::read(&wasm) {
        Ok(bytes) => {
            eprintln!(
                "note: `{}` {why}; running `{}` instead",
                run.file.display(),
                wasm.display()
            );
            jit::run_bytes(&bytes, run, started)
        }
        Err(_) => {
            eprintln!("error: `{}` {why}", run.file.display());
            eprintln!(
                "help: {help}, or make it again with `nyash --aot` (which also writes the portable `{}`)",
                wasm.display()
            );
            ExitCode::from(EXIT_COMPILE_ERROR)
        }
    }
}

/// Loads precompiled machine code.
#[allow(unsafe_code)]
fn deserialize(engine: &Engine, bytes: &[u8]) -> wasmtime::Result<Module> {
    // SAFETY: `Module::deserialize` trusts `bytes` to be machine code written by a wasmtime
    // compiler. They are a `.cwasm` file the user named to run, which is the trust `wasmtime
    // run --allow-precompiled` gives such files (DESIGN §4 forbids this only for bytes that
    // arrive any other way); `compat::read_recorded` has checked that they are a wasmtime
    // module of our major version, and wasmtime itself checks the recorded version, settings
    // and CPU features and returns an `Err` on any mismatch.
    unsafe { Module::deserialize(engine, bytes) }
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), ExitCode> {
    std::fs::write(path, bytes)
        .map_err(|e| usage_error(format!("cannot write `{}`: {e}", path.display())))
}

fn usage_error(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(EXIT_COMPILE_ERROR)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_cwasm_files_are_precompiled() {
        assert!(is_precompiled(Path::new("dir/app.cwasm")));
        assert!(!is_precompiled(Path::new("app.wasm")));
        assert!(!is_precompiled(Path::new("cwasm")));
    }

    #[test]
    fn the_wasm_goes_beside_the_cwasm() {
        let defaults = Outputs::new(Path::new("dir/app.nyash"), None);
        assert_eq!(
            defaults,
            Ok(Outputs {
                cwasm: "dir/app.cwasm".into(),
                wasm: "dir/app.wasm".into()
            })
        );
        let named = Outputs::new(Path::new("app.nyash"), Some(Path::new("out/x.cwasm")));
        assert_eq!(named.map(|o| o.wasm), Ok("out/x.wasm".into()));
        assert!(Outputs::new(Path::new("app.nyash"), Some(Path::new("x.wasm"))).is_err());
    }

    #[test]
    fn what_we_precompile_records_our_version_and_target_and_loads_again() {
        let engine = jit::engine().unwrap_or_else(|_| panic!("no engine"));
        let bytes = engine
            .precompile_module(b"\0asm\x01\0\0\0")
            .unwrap_or_else(|e| panic!("{e}"));
        let recorded = compat::read_recorded(&bytes).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(recorded.version, compat::wasmtime_major());
        assert_eq!(recorded.target, Some(compat::target()));
        assert!(recorded.same_major());
        assert!(deserialize(&engine, &bytes).is_ok());
    }

    #[test]
    fn the_engine_has_the_recorded_settings_of_the_stock_cli() {
        let engine = jit::engine().unwrap_or_else(|_| panic!("no engine"));
        // What the stock CLI's default cargo features switch on, and `Config::new()` with
        // them: a runtime-only build has the opposite and refuses our files.
        assert!(engine.get_concurrency_support());
        assert!(engine.get_signals_based_traps());
        assert!(engine.get_memory_init_cow());
    }

    #[test]
    fn a_file_from_a_differently_configured_engine_is_refused_cleanly() {
        let engine = jit::engine().unwrap_or_else(|_| panic!("no engine"));
        for change in [
            (|c: &mut wasmtime::Config| {
                c.concurrency_support(false);
            }) as fn(&mut wasmtime::Config),
            |c| {
                c.memory_reservation(1 << 20);
            },
            |c| {
                c.consume_fuel(true);
            },
        ] {
            let mut config = jit::config();
            change(&mut config);
            let other = Engine::new(&config).unwrap_or_else(|e| panic!("{e}"));
            let bytes = other
                .precompile_module(b"\0asm\x01\0\0\0")
                .unwrap_or_else(|e| panic!("{e}"));
            let recorded = compat::read_recorded(&bytes).unwrap_or_else(|e| panic!("{e}"));
            assert!(recorded.same_major());
            let refused = deserialize(&engine, &bytes).map(|_| ());
            assert!(refused.is_err(), "loaded a file of other settings");
        }
    }
}
