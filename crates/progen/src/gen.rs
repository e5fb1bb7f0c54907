//! The generator's state and its output: the random source, what has been declared, the body
//! being written, and the lines written so far with their indentation.

use crate::body::Body;
use crate::model::World;
use crate::rng::Rng;

/// Writes one program.
pub struct Gen {
    pub rng: Rng,
    pub world: World,
    pub body: Body,
    /// Whether runtime errors may be left uncaught (the program then ends with an error).
    pub danger: bool,
    /// How many more string-valued references (variables, fields, calls) the expression being
    /// written may contain: one at most, so that strings grow only additively in loops.
    pub str_refs: u32,
    /// `new` may only create boxes with a lower index than this (see `new_object`).
    pub new_bound: usize,
    lines: Vec<String>,
    indent: usize,
}

impl Gen {
    pub fn new(seed: u64) -> Self {
        let mut rng = Rng::new(seed);
        let danger = rng.chance(35);
        Gen {
            rng,
            world: World::default(),
            body: Body::new(usize::MAX, 0, "v"),
            danger,
            str_refs: 1,
            new_bound: usize::MAX,
            lines: Vec::new(),
            indent: 0,
        }
    }

    /// Writes one line at the current indentation.
    pub fn line(&mut self, text: impl AsRef<str>) {
        self.lines
            .push(format!("{}{}", "    ".repeat(self.indent), text.as_ref()));
    }

    /// Writes `header {` and enters the block (a new scope).
    pub fn open(&mut self, header: impl AsRef<str>) {
        let header = header.as_ref();
        if header.is_empty() {
            self.line("{");
        } else {
            self.line(format!("{header} {{"));
        }
        self.indent += 1;
        self.body.push_scope();
    }

    /// Leaves the block: writes `}`.
    pub fn close(&mut self) {
        self.indent = self.indent.saturating_sub(1);
        self.body.pop_scope();
        self.line("}");
    }

    /// Leaves the block and opens the next one on the same line: `} else {`.
    pub fn reopen(&mut self, header: impl AsRef<str>) {
        self.indent = self.indent.saturating_sub(1);
        self.body.pop_scope();
        self.line(format!("}} {} {{", header.as_ref()));
        self.indent += 1;
        self.body.push_scope();
    }

    pub fn blank(&mut self) {
        self.lines.push(String::new());
    }

    /// The program written so far.
    pub fn finish(self) -> String {
        let mut text = self.lines.join("\n");
        text.push('\n');
        text
    }
}

/// `text` ready to be the receiver of `.method()`: names, field paths and string literals as
/// they are, anything else in parentheses.
pub fn receiver(text: &str) -> String {
    let starts_like_name = text
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    let name_path = starts_like_name
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
    let string_literal = text.len() >= 2
        && text.starts_with('"')
        && text.ends_with('"')
        && text.matches('"').count() == 2;
    if name_path || string_literal {
        text.to_string()
    } else {
        format!("({text})")
    }
}
