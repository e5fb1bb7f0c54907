//! The host that runs compiled Nyash modules in wasmtime: the WASI preview1 functions they
//! import and one [`run_module`] that instantiates a module, calls `_start` and turns the end
//! of the run into an exit code or a [`HostError`].
//!
//! Input: an [`Engine`] and a [`Module`] made by the caller (each caller builds its engine
//! with its own single configuration function, DESIGN §3), plus the program's arguments and
//! standard streams ([`Wasi`]). Output: the guest's exit code. Shared by the `nyash` CLI
//! (`--backend wasm`, `nyash run app.wasm`) and the runtime-only native stub, so it needs
//! only wasmtime's runtime: no compiler, no `wasmtime-wasi` (DESIGN §3a).
//!
//! Our modules report their own runtime errors (message, location, call stack) and call
//! `proc_exit(1)`. A trap is therefore either stack exhaustion, reported as the Nyash runtime
//! error `stack overflow`, or a bug, reported as `internal error: wasm trap: ...`; never as a
//! raw wasmtime backtrace. With the module's `nyash.sourcemap` section ([`SourceMap`], given
//! to [`run_module_mapped`]) a trap in Nyash code is [`HostError::Located`]: the message, the
//! Nyash place of the instruction that trapped and the Nyash call stack.

mod engine;
mod sourcemap;
mod wasi;

pub use engine::{stub_config, Tier, NATIVE_TARGET, PORTABLE_TARGET, STUB_CONFIG_NAME};
pub use sourcemap::{stack_note, NyashFrame, SourceMap, SourcePlace};
pub use wasi::{add_to_linker, Exit, Wasi, WASI_MODULE};
use wasmtime::{Engine, Linker, Module, Store, Trap, WasmBacktrace};

/// The version of the wasmtime this toolchain embeds (`48.0.8`): the one version whose
/// precompiled files it writes and loads (DESIGN §3).
pub const WASMTIME_VERSION: &str = wasmtime_environ::VERSION;

/// The most stack wasm code may use (`Config::max_wasm_stack`): enough for the 10,000 nested
/// Nyash calls the language allows, so the module's own `stack overflow` error comes first.
pub const MAX_WASM_STACK: usize = 256 << 20;

/// The native stack of the thread that runs a module: more than [`MAX_WASM_STACK`], with room
/// for the host functions, so wasmtime's limit is always reached before the real end.
pub const RUN_THREAD_STACK: usize = 1 << 30;

/// How many frames a trap's backtrace keeps (wasmtime keeps 20 by default): all the Nyash
/// calls the language allows and the runtime's own, so a located trap's call stack is whole.
pub const MAX_TRAP_FRAMES: usize = 10_100;

/// Sets the stack limits every engine that runs our modules needs (both engine
/// configuration functions call it): [`MAX_WASM_STACK`] for wasm code, and the same bound for
/// async stacks, which wasmtime checks against it even though we never run async; and
/// [`MAX_TRAP_FRAMES`] frames in a trap's backtrace.
pub fn configure_stack(config: &mut wasmtime::Config) {
    config.max_wasm_stack(MAX_WASM_STACK);
    config.async_stack_size(MAX_WASM_STACK);
    config.wasm_backtrace_max_frames(std::num::NonZeroUsize::new(MAX_TRAP_FRAMES));
}

/// Why a run ended without an exit code from the program.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HostError {
    /// The module imports something this host does not define.
    #[error("the module imports `{module}::{name}`, which this host does not provide")]
    UnknownImport { module: String, name: String },
    /// Instantiation failed (an import of the wrong type, a failing start section...).
    #[error("cannot instantiate the module: {0}")]
    Instantiate(String),
    /// The module has no `_start: () -> ()` export.
    #[error("the module has no `_start` function")]
    NoStart,
    /// wasm code exhausted its stack: the Nyash runtime error `stack overflow`.
    #[error("stack overflow")]
    StackOverflow {
        /// The innermost function with a name, as the module's name section gives it.
        function: Option<String>,
    },
    /// A trap (stack exhaustion, or a bug) in Nyash code: `stack overflow` or
    /// `internal error: wasm trap: ...`, and the Nyash functions active, innermost first,
    /// each at the place it was executing (at least one).
    #[error("{message}")]
    Located {
        message: String,
        frames: Vec<NyashFrame>,
    },
    /// Any other trap: a bug in the compiler or its runtime. The message is wasmtime's
    /// (`wasm trap: ...`).
    #[error("internal error: {message}")]
    Trap {
        message: String,
        /// The innermost function with a name.
        function: Option<String>,
    },
}

impl HostError {
    /// The wasm function the error happened in, when known.
    pub fn function(&self) -> Option<&str> {
        match self {
            HostError::StackOverflow { function } | HostError::Trap { function, .. } => {
                function.as_deref()
            }
            HostError::Located { frames, .. } => frames.first().map(|f| f.function.as_str()),
            _ => None,
        }
    }
}

