//! Syntax errors and their diagnostics.
//!
//! The lexer and the parser report problems as [`SyntaxError`] values (data with a span, no
//! text); [`SyntaxError::to_diagnostic`] turns one into the user-facing message. Every message
//! is listed in the compile-error table of `docs/LANGUAGE.md`.

use nyash_diagnostics::{Diagnostic, Span};

/// A lexical or grammatical error at one place in a file.
#[derive(Debug, Clone, PartialEq)]
pub enum SyntaxError {
    /// A character that starts no token (outside strings and comments).
    UnexpectedChar { ch: char, span: Span },
    /// A string literal whose closing quote is missing on its line.
    UnterminatedString(Span),
    /// An integer literal above 9223372036854775807.
    IntegerTooLarge(Span),
    /// The parser wanted one thing and found another. Both are short descriptions such as
    /// "`)`", "an expression", "identifier `x`" or "end of file".
    Expected {
        expected: String,
        found: String,
        span: Span,
    },
    /// A token that cannot stand where it is, e.g. a `}` with no open block.
    Unexpected { found: String, span: Span },
    /// The left side of `=` is neither a name nor a field.
    InvalidAssignTarget(Span),
    /// A declaration (`box`, `function`, `include`, ...) inside a block; `what` is its keyword.
    NotAtTopLevel { what: String, span: Span },
    /// Brackets, blocks or operator chains nested beyond the parser's limit.
    NestedTooDeeply(Span),
}

impl SyntaxError {
    pub fn span(&self) -> Span {
        match self {
            SyntaxError::UnexpectedChar { span, .. }
            | SyntaxError::Expected { span, .. }
            | SyntaxError::Unexpected { span, .. }
            | SyntaxError::NotAtTopLevel { span, .. } => *span,
            SyntaxError::UnterminatedString(span)
            | SyntaxError::IntegerTooLarge(span)
            | SyntaxError::InvalidAssignTarget(span)
            | SyntaxError::NestedTooDeeply(span) => *span,
        }
    }

    /// The error's message, as printed after `error: `.
    pub fn message(&self) -> String {
        match self {
            SyntaxError::UnexpectedChar { ch, .. } => match ch {
                c if c.is_control() || c.is_whitespace() => {
                    format!("unexpected character U+{:04X}", u32::from(*c))
                }
                c => format!("unexpected character `{c}`"),
            },
            SyntaxError::UnterminatedString(_) => "unterminated string literal".to_string(),
            SyntaxError::IntegerTooLarge(_) => "integer literal is too large".to_string(),
            SyntaxError::Expected {
                expected, found, ..
            } => format!("expected {expected}, found {found}"),
            SyntaxError::Unexpected { found, .. } => format!("unexpected {found}"),
            SyntaxError::InvalidAssignTarget(_) => {
                "invalid assignment target: only a name or a field can be assigned".to_string()
            }
            SyntaxError::NotAtTopLevel { what, .. } => {
                format!("`{what}` is only allowed at the top level of a file")
            }
            SyntaxError::NestedTooDeeply(_) => {
                "expression or block is nested too deeply".to_string()
            }
        }
    }

    pub fn to_diagnostic(&self) -> Diagnostic {
        let diagnostic = Diagnostic::error(self.message(), self.span());
        match self {
            SyntaxError::UnterminatedString(_) => diagnostic.with_help(
                "close the string with `\"` on the same line; write a line break as `\\n`",
            ),
            SyntaxError::IntegerTooLarge(_) => {
                diagnostic.with_note("the largest integer is 9223372036854775807")
            }
            _ => diagnostic,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nyash_diagnostics::FileId;

    fn span() -> Span {
        Span::new(FileId(0), 1, 2)
    }

    #[test]
    fn messages_read_well() {
        let expected = SyntaxError::Expected {
            expected: "`)`".into(),
            found: "`}`".into(),
            span: span(),
        };
        assert_eq!(expected.message(), "expected `)`, found `}`");
        let ch = SyntaxError::UnexpectedChar {
            ch: '@',
            span: span(),
        };
        assert_eq!(ch.message(), "unexpected character `@`");
        let tab = SyntaxError::UnexpectedChar {
            ch: '\u{0}',
            span: span(),
        };
        assert_eq!(tab.message(), "unexpected character U+0000");
        assert_eq!(
            SyntaxError::IntegerTooLarge(span()).to_diagnostic().notes,
            vec!["the largest integer is 9223372036854775807".to_string()]
        );
        assert_eq!(
            SyntaxError::UnterminatedString(span()).to_diagnostic().span,
            Some(span())
        );
    }
}
