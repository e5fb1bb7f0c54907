//! Error sites: every place in generated code that can raise a runtime error gets a number,
//! and the data segment gets the texts the runtime prints around the message.
//!
//! The texts are cut out of what the one renderer (`nyash_diagnostics::render_to_string`)
//! prints for the VM's diagnostic of an error at that site (`RuntimeError::to_diagnostic`:
//! the message, the span, the call-stack note): the diagnostic is rendered with one marker
//! character as the message and another as the note, and the text between and after the
//! markers is kept. The runtime then prints `error: ` + message + middle + note + tail, which
//! are the renderer's bytes for any message and note on one line. Most sites have a shape
//! whose texts `site_text.rs` writes directly, without the renderer (same bytes).

use nyash_diagnostics::{Diagnostic, Renderer, SourceFiles, Span};
use rustc_hash::FxHashMap;

use crate::data::Data;
use crate::site_text;
use crate::CompileError;

const MESSAGE_MARK: char = '\u{1}';
const NOTE_MARK: char = '\u{2}';

/// One place that can raise an error or call a function.
struct Site {
    /// Index into [`Sites::functions`].
    function: u32,
    span: Span,
}

/// The sites of a module, numbered in the order they are first added.
pub(crate) struct Sites<'f> {
    files: &'f SourceFiles,
    sites: Vec<Site>,
    /// Names of the functions that have sites, each once, and their indices.
    functions: Vec<String>,
    function_ids: FxHashMap<String, u32>,
    /// Site numbers by function and span (a place gets one number however often it is used).
    numbers: FxHashMap<(u32, Span), i32>,
}

impl<'f> Sites<'f> {
    pub fn new(files: &'f SourceFiles) -> Sites<'f> {
        Sites {
            files,
            sites: Vec::new(),
            functions: Vec::new(),
            function_ids: FxHashMap::default(),
            numbers: FxHashMap::default(),
        }
    }

    /// Numbers a site in `function` at `span`.
    pub fn add(&mut self, function: &str, span: Span) -> i32 {
        let function = self.function_id(function);
        let next = self.sites.len() as i32;
        let number = *self.numbers.entry((function, span)).or_insert(next);
        if number == next {
            self.sites.push(Site { function, span });
        }
        number
    }

    /// The index of `name` in [`Sites::functions`]; sites come function by function, so the
    /// last one is checked first.
    fn function_id(&mut self, name: &str) -> u32 {
        if self.functions.last().is_some_and(|last| last == name) {
            return self.functions.len() as u32 - 1;
        }
        if let Some(&id) = self.function_ids.get(name) {
            return id;
        }
        let id = self.functions.len() as u32;
        self.functions.push(name.to_string());
        self.function_ids.insert(name.to_string(), id);
        id
    }

    fn function_name(&self, site: &Site) -> &str {
        self.functions
            .get(site.function as usize)
            .map_or("?", String::as_str)
    }

    fn known(&self, span: Span) -> bool {
        (span.file.0 as usize) < self.files.len()
    }

    /// `Main.main (app.nyash:4:9)`: how a call site is shown in the call-stack note.
    fn caller_text(&self, site: &Site, out: &mut String) {
        out.clear();
        out.push_str(self.function_name(site));
        out.push_str(" (");
        if self.known(site.span) {
            let (line, col) = self.files.line_col(site.span.file, site.span.start);
            out.push_str(self.files.name(site.span.file));
            out.push(':');
            site_text::push_number(out, line);
            out.push(':');
            site_text::push_number(out, col);
        } else {
            out.push('?');
        }
        out.push(')');
    }

    /// Writes the site table into `data`; returns its address.
    pub fn write(&self, data: &mut Data) -> Result<u32, CompileError> {
        let per_site = (crate::abi::SITE_RECORD / 4) as usize;
        let mut words = Vec::with_capacity(self.sites.len() * per_site);
        let mut texts = TextWriter {
            sites: self,
            data,
            renderer: None,
            function_texts: vec![None; self.functions.len()],
            middles: FxHashMap::default(),
            callers: FxHashMap::default(),
            scratch: String::new(),
        };
        for site in &self.sites {
            words.extend(texts.function_name(site));
            words.extend(texts.frame(site)?);
            words.extend(texts.caller(site));
            debug_assert_eq!(words.len() % per_site, 0);
        }
        Ok(data.words(&words))
    }
}

/// Writes the texts of the sites into the data, each as its address and length.
///
/// Equal texts are stored once. Most are told apart without comparing them: a site's middle
/// text depends only on its span, its caller text only on its function and where its span
/// starts, so those are shared by these keys.
struct TextWriter<'s, 'f, 'd> {
    sites: &'s Sites<'f>,
    data: &'d mut Data,
    /// Made on first need (few sites need it): preparing one costs as much as the sources
    /// are long.
    renderer: Option<Renderer<'f>>,
    function_texts: Vec<Option<[u32; 2]>>,
    middles: FxHashMap<Span, [u32; 2]>,
    callers: FxHashMap<(u32, Span), [u32; 2]>,
    scratch: String,
}

