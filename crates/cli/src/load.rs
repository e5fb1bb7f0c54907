//! Loading a program from disk: the main file and, transitively, every file it `include`s.
//!
//! This is the only place of the front end that reads files. Each file is read and parsed once
//! (files are identified by their canonical path); the resulting [`Program`] lists files in
//! execution order: every file after the files it includes, the main file last. An include
//! cycle, a missing file and every syntax error of every file become diagnostics.

use nyash_diagnostics::{Diagnostic, SourceFiles, Span};
use nyash_syntax::{Item, ParsedFile, Program};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What loading produced: the sources (for rendering), the program, and every error found.
pub struct Loaded {
    pub files: SourceFiles,
    pub program: Program,
    pub errors: Vec<Diagnostic>,
}

/// Reads and parses `path` and everything it includes.
pub fn load(path: &Path) -> Loaded {
    let mut loader = Loader {
        files: SourceFiles::new(),
        program: Program::default(),
        errors: Vec::new(),
        state: HashMap::new(),
        stack: Vec::new(),
    };
    let display = path.to_string_lossy().into_owned();
    loader.load_file(path, display, None);
    Loaded {
        files: loader.files,
        program: loader.program,
        errors: loader.errors,
    }
}

#[derive(Clone, Copy, PartialEq)]
enum FileState {
    /// Its includes are being loaded; meeting it again means a cycle.
    Loading,
    Done,
}

struct Loader {
    files: SourceFiles,
    program: Program,
    errors: Vec<Diagnostic>,
    /// Keyed by canonical path.
    state: HashMap<PathBuf, FileState>,
    /// Display names of the files being loaded, outermost first (for cycle messages).
    stack: Vec<String>,
}

impl Loader {
    /// Loads one file; `included_at` is the `include` that asked for it (None for the main file).
    fn load_file(&mut self, path: &Path, display: String, included_at: Option<Span>) {
        let key = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        match self.state.get(&key) {
            Some(FileState::Done) => return,
            Some(FileState::Loading) => {
                let start = self.stack.iter().position(|d| *d == display).unwrap_or(0);
                let mut chain: Vec<&str> = self.stack[start..].iter().map(String::as_str).collect();
                chain.push(&display);
                self.report(
                    format!("include cycle: {}", chain.join(" -> ")),
                    included_at,
                );
                return;
            }
            None => {}
        }
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) => {
                self.report(format!("cannot read `{display}`: {e}"), included_at);
                return;
            }
        };
        let id = self.files.add(display.clone(), text);
        let (ast, syntax_errors) = nyash_syntax::parse(id, self.files.text(id));
        self.errors
            .extend(syntax_errors.iter().map(|e| e.to_diagnostic()));

        self.state.insert(key.clone(), FileState::Loading);
        self.stack.push(display.clone());
        for (include, span) in includes(&ast.items) {
            let (child_path, child_display) = resolve(path, &display, include);
            self.load_file(&child_path, child_display, Some(span));
        }
        self.stack.pop();
        self.state.insert(key, FileState::Done);
        self.program.files.push(ParsedFile { id, ast });
    }

    fn report(&mut self, message: String, span: Option<Span>) {
        self.errors.push(match span {
            Some(span) => Diagnostic::error(message, span),
            None => Diagnostic::error_without_span(message),
        });
    }
}

/// The `include "path"` items of a file, in order.
fn includes(items: &[Item]) -> Vec<(&str, Span)> {
    items
        .iter()
        .filter_map(|item| match item {
            Item::Include { path, span } => Some((path.as_str(), *span)),
            _ => None,
        })
        .collect()
}

/// The real path and the display name of `include`, relative to the including file.
fn resolve(including: &Path, including_display: &str, include: &str) -> (PathBuf, String) {
    let base = including.parent().unwrap_or(Path::new(""));
    let display_base = Path::new(including_display)
        .parent()
        .unwrap_or(Path::new(""));
    let display = normalize(&display_base.join(include));
    (base.join(include), display)
}

/// Removes `.` components and folds `dir/..` so that names in messages stay short.
fn normalize(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for component in path.components() {
        match component.as_os_str().to_string_lossy().as_ref() {
            "." => {}
            ".." if parts.last().is_some_and(|p| p != "..") => {
                parts.pop();
            }
            other => parts.push(other.to_string()),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_folds_dots() {
        assert_eq!(normalize(Path::new("./lib/../a/./b.nyash")), "a/b.nyash");
        assert_eq!(normalize(Path::new("../x.nyash")), "../x.nyash");
    }
}
