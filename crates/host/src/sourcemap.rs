//! Reading the `nyash.sourcemap` custom section of a compiled Nyash module (its format is in
//! docs/WASM-BACKEND.md and `nyash-wasm`'s `sourcemap.rs`), to say where in the Nyash sources
//! a wasm trap happened and which Nyash calls led there.
//!
//! Input: the module's bytes; then the frames of a trap's backtrace (function index and
//! module offset, innermost first). Output: the Nyash frames among them, each with the
//! function's name and the source place of the instruction it was executing. Malformed
//! sections are ignored (no map), never a panic.

/// The name of the custom section.
pub const SECTION: &str = "nyash.sourcemap";

/// A place in a Nyash source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourcePlace {
    /// The file's name as the compiler showed it (`app.nyash`).
    pub file_name: String,
    /// Index of the file among the program's files (`FileId`).
    pub file: u32,
    /// Byte span of the instruction in the file.
    pub start: u32,
    pub end: u32,
    /// 1-based line and column (in characters).
    pub line: u32,
    pub col: u32,
}

impl SourcePlace {
    /// `app.nyash:4:9`
    pub fn location(&self) -> String {
        format!("{}:{}:{}", self.file_name, self.line, self.col)
    }
}

/// One Nyash function active when a trap happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NyashFrame {
    pub function: String,
    pub place: SourcePlace,
}

/// Callers listed in a call-stack note before `... and N more` (the VM's limit).
const MAX_LISTED_CALLERS: usize = 8;

/// The VM's call-stack note for the Nyash frames of a trap (innermost first):
/// `in Main.f, called from Main.g (app.nyash:3:5), ...`. As in the VM, the entry's own frame
/// (the outermost) is not listed as a caller.
pub fn stack_note(frames: &[NyashFrame]) -> String {
    let Some(innermost) = frames.first() else {
        return String::new();
    };
    let mut note = format!("in {}", innermost.function);
    let callers = frames
        .get(1..frames.len().saturating_sub(1))
        .unwrap_or_default();
    for caller in callers.iter().take(MAX_LISTED_CALLERS) {
        note.push_str(&format!(
            ", called from {} ({})",
            caller.function,
            caller.place.location()
        ));
    }
    let hidden = callers.len().saturating_sub(MAX_LISTED_CALLERS);
    if hidden > 0 {
        note.push_str(&format!(", ... and {hidden} more"));
    }
    note
}

struct Entry {
    offset: u32,
    file: u32,
    start: u32,
    end: u32,
    line: u32,
    col: u32,
}

struct Function {
    index: u32,
    name: String,
    /// Sorted by offset.
    entries: Vec<Entry>,
}

/// A decoded source map.
pub struct SourceMap {
    files: Vec<String>,
    functions: Vec<Function>,
}

impl SourceMap {
    /// The source map of the module `bytes`, if it has a well-formed one.
    pub fn from_module(bytes: &[u8]) -> Option<SourceMap> {
        SourceMap::from_section(custom_section(bytes, SECTION)?)
    }

    /// The source map whose `nyash.sourcemap` section contents are `payload` (as a native
    /// executable carries it), if well-formed.
    pub fn from_section(payload: &[u8]) -> Option<SourceMap> {
        decode(&mut Reader {
            bytes: payload,
            at: 0,
        })
    }

