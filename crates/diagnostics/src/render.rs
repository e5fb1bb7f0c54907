//! The one place where diagnostics become text (codespan-reporting, ASCII style).

use crate::{Diagnostic, SourceFiles};
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor, Chars};

/// Renders diagnostics into `out` (colour only if `out` supports it).
pub fn render(
    files: &SourceFiles,
    diagnostics: &[Diagnostic],
    out: &mut dyn termcolor::WriteColor,
) -> std::io::Result<()> {
    Renderer::new(files).render(diagnostics, out)
}

/// Renders diagnostics as plain text (no colour); what the golden tests compare.
pub fn render_to_string(files: &SourceFiles, diagnostics: &[Diagnostic]) -> String {
    Renderer::new(files).render_to_string(diagnostics)
}

/// The files prepared once for rendering many diagnostics: preparing copies every source and
/// indexes its lines, which costs as much as the sources are long, so a caller rendering one
/// diagnostic per error site of a program (the wasm backend) must do it only once.
pub struct Renderer<'f> {
    files: &'f SourceFiles,
    cs_files: SimpleFiles<String, String>,
}

impl<'f> Renderer<'f> {
    pub fn new(files: &'f SourceFiles) -> Renderer<'f> {
        let mut cs_files = SimpleFiles::new();
        for i in 0..files.len() {
            let id = crate::FileId(i as u32);
            cs_files.add(files.name(id).to_string(), printable(files.text(id)));
        }
        Renderer { files, cs_files }
    }

    /// Renders diagnostics into `out` (colour only if `out` supports it).
    pub fn render(
        &self,
        diagnostics: &[Diagnostic],
        out: &mut dyn termcolor::WriteColor,
    ) -> std::io::Result<()> {
        let config = term::Config {
            chars: Chars::ascii(),
            ..term::Config::default()
        };
        for d in diagnostics {
            let mut cs = CsDiagnostic::error().with_message(&d.message);
            if let Some(span) = d.span {
                let len = self.files.text(span.file).len() as u32;
                let start = span.start.min(len) as usize;
                let end = (span.end.min(len) as usize).max(start);
                cs = cs.with_labels(vec![
                    Label::primary(span.file.0 as usize, start..end).with_message(&d.label)
                ]);
            }
            let mut notes: Vec<String> = d.notes.iter().map(|n| format!("note: {n}")).collect();
            notes.extend(d.help.iter().map(|h| format!("help: {h}")));
            cs = cs.with_notes(notes);
            term::emit_to_write_style(out, &config, &self.cs_files, &cs)
                .map_err(|e| std::io::Error::other(e.to_string()))?;
        }
        Ok(())
    }

    /// Renders diagnostics as plain text (no colour).
    pub fn render_to_string(&self, diagnostics: &[Diagnostic]) -> String {
        let mut buf = termcolor::NoColor::new(Vec::new());
        self.render(diagnostics, &mut buf)
            .expect("writing to memory cannot fail");
        String::from_utf8(buf.into_inner()).expect("diagnostics are UTF-8")
    }
}

/// The source as shown in snippets: control characters (other than tab and line ends) become
/// spaces, so they neither reach the terminal nor leave a caret with no width under them. Each
/// is one byte, and so is a space: spans keep their offsets.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if c.is_ascii_control() => ' ',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Span;

    #[test]
    fn a_control_character_is_shown_as_a_space_with_a_caret() {
        let mut files = SourceFiles::new();
        let id = files.add("c.nyash", "local x = 1\u{1}\n");
        let d = Diagnostic::error("unexpected character", Span::new(id, 11, 12));
        let text = render_to_string(&files, &[d]);
        assert!(text.contains("1 | local x = 1 \n"), "{text}");
        assert!(text.contains("  |            ^\n"), "{text}");
        assert!(!text.contains('\u{1}'));
    }
}
