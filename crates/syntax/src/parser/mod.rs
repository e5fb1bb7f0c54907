//! The parser: tokens → AST (SPEC §2–§5).
//!
//! Input: the tokens of one file from [`crate::lex`]. Output: a [`SourceFile`] and every
//! syntax error. A hand-written recursive-descent parser, one module per construct:
//! [`items`] (boxes, interfaces, functions, top-level items), [`stmt`] (statements and blocks)
//! and [`expr`] (expressions, precedence climbing over SPEC §4).
//!
//! Statement separation: newlines are not tokens; a token knows whether a line break stands
//! before it. A statement simply ends where the next token cannot continue it, so several
//! statements may share a line. A line break ends an expression only where the next token
//! could also start a new statement: before a call's `(` and before a `-` (and a `return`
//! followed by a line break has no value). Inside `( )` line breaks never matter.
//!
//! Error recovery: each error is recorded at once, the failing statement or member returns
//! [`Failed`], and the enclosing list skips to the next line (stepping over whole `{ }`
//! groups) or to the closing `}`. An error at an [`TokenKind::Error`] token is not reported
//! again (the lexer already did), and an error at the same place as the one before it is
//! dropped (several unclosed blocks all end at the end of the file), so one mistake gives one
//! message. Every loop consumes a token or stops, and nesting is bounded by [`MAX_NESTING`],
//! so any input finishes without exhausting the stack.

mod expr;
mod items;
mod stmt;

use crate::ast::SourceFile;
use crate::lexer::{lex, Token, TokenKind};
use crate::SyntaxError;
use nyash_diagnostics::{FileId, Span};

/// Deepest nesting of blocks, parentheses, unary operators and operator chains. Later stages
/// walk the tree recursively, so it must stay shallow enough for their stacks too.
const MAX_NESTING: u32 = 200;

/// Parses one file; returns the tree and every syntax error (empty on success), in source order.
pub fn parse(file: FileId, source: &str) -> (SourceFile, Vec<SyntaxError>) {
    let (tokens, lex_errors) = lex(file, source);
    let mut parser = Parser::new(file, source, tokens);
    let items = parser.parse_items();
    let mut errors = lex_errors;
    errors.append(&mut parser.errors);
    errors.sort_by_key(|e| (e.span().start, e.span().end));
    (SourceFile { items }, errors)
}

/// Marks a parse that failed; its error has already been recorded.
#[derive(Debug)]
pub(crate) struct Failed;

pub(crate) type PResult<T> = Result<T, Failed>;

pub(crate) struct Parser<'s> {
    src: &'s str,
    /// Never empty: the lexer always ends with `Eof`.
    tokens: Vec<Token>,
    pos: usize,
    /// End of the last consumed token.
    prev_end: u32,
    errors: Vec<SyntaxError>,
    /// How many `( )` enclose the current token; line breaks do not matter inside them.
    paren_depth: u32,
    /// Current nesting, checked against [`MAX_NESTING`].
    depth: u32,
    too_deep_reported: bool,
}

impl<'s> Parser<'s> {
    fn new(file: FileId, src: &'s str, mut tokens: Vec<Token>) -> Self {
        if tokens.last().is_none_or(|t| t.kind != TokenKind::Eof) {
            let end = src.len() as u32;
            tokens.push(Token {
                kind: TokenKind::Eof,
                span: Span::new(file, end, end),
                newline_before: true,
            });
        }
        Parser {
            src,
            tokens,
            pos: 0,
            prev_end: 0,
            errors: Vec::new(),
            paren_depth: 0,
            depth: 0,
            too_deep_reported: false,
        }
    }

    // ----- Looking at tokens -----

    fn peek(&self) -> &Token {
        self.peek_nth(0)
    }

    /// The token `n` places ahead; past the end, the final `Eof`.
    fn peek_nth(&self, n: usize) -> &Token {
        let last = self.tokens.len().saturating_sub(1);
        let index = self.pos.saturating_add(n).min(last);
        // `tokens` is never empty (see `new`), so `index` is in range.
        &self.tokens[index]
    }

    fn at(&self, kind: &TokenKind) -> bool {
        &self.peek().kind == kind
    }

    fn at_eof(&self) -> bool {
        self.at(&TokenKind::Eof)
    }

    /// A line break stands before the current token and counts here (not inside parentheses).
    fn at_line_break(&self) -> bool {
        self.paren_depth == 0 && self.peek().newline_before
    }

    /// Consumes the current token (never moves past `Eof`) and returns it.
    fn bump(&mut self) -> Token {
        let token = self.peek().clone();
        if token.kind != TokenKind::Eof {
            self.pos += 1;
            self.prev_end = token.span.end;
        }
        token
    }

