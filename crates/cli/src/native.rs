//! `nyash --compile-native app.nyash -o app` and `nyash build app.nyash -o app`: one
//! self-contained native executable (DESIGN §4, docs/AOT.md).
//!
//! The program goes through the front end and `nyash-wasm`; wasmtime precompiles the module
//! once per tier (`nyash_host::Tier`, each with `nyash_host::stub_config`, the configuration
//! the stub loads it with); `nyash-aot` appends the tiers, the `.wasm` and its source map to a
//! copy of the prebuilt runtime stub `nyash-rt`. No compiler or network is involved: the stub
//! is found next to `nyash` (or through `NYASH_RT`). The input may also be a `.wasm` written
//! by `nyash --compile-wasm`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use nyash_aot::{Section, SectionKind, Versions};
use nyash_host::Tier;
use wasmtime::Engine;

use crate::args::BuildArgs;
use crate::EXIT_COMPILE_ERROR;

/// The variable naming the runtime stub when it is not next to `nyash`.
pub const STUB_VARIABLE: &str = "NYASH_RT";

/// The runtime stub's file name.
const STUB_NAME: &str = "nyash-rt";

/// The custom section holding a module's source map.
pub const SOURCE_MAP_SECTION: &str = "nyash.sourcemap";

pub fn build(build: &BuildArgs) -> ExitCode {
    match build_native(build) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Reported(code)) => code,
        Err(Failure::Message(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(EXIT_COMPILE_ERROR)
        }
    }
}

/// Why a build stopped: errors already rendered (with their exit code), or a message.
enum Failure {
    Reported(ExitCode),
    Message(String),
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure::Message(message)
    }
}

fn build_native(build: &BuildArgs) -> Result<(), Failure> {
    let output = output_path(&build.file, build.output.as_deref())?;
    let stub_path = find_stub()?;
    let stub = read_stub(&stub_path)?;
    let wasm = module_bytes(&build.file)?;
    let mut sections = compile_tiers(&wasm)?;
    if let Some(map) = source_map(&wasm) {
        sections.push(section(SectionKind::SourceMap, SOURCE_MAP_SECTION, "", map));
    }
    sections.push(section(SectionKind::Wasm, "module.wasm", "", wasm));
    let versions = Versions {
        nyash: env!("CARGO_PKG_VERSION"),
        wasmtime: nyash_host::WASMTIME_VERSION,
        target: nyash_host::NATIVE_TARGET,
    };
    let bytes = nyash_aot::write_executable(&stub, &versions, &sections);
    write_executable_file(&output, &bytes)
        .map_err(|e| format!("cannot write `{}`: {e}", output.display()))?;
    if std::io::stderr().is_terminal() {
        eprintln!("wrote {} ({})", output.display(), size_text(bytes.len()));
    }
    Ok(())
}

/// The program's module: compiled from source, or read from a `.wasm` made by
/// `nyash --compile-wasm`.
fn module_bytes(file: &Path) -> Result<Vec<u8>, Failure> {
    if crate::jit::is_module(file) {
        return std::fs::read(file)
            .map_err(|e| Failure::Message(format!("cannot read `{}`: {e}", file.display())));
    }
    let compiled = crate::compile(file).map_err(Failure::Reported)?;
    nyash_wasm::compile(&compiled.module, &compiled.files)
        .map_err(|e| Failure::Message(e.to_string()))
}

fn section(kind: SectionKind, name: &str, key: &str, bytes: Vec<u8>) -> Section {
    Section {
        kind,
        name: name.to_string(),
        key: key.to_string(),
        bytes,
    }
}

/// `-o OUT`, else the program's path without its extension.
fn output_path(input: &Path, output: Option<&Path>) -> Result<PathBuf, String> {
    let path = match output {
        Some(path) => path.to_path_buf(),
        None => input.with_extension(""),
    };
    if path == input {
        return Err(format!(
            "the executable would overwrite the program `{}`: name it with -o",
            input.display()
        ));
    }
    Ok(path)
}

/// The compatibility key of `tier` as this `nyash` compiles it.
pub fn tier_key(tier: Tier) -> String {
    nyash_aot::compatibility_key(
        nyash_host::WASMTIME_VERSION,
        tier.target(),
        nyash_host::STUB_CONFIG_NAME,
        tier.name(),
    )
}

/// Precompiles `wasm` for every tier, in parallel; on a terminal says what it does.
fn compile_tiers(wasm: &[u8]) -> Result<Vec<Section>, String> {
    let tiers = Tier::buildable();
    let progress = std::io::stderr().is_terminal();
    let started = Instant::now();
    if progress {
        let names: Vec<&str> = tiers.iter().map(|t| t.name()).collect();
        eprint!("compiling {} tiers ({}) ...", tiers.len(), names.join(", "));
    }
    let results: Vec<Result<Vec<u8>, String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = tiers
            .iter()
            .map(|&tier| scope.spawn(move || precompile(tier, wasm)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err("the compiler panicked".into()))
            })
            .collect()
    });
    if progress {
        eprintln!(" {:.0} ms", started.elapsed().as_secs_f64() * 1000.0);
    }
    tiers
        .iter()
        .zip(results)
        .map(|(&tier, result)| {
            let bytes = result.map_err(|e| format!("cannot compile the {tier} tier: {e}"))?;
            Ok(section(
                SectionKind::Tier,
                tier.name(),
                &tier_key(tier),
                bytes,
            ))
        })
        .collect()
}

