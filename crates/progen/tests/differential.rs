//! Differential test: generated programs must give the same standard output, standard error
//! and exit code on the VM and on the wasm backend (run in this process with wasmtime).
//!
//! `cargo test -p nyash-progen --test differential` runs 50 seeds (about 10 s in a debug build on a quiet machine:
//! each module carries the whole runtime, which wasmtime compiles every time). More:
//! `NYASH_DIFF_CASES=10000 cargo test --release -p nyash-progen --test differential`;
//! `NYASH_DIFF_FIRST=n` starts at seed `n`; `NYASH_DIFF_SHRINK=k` shrinks the first `k`
//! mismatches (default 3); `NYASH_DIFF_PROGRAM=file.nyash` compares one program from a file
//! instead (to reproduce a mismatch). A program the wasm backend refuses as unsupported is counted, not a
//! failure. Each mismatch is printed (seed, program, both outcomes) and written, with its
//! shrunk form, to `target/tmp/differential/seed-N.nyash` for reproducing with the CLI.

use std::collections::BTreeMap;
use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use nyash_diagnostics::{render_to_string, Diagnostic, SourceFiles};
use nyash_host::Wasi;
use nyash_syntax::{ParsedFile, Program};
use wasmtime::{Config, Engine, Module};

/// The file name programs get in messages.
const FILE_NAME: &str = "fuzz.nyash";
/// A program running longer than this on either side is reported and ends the test.
const HANG_LIMIT: Duration = Duration::from_secs(30);

/// What one run produced.
#[derive(Debug, PartialEq, Eq)]
struct Outcome {
    stdout: String,
    stderr: String,
    exit: i32,
}

/// Time spent in each phase, over all programs (printed with the summary).
#[derive(Default)]
struct Phases {
    front_end: Duration,
    vm: Duration,
    to_wasm: Duration,
    wasmtime: Duration,
}

thread_local! {
    static PHASES: std::cell::RefCell<Phases> = std::cell::RefCell::new(Phases::default());
}

/// Runs `f` and adds its time to the phase `pick` chooses.
fn timed<T>(pick: fn(&mut Phases) -> &mut Duration, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let result = f();
    PHASES.with(|p| *pick(&mut p.borrow_mut()) += started.elapsed());
    result
}

/// What one program did on both sides.
enum Verdict {
    /// Both sides agree; the exit code.
    Same(i32),
    /// The wasm backend does not compile something in it yet.
    Refused(String),
    /// The front end rejected it: a bug of the generator (or of the front end).
    Rejected(String),
    Mismatch {
        vm: Outcome,
        wasm: Outcome,
    },
}