    /// The Nyash frames among `frames` (`(function index, module offset)`, innermost first).
    pub fn locate(&self, frames: &[(u32, Option<usize>)]) -> Vec<NyashFrame> {
        frames
            .iter()
            .filter_map(|&(index, offset)| {
                let function = self.functions.iter().find(|f| f.index == index)?;
                let offset = u32::try_from(offset?).ok()?;
                let position = function.entries.partition_point(|e| e.offset <= offset);
                let entry = function.entries.get(position.checked_sub(1)?)?;
                Some(NyashFrame {
                    function: function.name.clone(),
                    place: SourcePlace {
                        file_name: self.files.get(entry.file as usize)?.clone(),
                        file: entry.file,
                        start: entry.start,
                        end: entry.end,
                        line: entry.line,
                        col: entry.col,
                    },
                })
            })
            .collect()
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    fn leb(&mut self) -> Option<u32> {
        let mut value: u32 = 0;
        for shift in (0..35).step_by(7) {
            let b = self.byte()?;
            value |= u32::from(b & 0x7f).checked_shl(shift)?;
            if b & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    fn bytes(&mut self, n: usize) -> Option<&'a [u8]> {
        let slice = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(slice)
    }

    fn string(&mut self) -> Option<String> {
        let n = self.leb()? as usize;
        String::from_utf8(self.bytes(n)?.to_vec()).ok()
    }
}

/// The payload of the first custom section called `name`.
fn custom_section<'a>(bytes: &'a [u8], name: &str) -> Option<&'a [u8]> {
    let mut reader = Reader { bytes, at: 8 };
    if bytes.get(..4)? != b"\0asm" {
        return None;
    }
    while reader.at < bytes.len() {
        let id = reader.byte()?;
        let size = reader.leb()? as usize;
        let contents = reader.bytes(size)?;
        if id == 0 {
            let mut inner = Reader {
                bytes: contents,
                at: 0,
            };
            if inner.string()? == name {
                return contents.get(inner.at..);
            }
        }
    }
    None
}

fn decode(r: &mut Reader) -> Option<SourceMap> {
    if r.leb()? != 1 {
        return None;
    }
    let files = (0..r.leb()?)
        .map(|_| r.string())
        .collect::<Option<Vec<_>>>()?;
    let mut functions = Vec::new();
    for _ in 0..r.leb()? {
        let index = r.leb()?;
        let name = r.string()?;
        let mut entries = Vec::new();
        for _ in 0..r.leb()? {
            entries.push(Entry {
                offset: r.leb()?,
                file: r.leb()?,
                start: r.leb()?,
                end: r.leb()?,
                line: r.leb()?,
                col: r.leb()?,
            });
        }
        functions.push(Function {
            index,
            name,
            entries,
        });
    }
    Some(SourceMap { files, functions })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module with only a custom section holding `payload`.
    fn module_with(payload: &[u8]) -> Vec<u8> {
        let mut contents = vec![SECTION.len() as u8];
        contents.extend_from_slice(SECTION.as_bytes());
        contents.extend_from_slice(payload);
        let mut bytes = b"\0asm\x01\0\0\0".to_vec();
        bytes.push(0);
        bytes.push(contents.len() as u8);
        bytes.extend(contents);
        bytes
    }

    #[test]
    fn frames_map_to_the_last_entry_at_or_before_their_offset() {
        let mut payload = vec![1, 1, 4];
        payload.extend_from_slice(b"a.ny");
        payload.extend([1, 7, 1, b'f', 2]);
        payload.extend([10, 0, 0, 3, 1, 1]);
        payload.extend([20, 0, 4, 9, 2, 5]);
        let map = SourceMap::from_module(&module_with(&payload)).expect("a map");
        let frames = map.locate(&[(3, Some(15)), (7, Some(25)), (7, Some(12)), (7, Some(5))]);
        let places: Vec<String> = frames
            .iter()
            .map(|f| format!("{} {}", f.function, f.place.location()))
            .collect();
        assert_eq!(places, ["f a.ny:2:5", "f a.ny:1:1"]);
    }

    #[test]
    fn notes_list_callers_but_not_the_entry() {
        let frame = |function: &str, line: u32| NyashFrame {
            function: function.into(),
            place: SourcePlace {
                file_name: "a.ny".into(),
                file: 0,
                start: 0,
                end: 1,
                line,
                col: 1,
            },
        };
        let frames: Vec<_> = (0..12)
            .map(|i| frame("f", i))
            .chain([frame("main", 99)])
            .collect();
        let note = stack_note(&frames);
        assert!(note.starts_with("in f, called from f (a.ny:1:1), called from f (a.ny:2:1)"));
        assert!(
            note.ends_with("called from f (a.ny:8:1), ... and 3 more"),
            "{note}"
        );
        assert_eq!(stack_note(&[frame("main", 1)]), "in main");
    }

    #[test]
    fn malformed_sections_give_no_map() {
        assert!(SourceMap::from_module(&module_with(&[1, 9])).is_none());
        assert!(SourceMap::from_module(&module_with(&[2])).is_none());
        assert!(SourceMap::from_module(b"\0asm\x01\0\0\0").is_none());
        assert!(SourceMap::from_module(b"junk").is_none());
    }
}
