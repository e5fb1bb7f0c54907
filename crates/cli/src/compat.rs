//! What decides whether a precompiled module loads, and what this toolchain knows about the
//! wasmtime CLI installed beside it (DESIGN §3, §3a; docs/COMPAT.md).
//!
//! Input: our own build facts (nyash and wasmtime versions, target, this CPU), the bytes of a
//! `.cwasm` file, or the output of `wasmtime --version`. Output: the lines of `nyash
//! --version`, the compatibility key of the `.cwasm` files we write, and what a `.cwasm` file
//! records about the wasmtime that wrote it (read without trusting or loading it). Used by
//! `--version`, `--aot` and `nyash run app.cwasm` (`aot`), and `nyash doctor`.
//!
//! A `.cwasm` carries no header of ours: it is wasmtime's own ELF file, so that the stock
//! `wasmtime run --allow-precompiled` loads it. Its compatibility key is what wasmtime records
//! in the `.wasmtime.engine` section (the wasmtime major version and the target, then the
//! settings that must match) plus the name of our engine configuration, [`CWASM_CONFIG`].

use std::path::{Path, PathBuf};
use std::process::Command;

use object::{Object, ObjectSection};
use wasmtime::{Engine, Precompiled};

/// The name of the CLI's engine configuration (`jit::config`) inside compatibility keys: the
/// settings of the stock `wasmtime` CLI with its default cargo features.
pub const CWASM_CONFIG: &str = "wasmtime-cli-default";

/// The ELF section where wasmtime records the version and settings a `.cwasm` was made with.
const ENGINE_SECTION: &str = ".wasmtime.engine";

/// The layout version of [`ENGINE_SECTION`] that wasmtime writes (its first byte).
const ENGINE_SECTION_FORMAT: u8 = 0;

/// The embedded wasmtime's version, e.g. `48.0.8`.
pub fn wasmtime_version() -> &'static str {
    nyash_host::WASMTIME_VERSION
}

/// The major version (`48`): precompiled files are interchangeable within one major version.
pub fn wasmtime_major() -> &'static str {
    major_of(wasmtime_version())
}

/// The major component of a dotted version (`35.0.0` → `35`).
pub fn major_of(version: &str) -> &str {
    version.split('.').next().unwrap_or(version)
}

/// The target triple this `nyash` was built for, which is also the target of its `.cwasm`.
pub fn target() -> String {
    target_lexicon::HOST.to_string()
}

/// The tier a `.cwasm` key names: the engine infers the CPU features from this machine.
const CWASM_TIER: &str = "default";

/// The compatibility key of the `.cwasm` files this `nyash` writes, in the form native tiers
/// use (`nyash_aot::compatibility_key`). wasmtime itself compares only the major version of
/// the version part, then the settings and the CPU features the file records.
pub fn cwasm_key() -> String {
    nyash_aot::compatibility_key(wasmtime_version(), &target(), CWASM_CONFIG, CWASM_TIER)
}

/// The best precompiled-code tier this CPU runs, as native executables choose it:
/// `x86-64-v3`, `x86-64-baseline`, or `other` (only the portable tier).
pub fn cpu_tier() -> &'static str {
    match nyash_host::Tier::ALL
        .into_iter()
        .find(|tier| tier.runs_on_this_cpu())
    {
        Some(tier @ (nyash_host::Tier::X86_64V3 | nyash_host::Tier::X86_64Baseline)) => tier.name(),
        _ => "other",
    }
}

/// What `nyash --version` prints after `nyash`: the version on the first line (scripts read
/// it), then the embedded wasmtime, the target, this CPU's tier and the `.cwasm` key.
pub fn long_version() -> String {
    format!(
        "{}\nwasmtime {} (embedded)\ntarget {}\ncpu {}\ncwasm-key {}",
        env!("CARGO_PKG_VERSION"),
        wasmtime_version(),
        target(),
        cpu_tier(),
        cwasm_key()
    )
}