/// [`run_module_mapped`] on a thread of its own whose native stack ([`RUN_THREAD_STACK`]) is
/// bigger than the wasm stack limit, so deep recursion ends in the program's own
/// `stack overflow` error rather than a crash of the process. Used by every runner (the CLI
/// and the native stub).
pub fn run_on_big_stack(
    engine: Engine,
    module: Module,
    argv: Vec<String>,
    map: Option<SourceMap>,
) -> Result<i32, HostError> {
    let thread = std::thread::Builder::new()
        .name("nyash".into())
        .stack_size(RUN_THREAD_STACK)
        .spawn(move || run_module_mapped(&engine, &module, Wasi::new(argv), map.as_ref()));
    match thread {
        Ok(handle) => handle.join().unwrap_or_else(|_| {
            Err(HostError::Trap {
                message: "the host panicked".into(),
                function: None,
            })
        }),
        Err(e) => Err(HostError::Instantiate(format!(
            "cannot start the thread that runs it: {e}"
        ))),
    }
}

/// Instantiates `module` with this host's WASI functions and runs its `_start`. Returns the
/// exit code: 0 when `_start` returns, `n` after `proc_exit(n)`. Both output streams are
/// flushed however the run ends.
pub fn run_module(engine: &Engine, module: &Module, wasi: Wasi) -> Result<i32, HostError> {
    run_module_mapped(engine, module, wasi, None)
}

/// [`run_module`], reporting a trap in Nyash code with the places `map` gives (the module's
/// own source map, read from its bytes with [`SourceMap::from_module`]).
pub fn run_module_mapped(
    engine: &Engine,
    module: &Module,
    wasi: Wasi,
    map: Option<&SourceMap>,
) -> Result<i32, HostError> {
    let mut linker = Linker::new(engine);
    add_to_linker(&mut linker).map_err(|e| HostError::Instantiate(e.to_string()))?;
    let mut store = Store::new(engine, wasi);
    for import in module.imports() {
        if linker
            .get(&mut store, import.module(), import.name())
            .is_err()
        {
            return Err(HostError::UnknownImport {
                module: import.module().to_string(),
                name: import.name().to_string(),
            });
        }
    }
    let result = call_start(&linker, &mut store, module, map);
    store.data_mut().flush();
    result
}

fn call_start(
    linker: &Linker<Wasi>,
    store: &mut Store<Wasi>,
    module: &Module,
    map: Option<&SourceMap>,
) -> Result<i32, HostError> {
    let instance = linker
        .instantiate(&mut *store, module)
        .map_err(|e| match exit_code(&e) {
            Some(_) => HostError::Instantiate("the start section exited".into()),
            None => HostError::Instantiate(e.to_string()),
        })?;
    let start = instance
        .get_typed_func::<(), ()>(&mut *store, "_start")
        .map_err(|_| HostError::NoStart)?;
    match start.call(&mut *store, ()) {
        Ok(()) => Ok(0),
        Err(error) => exit_code(&error).ok_or_else(|| located(trap_error(&error), &error, map)),
    }
}

/// The code of a `proc_exit` that ended the run.
fn exit_code(error: &wasmtime::Error) -> Option<i32> {
    error.downcast_ref::<Exit>().map(|exit| exit.0)
}

/// `error` as [`HostError::Located`] when `map` places some of the trap's frames.
fn located(error: HostError, trap: &wasmtime::Error, map: Option<&SourceMap>) -> HostError {
    let (Some(map), Some(trace)) = (map, trap.downcast_ref::<WasmBacktrace>()) else {
        return error;
    };
    let frames: Vec<(u32, Option<usize>)> = trace
        .frames()
        .iter()
        .map(|f| (f.func_index(), f.module_offset()))
        .collect();
    let frames = map.locate(&frames);
    let message = match &error {
        HostError::StackOverflow { .. } | HostError::Trap { .. } => error.to_string(),
        _ => return error,
    };
    if frames.is_empty() {
        return error;
    }
    HostError::Located { message, frames }
}

/// A trap (or a failing host call) as a [`HostError`].
fn trap_error(error: &wasmtime::Error) -> HostError {
    let function = error
        .downcast_ref::<WasmBacktrace>()
        .and_then(|trace| trace.frames().iter().find_map(|f| f.func_name()))
        .map(str::to_string);
    match error.downcast_ref::<Trap>() {
        Some(Trap::StackOverflow) => HostError::StackOverflow { function },
        Some(trap) => HostError::Trap {
            message: trap.to_string(),
            function,
        },
        None => HostError::Trap {
            message: format!("host call failed: {error}"),
            function,
        },
    }
}

#[cfg(test)]
mod tests;
