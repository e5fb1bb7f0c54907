//! The golden suite through `nyash --backend wasm`: every program under `tests/programs/` that
//! the wasm backend compiles must print exactly the expected stdout and stderr and exit with
//! the expected code (the files beside it, written from the VM). Programs using something the
//! backend does not compile yet are counted by construct and skipped; the counts are printed.
//! The programs under `examples/` have no expected files: their wasm run must equal their VM
//! run.

mod common;

use common::{collect_programs, run_program, Outcome};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// How `nyash` reports a construct the wasm backend does not compile yet.
const UNSUPPORTED: &str = "error: the wasm backend does not support ";

/// The construct a refused program names, if the backend refused it.
fn unsupported(outcome: &Outcome) -> Option<String> {
    let rest = outcome.stderr.strip_prefix(UNSUPPORTED)?;
    let what = rest.split(" yet").next().unwrap_or(rest);
    (outcome.exit == 2).then(|| what.to_string())
}

/// Tallies of a suite run.
#[derive(Default)]
struct Tally {
    passed: usize,
    /// Passed programs the front end rejects (expected exit code 2): no wasm ran.
    front_end_errors: usize,
    unsupported: BTreeMap<String, usize>,
    failures: Vec<String>,
}

impl Tally {
    fn record(&mut self, name: &str, expected: &Outcome, actual: Result<Outcome, String>) {
        let actual = match actual {
            Ok(actual) => actual,
            Err(problem) => return self.failures.push(format!("{name}: {problem}")),
        };
        if let Some(what) = unsupported(&actual) {
            *self.unsupported.entry(what).or_default() += 1;
        } else if &actual == expected {
            self.passed += 1;
            if expected.exit == 2 {
                self.front_end_errors += 1;
            }
        } else {
            self.failures.push(format!(
                "{name}:\n  expected {expected:#?}\n  got {actual:#?}"
            ));
        }
    }

    /// Prints the counts and fails on any failure.
    fn finish(self, suite: &str, total: usize) {
        println!(
            "{suite} via --backend wasm: {} passed ({} of them compile errors of the front end), {} failed, {} unsupported ({total} programs)",
            self.passed,
            self.front_end_errors,
            self.failures.len(),
            self.unsupported.values().sum::<usize>()
        );
        for (what, count) in &self.unsupported {
            println!("  unsupported: {count:4}  {what}");
        }
        assert!(self.failures.is_empty(), "{}", self.failures.join("\n\n"));
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn golden_programs_give_the_expected_output_on_wasm() {
    let programs_dir = root().join("tests/programs");
    let programs = collect_programs(&programs_dir);
    let mut tally = Tally::default();
    for program in &programs {
        let name = program.strip_prefix(&programs_dir).unwrap_or(program);
        let expected = Outcome::expected(program);
        let actual = run_program(program, "wasm");
        tally.record(&name.display().to_string(), &expected, actual);
    }
    assert!(tally.passed > 0, "no golden program ran on wasm");
    tally.finish("golden programs", programs.len());
}

#[test]
fn examples_print_the_same_on_wasm_as_on_the_vm() {
    let programs = collect_programs(&root().join("examples"));
    let mut tally = Tally::default();
    for program in &programs {
        let name = program.display().to_string();
        let expected = match run_program(program, "vm") {
            Ok(expected) => expected,
            Err(problem) => panic!("{name} on the VM: {problem}"),
        };
        tally.record(&name, &expected, run_program(program, "wasm"));
    }
    tally.finish("examples", programs.len());
}
