//! placeholder: checks before running.
use nyash_diagnostics::Diagnostic;
use nyash_syntax::Program;
/// Checks a whole program; returns every problem found (empty when the program may run).
pub fn check(_program: &Program) -> Vec<Diagnostic> { Vec::new() }
