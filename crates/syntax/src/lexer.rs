//! The lexer: source text → tokens (SPEC §1).
//!
//! Input: the text of one file. Output: every token with its [`Span`], ending with one
//! [`TokenKind::Eof`], plus the lexical errors found. Lexing never stops at an error: a bad
//! character, an unterminated string or a too-large integer becomes one [`TokenKind::Error`]
//! token (so the parser can skip the statement quietly instead of reporting a second error)
//! and one [`SyntaxError`].
//!
//! Newlines are not tokens: each token records whether a line break stands before it
//! ([`Token::newline_before`]), which is all the parser needs to end statements.
//!
//! Aliases are folded here: `this` is [`TokenKind::Me`], `fn` is [`TokenKind::Function`],
//! `&&` is [`TokenKind::And`], `||` is [`TokenKind::Or`] and `!` is [`TokenKind::Not`]; the
//! token's span still shows how it was written.

use crate::SyntaxError;
use nyash_diagnostics::{FileId, Span};

#[derive(Debug, Clone, PartialEq)]
pub enum TokenKind {
    Int(i64),
    Float(f64),
    /// A string literal with its escapes processed.
    Str(String),
    Ident(String),
    // Keywords.
    Box,
    Static,
    Interface,
    From,
    New,
    /// `me` or `this`
    Me,
    Local,
    Outbox,
    Global,
    Init,
    Pack,
    Birth,
    Fini,
    If,
    Else,
    Loop,
    Break,
    Continue,
    Return,
    /// `function` or `fn`
    Function,
    Print,
    Nowait,
    Await,
    Try,
    Catch,
    Finally,
    Throw,
    Include,
    Using,
    Weak,
    Override,
    /// `not` or `!`
    Not,
    /// `and` or `&&`
    And,
    /// `or` or `||`
    Or,
    True,
    False,
    Null,
    // Operators and punctuation.
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    EqEq,
    NotEq,
    Lt,
    Le,
    Gt,
    Ge,
    Shr,
    Assign,
    Dot,
    Comma,
    Colon,
    LParen,
    RParen,
    LBrace,
    RBrace,
    /// Text that could not be lexed; its error has already been reported.
    Error,
    Eof,
}

impl TokenKind {
    /// Whether this token is a keyword (keywords may still name methods, e.g. after `.`).
    pub fn is_keyword(&self) -> bool {
        KEYWORDS.iter().any(|(_, kind)| kind == self)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
    /// A line break (possibly after a comment) stands between the previous token and this one.
    pub newline_before: bool,
}

/// Every keyword of SPEC §1 with its token; aliases map to the same kind.
const KEYWORDS: &[(&str, TokenKind)] = &[
    ("box", TokenKind::Box),
    ("static", TokenKind::Static),
    ("interface", TokenKind::Interface),
    ("from", TokenKind::From),
    ("new", TokenKind::New),
    ("me", TokenKind::Me),
    ("this", TokenKind::Me),
    ("local", TokenKind::Local),
    ("outbox", TokenKind::Outbox),
    ("global", TokenKind::Global),
    ("init", TokenKind::Init),
    ("pack", TokenKind::Pack),
    ("birth", TokenKind::Birth),
    ("fini", TokenKind::Fini),
    ("if", TokenKind::If),
    ("else", TokenKind::Else),
    ("loop", TokenKind::Loop),
    ("break", TokenKind::Break),
    ("continue", TokenKind::Continue),
    ("return", TokenKind::Return),
    ("function", TokenKind::Function),
    ("fn", TokenKind::Function),
    ("print", TokenKind::Print),
    ("nowait", TokenKind::Nowait),
    ("await", TokenKind::Await),
    ("try", TokenKind::Try),
    ("catch", TokenKind::Catch),
    ("finally", TokenKind::Finally),
    ("throw", TokenKind::Throw),
    ("include", TokenKind::Include),
    ("using", TokenKind::Using),
    ("weak", TokenKind::Weak),
    ("override", TokenKind::Override),
    ("not", TokenKind::Not),
    ("and", TokenKind::And),
    ("or", TokenKind::Or),
    ("true", TokenKind::True),
    ("false", TokenKind::False),
    ("null", TokenKind::Null),
];

/// The length of the longest keyword (a test checks it).
const LONGEST_KEYWORD: usize = 9;

fn keyword(word: &str) -> Option<TokenKind> {
    // Keywords are short and lowercase; most identifiers are told apart by their first byte
    // and length before any text is compared.
    let first = word.as_bytes().first()?;
    if !first.is_ascii_lowercase() || word.len() > LONGEST_KEYWORD {
        return None;
    }
    KEYWORDS
        .iter()
        .find(|(text, _)| {
            text.len() == word.len() && text.as_bytes().first() == Some(first) && *text == word
        })
        .map(|(_, kind)| kind.clone())
}

/// Splits `src` into tokens; the last token is always [`TokenKind::Eof`].
pub fn lex(file: FileId, src: &str) -> (Vec<Token>, Vec<SyntaxError>) {
    let mut lexer = Lexer {
        file,
        src,
        pos: 0,
        tokens: Vec::new(),
        errors: Vec::new(),
        newline_before: false,
    };
    lexer.run();
    (lexer.tokens, lexer.errors)
}

struct Lexer<'s> {
    file: FileId,
    src: &'s str,
    /// Byte offset of the next character; always on a char boundary.
    pos: usize,
    tokens: Vec<Token>,
    errors: Vec<SyntaxError>,
    newline_before: bool,
}

