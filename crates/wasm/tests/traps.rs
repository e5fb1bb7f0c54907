//! A wasm trap in a compiled program is reported with Nyash places, through the module's
//! `nyash.sourcemap` section: here wasmtime's own stack limit, set far below what 10,000
//! Nyash calls need, is hit before the module's `stack overflow` check, and the host must
//! still say `stack overflow` in the Nyash function, at the Nyash call, with the Nyash
//! call stack.

mod common;

use nyash_host::{stack_note, HostError, SourceMap, Wasi};

const DEEP: &str = "function down(n) {\n    if n == 0 { return 0 }\n    return down(n - 1) + 1\n}\nstatic box Main {\n    main() {\n        print(down(5000))\n    }\n}\n";

/// Compiles `source` and runs it with at most `stack` bytes of wasm stack.
fn run_with_stack(name: &str, source: &str, stack: usize) -> (Result<i32, HostError>, Vec<u8>) {
    let scratch = common::scratch_dir(name);
    let path = scratch.join(format!("{name}.nyash"));
    std::fs::write(&path, source).unwrap_or_else(|e| panic!("{e}"));
    let compiled = common::front_end(&path, &format!("{name}.nyash")).expect("front end");
    let _ = std::fs::remove_dir_all(&scratch);
    let bytes =
        nyash_wasm::compile(&compiled.module, &compiled.files).unwrap_or_else(|e| panic!("{e}"));
    let map = SourceMap::from_module(&bytes);
    assert!(map.is_some(), "the module has a source map");
    let mut config = wasmtime::Config::new();
    nyash_host::configure_stack(&mut config);
    config.max_wasm_stack(stack);
    let engine = wasmtime::Engine::new(&config).unwrap_or_else(|e| panic!("{e}"));
    let module = wasmtime::Module::new(&engine, &bytes).unwrap_or_else(|e| panic!("{e}"));
    let out = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let wasi = Wasi::new(vec![name.into()]).with_stdio(
        Box::new(std::io::empty()),
        Box::new(Shared(out.clone())),
        Box::new(std::io::sink()),
    );
    let result = nyash_host::run_module_mapped(&engine, &module, wasi, map.as_ref());
    let printed = out.lock().map(|b| b.clone()).unwrap_or_default();
    (result, printed)
}

struct Shared(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut bytes) = self.0.lock() {
            bytes.extend_from_slice(buf);
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn wasmtime_stack_exhaustion_is_a_located_stack_overflow() {
    let (result, _) = run_with_stack("deep", DEEP, 64 << 10);
    let Err(HostError::Located { message, frames }) = result else {
        panic!("expected a located trap, got {result:?}");
    };
    assert_eq!(message, "stack overflow");
    let innermost = frames.first().expect("a frame");
    assert_eq!(innermost.function, "down");
    assert_eq!(innermost.place.file_name, "deep.nyash");
    assert!(frames.len() > 10, "{} frames", frames.len());
    // Every caller but the entry is `down` at its recursive call (line 3, column 12).
    let caller = frames.get(1).expect("a caller");
    assert_eq!(caller.place.location(), "deep.nyash:3:12");
    // The outermost frames: `Main.main` at its call, then the entry that called it (which,
    // as in the VM, the note does not list).
    let outer: Vec<String> = frames
        .iter()
        .rev()
        .take(2)
        .map(|f| format!("{} {}", f.function, f.place.location()))
        .collect();
    assert_eq!(outer[1], "Main.main deep.nyash:7:15", "{outer:?}");
    let note = stack_note(&frames);
    assert!(
        note.starts_with("in down, called from down (deep.nyash:3:12), called from down"),
        "{note}"
    );
    assert!(note.ends_with(" more"), "{note}");
}

#[test]
fn with_enough_stack_the_same_program_runs() {
    let (result, printed) = run_with_stack("deep_ok", DEEP, 64 << 20);
    assert_eq!(result, Ok(0));
    assert_eq!(String::from_utf8_lossy(&printed), "5000\n");
}
