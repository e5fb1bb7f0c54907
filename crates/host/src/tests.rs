//! Runs small hand-written modules through [`run_module`]: output, input, arguments, exit
//! codes, clocks, random bytes, unknown imports and traps.

use super::*;
use std::sync::{Arc, Mutex};

/// An output stream the test can read afterwards.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::ErrorKind::Other)?
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        let bytes = self.0.lock().map(|b| b.clone()).unwrap_or_default();
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

struct Run {
    result: Result<i32, HostError>,
    stdout: String,
    stderr: String,
}

/// Assembles a module of `imports` and `body` (after the imports every test module has, its
/// memory and `$write`) and runs it.
fn run(imports: &str, body: &str, args: &[&str], stdin: &str) -> Run {
    let text = format!(
        r#"(module
          (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
          {imports}
          (memory (export "memory") 1)
          {WRITE}
          {body})"#
    );
    let bytes = wat::parse_str(&text).unwrap_or_else(|e| panic!("bad test module: {e}"));
    let engine = Engine::default();
    let module = Module::new(&engine, bytes).unwrap_or_else(|e| panic!("{e}"));
    let (stdout, stderr) = (Captured::default(), Captured::default());
    let wasi = Wasi::new(args.iter().map(|a| a.to_string()).collect()).with_stdio(
        Box::new(std::io::Cursor::new(stdin.as_bytes().to_vec())),
        Box::new(stdout.clone()),
        Box::new(stderr.clone()),
    );
    let result = run_module(&engine, &module, wasi);
    Run {
        result,
        stdout: stdout.text(),
        stderr: stderr.text(),
    }
}

/// Writes memory[ptr..ptr+len] to `fd` (iovec at 0, count at 8) and returns the errno.
const WRITE: &str = r#"
  (func $write (param $fd i32) (param $ptr i32) (param $len i32) (result i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8)))"#;

#[test]
fn output_goes_to_the_right_stream_and_start_returning_is_exit_zero() {
    let r = run(
        "",
        r#"(data (i32.const 100) "out\0aerr\0a")
           (func (export "_start")
             (drop (call $write (i32.const 1) (i32.const 100) (i32.const 4)))
             (drop (call $write (i32.const 2) (i32.const 104) (i32.const 4))))"#,
        &["app"],
        "",
    );
    assert_eq!(r.result, Ok(0));
    assert_eq!(r.stdout, "out\n");
    assert_eq!(r.stderr, "err\n");
}

#[test]
fn proc_exit_gives_the_exit_code_and_bad_pointers_give_errno_fault() {
    let r = run(
        "",
        r#"(func (export "_start")
             (call $proc_exit (call $write (i32.const 1) (i32.const 65530) (i32.const 100))))"#,
        &["app"],
        "",
    );
    assert_eq!(r.result, Ok(21), "errno FAULT, passed to proc_exit");
    assert_eq!(r.stdout, "");
}

#[test]
fn arguments_are_readable_and_the_environment_is_empty() {
    let r = run(
        r#"(import "wasi_snapshot_preview1" "args_sizes_get" (func $sizes (param i32 i32) (result i32)))
           (import "wasi_snapshot_preview1" "args_get" (func $args (param i32 i32) (result i32)))
           (import "wasi_snapshot_preview1" "environ_sizes_get" (func $env (param i32 i32) (result i32)))"#,
        r#"(func (export "_start")
             (drop (call $sizes (i32.const 16) (i32.const 20)))
             (drop (call $args (i32.const 32) (i32.const 200)))
             ;; argv[1] without its NUL: from its address to the end of the buffer, minus 1
             (drop (call $write (i32.const 1) (i32.load (i32.const 36))
               (i32.sub (i32.sub (i32.add (i32.const 200) (i32.load (i32.const 20)))
                                 (i32.load (i32.const 36))) (i32.const 1))))
             (drop (call $env (i32.const 24) (i32.const 28)))
             (call $proc_exit (i32.add (i32.mul (i32.load (i32.const 16)) (i32.const 10))
                                       (i32.add (i32.load (i32.const 24)) (i32.load (i32.const 28))))))"#,
        &["app", "hello"],
        "",
    );
    assert_eq!(r.stdout, "hello");
    assert_eq!(r.result, Ok(20), "argc 2, empty environment");
}

