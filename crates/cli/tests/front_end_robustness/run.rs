//! Runs one input through every compile-time stage of `nyash` and checks its properties.
//!
//! An input is the text of one program; [`FILE_BREAK`] lines cut it into files, each included
//! by the next. The stages are `nyash_syntax::parse`, `nyash_check::check` (without syntax
//! errors), `nyash_lower::lower` and `nyash_mir::verify` (without check errors). A panic in any
//! stage is caught and recorded with its place, not printed: one input of thousands is enough
//! to report it.

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use nyash_diagnostics::{Diagnostic, SourceFiles};
use nyash_syntax::{parse, ParsedFile, Program};

use crate::spans::{check_diagnostics, check_mir_spans};

/// How far an input went through the front end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reached {
    SyntaxErrors,
    CheckErrors,
    Lowered,
}

/// A broken property. `kind` names the bug without input-specific details, so that shrinking
/// keeps an input that fails in the same way; `detail` tells everything.
#[derive(Debug, Clone)]
pub(crate) struct Failure {
    pub(crate) kind: String,
    pub(crate) detail: String,
}

impl Failure {
    pub(crate) fn new(kind: impl Into<String>, detail: impl Into<String>) -> Self {
        Failure {
            kind: kind.into(),
            detail: detail.into(),
        }
    }
}

/// In an input, separates the files of a program: the text before it is a file that the text
/// after it includes (a `Program` lists included files first).
pub(crate) const FILE_BREAK: &str = "//@@ next file @@\n";

/// Runs `text` through every stage, catching panics; `Err` says which property broke.
pub(crate) fn run_front_end(text: &str) -> Result<Reached, Failure> {
    install_quiet_panic_hook();
    GUARDED.with(|g| g.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(|| front_end_properties(text)));
    GUARDED.with(|g| g.set(false));
    match result {
        Ok(outcome) => outcome,
        Err(_) => {
            let (message, place) = LAST_PANIC.with(|p| p.take());
            Err(Failure::new(
                format!("panic at {place}"),
                format!("panic at {place}: {message}"),
            ))
        }
    }
}

fn front_end_properties(text: &str) -> Result<Reached, Failure> {
    let mut files = SourceFiles::new();
    // The program's files do not start at file 0, so that a span left at its default shows up.
    files.add("unused.nyash", "");
    let mut parsed = Vec::new();
    let mut syntax_errors = Vec::new();
    for (index, part) in text.split(FILE_BREAK).enumerate() {
        let id = files.add(format!("file{index}.nyash"), part);
        let (ast, mut errors) = parse(id, part);
        parsed.push(ParsedFile { id, ast });
        syntax_errors.append(&mut errors);
    }
    if !syntax_errors.is_empty() {
        let diagnostics: Vec<Diagnostic> =
            syntax_errors.iter().map(|e| e.to_diagnostic()).collect();
        check_diagnostics("syntax", &files, &diagnostics)?;
        return Ok(Reached::SyntaxErrors);
    }
    let program = Program { files: parsed };
    let check_errors = nyash_check::check(&program);
    if !check_errors.is_empty() {
        let diagnostics: Vec<Diagnostic> = check_errors.iter().map(|e| e.to_diagnostic()).collect();
        check_diagnostics("check", &files, &diagnostics)?;
        return Ok(Reached::CheckErrors);
    }
    match nyash_lower::lower(&program) {
        Ok(module) => {
            if let Err(errors) = nyash_mir::verify(&module) {
                let first = errors.first().map(|e| e.to_string()).unwrap_or_default();
                return Err(Failure::new(
                    "lowered module fails verify",
                    format!("{} verify errors, first: {first}", errors.len()),
                ));
            }
            check_mir_spans(&module, &files)?;
            Ok(Reached::Lowered)
        }
        Err(errors) => {
            let diagnostics: Vec<Diagnostic> = errors.iter().map(|e| e.to_diagnostic()).collect();
            check_diagnostics("lower", &files, &diagnostics)?;
            let variants: BTreeSet<String> = errors.iter().map(variant_name).collect();
            let variants: Vec<String> = variants.into_iter().collect();
            Err(Failure::new(
                format!("{LOWER_FAILED}{}", variants.join(", ")),
                format!(
                    "lower errors: {:?}",
                    diagnostics.iter().map(|d| &d.message).collect::<Vec<_>>()
                ),
            ))
        }
    }
}

/// The start of the kind of every failure of lowering on a checked program.
const LOWER_FAILED: &str = "lowering a checked program failed: ";

/// The name of an error's enum variant (`ArityMismatch` of `ArityMismatch { .. }`).
pub(crate) fn variant_name(error: &impl std::fmt::Debug) -> String {
    let text = format!("{error:?}");
    let end = text.find([' ', '{', '(']).unwrap_or(text.len());
    text[..end].to_string()
}

thread_local! {
    /// True while this thread runs an input; its panics are recorded, not printed.
    static GUARDED: Cell<bool> = const { Cell::new(false) };
    /// Message and `file:line` of the last guarded panic.
    static LAST_PANIC: RefCell<(String, String)> = const { RefCell::new((String::new(), String::new())) };
}

fn install_quiet_panic_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let default_hook = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(Cell::get) {
                default_hook(info);
                return;
            }
            let payload = info.payload();
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let place = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()))
                .unwrap_or_default();
            LAST_PANIC.with(|p| *p.borrow_mut() = (message, place));
        }));
    });
}
