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
    let mut cs_files = SimpleFiles::new();
    for i in 0..files.len() {
        let id = crate::FileId(i as u32);
        cs_files.add(files.name(id).to_string(), files.text(id).to_string());
    }
    let config = term::Config {
        chars: Chars::ascii(),
        ..term::Config::default()
    };
    for d in diagnostics {
        let mut cs = CsDiagnostic::error().with_message(&d.message);
        if let Some(span) = d.span {
            let len = files.text(span.file).len() as u32;
            let start = span.start.min(len) as usize;
            let end = (span.end.min(len) as usize).max(start);
            cs = cs.with_labels(vec![Label::primary(span.file.0 as usize, start..end)
                .with_message(&d.label)]);
        }
        let mut notes: Vec<String> = d.notes.iter().map(|n| format!("note: {n}")).collect();
        notes.extend(d.help.iter().map(|h| format!("help: {h}")));
        cs = cs.with_notes(notes);
        term::emit_to_write_style(out, &config, &cs_files, &cs)
            .map_err(|e| std::io::Error::other(e.to_string()))?;
    }
    Ok(())
}

/// Renders diagnostics as plain text (no colour); what the golden tests compare.
pub fn render_to_string(files: &SourceFiles, diagnostics: &[Diagnostic]) -> String {
    let mut buf = termcolor::NoColor::new(Vec::new());
    render(files, diagnostics, &mut buf).expect("writing to memory cannot fail");
    String::from_utf8(buf.into_inner()).expect("diagnostics are UTF-8")
}
