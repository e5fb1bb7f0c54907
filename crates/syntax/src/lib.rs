//! The front end of Nyash: lexer, parser and AST (SPEC §1–§5).
//!
//! Input: the text of one source file and its [`FileId`]. Output: a [`SourceFile`] AST whose
//! nodes carry spans, plus every syntax error found (the parser recovers at statement and
//! member boundaries so that one run reports all errors of a file). This crate knows nothing of
//! names, types or evaluation, and does no IO: `include` paths are left for the caller to load.

pub mod ast;
mod error;
mod lexer;
mod parser;

pub use ast::*;
pub use error::SyntaxError;
pub use lexer::{lex, Token, TokenKind};
pub use parser::parse;

pub use nyash_diagnostics::{FileId, Span};