    fn eat(&mut self, kind: &TokenKind) -> bool {
        let found = self.at(kind);
        if found {
            self.bump();
        }
        found
    }

    /// Consumes a token of `kind` or reports "expected `what`".
    fn expect(&mut self, kind: &TokenKind, what: &str) -> PResult<Span> {
        if self.at(kind) {
            Ok(self.bump().span)
        } else {
            Err(self.error_expected(what))
        }
    }

    /// The span from `start` to the end of the last consumed token.
    fn span_from(&self, start: Span) -> Span {
        Span {
            file: start.file,
            start: start.start,
            end: self.prev_end.max(start.start),
        }
    }

    /// The source text of a token, as written.
    fn text(&self, token: &Token) -> &'s str {
        self.src
            .get(token.span.start as usize..token.span.end as usize)
            .unwrap_or("")
    }

    /// How a token is named in messages: "`)`", "identifier `x`", "end of file", ...
    fn describe(&self, token: &Token) -> String {
        match &token.kind {
            TokenKind::Eof => "end of file".to_string(),
            TokenKind::Ident(name) => format!("identifier `{name}`"),
            TokenKind::Int(_) | TokenKind::Float(_) => format!("number `{}`", self.text(token)),
            TokenKind::Str(_) => "a string".to_string(),
            _ => format!("`{}`", self.text(token)),
        }
    }

    // ----- Errors and recovery -----

    /// Records `error` unless it repeats the span of the previous one (e.g. several unclosed
    /// blocks all ending at the end of the file).
    fn report(&mut self, error: SyntaxError) -> Failed {
        let repeated = self.errors.last().is_some_and(|e| e.span() == error.span());
        if !repeated {
            self.errors.push(error);
        }
        Failed
    }

    /// "expected `what`, found <current token>" at the current token.
    fn error_expected(&mut self, what: &str) -> Failed {
        let token = self.peek().clone();
        if token.kind == TokenKind::Error {
            return Failed;
        }
        let found = self.describe(&token);
        self.report(SyntaxError::Expected {
            expected: what.to_string(),
            found,
            span: token.span,
        })
    }

    /// After a failed statement or member that began at token index `start`: skips to the
    /// first token on a later line (stepping over whole `{ }` groups, including one the failed
    /// construct opened), to an unmatched `}`, or to the end. Consumes at least one token
    /// unless at `}` or the end.
    fn recover(&mut self, start: usize) {
        let mut braces = self.open_braces_since(start);
        loop {
            let token = self.peek();
            let at_line_start = token.newline_before && self.pos > start;
            match token.kind {
                TokenKind::Eof => return,
                TokenKind::RBrace if braces == 0 => return,
                _ if at_line_start && braces == 0 => return,
                TokenKind::LBrace => braces += 1,
                TokenKind::RBrace => braces -= 1,
                _ => {}
            }
            self.bump();
        }
    }

    /// How many `{` among the tokens consumed since index `start` are still open.
    fn open_braces_since(&self, start: usize) -> u32 {
        let consumed = self.tokens.get(start..self.pos).unwrap_or(&[]);
        consumed.iter().fold(0u32, |open, token| match token.kind {
            TokenKind::LBrace => open + 1,
            TokenKind::RBrace => open.saturating_sub(1),
            _ => open,
        })
    }

    /// Runs `f` one nesting level deeper, failing once the limit is reached.
    fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        self.enter_level()?;
        let result = f(self);
        self.depth -= 1;
        result
    }

    /// Takes one nesting level (undone by `self.depth -= 1`), or fails at the limit.
    fn enter_level(&mut self) -> PResult<()> {
        if self.depth >= MAX_NESTING {
            let span = self.peek().span;
            if !self.too_deep_reported {
                self.too_deep_reported = true;
                self.report(SyntaxError::NestedTooDeeply(span));
            }
            return Err(Failed);
        }
        self.depth += 1;
        Ok(())
    }

    /// Runs `f` inside `( )`, where line breaks do not end anything.
    fn in_parens<T>(&mut self, f: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        self.paren_depth += 1;
        let result = f(self);
        self.paren_depth -= 1;
        result
    }

    /// Runs a list element parser; on failure restores the nesting state and recovers.
    fn with_recovery<T>(&mut self, f: impl FnOnce(&mut Self) -> PResult<T>) -> Option<T> {
        let start = self.pos;
        let (depth, parens) = (self.depth, self.paren_depth);
        match f(self) {
            Ok(value) => Some(value),
            Err(Failed) => {
                self.depth = depth;
                self.paren_depth = parens;
                self.recover(start);
                None
            }
        }
    }
}

#[cfg(test)]
mod tests;
