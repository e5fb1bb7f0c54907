//! `nyash doctor` verdicts and exit codes with fake `wasmtime` CLIs of chosen versions (and
//! with none), and with a real `wasmtime` of our version when the test's PATH has one.

#![cfg(unix)]

mod wasmtime_fakes;

use wasmtime_fakes::*;

/// The refusal a wasmtime of another major version prints for our `.cwasm`.
const REFUSE: &str = "echo 'Error: failed to run main module' >&2; echo 'Caused by:' >&2; echo \"    0: Module was compiled with incompatible version '48'\" >&2; exit 1";

#[test]
fn a_cli_of_our_version_that_loads_our_cwasm_is_consistent() {
    let dir = scratch("doctor-same");
    let line = format!("wasmtime {} (fake 2025-01-01)", embedded_wasmtime());
    fake_wasmtime(
        &dir,
        &Fake {
            version_line: &line,
            run_precompiled: "exit 7",
            compile: "exit 1",
        },
    );
    let out = nyash_with_path(&["doctor"], &dir);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(stdout.starts_with("nyash "), "{stdout}");
    assert!(stdout.contains(&format!("wasmtime CLI: wasmtime {}", embedded_wasmtime())));
    assert!(
        stdout.contains("| `.cwasm` | `nyash --aot` | yes | yes (checked) |"),
        "{stdout}"
    );
    assert!(stdout.contains("verdict: consistent"), "{stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_cli_of_our_version_with_other_settings_is_inconsistent() {
    let dir = scratch("doctor-settings");
    let line = format!("wasmtime {} (custom build)", embedded_wasmtime());
    fake_wasmtime(
        &dir,
        &Fake {
            version_line: &line,
            run_precompiled: "echo 'Error: Module was compiled with concurrency support but it is not enabled for the host' >&2; exit 1",
            compile: "exit 1",
        },
    );
    let out = nyash_with_path(&["doctor"], &dir);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("verdict: inconsistent"), "{stdout}");
    assert!(stdout.contains("settings"), "{stdout}");
    assert!(stdout.contains("concurrency support"), "{stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_cli_of_another_major_version_is_inconsistent_and_told_what_to_do() {
    let dir = scratch("doctor-35");
    fake_wasmtime(
        &dir,
        &Fake {
            version_line: "wasmtime-cli 35.0.0",
            run_precompiled: REFUSE,
            compile: "exit 1",
        },
    );
    let out = nyash_with_path(&["doctor"], &dir);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("wasmtime CLI: wasmtime 35.0.0"), "{stdout}");
    assert!(
        stdout.contains("| `.wasm` | `nyash --compile-wasm`, `--aot` | yes | yes (checked) |"),
        "{stdout}"
    );
    assert!(stdout.contains("incompatible version '48'"), "{stdout}");
    assert!(stdout.contains("verdict: inconsistent"), "{stdout}");
    assert!(stdout.contains("--for-wasmtime"), "{stdout}");
    assert!(stdout.contains(&format!(
        "cargo install wasmtime-cli --version {}",
        embedded_wasmtime()
    )));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn without_a_cli_doctor_says_how_to_get_one_and_succeeds() {
    let dir = scratch("doctor-none");
    let out = nyash_with_path(&["doctor"], &dir);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("none on PATH"), "{stdout}");
    assert!(stdout.contains(&format!(
        "cargo install wasmtime-cli --version {}",
        embedded_wasmtime()
    )));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_explicit_cli_is_used_and_a_bad_one_is_a_usage_error() {
    let dir = scratch("doctor-explicit");
    let line = format!("wasmtime {} (fake)", embedded_wasmtime());
    let cli = fake_wasmtime(
        &dir.join("elsewhere"),
        &Fake {
            version_line: &line,
            run_precompiled: "exit 7",
            compile: "exit 1",
        },
    );
    let out = nyash_with_path(&["doctor", "--wasmtime", arg(&cli)], &dir);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));

    let missing = dir.join("no-such-wasmtime");
    let out = nyash_with_path(&["doctor", "--wasmtime", arg(&missing)], &dir);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("cannot run"),
        "{}",
        text(&out.stderr)
    );

    let odd = fake_wasmtime(
        &dir.join("odd"),
        &Fake {
            version_line: "something else 1.2",
            run_precompiled: "exit 7",
            compile: "exit 1",
        },
    );
    let out = nyash_with_path(&["doctor", "--wasmtime", arg(&odd)], &dir);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("not a wasmtime version"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_real_cli_of_our_version_is_consistent() {
    let Some(wasmtime) = real_wasmtime_of_our_version() else {
        return;
    };
    let dir = scratch("doctor-real");
    let out = nyash_with_path(&["doctor", "--wasmtime", arg(&wasmtime)], &dir);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("verdict: consistent"), "{stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}
