//! placeholder: the MIR verifier.
use crate::Module;
#[derive(Debug, Clone, PartialEq)]
pub struct VerifyError { pub function: String, pub message: String }
pub fn verify(_module: &Module) -> Result<(), Vec<VerifyError>> { Ok(()) }
