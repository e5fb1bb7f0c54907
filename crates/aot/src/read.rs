//! Finding and verifying a payload: the [`Trailer`] at the end of the file, then the
//! [`Header`] it points at (checked against the trailer's SHA-256 before it is parsed), then
//! one section at a time (checked against the header's SHA-256 before it is used).
//!
//! Every length and offset is bounds-checked; nothing here panics on any input.

use crate::{
    sha256, SectionKind, FORMAT_VERSION, HEADER_MAGIC, MAX_HEADER_LEN, MAX_SECTIONS, TRAILER_LEN,
    TRAILER_MAGIC,
};

/// Why a file's payload cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayloadError {
    /// The file does not end with a trailer: no program is attached.
    Missing,
    /// The payload was written in another layout version.
    Version(u32),
    /// A length, offset or field is impossible: the file was truncated or damaged.
    Damaged(String),
    /// Some bytes do not match their recorded SHA-256.
    Checksum(String),
}

impl std::fmt::Display for PayloadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PayloadError::Missing => f.write_str("no Nyash program is attached to this file"),
            PayloadError::Version(v) => write!(
                f,
                "the attached program has payload format {v}, this runtime reads format {FORMAT_VERSION}"
            ),
            PayloadError::Damaged(what) => {
                write!(f, "the attached program is damaged or truncated: {what}")
            }
            PayloadError::Checksum(what) => {
                write!(f, "the attached program is damaged: checksum mismatch in {what}")
            }
        }
    }
}

impl std::error::Error for PayloadError {}

fn damaged(what: impl Into<String>) -> PayloadError {
    PayloadError::Damaged(what.into())
}

/// The last [`TRAILER_LEN`] bytes of an executable: where the payload is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trailer {
    /// Where the payload (the header) starts, from the start of the file.
    pub payload_offset: u64,
    /// Bytes of header plus sections.
    pub payload_len: u64,
    pub header_len: u32,
    pub header_sha256: [u8; 32],
}

impl Trailer {
    /// Parses and checks the trailer `bytes` of a file of `file_len` bytes.
    pub fn parse(bytes: &[u8], file_len: u64) -> Result<Trailer, PayloadError> {
        let mut r = Reader::new(bytes);
        if bytes.len() != TRAILER_LEN || r.take(8)? != TRAILER_MAGIC {
            return Err(PayloadError::Missing);
        }
        let version = r.u32()?;
        if version != FORMAT_VERSION {
            return Err(PayloadError::Version(version));
        }
        let trailer = Trailer {
            header_len: r.u32()?,
            payload_offset: r.u64()?,
            payload_len: r.u64()?,
            header_sha256: r.array()?,
        };
        let end = trailer
            .payload_offset
            .checked_add(trailer.payload_len)
            .and_then(|end| end.checked_add(TRAILER_LEN as u64));
        if end != Some(file_len) {
            return Err(damaged(format!(
                "the trailer describes {} + {} bytes, the file has {file_len}",
                trailer.payload_offset, trailer.payload_len
            )));
        }
        if trailer.header_len as usize > MAX_HEADER_LEN
            || u64::from(trailer.header_len) > trailer.payload_len
        {
            return Err(damaged("impossible header length"));
        }
        Ok(trailer)
    }

    /// The file's byte range of the header.
    pub fn header_range(&self) -> std::ops::Range<u64> {
        self.payload_offset..self.payload_offset + u64::from(self.header_len)
    }
}

/// The parsed header of a payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub nyash_version: String,
    pub wasmtime_version: String,
    pub target: String,
    pub sections: Vec<SectionEntry>,
}

/// One section as the header lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionEntry {
    pub kind: SectionKind,
    pub name: String,
    pub key: String,
    /// From the start of the payload.
    pub offset: u64,
    pub len: u64,
    pub sha256: [u8; 32],
}

impl SectionEntry {
    /// The file's byte range of this section.
    pub fn file_range(&self, trailer: &Trailer) -> std::ops::Range<u64> {
        let start = trailer.payload_offset + self.offset;
        start..start + self.len
    }

    /// Checks `bytes` (read from [`SectionEntry::file_range`]) against the recorded length
    /// and SHA-256.
    pub fn verify(&self, bytes: &[u8]) -> Result<(), PayloadError> {
        if bytes.len() as u64 != self.len {
            return Err(damaged(format!("section `{}` is cut short", self.name)));
        }
        if sha256(bytes) != self.sha256 {
            return Err(PayloadError::Checksum(format!(
                "{} `{}`",
                self.kind.label(),
                self.name
            )));
        }
        Ok(())
    }