fn main() -> ExitCode {
    let runner = std::thread::Builder::new()
        .name("differential".into())
        .stack_size(nyash_host::RUN_THREAD_STACK)
        .spawn(run_all);
    match runner.map(|handle| handle.join()) {
        Ok(Ok(true)) => ExitCode::SUCCESS,
        _ => ExitCode::FAILURE,
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// Compares the program in the file `path` and prints both outcomes; true when they agree.
fn run_file(path: &str) -> bool {
    let engine = match Engine::new(&config()) {
        Ok(engine) => engine,
        Err(e) => {
            eprintln!("cannot set up wasmtime: {e}");
            return false;
        }
    };
    let source = match std::fs::read_to_string(path) {
        Ok(source) => source,
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            return false;
        }
    };
    match compare(&engine, &source) {
        Verdict::Same(exit) => println!("{path}: same on both sides (exit {exit})"),
        Verdict::Refused(what) => println!("{path}: the wasm backend does not support {what} yet"),
        Verdict::Rejected(errors) => println!("{path}: rejected by the front end:\n{errors}"),
        Verdict::Mismatch { vm, wasm } => {
            println!("{path}: MISMATCH");
            print_outcomes(&vm, &wasm);
            return false;
        }
    }
    true
}

/// Runs every seed; true when nothing mismatched and the front end accepted every program.
fn run_all() -> bool {
    if let Ok(path) = std::env::var("NYASH_DIFF_PROGRAM") {
        return run_file(&path);
    }
    let cases = env_number("NYASH_DIFF_CASES", 50);
    let first = env_number("NYASH_DIFF_FIRST", 0);
    let shrink_limit = env_number("NYASH_DIFF_SHRINK", 3);
    let engine = match Engine::new(&config()) {
        Ok(engine) => engine,
        Err(e) => {
            eprintln!("cannot set up wasmtime: {e}");
            return false;
        }
    };
    let watchdog = Watchdog::start();
    let started = Instant::now();
    let mut same = 0u64;
    let mut ended_with_error = 0u64;
    let mut refused: BTreeMap<String, u64> = BTreeMap::new();
    let mut rejected = Vec::new();
    let mut mismatched = Vec::new();
    for seed in first..first + cases {
        watchdog.now_running(seed);
        if seed > first && (seed - first).is_multiple_of(1000) {
            println!(
                "  ... {} programs, {} mismatched ({:.0} s)",
                seed - first,
                mismatched.len(),
                started.elapsed().as_secs_f64()
            );
        }
        let source = nyash_progen::generate(seed);
        match compare(&engine, &source) {
            Verdict::Same(exit) => {
                same += 1;
                if exit != 0 {
                    ended_with_error += 1;
                }
            }
            Verdict::Refused(what) => *refused.entry(what).or_default() += 1,
            Verdict::Rejected(errors) => {
                println!("seed {seed}: the front end rejected the program:\n{errors}\n{source}");
                rejected.push(seed);
            }
            Verdict::Mismatch { vm, wasm } => {
                let shrunk = (mismatched.len() as u64) < shrink_limit;
                report_mismatch(&engine, seed, &source, &vm, &wasm, shrunk);
                mismatched.push(seed);
            }
        }
    }
    let total_refused: u64 = refused.values().sum();
    println!("  {ended_with_error} of the programs that agreed ended with a runtime error");
    println!(
        "differential: {cases} programs (seeds {first}..{}), {same} same, {total_refused} refused \
         by the wasm backend, {} mismatched, {} rejected by the front end ({:.1} s)",
        first + cases,
        mismatched.len(),
        rejected.len(),
        started.elapsed().as_secs_f64()
    );
    PHASES.with(|p| {
        let p = p.borrow();
        println!(
            "  time: front end {:.1} s, VM {:.1} s, MIR to wasm {:.1} s, wasmtime compile and run {:.1} s",
            p.front_end.as_secs_f64(),
            p.vm.as_secs_f64(),
            p.to_wasm.as_secs_f64(),
            p.wasmtime.as_secs_f64()
        );
    });
    for (what, count) in &refused {
        println!("  refused {count:>5}x: {what}");
    }
    if !mismatched.is_empty() {
        println!("  mismatched seeds: {mismatched:?}");
    }
    if !rejected.is_empty() {
        println!("  rejected seeds: {rejected:?}");
    }
    mismatched.is_empty() && rejected.is_empty()
}

/// The CLI's engine configuration (`crates/cli/src/jit.rs`): wasmtime's defaults and the
/// stack the language's 10,000 nested calls need.
fn config() -> Config {
    let mut config = Config::new();
    nyash_host::configure_stack(&mut config);
    config
}

/// Runs `source` on both sides and compares.
fn compare(engine: &Engine, source: &str) -> Verdict {
    let (files, module) = match timed(|p| &mut p.front_end, || front_end(source)) {
        Ok(compiled) => compiled,
        Err(errors) => return Verdict::Rejected(errors),
    };
    let bytes = match timed(
        |p| &mut p.to_wasm,
        || guarded(|| nyash_wasm::compile(&module, &files)),
    ) {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(nyash_wasm::CompileError::Unsupported { what, .. })) => {
            return Verdict::Refused(what)
        }
        Ok(Err(error)) => return mismatch_with(run_vm(&files, &module), error.to_string()),
        Err(panic) => return mismatch_with(run_vm(&files, &module), panic),
    };
    let vm = timed(|p| &mut p.vm, || run_vm(&files, &module));
    let wasm = timed(|p| &mut p.wasmtime, || run_wasm(engine, &bytes));
    if vm == wasm {
        Verdict::Same(vm.exit)
    } else {
        Verdict::Mismatch { vm, wasm }
    }
}

