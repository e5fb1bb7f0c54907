//! Native executables end to end (DESIGN §4, docs/AOT.md): `nyash --compile-native` with the
//! real runtime stub, built here in its own cargo invocation (so it has no compiler, as it
//! ships), then the executables run as a user would run them: alone in an empty directory with
//! an empty environment, on every tier, damaged in every part of the payload.

#[allow(dead_code)]
mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

use common::{collect_programs, read_or_empty, run_program, Outcome};
use nyash_aot::{Header, Section, SectionKind, Versions, TRAILER_LEN};

/// How many golden programs run natively (on every tier) at least.
const GOLDEN_SUBSET: usize = 30;

/// Programs taken from each folder of `tests/programs/` for the subset.
const PER_FOLDER: usize = 2;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The runtime stub, built once per test run with `cargo build --profile stub -p nyash-rt`
/// alone: built together with the CLI it would get cranelift (cargo unifies features).
fn stub() -> &'static Path {
    static STUB: OnceLock<PathBuf> = OnceLock::new();
    STUB.get_or_init(|| {
        let target_dir = Path::new(env!("CARGO_BIN_EXE_nyash"))
            .ancestors()
            .nth(2)
            .unwrap_or_else(|| panic!("no target directory"))
            .to_path_buf();
        let status = Command::new(env!("CARGO"))
            .args([
                "build",
                "--profile",
                "stub",
                "-p",
                "nyash-rt",
                "--target-dir",
            ])
            .arg(&target_dir)
            .current_dir(root())
            .status()
            .unwrap_or_else(|e| panic!("cannot run cargo: {e}"));
        assert!(status.success(), "building the stub failed");
        let path = target_dir.join("stub").join("nyash-rt");
        assert!(path.is_file(), "no stub at {}", path.display());
        path
    })
}