/// What a `.cwasm` file says about the wasmtime that wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// The version wasmtime wrote (`48` since wasmtime 4x records the major version; older
    /// releases wrote the full version).
    pub version: String,
    /// The target it was compiled for, when readable.
    pub target: Option<String>,
}

impl Recorded {
    /// Whether the embedded wasmtime accepts files of this version (its major matches ours).
    pub fn same_major(&self) -> bool {
        major_of(&self.version) == wasmtime_major()
    }

    /// `wasmtime 35` or `wasmtime 48 for x86_64-unknown-linux-gnu`, for messages.
    pub fn describe(&self) -> String {
        match &self.target {
            Some(target) => format!("wasmtime {} for {target}", self.version),
            None => format!("wasmtime {}", self.version),
        }
    }
}

/// Why bytes are not a precompiled module we can say anything about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotPrecompiled {
    /// A WebAssembly binary: compile it instead (`nyash run app.wasm`).
    WasmBinary,
    /// A precompiled component (we only make core modules).
    Component,
    /// Anything else, with what is wrong.
    Unknown(String),
}

impl std::fmt::Display for NotPrecompiled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotPrecompiled::WasmBinary => {
                f.write_str("it is a WebAssembly module, not a precompiled one")
            }
            NotPrecompiled::Component => f.write_str("it is a precompiled component, not a module"),
            NotPrecompiled::Unknown(why) => {
                write!(f, "it is not a precompiled wasmtime module ({why})")
            }
        }
    }
}

/// Reads the version and target a `.cwasm` was made with, from wasmtime's engine section,
/// without loading any of its code.
pub fn read_recorded(bytes: &[u8]) -> Result<Recorded, NotPrecompiled> {
    if bytes.starts_with(b"\0asm") {
        return Err(NotPrecompiled::WasmBinary);
    }
    match Engine::detect_precompiled(bytes) {
        Some(Precompiled::Module) => {}
        Some(Precompiled::Component) => return Err(NotPrecompiled::Component),
        None if bytes.starts_with(b"\x7fELF") => {
            return Err(NotPrecompiled::Unknown(
                "an ELF file wasmtime did not write, or a damaged one".into(),
            ))
        }
        None => return Err(NotPrecompiled::Unknown("no ELF header".into())),
    }
    let file = object::File::parse(bytes).map_err(|e| NotPrecompiled::Unknown(e.to_string()))?;
    let section = file
        .section_by_name(ENGINE_SECTION)
        .ok_or_else(|| NotPrecompiled::Unknown(format!("no `{ENGINE_SECTION}` section")))?;
    let data = section
        .data()
        .map_err(|e| NotPrecompiled::Unknown(e.to_string()))?;
    parse_engine_section(data)
        .ok_or_else(|| NotPrecompiled::Unknown("unreadable engine section".into()))
}

/// The engine section: a format byte, the version string (one length byte, then UTF-8), then
/// postcard-encoded settings whose first field is the target as a string.
fn parse_engine_section(data: &[u8]) -> Option<Recorded> {
    let (&format, rest) = data.split_first()?;
    if format != ENGINE_SECTION_FORMAT {
        return None;
    }
    let (&len, rest) = rest.split_first()?;
    let version = std::str::from_utf8(rest.get(..usize::from(len))?).ok()?;
    let settings = rest.get(usize::from(len)..)?;
    Some(Recorded {
        version: version.to_string(),
        target: postcard_str(settings),
    })
}

/// The string at the start of postcard data: a LEB128 length, then the bytes.
fn postcard_str(data: &[u8]) -> Option<String> {
    let mut len: usize = 0;
    let mut shift = 0;
    let mut rest = data;
    loop {
        let (&byte, tail) = rest.split_first()?;
        rest = tail;
        len |= usize::from(byte & 0x7f).checked_shl(shift)?;
        if byte & 0x80 == 0 {
            break;
        }
        shift += 7;
        if shift > 28 {
            return None;
        }
    }
    let text = std::str::from_utf8(rest.get(..len)?).ok()?;
    Some(text.to_string())
}

/// A `wasmtime` CLI found on this machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemCli {
    pub path: PathBuf,
    /// Its version, e.g. `35.0.0`.
    pub version: String,
}