/// A mismatch where the wasm side failed before running.
fn mismatch_with(vm: Outcome, failure: String) -> Verdict {
    let wasm = Outcome {
        stdout: String::new(),
        stderr: format!("(wasm compilation failed) {failure}\n"),
        exit: -1,
    };
    Verdict::Mismatch { vm, wasm }
}

/// Parse, check and lower, as the CLI does for one file.
fn front_end(source: &str) -> Result<(SourceFiles, nyash_mir::Module), String> {
    let mut files = SourceFiles::new();
    let id = files.add(FILE_NAME, source);
    let (ast, syntax_errors) = nyash_syntax::parse(id, files.text(id));
    let mut errors: Vec<Diagnostic> = syntax_errors.iter().map(|e| e.to_diagnostic()).collect();
    let program = Program {
        files: vec![ParsedFile { id, ast }],
    };
    if errors.is_empty() {
        errors.extend(
            nyash_check::check(&program)
                .iter()
                .map(|e| e.to_diagnostic()),
        );
    }
    if !errors.is_empty() {
        return Err(render_to_string(&files, &errors));
    }
    match nyash_lower::lower(&program) {
        Ok(module) => Ok((files, module)),
        Err(errors) => {
            let errors: Vec<Diagnostic> = errors.iter().map(|e| e.to_diagnostic()).collect();
            Err(render_to_string(&files, &errors))
        }
    }
}

/// Runs the module on the VM, rendering a runtime error as the CLI does.
fn run_vm(files: &SourceFiles, module: &nyash_mir::Module) -> Outcome {
    let mut stdout = Vec::new();
    let mut stderr = Vec::new();
    let mut stdin: &[u8] = &[];
    let result = guarded(|| nyash_vm::run(module, &[], &mut stdout, &mut stderr, &mut stdin));
    let exit = match result {
        Ok(Ok(())) => 0,
        Ok(Err(error)) => {
            let rendered = render_to_string(files, &[error.to_diagnostic(files)]);
            stderr.extend_from_slice(rendered.as_bytes());
            1
        }
        Err(panic) => {
            stderr.extend_from_slice(format!("(the VM panicked) {panic}\n").as_bytes());
            -2
        }
    };
    Outcome {
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
        exit,
    }
}

/// Compiles the bytes with wasmtime and runs them with captured standard streams.
fn run_wasm(engine: &Engine, bytes: &[u8]) -> Outcome {
    let stdout = SharedBuffer::default();
    let stderr = SharedBuffer::default();
    let exit = match Module::new(engine, bytes) {
        Err(e) => {
            stderr.append(format!("(wasmtime rejected the module) {e}\n").as_bytes());
            -1
        }
        Ok(module) => {
            let wasi = Wasi::new(vec![FILE_NAME.to_string()]).with_stdio(
                Box::new(std::io::empty()),
                Box::new(stdout.clone()),
                Box::new(stderr.clone()),
            );
            match guarded(|| nyash_host::run_module(engine, &module, wasi)) {
                Ok(Ok(code)) => code,
                Ok(Err(error)) => {
                    let mut diagnostic = Diagnostic::error_without_span(error.to_string());
                    if let Some(function) = error.function() {
                        diagnostic = diagnostic.with_note(format!("in {function}"));
                    }
                    let rendered = render_to_string(&SourceFiles::new(), &[diagnostic]);
                    stderr.append(rendered.as_bytes());
                    1
                }
                Err(panic) => {
                    stderr.append(format!("(the host panicked) {panic}\n").as_bytes());
                    -2
                }
            }
        }
    };
    Outcome {
        stdout: stdout.text(),
        stderr: stderr.text(),
        exit,
    }
}

