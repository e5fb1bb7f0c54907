//! Lowering: the checked Nyash AST to MIR.
//!
//! Input: a [`Program`] (every file, includes first) that passed `nyash-check`. Output: one
//! [`Module`] for every backend, following the conventions of the `nyash-mir` module doc:
//! a `<top-level>` function per file, an `<entry>` function, one class per box with its
//! delegation resolved, a global per file-level or `global` variable, and `Release`s where
//! locals and heap temporaries die (so `fini` runs when SPEC §5 says).
//!
//! Lowering never panics: what it cannot resolve becomes a [`LowerError`] with a span. In
//! debug builds the produced module is checked by [`nyash_mir::verify`], and a failure is a
//! [`LowerError::Internal`].
//!
//! Layout, one file per construct: `decls`, `classes` and `globals` collect the program's
//! declarations; `program` drives the functions; `function` is the builder (blocks, registers,
//! scopes); `stmt`, `expr`, `control`, `call`, `from` and `try_` lower the constructs their
//! names say; `cfg` drops unreachable blocks.

mod call;
mod cfg;
mod classes;
mod control;
mod decls;
mod error;
mod expr;
mod from;
mod function;
mod globals;
mod program;
mod stmt;
mod try_;

#[cfg(test)]
mod tests;

pub use error::LowerError;

use nyash_mir::Module;
use nyash_syntax::Program;

/// Lowers a checked program to MIR, or returns every problem found.
pub fn lower(program: &Program) -> Result<Module, Vec<LowerError>> {
    let module = program::lower_program(program)?;
    #[cfg(debug_assertions)]
    if let Err(errors) = nyash_mir::verify(&module) {
        return Err(errors
            .into_iter()
            .map(|e| LowerError::Internal {
                message: format!("invalid MIR in `{}`: {}", e.function, e.message),
            })
            .collect());
    }
    Ok(module)
}
