//! `nyash-rt`: the runtime stub of native Nyash executables (DESIGN §4).
//!
//! `nyash --compile-native` copies this binary and appends a payload (the program precompiled
//! for several CPU tiers, its `.wasm` and source map). When the copy runs, it finds the
//! payload at the end of its own file, verifies it, loads the best tier this CPU accepts
//! (`tiers`) and runs the program's `_start` through `nyash-host` with the process's
//! arguments and standard streams. The program prints its own runtime errors; a trap is
//! rendered as the `nyash` CLI renders it. Exit codes: the program's own (0, or 1 after a
//! runtime error), 1 for a trap, 2 when the attached program cannot be loaded.
//!
//! It contains wasmtime's runtime and the Pulley interpreter, no compiler: build it alone,
//! `cargo build --profile stub -p nyash-rt`, so cargo adds no features from other packages.

mod payload;
mod report;
mod tiers;

use std::process::ExitCode;

use nyash_aot::SectionKind;
use nyash_host::SourceMap;

/// Exit code when the attached program cannot be loaded (as `nyash` for an unusable module).
const EXIT_CANNOT_LOAD: u8 = 2;

/// Setting this variable to `1` makes the stub say on stderr which tier it runs.
const LOG_VARIABLE: &str = "NYASH_RT_LOG";

fn main() -> ExitCode {
    let (loaded, map) = match load() {
        Ok(loaded) => loaded,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(EXIT_CANNOT_LOAD);
        }
    };
    if std::env::var_os(LOG_VARIABLE).is_some_and(|v| v == "1") {
        eprintln!("nyash-rt: running tier {}", loaded.tier);
    }
    let argv: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let tiers::Loaded { engine, module, .. } = loaded;
    match nyash_host::run_on_big_stack(engine, module, argv, map) {
        Ok(code) => ExitCode::from(u8::try_from(code).unwrap_or(report::EXIT_RUNTIME_ERROR)),
        Err(error) => {
            eprint!("{}", report::host_error(&error));
            report::exit_code(&error)
        }
    }
}

/// Finds, verifies and loads the attached program, with its source map (which places a trap
/// in the Nyash source) when the executable carries one.
fn load() -> Result<(tiers::Loaded, Option<SourceMap>), String> {
    let exe = std::env::current_exe()
        .map_err(|e| format!("cannot find this executable's own file: {e}"))?;
    let mut payload = payload::Payload::open(&exe).map_err(|e| e.to_string())?;
    let forced = std::env::var(tiers::TIER_VARIABLE).ok();
    let candidates = tiers::candidates(forced.as_deref()).map_err(|e| e.to_string())?;
    let loaded = tiers::load(&mut payload, &candidates).map_err(|e| e.to_string())?;
    let map = match payload.header.first(SectionKind::SourceMap).cloned() {
        Some(entry) => {
            let bytes = payload.section(&entry).map_err(|e| e.to_string())?;
            SourceMap::from_section(&bytes)
        }
        None => None,
    };
    Ok((loaded, map))
}