impl Lexer<'_> {
    fn run(&mut self) {
        // A byte-order mark at the start of a file is not part of the program.
        if self.src.starts_with('\u{FEFF}') {
            self.pos = '\u{FEFF}'.len_utf8();
        }
        loop {
            self.skip_trivia();
            let start = self.pos;
            let Some(c) = self.peek() else {
                self.push(TokenKind::Eof, start);
                return;
            };
            let kind = self.token(c, start);
            self.push(kind, start);
        }
    }

    fn peek(&self) -> Option<char> {
        self.src.get(self.pos..)?.chars().next()
    }

    fn peek_second(&self) -> Option<char> {
        let mut chars = self.src.get(self.pos..)?.chars();
        chars.next();
        chars.next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn span(&self, start: usize) -> Span {
        Span::new(self.file, start as u32, self.pos as u32)
    }

    fn push(&mut self, kind: TokenKind, start: usize) {
        let span = self.span(start);
        let newline_before = std::mem::take(&mut self.newline_before);
        self.tokens.push(Token {
            kind,
            span,
            newline_before,
        });
    }

    /// Skips spaces, line breaks and comments, noting whether a line break was crossed.
    fn skip_trivia(&mut self) {
        while let Some(c) = self.peek() {
            match c {
                ' ' | '\t' | '\r' => {
                    self.bump();
                }
                '\n' => {
                    self.bump();
                    self.newline_before = true;
                }
                '#' => self.skip_line_comment(),
                '/' if self.peek_second() == Some('/') => self.skip_line_comment(),
                _ => return,
            }
        }
    }

    fn skip_line_comment(&mut self) {
        while let Some(c) = self.peek() {
            if c == '\n' {
                return;
            }
            self.bump();
        }
    }

    /// Lexes the token that starts with `c` at `start`.
    fn token(&mut self, c: char, start: usize) -> TokenKind {
        if c.is_ascii_digit() {
            return self.number(start);
        }
        if c.is_ascii_alphabetic() || c == '_' {
            return self.word(start);
        }
        if c == '"' {
            return self.string(start);
        }
        self.bump();
        let next = self.peek();
        let two = |lexer: &mut Self, kind: TokenKind| {
            lexer.bump();
            kind
        };
        match (c, next) {
            ('=', Some('=')) => two(self, TokenKind::EqEq),
            ('!', Some('=')) => two(self, TokenKind::NotEq),
            ('<', Some('=')) => two(self, TokenKind::Le),
            ('>', Some('=')) => two(self, TokenKind::Ge),
            ('>', Some('>')) => two(self, TokenKind::Shr),
            ('&', Some('&')) => two(self, TokenKind::And),
            ('|', Some('|')) => two(self, TokenKind::Or),
            ('+', _) => TokenKind::Plus,
            ('-', _) => TokenKind::Minus,
            ('*', _) => TokenKind::Star,
            ('/', _) => TokenKind::Slash,
            ('%', _) => TokenKind::Percent,
            ('=', _) => TokenKind::Assign,
            ('!', _) => TokenKind::Not,
            ('<', _) => TokenKind::Lt,
            ('>', _) => TokenKind::Gt,
            ('.', _) => TokenKind::Dot,
            (',', _) => TokenKind::Comma,
            (':', _) => TokenKind::Colon,
            ('(', _) => TokenKind::LParen,
            (')', _) => TokenKind::RParen,
            ('{', _) => TokenKind::LBrace,
            ('}', _) => TokenKind::RBrace,
            _ => {
                self.errors.push(SyntaxError::UnexpectedChar {
                    ch: c,
                    span: self.span(start),
                });
                TokenKind::Error
            }
        }
    }

    fn eat_digits(&mut self) {
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.bump();
        }
    }

    /// `digits` or `digits.digits`; `5.` and `5.x` leave the dot for the parser.
    fn number(&mut self, start: usize) -> TokenKind {
        self.eat_digits();
        let is_float =
            self.peek() == Some('.') && self.peek_second().is_some_and(|c| c.is_ascii_digit());
        if is_float {
            self.bump();
            self.eat_digits();
        }
        let text = self.src.get(start..self.pos).unwrap_or("");
        if is_float {
            // `digits.digits` is always a valid f64 literal (huge ones become infinity).
            return text.parse().map_or(TokenKind::Error, TokenKind::Float);
        }
        match text.parse::<i64>() {
            Ok(value) => TokenKind::Int(value),
            Err(_) => {
                self.errors
                    .push(SyntaxError::IntegerTooLarge(self.span(start)));
                TokenKind::Error
            }
        }
    }

    fn word(&mut self, start: usize) -> TokenKind {
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            self.bump();
        }
        let text = self.src.get(start..self.pos).unwrap_or("");
        keyword(text).unwrap_or_else(|| TokenKind::Ident(text.to_string()))
    }

    /// A string literal. It must end on the line where it starts: a line break or the end of
    /// the file before the closing quote is an unterminated string (lexing goes on with the
    /// next line).
    fn string(&mut self, start: usize) -> TokenKind {
        self.bump();
        let mut value = String::new();
        loop {
            match self.peek() {
                None | Some('\n') => {
                    self.errors
                        .push(SyntaxError::UnterminatedString(self.span(start)));
                    return TokenKind::Error;
                }
                Some('"') => {
                    self.bump();
                    return TokenKind::Str(value);
                }
                Some('\\') => {
                    self.bump();
                    self.escape(&mut value);
                }
                Some(c) => {
                    self.bump();
                    value.push(c);
                }
            }
        }
    }

    /// The character after a backslash: a known escape, or kept as written.
    fn escape(&mut self, value: &mut String) {
        let escaped = match self.peek() {
            Some('n') => '\n',
            Some('t') => '\t',
            Some('r') => '\r',
            Some('\\') => '\\',
            Some('"') => '"',
            // `\` before a line break or the end: the string is unterminated, said by the caller.
            None | Some('\n') => {
                value.push('\\');
                return;
            }
            Some(other) => {
                value.push('\\');
                other
            }
        };
        self.bump();
        value.push(escaped);
    }
}

#[cfg(test)]
#[path = "lexer_tests.rs"]
mod tests;
