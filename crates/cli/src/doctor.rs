//! `nyash doctor [--wasmtime PATH]`: checks the wasmtime CLI on this machine against this nyash
//! and says which of our artifacts it runs, and what to do (DESIGN §3, docs/COMPAT.md).
//!
//! Input: the CLI given or the first `wasmtime` on PATH. It reads the CLI's version, then
//! really tries both kinds of file on it: a tiny WASI module (`.wasm`, which any version runs)
//! and the same module precompiled by our engine (`.cwasm`, which only a CLI of our major
//! version and default settings loads). Output, on stdout: a table of what runs where, a
//! verdict and advice. Exit code: 0 when the CLI loads our `.cwasm` files (or no CLI is
//! installed: then nothing disagrees), 1 when it does not, 2 when the CLI given cannot be run.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use crate::args::DoctorArgs;
use crate::compat::{self, SystemCli};
use crate::{jit, EXIT_COMPILE_ERROR};

/// Exit code when the CLI cannot load the `.cwasm` files we write.
const EXIT_INCONSISTENT: u8 = 1;

/// The exit code the probe module asks for, so a run is told apart from a failure.
const PROBE_EXIT: i32 = 7;

/// A WASI preview1 module whose `_start` calls `proc_exit(7)` (it exports a memory because
/// wasmtime's WASI functions require one).
#[rustfmt::skip]
const PROBE_MODULE: &[u8] = &[
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
    0x01, 0x08, 0x02, 0x60, 0x01, 0x7f, 0x00, 0x60, 0x00, 0x00, // types: (i32) -> (), () -> ()
    0x02, 0x24, 0x01, // one import:
    0x16, b'w', b'a', b's', b'i', b'_', b's', b'n', b'a', b'p', b's', b'h', b'o', b't', b'_',
    b'p', b'r', b'e', b'v', b'i', b'e', b'w', b'1', // wasi_snapshot_preview1
    0x09, b'p', b'r', b'o', b'c', b'_', b'e', b'x', b'i', b't', 0x00, 0x00, // proc_exit: type 0
    0x03, 0x02, 0x01, 0x01, // one function of type 1
    0x05, 0x03, 0x01, 0x00, 0x00, // one memory of 0 pages
    0x07, 0x13, 0x02, // two exports:
    0x06, b'_', b's', b't', b'a', b'r', b't', 0x00, 0x01, // _start: function 1
    0x06, b'm', b'e', b'm', b'o', b'r', b'y', 0x02, 0x00, // memory: memory 0
    0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0x07, 0x10, 0x00, 0x0b, // i32.const 7; call 0; end
];

/// How one kind of file fared on the CLI.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Check {
    Runs,
    Fails(String),
}

impl Check {
    fn runs(&self) -> bool {
        *self == Check::Runs
    }

    fn cell(&self) -> String {
        match self {
            Check::Runs => "yes (checked)".into(),
            Check::Fails(why) => format!("no: {why}"),
        }
    }
}

pub fn doctor(args: &DoctorArgs) -> ExitCode {
    println!(
        "nyash {}: embedded wasmtime {}, target {}, CPU tier {}",
        env!("CARGO_PKG_VERSION"),
        compat::wasmtime_version(),
        compat::target(),
        compat::cpu_tier()
    );
    let path = match args.wasmtime.clone().or_else(compat::find_on_path) {
        Some(path) => path,
        None => {
            print_without_cli();
            return ExitCode::SUCCESS;
        }
    };
    let cli = match compat::probe(&path) {
        Ok(cli) => cli,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(EXIT_COMPILE_ERROR);
        }
    };
    println!("wasmtime CLI: {}", cli.describe());
    let (wasm, cwasm) = match try_files(&cli) {
        Ok(checks) => checks,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(EXIT_COMPILE_ERROR);
        }
    };
    print_table(&cli, &wasm, &cwasm);
    println!();
    if cwasm.runs() && wasm.runs() {
        println!(
            "verdict: consistent: `wasmtime run --allow-precompiled app.cwasm` runs what `nyash --aot` writes"
        );
        ExitCode::SUCCESS
    } else {
        print_advice(&cli, &cwasm);
        ExitCode::from(EXIT_INCONSISTENT)
    }
}

fn print_without_cli() {
    println!("wasmtime CLI: none on PATH");
    println!();
    println!(
        "`nyash run` runs `.wasm` and `.cwasm` files itself (wasmtime {} embedded).",
        compat::wasmtime_version()
    );
    println!(
        "To run them with the wasmtime CLI, install the version whose `.cwasm` files match ours:"
    );
    println!(
        "  cargo install wasmtime-cli --version {} --locked",
        compat::wasmtime_version()
    );
    println!("(any wasmtime CLI runs the portable `.wasm`: `wasmtime run app.wasm`).");
}

fn print_table(cli: &SystemCli, wasm: &Check, cwasm: &Check) {
    let foreign = format!("wasmtime {}", cli.version);
    let cwasm_for_cli = if cli.same_major() {
        "same as above".to_string()
    } else {
        "expected (made by its own `wasmtime compile`)".to_string()
    };
    let nyash_for_cli = if cli.same_major() {
        "yes"
    } else {
        "via the `.wasm` beside it"
    };
    println!();
    println!("| file | made by | `nyash run` | {foreign} |");
    println!("|---|---|---|---|");
    println!(
        "| `.wasm` | `nyash --compile-wasm`, `--aot` | yes | {} |",
        wasm.cell()
    );
    println!("| `.cwasm` | `nyash --aot` | yes | {} |", cwasm.cell());
    println!(
        "| `.cwasm` | `nyash --aot --for-wasmtime {}` | {nyash_for_cli} | {cwasm_for_cli} |",
        cli.path.display()
    );
}

