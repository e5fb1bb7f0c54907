//! The texts around an error message at a site, written directly for the common shape.
//!
//! `sites.rs` needs, for every error site of a program, the text the one renderer
//! (`nyash_diagnostics::Renderer`, codespan-reporting in ASCII style) prints between the
//! message and the call-stack note, and after the note. Rendering a diagnostic per site is
//! most of the cost of compiling a large program, yet almost every site has the same simple
//! shape: a span inside one line made only of printable ASCII characters. For that shape the
//! renderer's output is fixed by a few numbers (line, column, caret start and count, gutter
//! width), which [`simple_frame_texts`] writes directly; any other span (several lines, tabs,
//! control or non-ASCII characters, no span at all) returns `None` and goes to the renderer.
//! The tests compare both on every span of sample sources, so the bytes stay the renderer's.
//!
//! The shape, for a span on line 12 starting at column 7 and 3 bytes long (`M` and `N` stand
//! for the message and the note):
//!
//! ```text
//! error: M
//!    --> app.nyash:12:7
//!    |
//! 12 |     x = a / b
//!    |       ^^^
//!    |
//!    = note: N
//!
//! ```

use nyash_diagnostics::{SourceFiles, Span};

/// The text after the note (the note's line end, then the empty line ending a diagnostic).
pub(crate) const TAIL: &str = "\n\n";

/// Writes into `middle` the text between the message and the note of an error at `span`, if
/// `span` lies within one line of printable ASCII; returns whether it did (`middle` is left
/// empty otherwise). The text after the note is then [`TAIL`].
pub(crate) fn simple_frame_texts(files: &SourceFiles, span: Span, middle: &mut String) -> bool {
    middle.clear();
    let Some(line) = SimpleLine::find(files, span) else {
        return false;
    };
    let (number, column) = files.line_col(span.file, line.start);
    let gutter = digits(number);
    // What the renderer writes, piece by piece (`format!` costs more than the rest).
    middle.push('\n');
    spaces(middle, gutter);
    middle.push_str(" --> ");
    middle.push_str(files.name(span.file));
    middle.push(':');
    push_number(middle, number);
    middle.push(':');
    push_number(middle, column);
    middle.push('\n');
    spaces(middle, gutter);
    middle.push_str(" |\n");
    push_number(middle, number);
    middle.push_str(" | ");
    middle.push_str(line.source);
    middle.push('\n');
    spaces(middle, gutter);
    middle.push_str(" | ");
    spaces(middle, line.caret_offset);
    middle.extend(std::iter::repeat_n('^', line.caret_count));
    middle.push('\n');
    spaces(middle, gutter);
    middle.push_str(" |\n");
    spaces(middle, gutter);
    middle.push_str(" = note: ");
    true
}

/// Appends `number` in decimal.
pub(crate) fn push_number(out: &mut String, number: u32) {
    let mut digits = [0u8; 10];
    let mut rest = number;
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
}

fn spaces(out: &mut String, count: usize) {
    out.extend(std::iter::repeat_n(' ', count));
}

/// A span inside one line of printable ASCII, measured as the renderer measures it.
struct SimpleLine<'f> {
    /// The span's start, clamped to the file.
    start: u32,
    /// The line's text without its line end.
    source: &'f str,
    /// Spaces before the first caret.
    caret_offset: usize,
    /// At least one caret, even for an empty span; one may stand just after the line's end.
    caret_count: usize,
}

impl<'f> SimpleLine<'f> {
    fn find(files: &'f SourceFiles, span: Span) -> Option<SimpleLine<'f>> {
        if span.file.0 as usize >= files.len() {
            return None;
        }
        let text = files.text(span.file);
        let bytes = text.as_bytes();
        // The renderer clamps the span to the file the same way.
        let start = (span.start as usize).min(bytes.len());
        let end = (span.end as usize).min(bytes.len()).max(start);
        let line_start = bytes
            .get(..start)?
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let line_end = bytes
            .get(start..)?
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| start + i);
        // Past the line end, the span reaches the next line.
        if end > line_end {
            return None;
        }
        let source = text.get(line_start..line_end)?;
        if !source.bytes().all(|b| (b' '..=b'~').contains(&b)) {
            return None;
        }
        let caret_offset = start - line_start;
        // Carets cover the span's bytes, at least one, and at most the line plus one place.
        let caret_end = (end - line_start)
            .max(caret_offset + 1)
            .min(source.len() + 1);
        Some(SimpleLine {
            start: start as u32,
            source,
            caret_offset,
            caret_count: caret_end - caret_offset,
        })
    }
}

