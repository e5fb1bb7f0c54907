//! Syntax errors and their diagnostics.

use nyash_diagnostics::{Diagnostic, Span};

/// A lexical or grammatical error at one place in a file.
#[derive(Debug, Clone, PartialEq)]
pub enum SyntaxError {
    // The parser author fills in variants; each carries the span it is about.
    Placeholder(Span),
}

impl SyntaxError {
    pub fn span(&self) -> Span {
        match self {
            SyntaxError::Placeholder(s) => *s,
        }
    }

    pub fn to_diagnostic(&self) -> Diagnostic {
        Diagnostic::error("syntax error", self.span())
    }
}