impl TextWriter<'_, '_, '_> {
    fn function_name(&mut self, site: &Site) -> [u32; 2] {
        let name = self.sites.function_name(site);
        let slot = self.function_texts.get_mut(site.function as usize);
        if let Some(Some(text)) = slot {
            return *text;
        }
        let text = [self.data.text(name.as_bytes()), name.len() as u32];
        if let Some(slot) = slot {
            *slot = Some(text);
        }
        text
    }

    /// The texts between the message and the note and after the note.
    fn frame(&mut self, site: &Site) -> Result<[u32; 4], CompileError> {
        let tail = site_text::TAIL.as_bytes();
        if let Some(&[address, len]) = self.middles.get(&site.span) {
            return Ok([address, len, self.data.text(tail), tail.len() as u32]);
        }
        let files = self.sites.files;
        if site_text::simple_frame_texts(files, site.span, &mut self.scratch) {
            let middle = [
                self.data.new_text(self.scratch.as_bytes()),
                self.scratch.len() as u32,
            ];
            self.middles.insert(site.span, middle);
            return Ok([
                middle[0],
                middle[1],
                self.data.text(tail),
                tail.len() as u32,
            ]);
        }
        let renderer = self.renderer.get_or_insert_with(|| Renderer::new(files));
        let (middle, tail) = rendered_frame_texts(files, renderer, site.span)?;
        Ok([
            self.data.text(middle.as_bytes()),
            middle.len() as u32,
            self.data.text(tail.as_bytes()),
            tail.len() as u32,
        ])
    }

    fn caller(&mut self, site: &Site) -> [u32; 2] {
        // The caller text shows only where the span starts.
        let key = (
            site.function,
            Span::new(site.span.file, site.span.start, site.span.start),
        );
        if let Some(&caller) = self.callers.get(&key) {
            return caller;
        }
        self.sites.caller_text(site, &mut self.scratch);
        let caller = [
            self.data.new_text(self.scratch.as_bytes()),
            self.scratch.len() as u32,
        ];
        self.callers.insert(key, caller);
        caller
    }
}

/// The text between the message and the note, and the text after the note, of an error at
/// `span`, as the renderer prints them.
pub(crate) fn rendered_frame_texts(
    files: &SourceFiles,
    renderer: &Renderer,
    span: Span,
) -> Result<(String, String), CompileError> {
    let diagnostic = if (span.file.0 as usize) < files.len() {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_reassemble_into_the_rendered_diagnostic() {
        let mut files = SourceFiles::new();
        let file = files.add("app.nyash", "print(1)\nlocal r = a / b\n");
        let span = Span::new(file, 21, 22);
        let (middle, tail) =
            rendered_frame_texts(&files, &Renderer::new(&files), span).unwrap_or_default();
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
        let mut text = String::new();
        sites.caller_text(&sites.sites[0], &mut text);
        assert_eq!(text, "Main.main (app.nyash:2:2)");
    }
}
