//! `nyash --compile-wasm` and `nyash build --wasm`: the module is valid, deterministic, runs
//! under Node's WASI (the runner script of `nyash-wasm`), and `.wat` output is text.

use std::path::{Path, PathBuf};
use std::process::Command;

fn nyash() -> Command {
    Command::new(env!("CARGO_BIN_EXE_nyash"))
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nyash-cli-wasm-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir
}

fn compile(output: &Path) -> Vec<u8> {
    let status = nyash()
        .arg("--compile-wasm")
        .arg(root().join("examples/hello.nyash"))
        .arg("-o")
        .arg(output)
        .status()
        .unwrap_or_else(|e| panic!("cannot run nyash: {e}"));
    assert!(status.success());
    std::fs::read(output).unwrap_or_else(|e| panic!("no output: {e}"))
}

#[test]
fn compiled_hello_is_valid_deterministic_and_runs_under_node() {
    let dir = scratch("hello");
    let first = compile(&dir.join("x.wasm"));
    let second = compile(&dir.join("y.wasm"));
    assert_eq!(first, second, "compiling twice gives identical bytes");
    wasmparser::validate(&first).unwrap_or_else(|e| panic!("invalid module: {e}"));

    let node = Command::new("node")
        .arg("--no-warnings")
        .arg(root().join("crates/wasm/tests/run_wasi.mjs"))
        .arg(dir.join("x.wasm"))
        .output()
        .unwrap_or_else(|e| {
            panic!("this test runs the module under Node's WASI: install `node` (v20+): {e}")
        });
    assert_eq!(String::from_utf8_lossy(&node.stdout), "Hello, Nyash!\n");
    assert_eq!(node.status.code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn build_subcommand_writes_text_for_wat() {
    let dir = scratch("wat");
    let out = dir.join("hello.wat");
    let status = nyash()
        .args(["build", "--wasm"])
        .arg(root().join("examples/hello.nyash"))
        .arg("-o")
        .arg(&out)
        .status()
        .unwrap_or_else(|e| panic!("cannot run nyash: {e}"));
    assert!(status.success());
    let text = std::fs::read_to_string(&out).unwrap_or_default();
    assert!(
        text.starts_with("(module"),
        "{}",
        &text[..text.len().min(80)]
    );
    assert!(
        text.contains("Main.main"),
        "the name section names Nyash functions"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unsupported_programs_are_refused_with_a_clear_error() {
    let dir = scratch("unsupported");
    // A box whose built-in parent is an ErrorBox is not compiled by this version of the
    // wasm backend; pick another construct once it is.
    let program = dir.join("boxes.nyash");
    let source = "box Tools from ErrorBox {\n    one() { return 1 }\n}\nprint(new Tools().one())\n";
    std::fs::write(&program, source).unwrap_or_else(|e| panic!("{e}"));
    let output = nyash()
        .arg("--compile-wasm")
        .arg(&program)
        .output()
        .unwrap_or_else(|e| panic!("cannot run nyash: {e}"));
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("does not support"), "{stderr}");
    assert!(!dir.join("boxes.wasm").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

/// The `wasmtime` CLI on `PATH`, of any version: a `.wasm` is portable across versions.
fn wasmtime_on_path() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("wasmtime"))
        .find(|p| p.is_file())
}

/// Several golden programs (output, a runtime error, arguments, stdin-free boxes and maps),
/// compiled with `--compile-wasm`, print exactly their expected files under `wasmtime run`.
/// Runs only where a `wasmtime` CLI is installed (the portability check); it says so
/// when it does not run.
#[test]
fn compiled_modules_run_under_the_wasmtime_cli_when_installed() {
    let Some(wasmtime) = wasmtime_on_path() else {
        eprintln!("note: no `wasmtime` on PATH: the `wasmtime run` portability check did not run");
        return;
    };
    let programs = [
        "examples/hello.nyash",
        "tests/programs/programs/bank_ledger.nyash",
        "tests/programs/builtins_map/to_json_and_many_keys.nyash",
        "tests/programs/runtime_errors/untyped_modulo_by_zero.nyash",
        "tests/programs/fini_weak/containers_release_elements.nyash",
        "tests/programs/programs/cpu_emulator.nyash",
    ];
    let dir = scratch("wasmtime-cli");
    for program in programs {
        let source = root().join(program);
        if !source.is_file() {
            panic!("{program} is gone: update this list");
        }
        let module = dir.join("m.wasm");
        let source_dir = source.parent().unwrap_or(&dir);
        // Compiled from its own directory, so errors name the file as the golden files do.
        let status = nyash()
            .current_dir(source_dir)
            .arg("--compile-wasm")
            .arg(source.file_name().unwrap_or_default())
            .arg("-o")
            .arg(&module)
            .status()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(status.success(), "{program} did not compile");
        let out = Command::new(&wasmtime)
            .arg("run")
            .arg(&module)
            .current_dir(source_dir)
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        let expected = |ext: &str| std::fs::read_to_string(source.with_extension(ext));
        if program.starts_with("examples/") {
            let vm = nyash()
                .arg(&source)
                .output()
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(out.stdout, vm.stdout, "{program}");
            continue;
        }
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stdout, expected("stdout").unwrap_or_default(), "{program}");
        assert_eq!(stderr, expected("stderr").unwrap_or_default(), "{program}");
        let exit: i32 = expected("exit")
            .ok()
            .and_then(|e| e.trim().parse().ok())
            .unwrap_or(0);
        assert_eq!(out.status.code(), Some(exit), "{program}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
