//! Runtime errors that escape the program, and their conversion to a [`Diagnostic`] with the
//! Nyash call stack as a note (SPEC §7, docs/LANGUAGE.md).

use std::fmt;

use nyash_diagnostics::{Diagnostic, FileId, SourceFiles, Span};

use crate::value::ErrorData;

/// Callers listed in the call-stack note before `... and N more`.
const MAX_LISTED_CALLERS: usize = 8;

/// An error nobody caught: the message, where it was raised and the call stack.
#[derive(Debug, Clone, PartialEq)]
pub struct RuntimeError {
    pub error: ErrorData,
}

impl RuntimeError {
    pub(crate) fn new(error: ErrorData) -> RuntimeError {
        RuntimeError { error }
    }

    /// A module the VM refuses to run (a bug in whatever produced the MIR).
    pub(crate) fn invalid_module(detail: String) -> RuntimeError {
        RuntimeError::outside_program(format!("invalid MIR: {detail}"))
    }

    /// Standard output could not be written when the program ended (a full disk, a closed pipe).
    pub(crate) fn output_failed(error: std::io::Error) -> RuntimeError {
        RuntimeError::outside_program(format!("cannot write to standard output: {error}"))
    }

    /// An error that belongs to no place in the program: shown without location or stack.
    fn outside_program(message: String) -> RuntimeError {
        RuntimeError::new(ErrorData {
            message,
            span: Span::new(FileId(u32::MAX), 0, 0),
            function: String::new(),
            stack: Vec::new(),
        })
    }

    pub fn message(&self) -> &str {
        &self.error.message
    }

    /// `in Dog.speak, called from Main.run (app.nyash:10:9), called from Main.main (app.nyash:3:9)`
    pub fn stack_note(&self, files: &SourceFiles) -> String {
        let mut note = format!("in {}", self.error.function);
        for site in self.error.stack.iter().take(MAX_LISTED_CALLERS) {
            note.push_str(&format!(
                ", called from {} ({})",
                site.function,
                location(files, site.span)
            ));
        }
        let hidden = self.error.stack.len().saturating_sub(MAX_LISTED_CALLERS);
        if hidden > 0 {
            note.push_str(&format!(", ... and {hidden} more"));
        }
        note
    }

    pub fn to_diagnostic(&self, files: &SourceFiles) -> Diagnostic {
        if (self.error.span.file.0 as usize) >= files.len() {
            return Diagnostic::error_without_span(self.error.message.clone());
        }
        Diagnostic::error(self.error.message.clone(), self.error.span)
            .with_note(self.stack_note(files))
    }
}

/// `file:line:col`, or `?` for a span outside the known files.
fn location(files: &SourceFiles, span: Span) -> String {
    if (span.file.0 as usize) < files.len() {
        files.location(span)
    } else {
        "?".into()
    }
}

impl fmt::Display for RuntimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.error.message)
    }
}

impl std::error::Error for RuntimeError {}