    /// This section's verified bytes within the whole `file`.
    pub fn verified<'a>(
        &self,
        trailer: &Trailer,
        file: &'a [u8],
    ) -> Result<&'a [u8], PayloadError> {
        let range = self.file_range(trailer);
        let bytes = usize::try_from(range.start)
            .ok()
            .zip(usize::try_from(range.end).ok())
            .and_then(|(start, end)| file.get(start..end))
            .ok_or_else(|| damaged(format!("section `{}` lies outside the file", self.name)))?;
        self.verify(bytes)?;
        Ok(bytes)
    }
}

impl Header {
    /// The section of `kind` named `name`.
    pub fn section(&self, kind: SectionKind, name: &str) -> Option<&SectionEntry> {
        self.sections
            .iter()
            .find(|s| s.kind == kind && s.name == name)
    }

    /// The first section of `kind`.
    pub fn first(&self, kind: SectionKind) -> Option<&SectionEntry> {
        self.sections.iter().find(|s| s.kind == kind)
    }

    /// Reads the trailer and header of a whole `file` in memory.
    pub fn of_file(file: &[u8]) -> Result<(Trailer, Header), PayloadError> {
        let trailer_start = file
            .len()
            .checked_sub(TRAILER_LEN)
            .ok_or(PayloadError::Missing)?;
        let trailer = Trailer::parse(
            file.get(trailer_start..).unwrap_or_default(),
            file.len() as u64,
        )?;
        let range = trailer.header_range();
        let header_bytes = file
            .get(range.start as usize..range.end as usize)
            .ok_or_else(|| damaged("the header lies outside the file"))?;
        let header = read_header(&trailer, header_bytes)?;
        Ok((trailer, header))
    }
}

/// Verifies `bytes` (read from [`Trailer::header_range`]) against the trailer's SHA-256, then
/// parses them.
pub fn read_header(trailer: &Trailer, bytes: &[u8]) -> Result<Header, PayloadError> {
    if bytes.len() != trailer.header_len as usize {
        return Err(damaged("the header is cut short"));
    }
    if sha256(bytes) != trailer.header_sha256 {
        return Err(PayloadError::Checksum("the header".into()));
    }
    let mut r = Reader::new(bytes);
    if r.take(8)? != HEADER_MAGIC {
        return Err(damaged("the header has the wrong magic"));
    }
    let version = r.u32()?;
    if version != FORMAT_VERSION {
        return Err(PayloadError::Version(version));
    }
    let nyash_version = r.string()?;
    let wasmtime_version = r.string()?;
    let target = r.string()?;
    let count = r.u32()? as usize;
    if count > MAX_SECTIONS {
        return Err(damaged("too many sections"));
    }
    let mut sections = Vec::with_capacity(count);
    for _ in 0..count {
        sections.push(read_entry(&mut r, trailer)?);
    }
    Ok(Header {
        nyash_version,
        wasmtime_version,
        target,
        sections,
    })
}

fn read_entry(r: &mut Reader<'_>, trailer: &Trailer) -> Result<SectionEntry, PayloadError> {
    let code = r.u8()?;
    let kind = SectionKind::from_code(code)
        .ok_or_else(|| damaged(format!("unknown section kind {code}")))?;
    let entry = SectionEntry {
        kind,
        name: r.string()?,
        key: r.string()?,
        offset: r.u64()?,
        len: r.u64()?,
        sha256: r.array()?,
    };
    let fits = entry.offset >= u64::from(trailer.header_len)
        && entry
            .offset
            .checked_add(entry.len)
            .is_some_and(|end| end <= trailer.payload_len);
    if !fits {
        return Err(damaged(format!(
            "section `{}` lies outside the payload",
            entry.name
        )));
    }
    Ok(entry)
}

/// A bounds-checked little-endian cursor.
struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], PayloadError> {
        if n > self.bytes.len() {
            return Err(damaged("a field runs past the end of its block"));
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], PayloadError> {
        let mut out = [0; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    fn u8(&mut self) -> Result<u8, PayloadError> {
        Ok(self.array::<1>()?[0])
    }

    fn u32(&mut self) -> Result<u32, PayloadError> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    fn u64(&mut self) -> Result<u64, PayloadError> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    fn string(&mut self) -> Result<String, PayloadError> {
        let len = self.u32()? as usize;
        let bytes = self.take(len)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| damaged("a text field is not UTF-8"))
    }
}
