//! Error sites: every place in generated code that can raise a runtime error gets a number,
//! and the data segment gets the texts the runtime prints around the message.
//!
//! The texts are cut out of what the one renderer (`nyash_diagnostics::render_to_string`)
//! prints for the VM's diagnostic of an error at that site (`RuntimeError::to_diagnostic`:
//! the message, the span, the call-stack note): the diagnostic is rendered with one marker
//! character as the message and another as the note, and the text between and after the
//! markers is kept. The runtime then prints `error: ` + message + middle + note + tail, which
//! are the renderer's bytes for any message and note on one line.

use std::collections::HashMap;

use nyash_diagnostics::{Diagnostic, Renderer, SourceFiles, Span};

use crate::data::Data;
use crate::CompileError;

const MESSAGE_MARK: char = '\u{1}';
const NOTE_MARK: char = '\u{2}';

/// One place that can raise an error or call a function.
struct Site {
    function: String,
    span: Span,
}

/// The sites of a module, numbered in the order they are first added.
pub(crate) struct Sites<'f> {
    files: &'f SourceFiles,
    sites: Vec<Site>,
    /// Site numbers by function and span (a place gets one number however often it is used).
    numbers: HashMap<(String, Span), i32>,
}

impl<'f> Sites<'f> {
    pub fn new(files: &'f SourceFiles) -> Sites<'f> {
        Sites {
            files,
            sites: Vec::new(),
            numbers: HashMap::new(),
        }
    }

    /// Numbers a site in `function` at `span`.
    pub fn add(&mut self, function: &str, span: Span) -> i32 {
        let key = (function.to_string(), span);
        if let Some(&number) = self.numbers.get(&key) {
            return number;
        }
        let number = self.sites.len() as i32;
        self.sites.push(Site {
            function: function.to_string(),
            span,
        });
        self.numbers.insert(key, number);
        number
    }

    fn known(&self, span: Span) -> bool {
        (span.file.0 as usize) < self.files.len()
    }

    /// `Main.main (app.nyash:4:9)`: how a call site is shown in the call-stack note.
    fn caller_text(&self, site: &Site) -> String {
        let location = if self.known(site.span) {
            self.files.location(site.span)
        } else {
            "?".to_string()
        };
        format!("{} ({location})", site.function)
    }

    /// The text between the message and the note, and the text after the note.
    fn frame_texts(
        &self,
        renderer: &Renderer,
        span: Span,
    ) -> Result<(String, String), CompileError> {
        let diagnostic = if self.known(span) {
            Diagnostic::error(MESSAGE_MARK.to_string(), span)
        } else {
            Diagnostic::error_without_span(MESSAGE_MARK.to_string())
        };
        let text = renderer.render_to_string(&[diagnostic.with_note(NOTE_MARK.to_string())]);
        let broken = || CompileError::Internal(format!("unexpected diagnostic layout: {text:?}"));
        let (head, rest) = text.split_once(MESSAGE_MARK).ok_or_else(broken)?;
        let (middle, tail) = rest.split_once(NOTE_MARK).ok_or_else(broken)?;
        if head != "error: " {
            return Err(broken());
        }
        Ok((middle.to_string(), tail.to_string()))
    }

    /// Writes the site table into `data`; returns its address.
    pub fn write(&self, data: &mut Data) -> Result<u32, CompileError> {
        let per_site = (crate::abi::SITE_RECORD / 4) as usize;
        let mut words = Vec::with_capacity(self.sites.len() * per_site);
        // One renderer for all sites: preparing one costs as much as the sources are long.
        let renderer = Renderer::new(self.files);
        for site in &self.sites {
            let (middle, tail) = self.frame_texts(&renderer, site.span)?;
            let caller = self.caller_text(site);
            for text in [site.function.as_str(), &middle, &tail, &caller] {
                words.push(data.text(text.as_bytes()));
                words.push(text.len() as u32);
            }
            debug_assert_eq!(words.len() % per_site, 0);
        }
        Ok(data.words(&words))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_reassemble_into_the_rendered_diagnostic() {
        let mut files = SourceFiles::new();
        let file = files.add("app.nyash", "print(1)\nlocal r = a / b\n");
        let span = Span::new(file, 21, 22);
        let sites = Sites::new(&files);
        let (middle, tail) = sites
            .frame_texts(&Renderer::new(&files), span)
            .unwrap_or_default();
        let expected = nyash_diagnostics::render_to_string(
            &files,
            &[Diagnostic::error("division by zero", span).with_note("in Main.main")],
        );
        assert_eq!(
            format!("error: division by zero{middle}in Main.main{tail}"),
            expected
        );
        assert!(middle.contains("--> app.nyash:2:13"));
    }

    #[test]
    fn callers_show_function_and_location() {
        let mut files = SourceFiles::new();
        let file = files.add("app.nyash", "a\nbc\n");
        let mut sites = Sites::new(&files);
        sites.add("Main.main", Span::new(file, 3, 4));
        assert_eq!(
            sites.caller_text(&sites.sites[0]),
            "Main.main (app.nyash:2:2)"
        );
    }
}
