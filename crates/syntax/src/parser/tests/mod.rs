//! Parser tests. Trees are compared as compact S-expressions (see [`pretty`]); errors as
//! "message @ `source text under the span`".

mod errors;
mod exprs;
mod items;
mod pretty;
mod stmts;

use crate::ast::{Item, SourceFile};
use crate::parse;
use nyash_diagnostics::{FileId, Span};

/// Parses `src`, asserting that it has no errors; returns one line per item.
fn tree(src: &str) -> String {
    let (file, errors) = parse(FileId(0), src);
    let messages: Vec<String> = errors.iter().map(|e| e.message()).collect();
    assert!(
        messages.is_empty(),
        "unexpected errors {messages:?} in:\n{src}"
    );
    pretty::file(&file)
}

/// The pretty form of a single expression statement or statement.
fn stmt(src: &str) -> String {
    tree(src)
}

/// Parses `src` and returns every error as "message @ `text`".
fn errors(src: &str) -> Vec<String> {
    let (_, errors) = parse(FileId(0), src);
    errors
        .iter()
        .map(|e| format!("{} @ `{}`", e.message(), slice(src, e.span())))
        .collect()
}

/// Parses `src` and returns the tree, errors or not.
fn parse_any(src: &str) -> SourceFile {
    parse(FileId(0), src).0
}

fn slice(src: &str, span: Span) -> &str {
    src.get(span.start as usize..span.end as usize)
        .unwrap_or("<span out of range>")
}

/// The first item of `src`, which must parse cleanly.
fn first_item(src: &str) -> Item {
    let (file, errors) = parse(FileId(0), src);
    assert!(errors.is_empty(), "{errors:?}");
    file.items.into_iter().next().expect("one item")
}