/// Runs `f`, turning a panic into its message.
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|panic| {
        panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "panic".into())
    })
}

/// An output stream the test can read after the run.
#[derive(Clone, Default)]
struct SharedBuffer(Arc<Mutex<Vec<u8>>>);

impl SharedBuffer {
    fn append(&self, bytes: &[u8]) {
        if let Ok(mut buffer) = self.0.lock() {
            buffer.extend_from_slice(bytes);
        }
    }

    fn text(&self) -> String {
        self.0
            .lock()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default()
    }
}

impl Write for SharedBuffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.append(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Prints a mismatch, writes the program (and, if asked, its shrunk form) to files.
fn report_mismatch(
    engine: &Engine,
    seed: u64,
    source: &str,
    vm: &Outcome,
    wasm: &Outcome,
    shrink: bool,
) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("differential");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("seed-{seed}.nyash"));
    let _ = std::fs::write(&path, source);
    println!("MISMATCH seed {seed} (program in {})", path.display());
    if shrink {
        let small = nyash_progen::shrink::shrink(
            source,
            |candidate| matches!(compare(engine, candidate), Verdict::Mismatch { .. }),
            400,
        );
        let small_path = dir.join(format!("seed-{seed}.min.nyash"));
        let _ = std::fs::write(&small_path, &small);
        println!("--- shrunk program ({}):\n{small}", small_path.display());
        if let Verdict::Mismatch { vm, wasm } = compare(engine, &small) {
            print_outcomes(&vm, &wasm);
        }
    } else {
        println!("--- program:\n{source}");
        print_outcomes(vm, wasm);
    }
}

fn print_outcomes(vm: &Outcome, wasm: &Outcome) {
    println!("--- VM (exit {}):\n{}{}", vm.exit, vm.stdout, vm.stderr);
    println!(
        "--- wasm (exit {}):\n{}{}",
        wasm.exit, wasm.stdout, wasm.stderr
    );
    if let Some(line) = first_difference(&vm.stdout, &wasm.stdout) {
        println!("--- first differing stdout line: {line}");
    }
}

/// The number and both versions of the first line where `a` and `b` differ.
fn first_difference(a: &str, b: &str) -> Option<String> {
    let mut left = a.lines();
    let mut right = b.lines();
    for number in 1.. {
        match (left.next(), right.next()) {
            (None, None) => return None,
            (l, r) if l != r => {
                return Some(format!("{number}: VM {l:?} / wasm {r:?}"));
            }
            _ => {}
        }
    }
    None
}

/// Ends the whole test when one program runs too long (a hang on either side), naming it.
struct Watchdog {
    current: Arc<Mutex<(u64, Instant)>>,
}

impl Watchdog {
    fn start() -> Self {
        let current = Arc::new(Mutex::new((0, Instant::now())));
        let watched = Arc::clone(&current);
        let _ = std::thread::Builder::new()
            .name("watchdog".into())
            .spawn(move || loop {
                std::thread::sleep(Duration::from_secs(1));
                let (seed, since) = watched.lock().map(|g| *g).unwrap_or((0, Instant::now()));
                if since.elapsed() > HANG_LIMIT {
                    println!(
                        "seed {seed} ran longer than {}s: hang?",
                        HANG_LIMIT.as_secs()
                    );
                    std::process::exit(1);
                }
            });
        Watchdog { current }
    }

    fn now_running(&self, seed: u64) {
        if let Ok(mut current) = self.current.lock() {
            *current = (seed, Instant::now());
        }
    }
}
