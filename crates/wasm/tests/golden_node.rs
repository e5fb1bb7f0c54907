//! Every golden program under `tests/programs/` that this version of the backend compiles
//! runs under Node's WASI, and must print exactly the expected stdout and stderr and exit
//! with the expected code (the files beside it, written from the VM). Programs the front end
//! rejects are the CLI's business; programs using instructions the backend does not compile
//! yet are counted and skipped. The test prints how many ran.
//!
//! [`HEAVY_FOR_NODE`] lists the programs not run here, each with its reason; the main golden
//! suite still runs them on the VM and on wasmtime.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Stress programs Node's WASI does not run reliably, with why (printed when skipped).
const HEAVY_FOR_NODE: &[(&str, &str)] = &[(
    "fini_weak/long_result_chain_released.nyash",
    "three million live ResultBoxes (about 200 MB of linear memory): Node 20 prints the \
     right output and then dies with a segmentation fault (or aborts with `Invalid \
     bytecode`), alone or beside other processes, in a worker or on the main thread, with \
     lazy or eager compilation; one million run cleanly, two million crash too",
)];

/// How one program went.
enum Result {
    Passed,
    FrontEndError,
    Unsupported(String),
    Failed(String),
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "lib") {
                collect(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "nyash") {
            out.push(path);
        }
    }
}

fn read_or_empty(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// Compiles and runs one program.
fn check_program(program: &Path, scratch: &Path) -> Result {
    let Some(dir) = program.parent() else {
        return Result::Failed("no directory".into());
    };
    let name = program
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let Some(compiled) = common::front_end(program, &name) else {
        return Result::FrontEndError;
    };
    let bytes = match nyash_wasm::compile(&compiled.module, &compiled.files) {
        Ok(bytes) => bytes,
        Err(nyash_wasm::CompileError::Unsupported { what, .. }) => {
            return Result::Unsupported(what)
        }
        Err(e) => return Result::Failed(e.to_string()),
    };
    if let Err(e) = wasmparser::validate(&bytes) {
        return Result::Failed(format!("invalid module: {e}"));
    }
    if nyash_wasm::compile(&compiled.module, &compiled.files).as_ref() != Ok(&bytes) {
        return Result::Failed("compiling twice gave different bytes".into());
    }
    let module = scratch.join(name.replace(".nyash", ".wasm"));
    if let Err(e) = std::fs::write(&module, &bytes) {
        return Result::Failed(e.to_string());
    }
    let args_text = read_or_empty(&program.with_extension("args"));
    let args: Vec<&str> = args_text.lines().collect();
    let stdin = std::fs::read(program.with_extension("stdin")).unwrap_or_default();
    let outcome = common::run_node(&module, dir, &args, &stdin);
    let expected = common::Outcome {
        stdout: read_or_empty(&program.with_extension("stdout")),
        stderr: read_or_empty(&program.with_extension("stderr")),
        exit: read_or_empty(&program.with_extension("exit"))
            .trim()
            .parse()
            .unwrap_or(0),
    };
    if outcome == expected {
        Result::Passed
    } else {
        Result::Failed(format!("expected {expected:#?}\n     got {outcome:#?}"))
    }
}

#[test]
fn golden_programs_run_under_node() {
    common::require_node();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/programs");
    let mut programs = Vec::new();
    collect(&root, &mut programs);
    programs.sort();
    let scratch = common::scratch_dir("golden");
    let (mut ran, mut front_end_errors, mut failures) = (0, 0, Vec::new());
    let mut unsupported: BTreeMap<String, usize> = BTreeMap::new();
    for program in &programs {
        let shown = program
            .strip_prefix(&root)
            .unwrap_or(program)
            .display()
            .to_string();
        if let Some((_, why)) = HEAVY_FOR_NODE.iter().find(|(name, _)| *name == shown) {
            println!("  not run under Node: {shown}: {why}");
            continue;
        }
        match check_program(program, &scratch) {
            Result::Passed => ran += 1,
            Result::FrontEndError => front_end_errors += 1,
            Result::Unsupported(what) => *unsupported.entry(what).or_default() += 1,
            Result::Failed(problem) => failures.push(format!("{shown}: {problem}")),
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    println!(
        "wasm golden: {ran} passed, {} failed, {} unsupported, {front_end_errors} rejected by the front end ({} programs)",
        failures.len(),
        unsupported.values().sum::<usize>(),
        programs.len()
    );
    for (what, count) in &unsupported {
        println!("  unsupported: {count:4}  {what}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(ran > 0, "no golden program ran");
}
