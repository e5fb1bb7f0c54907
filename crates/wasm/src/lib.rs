//! The wasm backend: compiles a MIR [`Module`] into one self-contained WASI preview1 module.
//!
//! Input: a lowered, verified MIR module and the source files it came from (error sites are
//! pre-rendered from them). Output: the bytes of a `.wasm` file that imports only
//! `wasi_snapshot_preview1` functions, exports `_start` and `memory`, carries the whole
//! runtime (`runtime/*.wat`) and prints exactly what the VM prints (DESIGN §2,
//! docs/WASM-BACKEND.md). Output is deterministic: the same input gives the same bytes.
//!
//! Stages, one module each:
//! - `runtime`: the `.wat` runtime, assembled once; `abi`: what generated code and runtime
//!   agree on;
//! - `rotate`: loops test their condition at the end of each iteration;
//! - `stackify`: control-flow graph → structured `block`/`loop`/`if`;
//! - `emit`: MIR functions → wasm functions (`inst`, `binary`, `call`, `boxes` by construct;
//!   `tables` for the class records);
//! - `data`: string literals, static instances and tables in the data segment; `sites`:
//!   pre-rendered error locations (`site_text`: their texts for the common shape);
//! - `link`: runtime + generated code → one module with a `name` section and the
//!   `nyash.sourcemap` section (`sourcemap`: code offsets → Nyash file, line and column);
//! - `case`: the Unicode case tables of `toUpper()` / `toLower()`.
//!
//! This version compiles numbers, booleans, null, strings, globals, direct calls, `print`,
//! `throw`, all control flow and user boxes (fields, methods, `fini()`, `weak`); built-in
//! boxes and the other instructions make [`compile`] return [`CompileError::Unsupported`]
//! rather than emit wrong code.

mod abi;
mod case;
mod data;
mod emit;
mod link;
mod rotate;
mod runtime;
mod site_text;
mod sites;
mod sourcemap;
mod stackify;

pub use nyash_diagnostics::SourceFiles;
use nyash_mir::Module;

/// Why a module could not be compiled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CompileError {
    /// The program uses something this version of the backend does not compile yet.
    #[error("the wasm backend does not support {what} yet (in {function})")]
    Unsupported { what: String, function: String },
    /// A bug in the backend or its runtime.
    #[error("internal error in the wasm backend: {0}")]
    Internal(String),
}

/// Compiles `module` (whose spans point into `files`) to the bytes of a wasm module.
pub fn compile(module: &Module, files: &SourceFiles) -> Result<Vec<u8>, CompileError> {
    let generated = emit::generate(module, files)?;
    link::link(runtime::Runtime::get()?, generated)
}
