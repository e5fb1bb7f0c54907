//! Collects what a batch of inputs did, and reports the failures found, each shrunk.

use std::collections::BTreeMap;

use crate::run::{run_front_end, Failure, Reached};
use crate::shrink::shrink;

/// Distinct failures shrunk and reported; more would only repeat the same bugs.
const FAILURES_REPORTED: usize = 8;

/// What a batch of inputs did: how far they went, and the first input of each failure kind.
#[derive(Default)]
pub(crate) struct Tally {
    pub(crate) inputs: usize,
    pub(crate) syntax_errors: usize,
    pub(crate) check_errors: usize,
    pub(crate) lowered: usize,
    pub(crate) failures: BTreeMap<String, (Failure, String)>,
}

impl Tally {
    pub(crate) fn run(&mut self, text: &str) {
        self.inputs += 1;
        match run_front_end(text) {
            Ok(Reached::SyntaxErrors) => self.syntax_errors += 1,
            Ok(Reached::CheckErrors) => self.check_errors += 1,
            Ok(Reached::Lowered) => self.lowered += 1,
            Err(failure) => {
                self.failures
                    .entry(failure.kind.clone())
                    .or_insert_with(|| (failure, text.to_string()));
            }
        }
    }

    pub(crate) fn summary(&self) -> String {
        format!(
            "{} inputs: {} with syntax errors, {} with check errors, {} lowered and verified, \
             {} failure kinds",
            self.inputs,
            self.syntax_errors,
            self.check_errors,
            self.lowered,
            self.failures.len()
        )
    }

    /// Prints the summary; panics with every failure kind found, each with a shrunk input.
    pub(crate) fn assert_no_failures(&self, batch: &str) {
        println!("{batch}: {}", self.summary());
        if self.failures.is_empty() {
            return;
        }
        let mut report = format!("{batch}: {}\n", self.summary());
        for (kind, (failure, input)) in self.failures.iter().take(FAILURES_REPORTED) {
            let small = shrink(input, kind);
            let small_failure = run_front_end(&small)
                .err()
                .unwrap_or_else(|| failure.clone());
            report.push_str(&format!(
                "\n=== {kind}\n{}\nsmallest input found ({} bytes, from {} bytes):\n{small:?}\n",
                small_failure.detail,
                small.len(),
                input.len()
            ));
        }
        panic!("{report}");
    }
}
