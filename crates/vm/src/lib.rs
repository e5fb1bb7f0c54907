//! placeholder
mod builtins;
mod instance;
pub mod value;
