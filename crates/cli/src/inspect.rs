//! `nyash inspect FILE`: what a `.wasm`, a `.cwasm` or a native executable contains
//! (DESIGN §4). Reads only: nothing is compiled, loaded or run.
//!
//! A `.wasm` shows its size, imports, exports and custom sections; a `.cwasm` the wasmtime
//! version and target recorded in its ELF sections and whether this `nyash` loads it; a native
//! executable its header (versions, target), each section with its size, compatibility key
//! and checksum status, and the tier this CPU would run. Exit code 0 when the file is intact,
//! 1 when it is damaged, 2 when it is none of these kinds.

use std::path::Path;
use std::process::ExitCode;

use nyash_aot::{Header, SectionKind};
use nyash_host::Tier;

use crate::native::{size_text, source_map};
use crate::{EXIT_COMPILE_ERROR, EXIT_RUNTIME_ERROR};

pub fn inspect(path: &Path) -> ExitCode {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("error: cannot read `{}`: {e}", path.display());
            return ExitCode::from(EXIT_COMPILE_ERROR);
        }
    };
    println!("{}: {}", path.display(), size_text(bytes.len()));
    if bytes.starts_with(b"\0asm") {
        return inspect_wasm(&bytes);
    }
    match Header::of_file(&bytes) {
        Err(nyash_aot::PayloadError::Missing) => inspect_cwasm(&bytes),
        outcome => inspect_native(&bytes, outcome),
    }
}

fn inspect_wasm(bytes: &[u8]) -> ExitCode {
    println!("kind: WebAssembly module");
    let mut customs = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(bytes) {
        match payload {
            Ok(wasmparser::Payload::ImportSection(reader)) => {
                for import in reader.into_imports().flatten() {
                    println!("import: {}::{}", import.module, import.name);
                }
            }
            Ok(wasmparser::Payload::ExportSection(reader)) => {
                for export in reader.into_iter().flatten() {
                    println!("export: {} ({:?})", export.name, export.kind);
                }
            }
            Ok(wasmparser::Payload::CustomSection(reader)) => {
                customs.push((reader.name().to_string(), reader.data().len()));
            }
            Ok(_) => {}
            Err(e) => {
                println!("damaged: {e}");
                return ExitCode::from(EXIT_RUNTIME_ERROR);
            }
        }
    }
    for (name, len) in &customs {
        println!("custom section: {name} ({})", size_text(*len));
    }
    let has = |name: &str| customs.iter().any(|(n, _)| n == name);
    println!("name section: {}", yes_no(has("name")));
    println!("source map: {}", yes_no(source_map(bytes).is_some()));
    ExitCode::SUCCESS
}

fn inspect_cwasm(bytes: &[u8]) -> ExitCode {
    match crate::compat::read_recorded(bytes) {
        Ok(recorded) => {
            println!("kind: precompiled wasmtime module (.cwasm)");
            println!("made by: {}", recorded.describe());
            println!("this nyash: wasmtime {}", nyash_host::WASMTIME_VERSION);
            let loads = recorded.same_major()
                && recorded
                    .target
                    .as_deref()
                    .is_none_or(|t| t == crate::compat::target());
            println!(
                "loadable here: {}",
                if loads {
                    "yes, if it was made with this nyash's settings and a CPU like this one"
                } else {
                    "no (another wasmtime version or target)"
                }
            );
            ExitCode::SUCCESS
        }
        Err(why) => {
            eprintln!("error: not a .wasm, .cwasm or native Nyash executable: {why}");
            ExitCode::from(EXIT_COMPILE_ERROR)
        }
    }
}

fn inspect_native(
    bytes: &[u8],
    outcome: Result<(nyash_aot::Trailer, Header), nyash_aot::PayloadError>,
) -> ExitCode {
    println!("kind: native Nyash executable");
    let (trailer, header) = match outcome {
        Ok(found) => found,
        Err(error) => {
            println!("damaged: {error}");
            return ExitCode::from(EXIT_RUNTIME_ERROR);
        }
    };
    println!(
        "runtime stub: {}",
        size_text(trailer.payload_offset as usize)
    );
    println!(
        "payload: {} (format {})",
        size_text(trailer.payload_len as usize),
        nyash_aot::FORMAT_VERSION
    );
    println!("nyash: {}", header.nyash_version);
    println!("wasmtime: {}", header.wasmtime_version);
    println!("target: {}", header.target);
    let mut intact = true;
    for section in &header.sections {
        let status = match section.verified(&trailer, bytes) {
            Ok(_) => "checksum ok".to_string(),
            Err(error) => {
                intact = false;
                format!("DAMAGED: {error}")
            }
        };
        println!(
            "{:<9} {:<16} {:>8}  {status}",
            section.kind.label(),
            section.name,
            size_text(section.len as usize)
        );
        if !section.key.is_empty() {
            println!("          key {}", section.key);
        }
    }
    println!("this CPU runs: {}", best_tier(&header));
    if intact {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_RUNTIME_ERROR)
    }
}

/// The tier the stub would try first on this machine.
fn best_tier(header: &Header) -> &'static str {
    Tier::ALL
        .into_iter()
        .find(|tier| {
            tier.runs_on_this_cpu() && header.section(SectionKind::Tier, tier.name()).is_some()
        })
        .map(Tier::name)
        .unwrap_or("none of its tiers")
}

fn yes_no(value: bool) -> &'static str {
    if value {
        "yes"
    } else {
        "no"
    }
}
