//! The payload of a native Nyash executable (DESIGN §4): what `nyash --compile-native`
//! appends to a copy of the runtime stub `nyash-rt`, and what the stub reads back at start.
//!
//! Input when writing: the stub's bytes, the versions and target, and the [`Section`]s
//! (precompiled tiers, the portable `.wasm`, the source map). Output: one executable file.
//! When reading: the [`Trailer`] at the very end of the file points at the [`Header`], which
//! lists every section with its offset, length and SHA-256. Everything is verified before a
//! byte of a section is handed out, because the stub passes a tier to
//! `wasmtime::Module::deserialize`, which trusts its input completely.
//!
//! The byte layout is documented in `docs/AOT.md`. This crate knows nothing of wasmtime: it is
//! shared by the CLI (writing, `nyash inspect`) and the stub (reading), and stays tiny.

mod read;
mod write;

pub use read::{read_header, Header, PayloadError, SectionEntry, Trailer};
pub use write::{write_executable, Section, Versions};

/// The first bytes of the header.
pub const HEADER_MAGIC: [u8; 8] = *b"NYASHPL\0";

/// The first bytes of the trailer, the last [`TRAILER_LEN`] bytes of the file.
pub const TRAILER_MAGIC: [u8; 8] = *b"NYASHEND";

/// The version of the layout; a stub refuses any other.
pub const FORMAT_VERSION: u32 = 1;

/// Size of the trailer: magic, format version, header length, payload offset, payload
/// length, header checksum.
pub const TRAILER_LEN: usize = 8 + 4 + 4 + 8 + 8 + 32;

/// The most sections a header may list (a sanity bound for reading).
pub const MAX_SECTIONS: usize = 64;

/// The largest header a reader accepts.
pub const MAX_HEADER_LEN: usize = 1 << 20;

/// What a section holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionKind {
    /// Code precompiled by wasmtime for one tier; its name is the tier's name.
    Tier,
    /// The portable WebAssembly module the tiers were compiled from.
    Wasm,
    /// The module's source map (the `nyash.sourcemap` custom section).
    SourceMap,
}

impl SectionKind {
    fn code(self) -> u8 {
        match self {
            SectionKind::Tier => 1,
            SectionKind::Wasm => 2,
            SectionKind::SourceMap => 3,
        }
    }

    fn from_code(code: u8) -> Option<SectionKind> {
        match code {
            1 => Some(SectionKind::Tier),
            2 => Some(SectionKind::Wasm),
            3 => Some(SectionKind::SourceMap),
            _ => None,
        }
    }

    /// A word for listings.
    pub fn label(self) -> &'static str {
        match self {
            SectionKind::Tier => "tier",
            SectionKind::Wasm => "wasm",
            SectionKind::SourceMap => "sourcemap",
        }
    }
}

/// The compatibility key of precompiled code: the facts that decide whether wasmtime can load
/// it (DESIGN §3a) — the wasmtime version, the target triple, the name of the engine
/// configuration function that compiled it (e.g. `stub-1` for native tiers, or the CLI's name
/// for `.cwasm` files) and the tier (CPU level, e.g. `x86-64-v3`, `x86-64-baseline`,
/// `pulley64`; `default` when the engine inferred it). Two files with equal keys load in the
/// same places. The key is readable text, e.g.
/// `wasmtime-48.0.8/x86_64-unknown-linux-gnu/stub-1/x86-64-v3`.
pub fn compatibility_key(wasmtime_version: &str, target: &str, config: &str, tier: &str) -> String {
    format!("wasmtime-{wasmtime_version}/{target}/{config}/{tier}")
}

/// The SHA-256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).into()
}

/// `bytes` as lowercase hex (for listings).
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests;
