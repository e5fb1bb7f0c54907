//! `nyash --aot`, `nyash build --cwasm`, `--for-wasmtime` and `nyash run app.cwasm` as a user
//! sees them (docs/COMPAT.md): written files run, files of another wasmtime fall back to the
//! `.wasm` beside them or fail naming both versions, and the decisions `--for-wasmtime` takes
//! with fake `wasmtime` CLIs of chosen versions. With a real `wasmtime` of our version on the
//! test's PATH, it also loads what we write and we load what it writes.

#![cfg(unix)]

mod wasmtime_fakes;

use std::path::Path;
use std::process::Command;
use wasmtime_fakes::*;

/// `--aot` on a fresh program in a fresh directory; returns the directory and the `.cwasm`.
fn aot(test: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let dir = scratch(test);
    let source = program(&dir, "app.nyash");
    let cwasm = dir.join("app.cwasm");
    let out = nyash_with_path(&["--aot", arg(&source)], &dir.join("empty"));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "");
    assert!(cwasm.is_file() && dir.join("app.wasm").is_file());
    (dir, cwasm)
}

#[test]
fn a_cwasm_written_by_aot_runs_with_its_arguments() {
    let (dir, cwasm) = aot("aot-runs");
    for args in [
        vec!["run", arg(&cwasm), "x", "y z"],
        vec![arg(&cwasm), "x", "y z"],
    ] {
        let out = nyash_with_path(&args, &dir);
        assert_eq!(text(&out.stderr), "");
        assert_eq!(text(&out.stdout), "hello from nyash\n[x, y z]\n");
        assert_eq!(out.status.code(), Some(0));
    }
    let vm = nyash_with_path(&["run", "--backend", "vm", arg(&cwasm)], &dir);
    assert_eq!(vm.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn build_cwasm_is_the_same_as_aot_and_o_names_the_output() {
    let dir = scratch("aot-build");
    let source = program(&dir, "app.nyash");
    let named = dir.join("out.cwasm");
    let out = nyash_with_path(&["build", "--cwasm", arg(&source), "-o", arg(&named)], &dir);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(named.is_file() && dir.join("out.wasm").is_file());
    let ran = nyash_with_path(&["run", arg(&named)], &dir);
    assert_eq!(text(&ran.stdout), "hello from nyash\n[]\n");
    let refused = nyash_with_path(
        &["--aot", arg(&source), "-o", arg(&dir.join("x.wasm"))],
        &dir,
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(text(&refused.stderr).contains(".cwasm"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_cwasm_of_another_wasmtime_runs_the_wasm_beside_it_with_a_notice() {
    let (dir, cwasm) = aot("aot-fallback");
    let ours = embedded_wasmtime();
    let mut bytes = std::fs::read(&cwasm).unwrap_or_else(|e| panic!("{e}"));
    alter_recorded_version(&mut bytes, major(&ours), "35");
    std::fs::write(&cwasm, &bytes).unwrap_or_else(|e| panic!("{e}"));

    let out = nyash_with_path(&["run", arg(&cwasm)], &dir);
    let stderr = text(&out.stderr);
    assert_eq!(text(&out.stdout), "hello from nyash\n[]\n");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("note:"), "{stderr}");
    assert!(
        stderr.contains("wasmtime 35") && stderr.contains(&ours),
        "{stderr}"
    );
    assert!(stderr.contains("app.wasm"), "{stderr}");

    std::fs::remove_file(dir.join("app.wasm")).unwrap_or_else(|e| panic!("{e}"));
    let out = nyash_with_path(&["run", arg(&cwasm)], &dir);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(text(&out.stdout), "");
    assert!(stderr.starts_with("error:"), "{stderr}");
    assert!(
        stderr.contains("wasmtime 35") && stderr.contains(&ours),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_damaged_cwasm_is_refused_before_any_code_is_loaded() {
    let (dir, cwasm) = aot("aot-damaged");
    let bytes = std::fs::read(&cwasm).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&cwasm, &bytes[..bytes.len() / 2]).unwrap_or_else(|e| panic!("{e}"));
    std::fs::remove_file(dir.join("app.wasm")).unwrap_or_else(|e| panic!("{e}"));
    let out = nyash_with_path(&["run", arg(&cwasm)], &dir);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).starts_with("error:"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn files_that_are_not_precompiled_modules_are_clear_errors_or_run_as_wasm() {
    let (dir, cwasm) = aot("aot-garbage");
    std::fs::write(&cwasm, b"this is not an ELF file").unwrap_or_else(|e| panic!("{e}"));
    let out = nyash_with_path(&["run", arg(&cwasm)], &dir);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("not a precompiled wasmtime module"));

    std::fs::copy(dir.join("app.wasm"), &cwasm).unwrap_or_else(|e| panic!("{e}"));
    let out = nyash_with_path(&["run", arg(&cwasm)], &dir);
    assert_eq!(text(&out.stdout), "hello from nyash\n[]\n");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn for_wasmtime_of_our_version_compiles_in_process() {
    let dir = scratch("aot-for-same");
    let source = program(&dir, "app.nyash");
    let ours = embedded_wasmtime();
    let line = format!("wasmtime {ours} (fake 2025-01-01)");
    let cli = fake_wasmtime(
        &dir.join("bin"),
        &Fake {
            version_line: &line,
            run_precompiled: "exit 7",
            compile: "echo must not be called >&2; exit 1",
        },
    );
    let out = nyash_with_path(&["--aot", arg(&source), "--for-wasmtime", arg(&cli)], &dir);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("in process"), "{stderr}");
    let ran = nyash_with_path(&["run", arg(&dir.join("app.cwasm"))], &dir);
    assert_eq!(text(&ran.stderr), "");
    assert_eq!(text(&ran.stdout), "hello from nyash\n[]\n");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn for_wasmtime_of_another_version_uses_its_compile_and_checks_the_result() {
    let (dir, cwasm) = aot("aot-for-other");
    let ours = embedded_wasmtime();
    let mut theirs = std::fs::read(&cwasm).unwrap_or_else(|e| panic!("{e}"));
    alter_recorded_version(&mut theirs, major(&ours), "35");
    let made_by_35 = dir.join("made-by-35.bin");
    std::fs::write(&made_by_35, &theirs).unwrap_or_else(|e| panic!("{e}"));
    let compile = format!("cp '{}' \"$4\"", arg(&made_by_35));
    let bin = dir.join("bin");
    fake_wasmtime(
        &bin,
        &Fake {
            version_line: "wasmtime-cli 35.0.0",
            run_precompiled: "exit 7",
            compile: &compile,
        },
    );
    let source = program(&dir, "app2.nyash");
    let out = nyash_with_path(&["--aot", arg(&source), "--for-wasmtime", "auto"], &bin);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("wasmtime compile") && stderr.contains("35.0.0"),
        "{stderr}"
    );
    let written = dir.join("app2.cwasm");
    assert_eq!(std::fs::read(&written).ok(), Some(theirs));
    // `nyash run` cannot load it, so it runs the `.wasm` written beside it.
    let ran = nyash_with_path(&["run", arg(&written)], &bin);
    assert_eq!(text(&ran.stdout), "hello from nyash\n[]\n");
    assert!(text(&ran.stderr).starts_with("note:"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn for_wasmtime_fails_when_its_compile_fails_or_writes_the_wrong_version() {
    let (dir, cwasm) = aot("aot-for-fail");
    let ours_copy = dir.join("ours.bin");
    std::fs::copy(&cwasm, &ours_copy).unwrap_or_else(|e| panic!("{e}"));
    let failing = fake_wasmtime(
        &dir.join("failing"),
        &Fake {
            version_line: "wasmtime-cli 35.0.0",
            run_precompiled: "exit 1",
            compile: "echo 'error: boom' >&2; exit 1",
        },
    );
    let source = dir.join("app.nyash");
    let out = nyash_with_path(
        &["--aot", arg(&source), "--for-wasmtime", arg(&failing)],
        &dir,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("boom"), "{}", text(&out.stderr));

    assert!(
        !cwasm.exists(),
        "an old `.cwasm` was left after a failed compile"
    );
    let compile = format!("cp '{}' \"$4\"", arg(&ours_copy));
    let lying = fake_wasmtime(
        &dir.join("lying"),
        &Fake {
            version_line: "wasmtime-cli 35.0.0",
            run_precompiled: "exit 1",
            compile: &compile,
        },
    );
    let out = nyash_with_path(
        &["--aot", arg(&source), "--for-wasmtime", arg(&lying)],
        &dir,
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("35.0.0"), "{stderr}");

    let out = nyash_with_path(
        &["--aot", arg(&source), "--for-wasmtime", "auto"],
        &dir.join("empty"),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no `wasmtime` on PATH"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn aot_warns_when_the_wasmtime_on_path_is_another_version() {
    let dir = scratch("aot-warn");
    let source = program(&dir, "app.nyash");
    let bin = dir.join("bin");
    fake_wasmtime(
        &bin,
        &Fake {
            version_line: "wasmtime-cli 35.0.0",
            run_precompiled: "exit 1",
            compile: "exit 1",
        },
    );
    let out = nyash_with_path(&["--aot", arg(&source)], &bin);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.starts_with("warning:"), "{stderr}");
    assert!(
        stderr.contains("35.0.0") && stderr.contains("--for-wasmtime auto"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn version_shows_nyash_first_then_wasmtime_target_and_cpu() {
    let out = nyash_with_path(&["--version"], Path::new(""));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines.first(),
        Some(&concat!("nyash ", env!("CARGO_PKG_VERSION")))
    );
    assert!(lines
        .iter()
        .any(|l| l.starts_with("wasmtime ") && l.ends_with(" (embedded)")));
    assert!(lines.iter().any(|l| l.starts_with("target ")));
    assert!(lines
        .iter()
        .any(|l| ["cpu x86-64-v3", "cpu x86-64-baseline", "cpu other"].contains(l)));
    assert!(lines.iter().any(|l| l.starts_with("cwasm-key wasmtime-")));
    let short = nyash_with_path(&["-V"], Path::new(""));
    assert_eq!(
        text(&short.stdout),
        concat!("nyash ", env!("CARGO_PKG_VERSION"), "\n")
    );
}

/// The file contract itself: the stock CLI of our version runs what `--aot` writes, and we
/// run what its `wasmtime compile` writes. Needs a `wasmtime` of our major version on PATH.
#[test]
fn the_stock_wasmtime_cli_and_nyash_load_each_others_cwasm() {
    let Some(wasmtime) = real_wasmtime_of_our_version() else {
        return;
    };
    let (dir, cwasm) = aot("aot-stock");
    let out = Command::new(&wasmtime)
        .args(["run", "--allow-precompiled", arg(&cwasm), "a"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(text(&out.stderr), "");
    assert_eq!(text(&out.stdout), "hello from nyash\n[a]\n");
    assert_eq!(out.status.code(), Some(0));

    let theirs = dir.join("theirs.cwasm");
    let compiled = Command::new(&wasmtime)
        .args(["compile", arg(&dir.join("app.wasm")), "-o", arg(&theirs)])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        compiled.status.code(),
        Some(0),
        "{}",
        text(&compiled.stderr)
    );
    let ran = nyash_with_path(&["run", arg(&theirs), "b"], &dir.join("empty"));
    assert_eq!(text(&ran.stderr), "");
    assert_eq!(text(&ran.stdout), "hello from nyash\n[b]\n");

    // Same version, other settings: wasmtime's own check refuses it, and nyash says why.
    let other = dir.join("other.cwasm");
    let compiled = Command::new(&wasmtime)
        .args(["compile", "-W", "concurrency-support=n"])
        .args([arg(&dir.join("app.wasm")), "-o", arg(&other)])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        compiled.status.code(),
        Some(0),
        "{}",
        text(&compiled.stderr)
    );
    let refused = nyash_with_path(&["run", arg(&other)], &dir.join("empty"));
    let stderr = text(&refused.stderr);
    assert_eq!(refused.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("concurrency support"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}
