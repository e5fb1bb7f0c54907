//! Lowering: the checked Nyash AST to MIR.
//!
//! Input: a [`Program`] (every file, includes first) that passed `nyash-check`. Output: one
//! [`Module`] for every backend, following the conventions of the `nyash-mir` module doc:
//! a `<top-level>` function per file, an `<entry>` function, one class per box with its
//! delegation resolved, a global per file-level or `global` variable, and `Release`s where
//! locals and heap temporaries die (so `fini` runs when SPEC §5 says).
//!
//! Register types: lowering types the registers whose type it sees locally (literals,
//! operators on typed operands); [`nyash_mir::infer::refine_types`] then refines the types of
//! the whole module and drops the `Release`s of registers that turn out to hold only scalars.
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
    let mut module = program::lower_program(program)?;
    nyash_mir::infer::refine_types(&mut module);
    verified(module)
}

/// The module as lowering builds it, before `refine_types`: what lowering's own unit tests
/// look at.
#[cfg(test)]
fn lower_unrefined(program: &Program) -> Result<Module, Vec<LowerError>> {
    verified(program::lower_program(program)?)
}

/// `module`, checked by the verifier in debug builds.
fn verified(module: Module) -> Result<Module, Vec<LowerError>> {
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
