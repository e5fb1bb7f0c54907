//! The `nyash.sourcemap` custom section: where in the Nyash sources each piece of generated
//! code comes from, so that a host can report a wasm trap (stack exhaustion, a bug) as a
//! Nyash runtime error with a location and a call stack (DESIGN §2, docs/WASM-BACKEND.md).
//!
//! Input: for each generated function, the byte offset in its body (as `wasm_encoder`
//! counts it: from the start of the locals) at which the code of each MIR instruction
//! begins, with the instruction's span; after linking, where each body starts in the module.
//! Output: the section's payload. All numbers are unsigned LEB128, strings are a length and
//! UTF-8 bytes:
//!
//! ```text
//! version (1)
//! file count, file names (in `SourceFiles` order: entry `i` is `FileId(i)`)
//! function count, then per function:
//!   wasm function index, Nyash name, entry count, then per entry (sorted by offset):
//!     module offset of the code, file, span start, span end (bytes), line, column
//! ```
//!
//! A code offset belongs to the entry with the greatest offset not above it. Entries whose
//! span is outside the known files are left out.

use nyash_diagnostics::{FileId, SourceFiles, Span};

/// The name of the custom section.
pub(crate) const SECTION: &str = "nyash.sourcemap";
const VERSION: u32 = 1;

/// One instruction's place: offset in its function body, and where it is in the sources.
struct Entry {
    offset: u32,
    file: u32,
    start: u32,
    end: u32,
    line: u32,
    col: u32,
}

/// The source map of a module being generated: per generated function (by position).
pub(crate) struct SourceMap {
    files: Vec<String>,
    functions: Vec<Vec<Entry>>,
}

impl SourceMap {
    /// `locations[i]`: the (body offset, span) pairs of generated function `i`.
    pub fn new(files: &SourceFiles, locations: Vec<Vec<(u32, Span)>>) -> SourceMap {
        let names = (0..files.len())
            .map(|i| files.name(nyash_diagnostics::FileId(i as u32)).to_string())
            .collect();
        let mut lines = LineCursor::new(files);
        let functions = locations
            .into_iter()
            .map(|mut list| {
                list.retain(|(_, span)| (span.file.0 as usize) < files.len());
                // An instruction that emitted no code shares its offset with the next one,
                // which is the one a trap there belongs to.
                list.reverse();
                list.dedup_by_key(|(offset, _)| *offset);
                list.reverse();
                list.into_iter()
                    .map(|(offset, span)| {
                        let (line, col) = lines.line_col(span.file, span.start);
                        Entry {
                            offset,
                            file: span.file.0,
                            start: span.start,
                            end: span.end,
                            line,
                            col,
                        }
                    })
                    .collect()
            })
            .collect();
        SourceMap {
            files: names,
            functions,
        }
    }

    /// The section payload. `bodies[i]` is `(wasm function index, name, module offset of the
    /// body)` of generated function `i`.
    pub fn payload(&self, bodies: &[(u32, &str, u32)]) -> Vec<u8> {
        let mut out = Vec::new();
        leb(&mut out, VERSION);
        leb(&mut out, self.files.len() as u32);
        for name in &self.files {
            string(&mut out, name);
        }
        let mapped: Vec<_> = bodies
            .iter()
            .zip(&self.functions)
            .filter(|(_, entries)| !entries.is_empty())
            .collect();
        leb(&mut out, mapped.len() as u32);
        for (&(index, name, body), entries) in mapped {
            leb(&mut out, index);
            string(&mut out, name);
            leb(&mut out, entries.len() as u32);
            for e in entries {
                for n in [body + e.offset, e.file, e.start, e.end, e.line, e.col] {
                    leb(&mut out, n);
                }
            }
        }
        out
    }
}

/// [`SourceFiles::line_col`] for offsets that mostly fall on the line of the previous one
/// (the instructions of a function follow its source): the last line found is remembered, and
/// only an offset outside it is searched for.
struct LineCursor<'f> {
    files: &'f SourceFiles,
    /// The last line found: its file, where it starts, where its line end (or the file's end)
    /// is, and its number.
    last: Option<(FileId, usize, usize, u32)>,
}

impl<'f> LineCursor<'f> {
    fn new(files: &'f SourceFiles) -> LineCursor<'f> {
        LineCursor { files, last: None }
    }

    fn line_col(&mut self, file: FileId, offset: u32) -> (u32, u32) {
        let text = self.files.text(file);
        let at = offset as usize;
        match self.last {
            Some((f, start, end, line)) if f == file && start <= at && at <= end => {
                // As `line_col` counts: characters, or bytes off a character boundary.
                let col = text
                    .get(start..at)
                    .map_or(at - start, |s| s.chars().count());
                (line, col as u32 + 1)
            }
            _ => {
                let (line, col) = self.files.line_col(file, offset);
                if at <= text.len() {
                    let bytes = text.as_bytes();
                    let before = bytes.get(..at).unwrap_or_default();
                    let start = before
                        .iter()
                        .rposition(|&b| b == b'\n')
                        .map_or(0, |i| i + 1);
                    let after = bytes.get(at..).unwrap_or_default();
                    let end = after
                        .iter()
                        .position(|&b| b == b'\n')
                        .map_or(text.len(), |i| at + i);
                    self.last = Some((file, start, end, line));
                }
                (line, col)
            }
        }
    }
}

fn leb(out: &mut Vec<u8>, mut n: u32) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn string(out: &mut Vec<u8>, s: &str) {
    leb(out, s.len() as u32);
    out.extend_from_slice(s.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_cursor_agrees_with_line_col_in_any_order() {
        let mut files = SourceFiles::new();
        let a = files.add("a.nyash", "ab\n\nçd€x\n  end");
        let b = files.add("b.nyash", "one\ntwo\n");
        let mut cursor = LineCursor::new(&files);
        let mut offsets: Vec<(FileId, u32)> = (0..20).map(|o| (a, o)).collect();
        offsets.extend((0..10).map(|o| (b, o)));
        // Forward, backward and interleaved, as instructions can come.
        let interleaved: Vec<_> = offsets.iter().copied().step_by(3).collect();
        let backward: Vec<_> = offsets.iter().rev().copied().collect();
        for (file, offset) in offsets.iter().chain(&backward).chain(&interleaved) {
            assert_eq!(
                cursor.line_col(*file, *offset),
                files.line_col(*file, *offset),
                "{file:?} {offset}"
            );
        }
    }

    #[test]
    fn payload_lists_files_functions_and_entries() {
        let mut files = SourceFiles::new();
        let file = files.add("app.nyash", "print(1)\nprint(2)\n");
        let map = SourceMap::new(
            &files,
            vec![
                Vec::new(),
                vec![(3, Span::new(file, 0, 8)), (3, Span::new(file, 9, 17))],
            ],
        );
        let payload = map.payload(&[(40, "<start>", 100), (41, "Main.main", 200)]);
        let mut expected = vec![1, 1, 9];
        expected.extend_from_slice(b"app.nyash");
        expected.extend([1, 41, 9]);
        expected.extend_from_slice(b"Main.main");
        expected.extend([1, 0xcb, 0x01, 0, 9, 17, 2, 1]);
        assert_eq!(payload, expected);
    }
}
