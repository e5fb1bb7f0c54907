//! The golden suite: every `tests/programs/**/*.nyash` runs on every backend, and its stdout,
//! stderr and exit code must equal the files beside it (`name.stdout`, `name.stderr`,
//! `name.exit`; a missing file means empty output / exit code 0). `name.stdin`, if present, is
//! the program's standard input; `name.args`, if present, holds its arguments, one per line.
//! Files under a directory named `lib` are only included by other programs. The program runs with its own directory as the working directory.
//!
//! The backends are the VM and `--backend wasm` (compiled to WebAssembly, run by wasmtime in
//! the CLI's process): both must give exactly the expected results, so any difference between
//! them fails. The programs under `examples/` have no expected files: their wasm run must
//! equal their VM run.
//!
//! `BLESS=1 cargo test --test golden` rewrites the expected files from the VM's results (the
//! reference semantics); review the diff before committing it.

mod common;

use common::{collect_programs, run_program, Outcome};
use libtest_mimic::{Arguments, Failed, Trial};
use std::path::Path;

/// Every backend each program runs on, as the `--backend` value.
const BACKENDS: &[&str] = &["vm", "wasm"];

/// The backend whose results `BLESS=1` writes.
const REFERENCE_BACKEND: &str = "vm";

fn main() {
    let args = Arguments::from_args();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/programs");
    let programs = collect_programs(&root);
    let bless = std::env::var_os("BLESS").is_some();
    let mut trials = Vec::new();
    for backend in BACKENDS {
        // Blessing writes the expected files the other backends would read meanwhile.
        if bless && *backend != REFERENCE_BACKEND {
            continue;
        }
        for program in &programs {
            let name = program
                .strip_prefix(&root)
                .unwrap_or(program)
                .with_extension("")
                .to_string_lossy()
                .replace('\\', "/");
            let program = program.clone();
            let bless = bless && *backend == REFERENCE_BACKEND;
            trials.push(Trial::test(format!("{backend}::{name}"), move || {
                run_golden(&program, backend, bless)
            }));
        }
    }
    let examples_root = root.join("../examples");
    for example in collect_programs(&examples_root) {
        let name = example
            .strip_prefix(&examples_root)
            .unwrap_or(&example)
            .with_extension("")
            .to_string_lossy()
            .replace('\\', "/");
        trials.push(Trial::test(format!("examples::{name}"), move || {
            same_on_every_backend(&example)
        }));
    }
    libtest_mimic::run(&args, trials).exit();
}

/// An example prints the same on every backend as on the reference backend.
fn same_on_every_backend(program: &Path) -> Result<(), Failed> {
    let reference = run_program(program, REFERENCE_BACKEND)?;
    for backend in BACKENDS.iter().filter(|b| **b != REFERENCE_BACKEND) {
        let outcome = run_program(program, backend)?;
        if outcome != reference {
            return Err(format!(
                "{backend} differs from {REFERENCE_BACKEND}:\n  {REFERENCE_BACKEND}: {reference:#?}\n  {backend}: {outcome:#?}"
            )
            .into());
        }
    }
    Ok(())
}

fn run_golden(program: &Path, backend: &str, bless: bool) -> Result<(), Failed> {
    let outcome = run_program(program, backend)?;
    if bless {
        write_expected(program, &outcome)?;
        return Ok(());
    }
    let expected = Outcome::expected(program);
    let mut problems = Vec::new();
    if outcome.exit != expected.exit {
        problems.push(format!(
            "exit code: expected {}, got {}",
            expected.exit, outcome.exit
        ));
    }
    if outcome.stdout != expected.stdout {
        problems.push(difference("stdout", &expected.stdout, &outcome.stdout));
    }
    if outcome.stderr != expected.stderr {
        problems.push(difference("stderr", &expected.stderr, &outcome.stderr));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n").into())
    }
}

fn write_expected(program: &Path, outcome: &Outcome) -> Result<(), Failed> {
    let write = |ext: &str, text: &str, keep_if_empty: bool| -> Result<(), Failed> {
        let path = program.with_extension(ext);
        if text.is_empty() && !keep_if_empty {
            let _ = std::fs::remove_file(&path);
            Ok(())
        } else {
            std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()).into())
        }
    };
    write("stdout", &outcome.stdout, true)?;
    write("stderr", &outcome.stderr, false)?;
    let exit = if outcome.exit == 0 {
        String::new()
    } else {
        format!("{}\n", outcome.exit)
    };
    write("exit", &exit, false)
}

/// A readable report of where two texts first differ.
fn difference(what: &str, expected: &str, actual: &str) -> String {
    let expected_lines: Vec<&str> = expected.split_inclusive('\n').collect();
    let actual_lines: Vec<&str> = actual.split_inclusive('\n').collect();
    let first = expected_lines
        .iter()
        .zip(&actual_lines)
        .position(|(a, b)| a != b)
        .unwrap_or(expected_lines.len().min(actual_lines.len()));
    let show = |lines: &[&str]| -> String {
        lines
            .iter()
            .skip(first)
            .take(6)
            .map(|l| format!("    |{}", l.trim_end_matches('\n')))
            .collect::<Vec<_>>()
            .join("\n")
    };
    format!(
        "{what} differs from line {}:\n  expected:\n{}\n  actual:\n{}",
        first + 1,
        show(&expected_lines),
        show(&actual_lines)
    )
}
