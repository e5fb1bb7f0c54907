//! The golden suite through `nyash --backend wasm`: every program under `tests/programs/` that
//! the wasm backend compiles must print exactly the expected stdout and stderr and exit with
//! the expected code (the files beside it, written from the VM). Programs using something the
//! backend does not compile yet are counted by construct and skipped; the counts are printed.
//! The programs under `examples/` have no expected files: their wasm run must equal their VM
//! run.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A program that runs longer than this is a failure (and is killed).
const TIMEOUT: Duration = Duration::from_secs(60);

/// How `nyash` reports a construct the wasm backend does not compile yet.
const UNSUPPORTED: &str = "error: the wasm backend does not support ";

/// What one run of a program produced.
#[derive(Debug, PartialEq, Eq)]
struct Outcome {
    stdout: String,
    stderr: String,
    exit: i32,
}

impl Outcome {
    /// The construct named, if the backend refused the program.
    fn unsupported(&self) -> Option<String> {
        let rest = self.stderr.strip_prefix(UNSUPPORTED)?;
        let what = rest.split(" yet").next().unwrap_or(rest);
        (self.exit == 2).then(|| what.to_string())
    }
}

/// Tallies of a suite run.
#[derive(Default)]
struct Tally {
    passed: usize,
    /// Passed programs the front end rejects (expected exit code 2): no wasm ran.
    front_end_errors: usize,
    unsupported: BTreeMap<String, usize>,
    failures: Vec<String>,
}

impl Tally {
    fn record(&mut self, name: &str, expected: &Outcome, actual: Outcome) {
        if let Some(what) = actual.unsupported() {
            *self.unsupported.entry(what).or_default() += 1;
        } else if &actual == expected {
            self.passed += 1;
            if expected.exit == 2 {
                self.front_end_errors += 1;
            }
        } else {
            self.failures.push(format!(
                "{name}:\n  expected {expected:#?}\n  got {actual:#?}"
            ));
        }
    }

    /// Prints the counts and fails on any failure.
    fn finish(self, suite: &str, total: usize) {
        println!(
            "{suite} via --backend wasm: {} passed ({} of them compile errors of the front end), {} failed, {} unsupported ({total} programs)",
            self.passed,
            self.front_end_errors,
            self.failures.len(),
            self.unsupported.values().sum::<usize>()
        );
        for (what, count) in &self.unsupported {
            println!("  unsupported: {count:4}  {what}");
        }
        assert!(self.failures.is_empty(), "{}", self.failures.join("\n\n"));
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "lib") {
                collect(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "nyash") {
            out.push(path);
        }
    }
}

fn read_or_empty(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// Runs `nyash --backend BACKEND NAME ARGS` in the program's directory.
fn run_nyash(program: &Path, backend: &str, args: &[&str], stdin: &[u8]) -> Outcome {
    let dir = program.parent().unwrap_or(Path::new("."));
    let file = program.file_name().unwrap_or_default();
    let mut child = Command::new(env!("CARGO_BIN_EXE_nyash"))
        .args(["--backend", backend])
        .arg(file)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start nyash: {e}"));
    if let Some(mut pipe) = child.stdin.take() {
        let input = stdin.to_vec();
        std::thread::spawn(move || pipe.write_all(&input));
    }
    let stdout = reader(child.stdout.take());
    let stderr = reader(child.stderr.take());
    let started = Instant::now();
    let exit = loop {
        if let Ok(Some(status)) = child.try_wait() {
            break status.code().unwrap_or(-1);
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break -2;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    Outcome {
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
        exit,
    }
}

fn reader(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

#[test]
fn golden_programs_give_the_expected_output_on_wasm() {
    let programs_dir = root().join("tests/programs");
    let mut programs = Vec::new();
    collect(&programs_dir, &mut programs);
    programs.sort();
    let mut tally = Tally::default();
    for program in &programs {
        let name = program.strip_prefix(&programs_dir).unwrap_or(program);
        let args_text = read_or_empty(&program.with_extension("args"));
        let args: Vec<&str> = args_text.lines().collect();
        let stdin = std::fs::read(program.with_extension("stdin")).unwrap_or_default();
        let expected = Outcome {
            stdout: read_or_empty(&program.with_extension("stdout")),
            stderr: read_or_empty(&program.with_extension("stderr")),
            exit: read_or_empty(&program.with_extension("exit"))
                .trim()
                .parse()
                .unwrap_or(0),
        };
        let actual = run_nyash(program, "wasm", &args, &stdin);
        tally.record(&name.display().to_string(), &expected, actual);
    }
    assert!(tally.passed > 0, "no golden program ran on wasm");
    tally.finish("golden programs", programs.len());
}

#[test]
fn examples_print_the_same_on_wasm_as_on_the_vm() {
    let mut programs = Vec::new();
    collect(&root().join("examples"), &mut programs);
    programs.sort();
    let mut tally = Tally::default();
    for program in &programs {
        let name = program.display().to_string();
        let expected = run_nyash(program, "vm", &[], b"");
        let actual = run_nyash(program, "wasm", &[], b"");
        tally.record(&name, &expected, actual);
    }
    tally.finish("examples", programs.len());
}
