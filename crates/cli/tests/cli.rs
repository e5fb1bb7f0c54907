//! Tests of the command line itself: flags, subcommands, exit codes and messages that do not
//! belong to any one program (those are in the golden suite).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn nyash(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nyash"))
        .args(args)
        .current_dir(repo_root())
        .env("NO_COLOR", "1")
        .output()
        .expect("nyash runs")
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn hello_example_prints_the_greeting() {
    let out = nyash(&["examples/hello.nyash"]);
    assert_eq!(stdout(&out), "Hello, Nyash!\n");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn run_subcommand_and_backend_flag_are_the_same_as_the_plain_form() {
    let plain = nyash(&["examples/animals.nyash"]);
    let sub = nyash(&["run", "--backend", "vm", "examples/animals.nyash"]);
    assert_eq!(stdout(&plain), stdout(&sub));
    assert!(stdout(&plain).contains("Rex says woof!"));
}

#[test]
fn version_names_the_toolchain() {
    let out = nyash(&["--version"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).starts_with("nyash "), "{}", stdout(&out));
}

#[test]
fn help_lists_the_actions() {
    let out = nyash(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    for flag in ["--backend", "--dump-mir", "--verify", "run", "mir"] {
        assert!(
            text.contains(flag),
            "--help does not mention {flag}:\n{text}"
        );
    }
}

#[test]
fn dump_mir_prints_functions_by_name() {
    let flag = nyash(&["--dump-mir", "examples/fib.nyash"]);
    let sub = nyash(&["mir", "examples/fib.nyash"]);
    assert_eq!(flag.status.code(), Some(0));
    assert_eq!(stdout(&flag), stdout(&sub));
    assert!(stdout(&flag).contains("fn fib(r0)"), "{}", stdout(&flag));
    assert!(stdout(&flag).contains("call fib("), "{}", stdout(&flag));
}

#[test]
fn dump_mir_into_a_closed_pipe_is_an_error_not_a_panic() {
    // More MIR than a pipe holds, so the write fails however early the reader leaves.
    let mut source = String::new();
    for i in 0..400 {
        source.push_str(&format!(
            "function f{i}(x) {{ return x * {i} + f{i}b(x) }}\n"
        ));
        source.push_str(&format!(
            "function f{i}b(x) {{ if x > {i} {{ return 1 }} return 2 }}\n"
        ));
    }
    let dir = std::env::temp_dir().join(format!("nyash-cli-pipe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let program = dir.join("many.nyash");
    std::fs::write(&program, source).expect("program written");
    let mut child = Command::new(env!("CARGO_BIN_EXE_nyash"))
        .arg("--dump-mir")
        .arg(&program)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("nyash runs");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("nyash ends");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with("error: cannot write to standard output"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn verify_checks_the_mir_without_running() {
    let out = nyash(&["--verify", "examples/hello.nyash"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).starts_with("MIR verified"), "{}", stdout(&out));
    assert!(!stdout(&out).contains("Hello"));
}

#[test]
fn missing_file_is_a_usage_error() {
    let out = nyash(&["no/such/file.nyash"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("error: cannot read `no/such/file.nyash`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn unknown_backend_and_missing_arguments_are_usage_errors() {
    assert_eq!(
        nyash(&["--backend", "jit", "examples/hello.nyash"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(nyash(&[]).status.code(), Some(2));
}

#[test]
fn program_arguments_follow_the_file() {
    let dir = std::env::temp_dir().join(format!("nyash-cli-args-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let program = dir.join("args.nyash");
    std::fs::write(
        &program,
        "static box Main {\n main(args) { print(args.join(\"|\")) }\n}\n",
    )
    .expect("write program");
    let path = program.to_string_lossy().into_owned();
    let out = nyash(&["run", &path, "one", "--two", "3"]);
    assert_eq!(stdout(&out), "one|--two|3\n");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn output_that_cannot_be_written_is_a_runtime_error() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // not a Linux-like system: nothing to test against
    };
    let out = Command::new(env!("CARGO_BIN_EXE_nyash"))
        .arg("examples/hello.nyash")
        .current_dir(repo_root())
        .stdout(full)
        .output()
        .expect("nyash runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("error: cannot write to standard output"),
        "{}",
        stderr(&out)
    );
}
