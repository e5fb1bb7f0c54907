//! Lexer tests: every token kind, literals, comments, newlines and lexical errors.

use super::*;

fn kinds(src: &str) -> Vec<TokenKind> {
    let (tokens, errors) = lex(FileId(0), src);
    assert!(errors.is_empty(), "{errors:?}");
    tokens.into_iter().map(|t| t.kind).collect()
}

fn error_messages(src: &str) -> Vec<String> {
    lex(FileId(0), src).1.iter().map(|e| e.message()).collect()
}

use TokenKind as T;

#[test]
fn operators_and_punctuation() {
    assert_eq!(
        kinds("+ - * / % == != < <= > >= && || ! = . , : ( ) { } >>"),
        [
            T::Plus,
            T::Minus,
            T::Star,
            T::Slash,
            T::Percent,
            T::EqEq,
            T::NotEq,
            T::Lt,
            T::Le,
            T::Gt,
            T::Ge,
            T::And,
            T::Or,
            T::Not,
            T::Assign,
            T::Dot,
            T::Comma,
            T::Colon,
            T::LParen,
            T::RParen,
            T::LBrace,
            T::RBrace,
            T::Shr,
            T::Eof
        ]
    );
}

#[test]
fn every_keyword_and_alias() {
    let src = "box static interface from new me this local outbox global init pack birth fini \
               if else loop break continue return function fn print nowait await try catch \
               finally throw include using weak override not and or true false null";
    let tokens = kinds(src);
    assert_eq!(tokens.len(), 40);
    assert!(tokens[..39].iter().all(TokenKind::is_keyword));
    assert_eq!(tokens[6], T::Me);
    assert_eq!(tokens[21], T::Function);
    assert_eq!(
        kinds("boxes _x x1 Me"),
        [
            T::Ident("boxes".into()),
            T::Ident("_x".into()),
            T::Ident("x1".into()),
            T::Ident("Me".into()),
            T::Eof
        ]
    );
}

#[test]
fn integer_and_float_literals() {
    assert_eq!(
        kinds("0 42 9223372036854775807"),
        [T::Int(0), T::Int(42), T::Int(i64::MAX), T::Eof]
    );
    assert_eq!(
        kinds("3.25 0.5 2.0"),
        [T::Float(3.25), T::Float(0.5), T::Float(2.0), T::Eof]
    );
    // `5.` and `.5` are not floats; `1e3` is a number and a name.
    assert_eq!(kinds("5."), [T::Int(5), T::Dot, T::Eof]);
    assert_eq!(kinds(".5"), [T::Dot, T::Int(5), T::Eof]);
    assert_eq!(kinds("1e3"), [T::Int(1), T::Ident("e3".into()), T::Eof]);
    assert_eq!(
        kinds("1.x"),
        [T::Int(1), T::Dot, T::Ident("x".into()), T::Eof]
    );
}

#[test]
fn too_large_integer_is_an_error_token() {
    let (tokens, errors) = lex(FileId(0), "x 9223372036854775808 y");
    assert_eq!(tokens[1].kind, T::Error);
    assert_eq!(
        errors,
        [SyntaxError::IntegerTooLarge(Span::new(FileId(0), 2, 21))]
    );
}

#[test]
fn strings_and_escapes() {
    assert_eq!(
        kinds(r#""a\nb\t\r\\\"""#),
        [T::Str("a\nb\t\r\\\"".into()), T::Eof]
    );
    // Unknown escapes are kept as written.
    assert_eq!(kinds(r#""\x\q""#), [T::Str("\\x\\q".into()), T::Eof]);
    assert_eq!(
        kinds("\"héllo 🎉 世界\""),
        [T::Str("héllo 🎉 世界".into()), T::Eof]
    );
    assert_eq!(kinds("\"\""), [T::Str(String::new()), T::Eof]);
}

#[test]
fn unterminated_strings() {
    assert_eq!(error_messages("\"abc"), ["unterminated string literal"]);
    assert_eq!(error_messages("\"abc\\"), ["unterminated string literal"]);
    // The string ends at the line break; the next line is lexed normally.
    let (tokens, errors) = lex(FileId(0), "\"abc\nx");
    assert_eq!(
        errors,
        [SyntaxError::UnterminatedString(Span::new(FileId(0), 0, 4))]
    );
    assert_eq!(tokens[1].kind, T::Ident("x".into()));
    assert!(tokens[1].newline_before);
}

#[test]
fn comments_and_newlines() {
    let (tokens, _) = lex(FileId(0), "a // c1 ü\n# c2 🎉\n  b c # end");
    let summary: Vec<(TokenKind, bool)> = tokens
        .into_iter()
        .map(|t| (t.kind, t.newline_before))
        .collect();
    assert_eq!(
        summary,
        [
            (T::Ident("a".into()), false),
            (T::Ident("b".into()), true),
            (T::Ident("c".into()), false),
            (T::Eof, false),
        ]
    );
    assert_eq!(
        kinds("a / b"),
        [T::Ident("a".into()), T::Slash, T::Ident("b".into()), T::Eof]
    );
}

#[test]
fn unknown_characters() {
    assert_eq!(error_messages("a @ b"), ["unexpected character `@`"]);
    assert_eq!(error_messages("é"), ["unexpected character `é`"]);
    assert_eq!(
        error_messages("a ; b & c | d"),
        [
            "unexpected character `;`",
            "unexpected character `&`",
            "unexpected character `|`"
        ]
    );
    let (tokens, _) = lex(FileId(0), "x 🎉");
    assert_eq!(tokens[1].kind, T::Error);
    assert_eq!(tokens[1].span, Span::new(FileId(0), 2, 6));
}

#[test]
fn spans_are_byte_offsets() {
    let (tokens, _) = lex(FileId(3), "  foo(\"ü\")");
    let spans: Vec<(u32, u32)> = tokens.iter().map(|t| (t.span.start, t.span.end)).collect();
    assert_eq!(spans, [(2, 5), (5, 6), (6, 10), (10, 11), (11, 11)]);
    assert_eq!(tokens[0].span.file, FileId(3));
}

#[test]
fn byte_order_mark_is_skipped() {
    assert_eq!(kinds("\u{FEFF}x"), [T::Ident("x".into()), T::Eof]);
}

#[test]
fn keywords_are_lowercase_and_no_longer_than_the_quick_check_allows() {
    for (text, _) in KEYWORDS {
        assert!(text.bytes().all(|b| b.is_ascii_lowercase()), "{text}");
        assert!(text.len() <= LONGEST_KEYWORD, "{text}");
    }
    assert!(KEYWORDS
        .iter()
        .any(|(text, _)| text.len() == LONGEST_KEYWORD));
    assert_eq!(
        kinds("Box _if iff"),
        vec![
            T::Ident("Box".into()),
            T::Ident("_if".into()),
            T::Ident("iff".into()),
            T::Eof
        ]
    );
}