/// The code of `tier` for `wasm`, made with the configuration the stub will load it with.
fn precompile(tier: Tier, wasm: &[u8]) -> Result<Vec<u8>, String> {
    let config = nyash_host::stub_config(tier).map_err(|e| e.to_string())?;
    let engine = Engine::new(&config).map_err(|e| e.to_string())?;
    engine.precompile_module(wasm).map_err(|e| format!("{e:#}"))
}

/// The contents of the module's source map section, if it has one.
pub fn source_map(wasm: &[u8]) -> Option<Vec<u8>> {
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        if let Ok(wasmparser::Payload::CustomSection(reader)) = payload {
            if reader.name() == SOURCE_MAP_SECTION {
                return Some(reader.data().to_vec());
            }
        }
    }
    None
}

/// Where the runtime stub is: `NYASH_RT`, else `nyash-rt` next to this `nyash`, else in the
/// `stub` profile folder beside it (`target/stub/` when `nyash` is `target/release/nyash`).
fn find_stub() -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os(STUB_VARIABLE) {
        let path = PathBuf::from(path);
        return if path.is_file() {
            Ok(path)
        } else {
            Err(format!(
                "{STUB_VARIABLE}={} does not name a file (it should be the runtime stub `{STUB_NAME}`)",
                path.display()
            ))
        };
    }
    let exe = std::env::current_exe().map_err(|e| format!("cannot find nyash's own file: {e}"))?;
    let dir = exe.parent().unwrap_or(Path::new("."));
    let candidates = [dir.join(STUB_NAME), dir.join("../stub").join(STUB_NAME)];
    candidates
        .iter()
        .find(|p| p.is_file())
        .cloned()
        .ok_or_else(|| {
            format!(
                "cannot find the runtime stub `{STUB_NAME}` next to nyash (in `{}`) and {STUB_VARIABLE} is not set\n  \
                 = help: build it with `cargo build --profile stub -p nyash-rt` (alone, not with other packages) and copy \
                 `target/stub/{STUB_NAME}` next to nyash, or set {STUB_VARIABLE}=path/to/{STUB_NAME}",
                dir.display()
            )
        })
}

/// The stub's bytes; a file that already carries a program is not a stub.
fn read_stub(path: &Path) -> Result<Vec<u8>, String> {
    let bytes = std::fs::read(path)
        .map_err(|e| format!("cannot read the stub `{}`: {e}", path.display()))?;
    if nyash_aot::Header::of_file(&bytes).is_ok() {
        return Err(format!(
            "`{}` is a compiled Nyash program, not the bare runtime stub",
            path.display()
        ));
    }
    if has_compiler(&bytes) {
        eprintln!(
            "warning: the stub `{}` contains the wasmtime compiler: it was built together with other \
             packages, which makes every executable ~9 MB larger\n  \
             = help: build it alone: `cargo build --profile stub -p nyash-rt`",
            path.display()
        );
    }
    Ok(bytes)
}

/// Whether a stub binary has cranelift linked in (its code carries the crate's name in
/// panic locations).
fn has_compiler(stub: &[u8]) -> bool {
    const MARK: &[u8] = b"cranelift-codegen";
    stub.windows(MARK.len()).any(|w| w == MARK)
}

/// Writes `bytes` to `path` as an executable file.
fn write_executable_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    // A running copy of the old file keeps its contents; write a new file, not into the old.
    let _ = std::fs::remove_file(path);
    std::fs::write(path, bytes)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))?;
    }
    Ok(())
}

/// `1.2 MB`, `340 KB`, `12 B`.
pub fn size_text(bytes: usize) -> String {
    match bytes {
        0..1_000 => format!("{bytes} B"),
        1_000..1_000_000 => format!("{:.0} KB", bytes as f64 / 1e3),
        _ => format!("{:.1} MB", bytes as f64 / 1e6),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_output_defaults_to_the_program_without_extension() {
        assert_eq!(
            output_path(Path::new("dir/app.nyash"), None),
            Ok(PathBuf::from("dir/app"))
        );
        assert_eq!(
            output_path(Path::new("app.nyash"), Some(Path::new("x"))),
            Ok(PathBuf::from("x"))
        );
        assert!(output_path(Path::new("app"), None).is_err());
    }

    #[test]
    fn sizes_read_well() {
        assert_eq!(size_text(12), "12 B");
        assert_eq!(size_text(340_000), "340 KB");
        assert_eq!(size_text(1_234_567), "1.2 MB");
    }

    #[test]
    fn every_tier_compiles_a_module() {
        let wasm = b"\0asm\x01\0\0\0";
        for &tier in Tier::buildable() {
            let code = precompile(tier, wasm).unwrap_or_else(|e| panic!("{tier}: {e}"));
            assert!(code.starts_with(b"\x7fELF"), "{tier}");
        }
        assert!(tier_key(Tier::Portable).ends_with("/pulley64/stub-1/pulley64"));
    }
}