impl SystemCli {
    /// Whether its `.cwasm` files and ours can be interchanged (same major version; the
    /// settings are only known by trying, as `nyash doctor` does).
    pub fn same_major(&self) -> bool {
        major_of(&self.version) == wasmtime_major()
    }

    /// `wasmtime 35.0.0 (/usr/bin/wasmtime)`, for messages.
    pub fn describe(&self) -> String {
        format!("wasmtime {} ({})", self.version, self.path.display())
    }
}

/// The first executable `wasmtime` on `PATH`.
pub fn find_on_path() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("wasmtime"))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

/// Runs `PATH --version` and reads the version it prints.
pub fn probe(path: &Path) -> Result<SystemCli, String> {
    let output = Command::new(path)
        .arg("--version")
        .output()
        .map_err(|e| format!("cannot run `{} --version`: {e}", path.display()))?;
    let text = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!(
            "`{} --version` failed ({})",
            path.display(),
            output.status
        ));
    }
    let version = parse_cli_version(&text).ok_or_else(|| {
        format!(
            "`{} --version` printed `{}`, not a wasmtime version",
            path.display(),
            text.trim()
        )
    })?;
    Ok(SystemCli {
        path: path.to_path_buf(),
        version,
    })
}

/// The version in `wasmtime 48.0.8 (hash date)` or `wasmtime-cli 35.0.0`.
pub fn parse_cli_version(text: &str) -> Option<String> {
    let mut words = text.split_whitespace();
    let name = words.next()?;
    if !name.starts_with("wasmtime") {
        return None;
    }
    let version = words.next()?;
    let numeric = version.split('.').count() >= 2
        && version
            .split('.')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()));
    numeric.then(|| version.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_of_both_cli_spellings_are_read() {
        assert_eq!(
            parse_cli_version("wasmtime 48.0.8 (5a8cb8d4b 2025-11-20)\n").as_deref(),
            Some("48.0.8")
        );
        assert_eq!(
            parse_cli_version("wasmtime-cli 35.0.0").as_deref(),
            Some("35.0.0")
        );
        assert_eq!(parse_cli_version("wasmer 4.0.0"), None);
        assert_eq!(parse_cli_version("wasmtime lots"), None);
        assert_eq!(parse_cli_version(""), None);
    }

    #[test]
    fn the_major_version_is_the_first_component() {
        assert_eq!(major_of("35.0.1"), "35");
        assert_eq!(major_of("48"), "48");
        assert_eq!(wasmtime_major(), major_of(nyash_host::WASMTIME_VERSION));
    }

    #[test]
    fn the_version_text_starts_with_the_nyash_version() {
        let text = long_version();
        let first = text.lines().next().unwrap_or_default();
        assert_eq!(first, env!("CARGO_PKG_VERSION"));
        assert!(text.contains(&format!("wasmtime {}", wasmtime_version())));
        assert!(text.contains(&target()));
        assert!(["x86-64-v3", "x86-64-baseline", "other"].contains(&cpu_tier()));
    }

    #[test]
    fn an_engine_section_gives_version_and_target() {
        let mut data = vec![0, 2];
        data.extend_from_slice(b"48");
        data.push(6);
        data.extend_from_slice(b"x86_64 and more settings");
        let recorded = parse_engine_section(&data);
        assert_eq!(
            recorded,
            Some(Recorded {
                version: "48".into(),
                target: Some("x86_64".into())
            })
        );
        assert_eq!(parse_engine_section(&[1, 2, b'4', b'8']), None);
        assert_eq!(parse_engine_section(&[0, 9, b'4']), None);
    }

    #[test]
    fn bytes_that_are_not_precompiled_say_what_they_are() {
        assert_eq!(
            read_recorded(b"\0asm\x01\0\0\0"),
            Err(NotPrecompiled::WasmBinary)
        );
        assert!(matches!(
            read_recorded(b"not even close"),
            Err(NotPrecompiled::Unknown(_))
        ));
    }
}
