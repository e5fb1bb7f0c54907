//! The golden suite: every `tests/programs/**/*.nyash` runs on every backend, and its stdout,
//! stderr and exit code must equal the files beside it (`name.stdout`, `name.stderr`,
//! `name.exit`; a missing file means empty output / exit code 0). `name.stdin`, if present, is
//! the program's standard input; `name.args`, if present, holds its arguments, one per line. Files under a directory named `lib` are only included by other
//! programs. The program runs with its own directory as the working directory.
//!
//! `BLESS=1 cargo test --test golden` rewrites the expected files from the VM's results (the
//! reference semantics); review the diff before committing it.

use libtest_mimic::{Arguments, Failed, Trial};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Every backend each program runs on, as the `--backend` value.
const BACKENDS: &[&str] = &["vm"];

/// The backend whose results `BLESS=1` writes.
const REFERENCE_BACKEND: &str = "vm";

/// A program that runs longer than this is a failure (and is killed).
const TIMEOUT: Duration = Duration::from_secs(30);

fn main() {
    let args = Arguments::from_args();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/programs");
    let mut programs = Vec::new();
    collect_programs(&root, &mut programs);
    programs.sort();
    let bless = std::env::var_os("BLESS").is_some();
    let mut trials = Vec::new();
    for backend in BACKENDS {
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
    libtest_mimic::run(&args, trials).exit();
}

fn collect_programs(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "lib") {
                collect_programs(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "nyash") {
            out.push(path);
        }
    }
}

/// What one run of a program produced.
struct Outcome {
    stdout: String,
    stderr: String,
    exit: i32,
}

fn run_golden(program: &Path, backend: &str, bless: bool) -> Result<(), Failed> {
    let stdin = std::fs::read(program.with_extension("stdin")).unwrap_or_default();
    let args = read_or_empty(&program.with_extension("args"));
    let outcome = run_nyash(program, backend, args.lines(), &stdin)?;
    if bless {
        write_expected(program, &outcome)?;
        return Ok(());
    }
    let expected_stdout = read_or_empty(&program.with_extension("stdout"));
    let expected_stderr = read_or_empty(&program.with_extension("stderr"));
    let expected_exit: i32 = read_or_empty(&program.with_extension("exit"))
        .trim()
        .parse()
        .unwrap_or(0);
    let mut problems = Vec::new();
    if outcome.exit != expected_exit {
        problems.push(format!(
            "exit code: expected {expected_exit}, got {}",
            outcome.exit
        ));
    }
    if outcome.stdout != expected_stdout {
        problems.push(difference("stdout", &expected_stdout, &outcome.stdout));
    }
    if outcome.stderr != expected_stderr {
        problems.push(difference("stderr", &expected_stderr, &outcome.stderr));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n").into())
    }
}

fn run_nyash<'a>(
    program: &Path,
    backend: &str,
    args: impl Iterator<Item = &'a str>,
    stdin: &[u8],
) -> Result<Outcome, Failed> {
    let dir = program.parent().ok_or("program has no directory")?;
    let file = program.file_name().ok_or("program has no file name")?;
    let mut child = Command::new(env!("CARGO_BIN_EXE_nyash"))
        .arg("--backend")
        .arg(backend)
        .arg(file)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start nyash: {e}"))?;
    let mut child_stdin = child.stdin.take().ok_or("no stdin pipe")?;
    let input = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = child_stdin.write_all(&input);
    });
    let stdout = reader(child.stdout.take().ok_or("no stdout pipe")?);
    let stderr = reader(child.stderr.take().ok_or("no stderr pipe")?);
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("timed out after {}s", TIMEOUT.as_secs()).into());
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let _ = writer.join();
    Ok(Outcome {
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
        exit: status.code().unwrap_or(-1),
    })
}

fn reader(mut pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

fn read_or_empty(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
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