/// A fresh directory for one test, removed when the test ends.
struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn temp_dir(name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("nyash-native-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    Scratch(dir)
}

/// `nyash --compile-native NAME -o OUT`, run in the program's directory (so error locations
/// read as in the golden files).
fn compile_native(program: &Path, out: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nyash"))
        .arg("--compile-native")
        .arg(program.file_name().unwrap_or_default())
        .arg("-o")
        .arg(out)
        .current_dir(program.parent().unwrap_or(Path::new(".")))
        .env("NYASH_RT", stub())
        .output()
        .unwrap_or_else(|e| panic!("cannot run nyash: {e}"))
}

fn compiled_hello(dir: &Path) -> PathBuf {
    let exe = dir.join("hello");
    let output = compile_native(&root().join("examples/hello.nyash"), &exe);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    exe
}

/// Runs `exe` with `env` only, `args` and `stdin`, in `dir`.
fn run(exe: &Path, dir: &Path, env: &[(&str, &str)], args: &[&str], stdin: &[u8]) -> Outcome {
    let mut child = Command::new(exe)
        .args(args)
        .current_dir(dir)
        .env_clear()
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", exe.display()));
    if let Some(mut input) = child.stdin.take() {
        let _ = input.write_all(stdin);
    }
    let output = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    Outcome {
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        exit: output.status.code().unwrap_or(-1),
    }
}

#[test]
fn hello_runs_alone_with_an_empty_environment() {
    let dir = temp_dir("hello");
    let exe = compiled_hello(&dir);
    let alone = temp_dir("alone");
    let copy = alone.join("hello");
    std::fs::copy(&exe, &copy).unwrap_or_else(|e| panic!("{e}"));
    let outcome = run(&copy, &alone, &[], &[], b"");
    assert_eq!(outcome.stdout, "Hello, Nyash!\n");
    assert_eq!(outcome.stderr, "");
    assert_eq!(outcome.exit, 0);
}

#[test]
fn the_stub_is_small_and_has_no_compiler() {
    let bytes = std::fs::read(stub()).unwrap_or_else(|e| panic!("{e}"));
    assert!(bytes.len() < 10_000_000, "stub is {} bytes", bytes.len());
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    assert!(
        !has(b"cranelift-codegen") && !has(b"cranelift_codegen"),
        "the stub contains cranelift"
    );
    let bare = run(stub(), &std::env::temp_dir(), &[], &[], b"");
    assert_eq!(bare.exit, 2);
    assert!(
        bare.stderr.contains("no Nyash program is attached"),
        "{}",
        bare.stderr
    );
}

/// The golden programs of the subset: a few from every folder, plus every program that reads
/// stdin or takes arguments, minus compile errors and what `--backend wasm` refuses or gets
/// wrong (the wasm suite reports those; this one tests the packaging of correct modules).
fn golden_subset(out: &Path) -> Vec<(PathBuf, PathBuf)> {
    let programs_dir = root().join("tests/programs");
    let mut taken: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut per_folder = std::collections::BTreeMap::<PathBuf, usize>::new();
    for program in collect_programs(&programs_dir) {
        if Outcome::expected(&program).exit == 2 {
            continue;
        }
        let folder = program.parent().unwrap_or(Path::new("")).to_path_buf();
        let special =
            program.with_extension("stdin").exists() || program.with_extension("args").exists();
        let count = per_folder.entry(folder).or_default();
        if *count >= PER_FOLDER && !special {
            continue;
        }
        let expected = Outcome::expected(&program);
        if run_program(&program, "wasm").ok().as_ref() != Some(&expected) {
            continue;
        }
        let exe = out.join(format!("p{}", taken.len()));
        if compile_native(&program, &exe).status.success() {
            *count += 1;
            taken.push((program, exe));
        }
    }
    taken
}

#[test]
fn golden_programs_give_the_expected_output_on_every_tier() {
    let out = temp_dir("golden");
    let subset = golden_subset(&out);
    assert!(
        subset.len() >= GOLDEN_SUBSET,
        "only {} programs compiled natively",
        subset.len()
    );
    assert!(
        subset.iter().any(|(p, _)| Outcome::expected(p).exit == 1),
        "no runtime error in the subset"
    );
    let mut failures = Vec::new();
    for (program, exe) in &subset {
        let expected = Outcome::expected(program);
        let args = read_or_empty(&program.with_extension("args"));
        let args: Vec<&str> = args.lines().collect();
        let stdin = std::fs::read(program.with_extension("stdin")).unwrap_or_default();
        let dir = program.parent().unwrap_or(Path::new("."));
        for tier in nyash_host::Tier::buildable() {
            let actual = run(exe, dir, &[("NYASH_TIER", tier.name())], &args, &stdin);
            if actual != expected {
                failures.push(format!(
                    "{} on {tier}:\n  expected {expected:#?}\n  got {actual:#?}",
                    program.display()
                ));
            }
        }
    }
    let with = |ext: &str| {
        subset
            .iter()
            .filter(|(p, _)| p.with_extension(ext).exists())
            .count()
    };
    println!(
        "{} golden programs natively on {} tiers ({} runtime errors, {} reading stdin, {} with arguments)",
        subset.len(),
        nyash_host::Tier::buildable().len(),
        subset.iter().filter(|(p, _)| Outcome::expected(p).exit == 1).count(),
        with("stdin"),
        with("args"),
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_forced_tier_runs_and_is_reported() {
    let dir = temp_dir("forced");
    let exe = compiled_hello(&dir);
    for &tier in nyash_host::Tier::buildable() {
        let outcome = run(
            &exe,
            &dir,
            &[("NYASH_TIER", tier.name()), ("NYASH_RT_LOG", "1")],
            &[],
            b"",
        );
        assert_eq!(outcome.stdout, "Hello, Nyash!\n", "{tier}");
        assert_eq!(outcome.stderr, format!("nyash-rt: running tier {tier}\n"));
    }
    let unknown = run(&exe, &dir, &[("NYASH_TIER", "avx1024")], &[], b"");
    assert_eq!(unknown.exit, 2);
    assert!(
        unknown.stderr.contains("NYASH_TIER=avx1024 names no tier"),
        "{}",
        unknown.stderr
    );
}

/// Rewrites `exe` with the section of `kind`/`name` replaced by `bytes` (checksums updated).
fn with_section_replaced(exe: &Path, name: &str, bytes: Vec<u8>) -> Vec<u8> {
    let file = std::fs::read(exe).unwrap_or_else(|e| panic!("{e}"));
    let (trailer, header) = Header::of_file(&file).unwrap_or_else(|e| panic!("{e}"));
    let stub = &file[..trailer.payload_offset as usize];
    let sections: Vec<Section> = header
        .sections
        .iter()
        .map(|s| Section {
            kind: s.kind,
            name: s.name.clone(),
            key: s.key.clone(),
            bytes: if s.name == name {
                bytes.clone()
            } else {
                s.verified(&trailer, &file)
                    .unwrap_or_else(|e| panic!("{e}"))
                    .to_vec()
            },
        })
        .collect();
    let versions = Versions {
        nyash: &header.nyash_version,
        wasmtime: &header.wasmtime_version,
        target: &header.target,
    };
    nyash_aot::write_executable(stub, &versions, &sections)
}

fn write_exe(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("{e}"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755));
    }
}

#[test]
fn a_tier_this_machine_refuses_falls_back_to_the_next() {
    if nyash_host::Tier::buildable().len() < 2 {
        return;
    }
    let dir = temp_dir("fallback");
    let exe = compiled_hello(&dir);
    let file = std::fs::read(&exe).unwrap_or_else(|e| panic!("{e}"));
    let (trailer, header) = Header::of_file(&file).unwrap_or_else(|e| panic!("{e}"));
    // Pulley code where x86-64 code is expected: intact, but wasmtime refuses it here.
    let pulley = header
        .section(SectionKind::Tier, "pulley64")
        .and_then(|s| s.verified(&trailer, &file).ok())
        .unwrap_or_else(|| panic!("no pulley tier"))
        .to_vec();
    let wrong = dir.join("wrong");
    write_exe(
        &wrong,
        &with_section_replaced(&exe, "x86-64-v3", pulley.clone()),
    );
    let outcome = run(&wrong, &dir, &[("NYASH_RT_LOG", "1")], &[], b"");
    assert_eq!(outcome.stdout, "Hello, Nyash!\n");
    assert_eq!(outcome.stderr, "nyash-rt: running tier x86-64-baseline\n");
    let forced = run(&wrong, &dir, &[("NYASH_TIER", "v3")], &[], b"");
    assert_eq!(forced.exit, 2);
    assert!(
        forced.stderr.contains("cannot run on this machine"),
        "{}",
        forced.stderr
    );
    let none = dir.join("none");
    let all_wrong = with_section_replaced(&exe, "x86-64-v3", pulley.clone());
    write_exe(&none, &all_wrong);
    write_exe(
        &none,
        &with_section_replaced(&none, "x86-64-baseline", pulley.clone()),
    );
    write_exe(
        &none,
        &with_section_replaced(&none, "pulley64", b"not code".to_vec()),
    );
    let refused = run(&none, &dir, &[], &[], b"");
    assert_eq!(refused.exit, 2);
    assert_eq!(refused.stdout, "");
    for tier in ["x86-64-v3", "x86-64-baseline", "pulley64"] {
        assert!(
            refused.stderr.contains(&format!("\n  {tier}: ")),
            "{}",
            refused.stderr
        );
    }
}

/// Runs a damaged copy of hello: it must be refused with `message` and exit code 2, having
/// printed nothing.
fn assert_refused(name: &str, damage: impl FnOnce(&mut Vec<u8>), message: &str) {
    let dir = temp_dir(name);
    let exe = compiled_hello(&dir);
    let mut bytes = std::fs::read(&exe).unwrap_or_else(|e| panic!("{e}"));
    damage(&mut bytes);
    write_exe(&exe, &bytes);
    let outcome = run(&exe, &dir, &[], &[], b"");
    assert_eq!(outcome.exit, 2, "{name}: {outcome:#?}");
    assert_eq!(outcome.stdout, "", "{name}");
    assert!(
        outcome.stderr.starts_with("error: "),
        "{name}: {}",
        outcome.stderr
    );
    assert!(
        outcome.stderr.contains(message),
        "{name}: {}",
        outcome.stderr
    );
}

/// Where the sections and header of hello's payload lie.
fn layout(bytes: &[u8]) -> (nyash_aot::Trailer, Header) {
    Header::of_file(bytes).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn damaged_executables_are_refused_before_any_code_loads() {
    assert_refused(
        "tier",
        |b| {
            let (trailer, header) = layout(b);
            let best = nyash_host::Tier::buildable()[0].name();
            let tier = header
                .section(SectionKind::Tier, best)
                .unwrap_or_else(|| panic!("no tier"));
            let at = tier.file_range(&trailer).start as usize + 100;
            b[at] ^= 1;
        },
        "checksum mismatch in tier",
    );
    assert_refused(
        "header",
        |b| {
            let (trailer, _) = layout(b);
            b[trailer.payload_offset as usize + 20] ^= 1;
        },
        "checksum mismatch in the header",
    );
    assert_refused(
        "trailer",
        |b| {
            let at = b.len() - TRAILER_LEN + 20;
            b[at] ^= 1;
        },
        "damaged or truncated",
    );
    assert_refused(
        "truncated",
        |b| b.truncate(b.len() - 1000),
        "no Nyash program is attached",
    );
    assert_refused(
        "magic",
        |b| {
            let at = b.len() - TRAILER_LEN;
            b[at] = b'X';
        },
        "no Nyash program is attached",
    );
}

#[test]
fn arguments_reach_the_program() {
    let program = root().join("tests/programs/statements/main_receives_arguments.nyash");
    let dir = temp_dir("args");
    let exe = dir.join("args");
    let output = compile_native(&program, &exe);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let args = read_or_empty(&program.with_extension("args"));
    let args: Vec<&str> = args.lines().collect();
    let outcome = run(&exe, &dir, &[], &args, b"");
    assert_eq!(outcome, Outcome::expected(&program));
}

#[test]
fn inspect_shows_the_tiers_and_their_checksums() {
    let dir = temp_dir("inspect");
    let exe = compiled_hello(&dir);
    let output = Command::new(env!("CARGO_BIN_EXE_nyash"))
        .arg("inspect")
        .arg(&exe)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{text}");
    assert!(text.contains("kind: native Nyash executable"), "{text}");
    assert!(
        text.contains(&format!("wasmtime: {}", nyash_host::WASMTIME_VERSION)),
        "{text}"
    );
    for tier in nyash_host::Tier::buildable() {
        assert!(
            text.contains(&format!("tier      {:<16}", tier.name())),
            "{text}"
        );
    }
    assert!(text.contains("checksum ok"), "{text}");
    assert!(!text.contains("DAMAGED"), "{text}");
}
