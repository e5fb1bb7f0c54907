//! Helpers shared by the integration tests: the front end as the CLI drives it (load with
//! includes, check, lower) and running modules under Node's WASI.

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
