//! Source locations and user-facing diagnostics for every stage of the Nyash pipeline.
//!
//! Every stage (syntax, check, lower, vm) reports problems as its own error enum carrying a
//! [`Span`]; each error converts itself into the one [`Diagnostic`] type defined here, and only the
//! command line renders diagnostics, in exactly one place ([`render`]), in the format of SPEC §7:
//!
//! ```text
//! error: division by zero
//!   --> app.nyash:12:19
//!    |
//! 12 |     local r = a / b
//!    |                   ^
//!    = note: in Main.compute, called from Main.main (app.nyash:4:9)
//! ```
//!
//! This crate does no IO: sources are handed to [`SourceFiles`] as strings.

mod render;
mod source;

pub use render::{render, render_to_string, Renderer};
pub use source::{FileId, SourceFiles, Span};

/// A problem to show to the user: a message, the place it is about, and notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub message: String,
    /// Where the problem is; `None` for problems with no source location (e.g. a missing file).
    pub span: Option<Span>,
    /// A short text printed under the caret; usually empty.
    pub label: String,
    /// Lines printed after the snippet as `= note: ...`.
    pub notes: Vec<String>,
    /// Lines printed after the notes as `= help: ...`.
    pub help: Vec<String>,
}

impl Diagnostic {
    /// An error at `span`.
    pub fn error(message: impl Into<String>, span: Span) -> Self {
        Diagnostic {
            message: message.into(),
            span: Some(span),
            label: String::new(),
            notes: Vec::new(),
            help: Vec::new(),
        }
    }

    /// An error with no source location.
    pub fn error_without_span(message: impl Into<String>) -> Self {
        Diagnostic {
            message: message.into(),
            span: None,
            label: String::new(),
            notes: Vec::new(),
            help: Vec::new(),
        }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help.push(help.into());
        self
    }
}