fn digits(number: u32) -> usize {
    number.checked_ilog10().map_or(1, |d| d as usize + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sites::rendered_frame_texts;
    use nyash_diagnostics::Renderer;

    /// Compares the direct texts with the renderer's for every span of `text` (up to
    /// `max_len` bytes long); returns how many spans took the direct way.
    fn compare_all_spans(text: &str, max_len: u32) -> usize {
        let mut files = SourceFiles::new();
        let file = files.add("dir/app.nyash", text);
        let renderer = Renderer::new(&files);
        let mut middle = String::new();
        let mut direct = 0;
        let len = text.len() as u32;
        for start in 0..=len + 1 {
            for end in start.saturating_sub(1)..=(start + max_len).min(len + 2) {
                let span = Span::new(file, start, end);
                if !simple_frame_texts(&files, span, &mut middle) {
                    continue;
                }
                direct += 1;
                let expected = rendered_frame_texts(&files, &renderer, span);
                assert_eq!(
                    Ok((middle.clone(), TAIL.to_string())),
                    expected,
                    "span {start}..{end}"
                );
            }
        }
        direct
    }

    #[test]
    fn direct_texts_are_the_renderers_on_every_short_span() {
        let text = "static box Main {\n    main() {\n        print(1 / 0)\n\n    }\n}";
        assert!(compare_all_spans(text, 14) > 500);
        let with_newline_at_end = "a\nbc \n";
        assert!(compare_all_spans(with_newline_at_end, 8) > 10);
    }

    #[test]
    fn direct_texts_are_the_renderers_for_wide_gutters() {
        let text: String = (0..1200).map(|i| format!("x{i} = {i}\n")).collect();
        let mut files = SourceFiles::new();
        let file = files.add("big.nyash", text.clone());
        let renderer = Renderer::new(&files);
        let mut middle = String::new();
        for line in [0usize, 8, 9, 98, 99, 100, 998, 999, 1000, 1199] {
            let at = text
                .match_indices('\n')
                .nth(line)
                .map_or(0, |(i, _)| i as u32);
            for span in [Span::new(file, at - 2, at), Span::new(file, at + 1, at + 3)] {
                assert!(simple_frame_texts(&files, span, &mut middle));
                let expected = rendered_frame_texts(&files, &renderer, span);
                assert_eq!(Ok((middle.clone(), TAIL.to_string())), expected);
            }
        }
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        let mut out = String::new();
        for n in [0, 7, 10, 99, 12345, u32::MAX] {
            out.clear();
            push_number(&mut out, n);
            assert_eq!(out, n.to_string());
            assert_eq!(digits(n), out.len());
        }
    }

    #[test]
    fn unusual_lines_go_to_the_renderer() {
        let text = "a\tb\nc\u{1}d\néx\nok\r\n";
        let mut files = SourceFiles::new();
        let file = files.add("u.nyash", text);
        let mut middle = String::new();
        let span = |start, end| Span::new(file, start, end);
        assert!(!simple_frame_texts(&files, span(0, 1), &mut middle), "tab");
        assert!(
            !simple_frame_texts(&files, span(4, 5), &mut middle),
            "control"
        );
        assert!(
            !simple_frame_texts(&files, span(8, 9), &mut middle),
            "non-ASCII"
        );
        assert!(!simple_frame_texts(&files, span(12, 13), &mut middle), "CR");
        assert!(
            !simple_frame_texts(&files, span(0, 6), &mut middle),
            "two lines"
        );
        let unknown = Span::new(nyash_diagnostics::FileId(7), 0, 1);
        assert!(!simple_frame_texts(&files, unknown, &mut middle));
        assert!(middle.is_empty());
    }
}
