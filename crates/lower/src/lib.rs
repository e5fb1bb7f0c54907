//! placeholder: AST to MIR.
use nyash_diagnostics::Diagnostic;
use nyash_mir::Module;
use nyash_syntax::Program;
/// Lowers a checked program to MIR.
pub fn lower(_program: &Program) -> Result<Module, Vec<Diagnostic>> { Ok(Module::default()) }