fn print_advice(cli: &SystemCli, cwasm: &Check) {
    if cli.same_major() {
        println!(
            "verdict: inconsistent: wasmtime {} has our major version but refuses our `.cwasm` (built with other settings or cargo features?)",
            cli.version
        );
    } else {
        println!(
            "verdict: inconsistent: wasmtime {} loads only `.cwasm` files made by its own version; this nyash writes wasmtime {} files",
            cli.version,
            compat::wasmtime_version()
        );
    }
    if let Check::Fails(why) = cwasm {
        println!("(it said: {why})");
    }
    println!("to do, any of:");
    println!(
        "  nyash --aot app.nyash --for-wasmtime {}   # a `.cwasm` made by that wasmtime",
        cli.path.display()
    );
    println!(
        "  cargo install wasmtime-cli --version {} --locked   # the wasmtime nyash embeds",
        compat::wasmtime_version()
    );
    println!("  wasmtime run app.wasm   # the portable module runs on any version");
}

/// Runs the probe module as `.wasm` and as our `.cwasm` on the CLI, in a scratch directory.
fn try_files(cli: &SystemCli) -> Result<(Check, Check), String> {
    let dir = scratch_dir()?;
    let outcome = try_files_in(cli, &dir);
    let _ = std::fs::remove_dir_all(&dir);
    outcome
}

fn try_files_in(cli: &SystemCli, dir: &Path) -> Result<(Check, Check), String> {
    let wasm = dir.join("probe.wasm");
    let cwasm = dir.join("probe.cwasm");
    std::fs::write(&wasm, PROBE_MODULE)
        .map_err(|e| format!("cannot write {}: {e}", wasm.display()))?;
    let engine = jit::engine().map_err(|_| "cannot set up the embedded wasmtime".to_string())?;
    let precompiled = engine
        .precompile_module(PROBE_MODULE)
        .map_err(|e| format!("cannot precompile the probe module: {e}"))?;
    std::fs::write(&cwasm, precompiled)
        .map_err(|e| format!("cannot write {}: {e}", cwasm.display()))?;
    let wasm_check = run_on_cli(cli, &["run"], &wasm);
    let cwasm_check = run_on_cli(cli, &["run", "--allow-precompiled"], &cwasm);
    Ok((wasm_check, cwasm_check))
}

/// `CLI ARGS FILE`, which succeeds when it exits with the probe's code.
fn run_on_cli(cli: &SystemCli, args: &[&str], file: &Path) -> Check {
    let output = match Command::new(&cli.path).args(args).arg(file).output() {
        Ok(output) => output,
        Err(e) => return Check::Fails(format!("cannot run it: {e}")),
    };
    if output.status.code() == Some(PROBE_EXIT) {
        return Check::Runs;
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    Check::Fails(first_error_line(&stderr).unwrap_or_else(|| output.status.to_string()))
}

/// The most telling line of a wasmtime error: its last `Caused by` line, else its first line
/// (a Rust backtrace after them, printed under `RUST_BACKTRACE`, is not part of the message).
fn first_error_line(stderr: &str) -> Option<String> {
    let lines: Vec<&str> = stderr
        .lines()
        .map(str::trim)
        .take_while(|l| !l.starts_with("Stack backtrace:"))
        .filter(|l| !l.is_empty())
        .collect();
    let cause = lines
        .iter()
        .rev()
        .find(|l| !l.starts_with("Caused by") && !l.starts_with("Error:"))
        .or(lines.first())?;
    Some(
        cause
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == ':' || c == ' ')
            .to_string(),
    )
}

/// A new directory of our own under the temporary directory (never one that already exists,
/// which someone else could have prepared).
fn scratch_dir() -> Result<PathBuf, String> {
    let base = std::env::temp_dir();
    let mut last_error = String::new();
    for attempt in 0..100 {
        let dir = base.join(format!("nyash-doctor-{}-{attempt}", std::process::id()));
        match std::fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) => last_error = format!("cannot create {}: {e}", dir.display()),
        }
    }
    Err(last_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_probe_module_is_valid_and_exits_with_its_code() {
        assert!(wasmparser::validate(PROBE_MODULE).is_ok());
        let engine = jit::engine().unwrap_or_else(|_| panic!("no engine"));
        let module = wasmtime::Module::new(&engine, PROBE_MODULE).unwrap_or_else(|e| panic!("{e}"));
        let code = nyash_host::run_module(&engine, &module, nyash_host::Wasi::new(vec![]));
        assert_eq!(code, Ok(PROBE_EXIT));
    }

    #[test]
    fn the_cause_of_a_wasmtime_error_is_kept() {
        let stderr = "Error: failed to run main module `x.cwasm`\n\nCaused by:\n    0: failed to load\n    1: Module was compiled with incompatible version '48'\n\nStack backtrace:\n   0: main\n";
        assert_eq!(
            first_error_line(stderr).as_deref(),
            Some("Module was compiled with incompatible version '48'")
        );
        assert_eq!(first_error_line(""), None);
    }
}
