//! What the golden harnesses share: finding the programs, reading the files expected beside
//! them, and running `nyash --backend B` on one in its own directory with a time limit.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A program that runs longer than this is a failure (and is killed).
const TIMEOUT: Duration = Duration::from_secs(30);

/// What one run of a program produced (or, read from the files beside it, should produce).
#[derive(Debug, PartialEq, Eq)]
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub exit: i32,
}

impl Outcome {
    /// The expected results of `program`: `name.stdout`, `name.stderr`, `name.exit`; a missing
    /// file means empty output / exit code 0.
    pub fn expected(program: &Path) -> Outcome {
        Outcome {
            stdout: read_or_empty(&program.with_extension("stdout")),
            stderr: read_or_empty(&program.with_extension("stderr")),
            exit: read_or_empty(&program.with_extension("exit"))
                .trim()
                .parse()
                .unwrap_or(0),
        }
    }
}

/// Every `*.nyash` below `dir`, sorted, except those under a directory named `lib` (files
/// that other programs include).
pub fn collect_programs(dir: &Path) -> Vec<PathBuf> {
    let mut programs = Vec::new();
    collect_into(dir, &mut programs);
    programs.sort();
    programs
}

fn collect_into(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "lib") {
                collect_into(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "nyash") {
            out.push(path);
        }
    }
}

pub fn read_or_empty(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// Runs `nyash --backend BACKEND NAME ARGS` in the program's directory, with `name.args`
/// (one argument per line) and `name.stdin` when they exist.
pub fn run_program(program: &Path, backend: &str) -> Result<Outcome, String> {
    let args = read_or_empty(&program.with_extension("args"));
    let stdin = std::fs::read(program.with_extension("stdin")).unwrap_or_default();
    run_nyash(program, backend, args.lines(), &stdin)
}

/// Runs `nyash --backend BACKEND NAME ARGS` in the program's directory; a run past the time
/// limit is an error.
pub fn run_nyash<'a>(
    program: &Path,
    backend: &str,
    args: impl Iterator<Item = &'a str>,
    stdin: &[u8],
) -> Result<Outcome, String> {
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
            return Err(format!("timed out after {}s", TIMEOUT.as_secs()));
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
