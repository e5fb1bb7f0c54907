//! Checks of a parsed Nyash program before it runs (SPEC §3, §5, §7).
//!
//! Input: the whole [`Program`] (every file, includes already loaded by the caller).
//! Output: every problem found, as [`CheckError`]s in source order (files in program order,
//! then by position); an empty list means the program may be lowered (`nyash-lower`) and run.
//! Each error turns into a [`nyash_diagnostics::Diagnostic`] with [`CheckError::to_diagnostic`];
//! the command line renders them. This crate does no IO.
//!
//! What is checked:
//! - names: reading an undeclared name; assigning one inside a function or method; the scopes
//!   of `docs/LANGUAGE.md` (block-scoped locals, parameters, globals, per-file top-level locals,
//!   `catch` variables, `nowait` targets); a name before `.` may be a static box, a
//!   `function Ns.f()` namespace, or a `nyashstd` namespace in a file that says `using nyashstd`;
//! - `me`/`this` and `from` outside a box; `from P.m()` where `P` is not a parent or has no `m`,
//!   and the constructor or argument count a `from` call needs (it is a direct call);
//! - calls of unknown functions and calls with the wrong number of arguments;
//! - `main` of `static box Main` with more than one parameter; `function B.f()` where `B` is
//!   an ordinary box (a box is a namespace only when it is static);
//! - `new` of unknown, static or not yet available boxes;
//! - boxes: unknown parents, delegation cycles, duplicate boxes/methods/constructors/fields,
//!   `override` rules, interface completeness, unknown fields of `me` in a box's own methods,
//!   unknown methods of static boxes;
//! - `break`/`continue` outside a loop; `using` of an unknown namespace; duplicate functions.

mod body;
mod decls;
mod error;
mod expr;
mod from;
mod globals;
mod program;

pub use error::CheckError;

use nyash_syntax::Program;

/// Checks a whole program; returns every problem found, in source order (empty when the
/// program may run).
pub fn check(program: &Program) -> Vec<CheckError> {
    let info = program::ProgramInfo::collect(program);
    let mut errors = Vec::new();
    decls::check_decls(program, &info, &mut errors);
    body::check_bodies(program, &info, &mut errors);
    sort_in_source_order(program, &mut errors);
    errors
}

/// Orders errors by file (in the program's file order), then by position in the file.
fn sort_in_source_order(program: &Program, errors: &mut [CheckError]) {
    let file_rank = |error: &CheckError| {
        let file = error.span().file;
        program
            .files
            .iter()
            .position(|f| f.id == file)
            .unwrap_or(usize::MAX)
    };
    errors.sort_by_key(|e| (file_rank(e), e.span().start, e.span().end));
}

#[cfg(test)]
mod tests;
