//! What the `--aot` and `doctor` tests share: running `nyash` with a chosen `PATH`, scratch
//! directories, small programs, fake `wasmtime` CLIs (shell scripts that print a chosen
//! version and answer `run` and `compile` as told), and finding a real `wasmtime` of our
//! version on the test's own `PATH`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `nyash ARGS` with `PATH` set to `path` (never the tester's own PATH, so a `wasmtime`
/// installed there cannot change the outcome).
pub fn nyash_with_path(args: &[&str], path: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nyash"))
        .args(args)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .env_remove("WASMTIME_BACKTRACE_DETAILS")
        .output()
        .unwrap_or_else(|e| panic!("cannot run nyash: {e}"))
}

/// A fresh empty directory for one test.
pub fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nyash-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub fn arg(path: &Path) -> &str {
    path.to_str()
        .unwrap_or_else(|| panic!("non-UTF-8 path {}", path.display()))
}

/// Writes `name` in `dir`: a program that prints its arguments.
pub fn program(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let source = "static box Main {\n    main(args) {\n        print(\"hello from nyash\")\n        print(args)\n    }\n}\n";
    std::fs::write(&path, source).unwrap_or_else(|e| panic!("{e}"));
    path
}

/// The embedded wasmtime version, as `nyash --version` shows it (`48.0.8`).
pub fn embedded_wasmtime() -> String {
    let out = nyash_with_path(&["--version"], Path::new(""));
    text(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("wasmtime "))
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no wasmtime line in --version"))
        .to_string()
}

pub fn major(version: &str) -> &str {
    version.split('.').next().unwrap_or(version)
}

/// How a fake CLI answers `run --allow-precompiled FILE` and `compile IN -o OUT` (shell).
pub struct Fake<'a> {
    /// The line `--version` prints.
    pub version_line: &'a str,
    /// Shell run for `run --allow-precompiled`; `run FILE` always exits 7 like the probe.
    pub run_precompiled: &'a str,
    /// Shell run for `compile "$2" -o "$4"`.
    pub compile: &'a str,
}

/// Writes the fake as `dir/wasmtime` (executable) and returns its path.
#[cfg(unix)]
pub fn fake_wasmtime(dir: &Path, fake: &Fake) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{e}"));
    let path = dir.join("wasmtime");
    let script = format!(
        "#!/bin/sh\nPATH=/usr/bin:/bin\ncase \"$1\" in\n  --version) echo '{}' ;;\n  run) if [ \"$2\" = --allow-precompiled ]; then {}; else exit 7; fi ;;\n  compile) {} ;;\n  *) exit 64 ;;\nesac\n",
        fake.version_line, fake.run_precompiled, fake.compile
    );
    std::fs::write(&path, script).unwrap_or_else(|e| panic!("{e}"));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
        .unwrap_or_else(|e| panic!("{e}"));
    path
}

/// A real `wasmtime` on the test's PATH whose major version is ours, if there is one.
pub fn real_wasmtime_of_our_version() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    let cli = std::env::split_paths(&path)
        .map(|dir| dir.join("wasmtime"))
        .find(|p| p.is_file())?;
    let out = Command::new(&cli).arg("--version").output().ok()?;
    let version = text(&out.stdout)
        .split_whitespace()
        .nth(1)
        .map(str::to_string)?;
    let ours = embedded_wasmtime();
    if major(&version) == major(&ours) {
        Some(cli)
    } else {
        eprintln!("note: the wasmtime on PATH is {version}, not {ours}: check not run");
        None
    }
}

/// Replaces, in a `.cwasm` we wrote, the wasmtime version recorded in its engine section
/// (format byte 0, length, version, then the target string) by `other` of the same length.
pub fn alter_recorded_version(bytes: &mut [u8], ours: &str, other: &str) {
    assert_eq!(ours.len(), other.len());
    let mut pattern = vec![0u8, ours.len() as u8];
    pattern.extend_from_slice(ours.as_bytes());
    let at = bytes
        .windows(pattern.len() + 2)
        .position(|w| w.starts_with(&pattern) && w[pattern.len() + 1].is_ascii_alphanumeric())
        .unwrap_or_else(|| panic!("no engine section version `{ours}` found"));
    bytes[at + 2..at + 2 + other.len()].copy_from_slice(other.as_bytes());
}