#[test]
fn standard_input_is_read_until_it_ends() {
    let r = run(
        r#"(import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))"#,
        r#"(func (export "_start")
             (i32.store (i32.const 16) (i32.const 100))
             (i32.store (i32.const 20) (i32.const 50))
             (drop (call $fd_read (i32.const 0) (i32.const 16) (i32.const 1) (i32.const 24)))
             (drop (call $write (i32.const 1) (i32.const 100) (i32.load (i32.const 24))))
             (drop (call $fd_read (i32.const 0) (i32.const 16) (i32.const 1) (i32.const 24)))
             (call $proc_exit (i32.load (i32.const 24))))"#,
        &["app"],
        "line\n",
    );
    assert_eq!(r.stdout, "line\n");
    assert_eq!(r.result, Ok(0), "the second read is at the end");
}

#[test]
fn clocks_and_random_bytes_succeed() {
    let r = run(
        r#"(import "wasi_snapshot_preview1" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))
           (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))"#,
        r#"(func (export "_start")
             (if (call $clock (i32.const 0) (i64.const 1) (i32.const 16)) (then unreachable))
             ;; after 2001-09-09 (10^18 ns since 1970)
             (if (i64.lt_u (i64.load (i32.const 16)) (i64.const 1000000000000000000)) (then unreachable))
             (if (call $clock (i32.const 1) (i64.const 1) (i32.const 16)) (then unreachable))
             (if (i32.ne (call $clock (i32.const 9) (i64.const 1) (i32.const 16)) (i32.const 28))
               (then unreachable))
             (if (call $random (i32.const 32) (i32.const 64)) (then unreachable))
             (if (i64.eqz (i64.or (i64.load (i32.const 32)) (i64.load (i32.const 88))))
               (then unreachable)))"#,
        &["app"],
        "",
    );
    assert_eq!(r.result, Ok(0));
}

#[test]
fn poll_oneoff_sleeps_on_a_clock_subscription() {
    let began = std::time::Instant::now();
    let r = run(
        r#"(import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))"#,
        r#"(func (export "_start")
             ;; one relative clock subscription of 20 ms, userdata 7, at 64; events at 128
             (i64.store (i32.const 64) (i64.const 7))
             (i32.store8 (i32.const 72) (i32.const 0))
             (i32.store (i32.const 80) (i32.const 1))
             (i64.store (i32.const 88) (i64.const 20000000))
             (if (call $poll (i32.const 64) (i32.const 128) (i32.const 1) (i32.const 32))
               (then unreachable))
             (if (i32.ne (i32.load (i32.const 32)) (i32.const 1)) (then unreachable))
             (if (i64.ne (i64.load (i32.const 128)) (i64.const 7)) (then unreachable))
             (if (i32.load16_u (i32.const 136)) (then unreachable))
             ;; no subscription at all is EINVAL
             (if (i32.ne (call $poll (i32.const 64) (i32.const 128) (i32.const 0) (i32.const 32))
                         (i32.const 28))
               (then unreachable)))"#,
        &["app"],
        "",
    );
    assert_eq!(r.result, Ok(0), "{}", r.stderr);
    assert!(began.elapsed() >= std::time::Duration::from_millis(20));
}

#[test]
fn an_unknown_import_is_a_link_error_naming_it() {
    let r = run(
        r#"(import "wasi_snapshot_preview1" "path_open" (func (param i32)))"#,
        r#"(func (export "_start"))"#,
        &["app"],
        "",
    );
    let error = r.result.err().map(|e| e.to_string());
    assert_eq!(
        error.as_deref(),
        Some("the module imports `wasi_snapshot_preview1::path_open`, which this host does not provide")
    );
}

#[test]
fn a_missing_start_is_an_error() {
    let r = run("", r#"(func (export "main"))"#, &["app"], "");
    assert_eq!(r.result, Err(HostError::NoStart));
}

#[test]
fn unreachable_is_an_internal_error_in_a_named_function() {
    let r = run(
        "",
        r#"(func $Main.main unreachable)
           (func (export "_start") (call $Main.main))"#,
        &["app"],
        "",
    );
    let error = r.result.err();
    assert_eq!(error.as_ref().and_then(|e| e.function()), Some("Main.main"));
    assert_eq!(
        error.map(|e| e.to_string()).as_deref(),
        Some("internal error: wasm trap: wasm `unreachable` instruction executed")
    );
}

#[test]
fn endless_recursion_is_a_stack_overflow() {
    let r = run(
        "",
        r#"(func $down (param i64) (result i64) (call $down (i64.add (local.get 0) (i64.const 1))))
           (func (export "_start") (drop (call $down (i64.const 0))))"#,
        &["app"],
        "",
    );
    let error = r.result.err();
    assert_eq!(error.as_ref().and_then(|e| e.function()), Some("down"));
    assert_eq!(
        error.map(|e| e.to_string()).as_deref(),
        Some("stack overflow")
    );
}
