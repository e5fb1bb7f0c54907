//! The span properties: every diagnostic and every MIR span names one of the program's files
//! and lies inside its text, on char boundaries; rendering diagnostics shows every message.

use nyash_diagnostics::{render_to_string, Diagnostic, SourceFiles, Span};

use crate::run::Failure;

/// Spans of `stage`'s diagnostics lie in a program file's text on char boundaries; rendering
/// works and shows every message.
pub(crate) fn check_diagnostics(
    stage: &str,
    files: &SourceFiles,
    diagnostics: &[Diagnostic],
) -> Result<(), Failure> {
    for diagnostic in diagnostics {
        if let Some(span) = diagnostic.span {
            check_span(stage, files, span).map_err(|f| {
                Failure::new(
                    f.kind,
                    format!("{} (message: {})", f.detail, diagnostic.message),
                )
            })?;
        }
    }
    let rendered = render_to_string(files, diagnostics);
    for diagnostic in diagnostics {
        if !rendered.contains(&diagnostic.message) {
            return Err(Failure::new(
                format!("{stage} diagnostic missing from the rendering"),
                format!("message {:?} not in:\n{rendered}", diagnostic.message),
            ));
        }
    }
    Ok(())
}

/// `span` names one of the program's files (not the unused file 0) and lies inside its text,
/// on char boundaries.
pub(crate) fn check_span(what: &str, files: &SourceFiles, span: Span) -> Result<(), Failure> {
    let index = span.file.0 as usize;
    if index == 0 || index >= files.len() {
        return Err(Failure::new(
            format!("{what} span in a file that is not the program's"),
            format!("span {span} names file {index}"),
        ));
    }
    let text = files.text(span.file);
    let (start, end) = (span.start as usize, span.end as usize);
    if start > end || end > text.len() {
        return Err(Failure::new(
            format!("{what} span outside the text"),
            format!("span {span} in a text of {} bytes", text.len()),
        ));
    }
    if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return Err(Failure::new(
            format!("{what} span not on char boundaries"),
            format!("span {span} splits a character"),
        ));
    }
    Ok(())
}

/// Every span of the module (functions, classes, instructions, terminators) is a valid place.
pub(crate) fn check_mir_spans(
    module: &nyash_mir::Module,
    files: &SourceFiles,
) -> Result<(), Failure> {
    for class in &module.classes {
        check_span("MIR class", files, class.span)?;
    }
    for function in &module.functions {
        let in_function =
            |f: Failure| Failure::new(f.kind, format!("{} in `{}`", f.detail, function.name));
        check_span("MIR function", files, function.span).map_err(in_function)?;
        for block in &function.blocks {
            for inst in &block.insts {
                check_span("MIR instruction", files, inst.span).map_err(in_function)?;
            }
            check_span("MIR terminator", files, block.term.span).map_err(in_function)?;
        }
    }
    Ok(())
}
