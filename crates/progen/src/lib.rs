//! Random well-formed Nyash programs for differential testing: the same program must give the
//! same standard output, standard error and exit code on the VM and on the wasm backend.
//!
//! Input: a `u64` seed. Output: the source of one program (20–150 lines, usually) that passes
//! the front end and runs in well under 100 ms. The same seed always gives the same program.
//! Nothing here runs programs: the test `tests/differential.rs` compiles each one, runs it on
//! the VM and, in-process, on wasmtime, and compares. It runs 50 seeds under `cargo test`;
//! more with `NYASH_DIFF_CASES=10000 cargo test --release -p nyash-progen --test differential`
//! (`NYASH_DIFF_FIRST=n` starts at another seed).
//!
//! What programs contain: integer arithmetic that wraps around, floats and mixed arithmetic,
//! comparisons, short-circuit `and`/`or`/`not` on values of every kind, strings (concatenation
//! with any value, `length`, `substring`, `indexOf`, `replace`, `split`, case mapping, multi-byte
//! characters), ArrayBox and MapBox, user boxes with fields, constructors, methods, delegation
//! with `from` and overrides, `toString()` and `fini()`, static boxes with state, top-level
//! functions, bounded recursion, `loop` with `break`/`continue`, `if`/`else if`, `local`,
//! `try`/`catch`/`finally`/`throw`, and runtime errors (caught, or ending the program).
//!
//! How they stay well-formed and fast: the generator tracks a static kind for every value it
//! writes ([`model`]), so operations get operands they accept except where an error is
//! written on purpose ([`errors`]); every loop counts to a small bound; a body may only call
//! callables of a lower rank, so no call chain loops; and each body has a work budget that
//! loops multiply and calls spend. Only built-ins with fully specified results are used (no
//! clocks, no unseeded randomness, no transcendental functions).
//!
//! [`shrink`] reduces a failing program line by line while a given test still fails.

mod body;
mod boxes;
mod call;
mod errors;
mod expr;
mod gen;
pub mod model;
mod program;
mod rng;
pub mod shrink;
mod stmt;
mod text;

/// The program of `seed`.
pub fn generate(seed: u64) -> String {
    let mut gen = gen::Gen::new(seed);
    gen.program();
    gen.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_program() {
        assert_eq!(generate(42), generate(42));
        assert_ne!(generate(1), generate(2));
    }

    #[test]
    fn programs_have_a_main_and_a_reasonable_size() {
        for seed in 0..50 {
            let program = generate(seed);
            assert!(program.contains("static box Main {"), "seed {seed}");
            let lines = program.lines().count();
            assert!((10..=600).contains(&lines), "seed {seed}: {lines} lines");
        }
    }
}
