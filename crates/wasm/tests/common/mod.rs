//! Helpers shared by the integration tests: the front end as the CLI drives it (load with
//! includes, check, lower), running modules under Node's WASI, and comparing those runs with
//! the VM's.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use nyash_diagnostics::SourceFiles;
use nyash_mir::Module;
use nyash_syntax::{Item, ParsedFile, Program};

/// A program that passed the front end.
pub struct Compiled {
    pub files: SourceFiles,
    pub module: Module,
}

/// Loads `path` (shown in messages as `display`) with its includes, checks and lowers it,
/// as `nyash` does; `None` if the front end reports errors.
pub fn front_end(path: &Path, display: &str) -> Option<Compiled> {
    let mut loader = Loader {
        files: SourceFiles::new(),
        program: Program::default(),
        done: BTreeSet::new(),
        loading: BTreeSet::new(),
        failed: false,
    };
    loader.load(path, display.to_string());
    if loader.failed || !nyash_check::check(&loader.program).is_empty() {
        return None;
    }
    let module = nyash_lower::lower(&loader.program).ok()?;
    Some(Compiled {
        files: loader.files,
        module,
    })
}

struct Loader {
    files: SourceFiles,
    program: Program,
    done: BTreeSet<PathBuf>,
    /// Files whose includes are being loaded: meeting one again is an include cycle.
    loading: BTreeSet<PathBuf>,
    failed: bool,
}

impl Loader {
    /// Every file after the files it includes, each once (the CLI's order).
    fn load(&mut self, path: &Path, display: String) {
        let key = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if self.loading.contains(&key) {
            self.failed = true;
            return;
        }
        if self.done.contains(&key) {
            return;
        }
        self.loading.insert(key.clone());
        let Ok(text) = std::fs::read_to_string(path) else {
            self.failed = true;
            return;
        };
        let id = self.files.add(display.clone(), text);
        let (ast, errors) = nyash_syntax::parse(id, self.files.text(id));
        self.failed |= !errors.is_empty();
        let includes: Vec<String> = ast
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Include { path, .. } => Some(path.clone()),
                _ => None,
            })
            .collect();
        for include in includes {
            let base = path.parent().unwrap_or(Path::new(""));
            let shown = Path::new(&display)
                .parent()
                .unwrap_or(Path::new(""))
                .join(&include);
            self.load(&base.join(&include), normalize(&shown));
        }
        self.loading.remove(&key);
        self.done.insert(key);
        self.program.files.push(ParsedFile { id, ast });
    }
}

/// Removes `.` components and folds `dir/..`, as the CLI does for display names.
fn normalize(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for component in path.components() {
        match component.as_os_str().to_string_lossy().as_ref() {
            "." => {}
            ".." if parts.last().is_some_and(|p| p != "..") => {
                parts.pop();
            }
            other => parts.push(other.to_string()),
        }
    }
    parts.join("/")
}

/// What a run printed and its exit code.
#[derive(Debug, PartialEq, Eq)]
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub exit: i32,
}

/// The runner script beside the tests.
pub fn runner() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/run_wasi.mjs")
}

/// Fails the test with a clear message when `node` cannot be started.
pub fn require_node() {
    let found = Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        found,
        "these tests run compiled modules under Node's WASI: install `node` (v20 or newer) and put it on PATH"
    );
}

/// Runs `module` under Node in `dir` with `args` and `stdin`.
pub fn run_node(module: &Path, dir: &Path, args: &[&str], stdin: &[u8]) -> Outcome {
    let mut child = Command::new("node")
        .arg("--no-warnings")
        .arg(runner())
        .arg(module)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start node: {e}"));
    if let Some(mut pipe) = child.stdin.take() {
        let _ = pipe.write_all(stdin);
    }
    let output = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("node failed: {e}"));
    Outcome {
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        exit: output.status.code().unwrap_or(-1),
    }
}

/// A fresh directory for this test process's files.
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nyash-wasm-{name}-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// What the VM prints for the program and its exit code, as the CLI shows them.
pub fn run_on_vm(compiled: &Compiled) -> Outcome {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let mut input: &[u8] = &[];
    let result = nyash_vm::run(&compiled.module, &[], &mut out, &mut err, &mut input);
    let mut stderr = String::from_utf8_lossy(&err).into_owned();
    let exit = match result {
        Ok(()) => 0,
        Err(error) => {
            stderr.push_str(&nyash_diagnostics::render_to_string(
                &compiled.files,
                &[error.to_diagnostic(&compiled.files)],
            ));
            1
        }
    };
    Outcome {
        stdout: String::from_utf8_lossy(&out).into_owned(),
        stderr,
        exit,
    }
}

/// Runs each `(name, source)` program on the VM and, compiled, under Node, and fails the test
/// unless stdout, stderr and the exit code agree for every one. Programs named `error_*` must
/// stop at an uncaught error on the VM, the others must not. A program whose compile error
/// `skip` accepts is passed over; setting the environment variable `show` prints each output.
pub fn assert_programs_match_vm(
    scratch_name: &str,
    show: &str,
    programs: &[(&str, &str)],
    skip: impl Fn(&nyash_wasm::CompileError) -> bool,
) {
    require_node();
    let scratch = scratch_dir(scratch_name);
    let mut failures = Vec::new();
    for (name, source) in programs {
        let file = format!("{name}.nyash");
        let path = scratch.join(&file);
        std::fs::write(&path, source).unwrap_or_else(|e| panic!("{e}"));
        let compiled =
            front_end(&path, &file).unwrap_or_else(|| panic!("{name}: front end failed"));
        let expected = run_on_vm(&compiled);
        assert_eq!(
            expected.exit == 1,
            name.starts_with("error_"),
            "{name}: {}",
            expected.stderr
        );
        let bytes = match nyash_wasm::compile(&compiled.module, &compiled.files) {
            Ok(bytes) => bytes,
            Err(e) if skip(&e) => continue,
            Err(e) => panic!("{name}: {e}"),
        };
        let module = scratch.join(format!("{name}.wasm"));
        std::fs::write(&module, &bytes).unwrap_or_else(|e| panic!("{e}"));
        let outcome = run_node(&module, &scratch, &[], &[]);
        if std::env::var_os(show).is_some() {
            println!("{name}:\n{}{}", outcome.stdout, outcome.stderr);
        }
        if outcome != expected {
            failures.push(format!(
                "{name}: expected {expected:#?}\n     got {outcome:#?}"
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
