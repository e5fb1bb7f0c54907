//! `nyash --backend wasm` and `nyash run app.wasm` as a user sees them: modules written by
//! `--compile-wasm` run, bad modules and unsupported programs are clear errors (exit 2), and
//! `--time` reports both stages on stderr.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn nyash(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nyash"))
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."))
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run nyash: {e}"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nyash-cli-jit-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn path_arg(path: &Path) -> &str {
    path.to_str()
        .unwrap_or_else(|| panic!("non-UTF-8 path {}", path.display()))
}

#[test]
fn a_module_written_by_compile_wasm_runs_from_disk() {
    let dir = scratch("run");
    let module = dir.join("hello.wasm");
    let built = nyash(&[
        "--compile-wasm",
        "examples/hello.nyash",
        "-o",
        path_arg(&module),
    ]);
    assert_eq!(built.status.code(), Some(0), "{}", text(&built.stderr));
    for args in [vec!["run", path_arg(&module)], vec![path_arg(&module)]] {
        let out = nyash(&args);
        assert_eq!(text(&out.stdout), "Hello, Nyash!\n");
        assert_eq!(text(&out.stderr), "");
        assert_eq!(out.status.code(), Some(0));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_wasm_backend_runs_a_source_program() {
    let out = nyash(&["--backend", "wasm", "examples/hello.nyash"]);
    assert_eq!(text(&out.stdout), "Hello, Nyash!\n");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn a_corrupt_module_is_a_clear_error() {
    let dir = scratch("corrupt");
    let module = dir.join("bad.wasm");
    std::fs::write(&module, b"\0asm\x01\0\0\0\x01\xff\xff").unwrap_or_else(|e| panic!("{e}"));
    let out = nyash(&["run", path_arg(&module)]);
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with(&format!(
            "error: `{}` is not a valid WebAssembly module: ",
            module.display()
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("backtrace"), "{stderr}");
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_missing_module_is_a_clear_error() {
    let out = nyash(&["run", "no/such/file.wasm"]);
    assert!(
        text(&out.stderr).starts_with("error: cannot read `no/such/file.wasm`: "),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_module_cannot_run_on_the_vm() {
    let out = nyash(&["--backend", "vm", "app.wasm"]);
    assert_eq!(
        text(&out.stderr),
        "error: `app.wasm` is a compiled WebAssembly module: it runs only with `--backend wasm`\n"
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn time_prints_compile_and_run_on_stderr_for_both_backends() {
    for backend in ["vm", "wasm"] {
        let out = nyash(&["--time", "--backend", backend, "examples/hello.nyash"]);
        assert_eq!(text(&out.stdout), "Hello, Nyash!\n");
        let stderr = text(&out.stderr);
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(lines.len(), 2, "{backend}: {stderr}");
        assert!(
            lines[0].starts_with("compile: ") && lines[0].ends_with(" ms"),
            "{stderr}"
        );
        assert!(
            lines[1].starts_with("run: ") && lines[1].ends_with(" ms"),
            "{stderr}"
        );
    }
}

#[test]
fn a_program_the_wasm_backend_cannot_compile_names_the_construct() {
    let dir = scratch("unsupported");
    // A box whose built-in parent is an ErrorBox is not compiled by this version of the
    // wasm backend; pick another construct once it is.
    let program = dir.join("parent.nyash");
    let source = "box Tools from ErrorBox {\n    one() { return 1 }\n}\nprint(new Tools().one())\n";
    std::fs::write(&program, source).unwrap_or_else(|e| panic!("{e}"));
    let out = nyash(&["--backend", "wasm", path_arg(&program)]);
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with("error: the wasm backend does not support "),
        "{stderr}"
    );
    assert_eq!(text(&out.stdout), "", "no silent fallback to the VM");
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A hand-assembled module: `_start` is function 0, named `down` in its name section, whose
/// body is `body` (the bytes between its locals and `end`).
fn module_with_start_body(body: &[u8]) -> Vec<u8> {
    let mut bytes = b"\0asm\x01\0\0\0".to_vec();
    bytes.extend([1, 4, 1, 0x60, 0, 0]); // type 0: () -> ()
    bytes.extend([3, 2, 1, 0]); // function 0 has type 0
    bytes.extend([7, 10, 1, 6]); // export "_start" = function 0
    bytes.extend(b"_start");
    bytes.extend([0, 0]);
    let size = body.len() as u8 + 2;
    bytes.extend([10, size + 2, 1, size, 0]); // code: one body, no locals
    bytes.extend(body);
    bytes.push(0x0b);
    bytes.extend([0, 14, 4]); // custom section "name", function names: 0 = "down"
    bytes.extend(b"name");
    bytes.extend([1, 7, 1, 0, 4]);
    bytes.extend(b"down");
    bytes
}

fn run_module_bytes(name: &str, bytes: &[u8]) -> Output {
    let dir = scratch(name);
    let module = dir.join("m.wasm");
    std::fs::write(&module, bytes).unwrap_or_else(|e| panic!("{e}"));
    let out = nyash(&["run", path_arg(&module)]);
    let _ = std::fs::remove_dir_all(&dir);
    out
}

#[test]
fn exhausting_the_wasm_stack_is_the_runtime_error_stack_overflow() {
    let out = run_module_bytes("overflow", &module_with_start_body(&[0x10, 0])); // call 0
    assert_eq!(
        text(&out.stderr),
        "error: stack overflow\n = note: in down\n\n"
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn another_trap_is_an_internal_error_not_a_backtrace() {
    let out = run_module_bytes("unreachable", &module_with_start_body(&[0])); // unreachable
    assert_eq!(
        text(&out.stderr),
        "error: internal error: wasm trap: wasm `unreachable` instruction executed\n = note: in down\n\n"
    );
    assert_eq!(out.status.code(), Some(1));
}
