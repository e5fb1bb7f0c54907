//! Fuzz target for the front end: arbitrary bytes → lexer → parser → checker.
//!
//! Invalid UTF-8 is read lossily (as replacement characters), so every input exercises the
//! lexer. Nothing may panic, and every span must stay inside the text on char boundaries.

#![no_main]

use libfuzzer_sys::fuzz_target;
use nyash_syntax::{lex, parse, FileId, ParsedFile, Program, Span};

fn assert_span_in(text: &str, span: Span) {
    let (start, end) = (span.start as usize, span.end as usize);
    assert!(start <= end && end <= text.len(), "span {span} outside the text");
    assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let file = FileId(0);
    let (tokens, _) = lex(file, &text);
    for token in &tokens {
        assert_span_in(&text, token.span);
    }
    let (ast, errors) = parse(file, &text);
    for error in &errors {
        assert_span_in(&text, error.span());
        let _ = error.to_diagnostic();
    }
    let program = Program {
        files: vec![ParsedFile { id: file, ast }],
    };
    let _ = nyash_check::check(&program);
});
