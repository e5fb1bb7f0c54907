//! Writing a native executable: the stub's bytes, then the header, the sections' bytes, and
//! the trailer (layout in `docs/AOT.md`).

use crate::{sha256, SectionKind, FORMAT_VERSION, HEADER_MAGIC, TRAILER_LEN, TRAILER_MAGIC};

/// One section to write.
#[derive(Debug, Clone)]
pub struct Section {
    pub kind: SectionKind,
    /// The tier's name for a [`SectionKind::Tier`], else a short description.
    pub name: String,
    /// The compatibility key of a tier ([`crate::compatibility_key`]), else empty.
    pub key: String,
    pub bytes: Vec<u8>,
}

/// The facts every header records.
#[derive(Debug, Clone)]
pub struct Versions<'a> {
    pub nyash: &'a str,
    pub wasmtime: &'a str,
    pub target: &'a str,
}

/// The executable made of `stub` followed by a payload of `sections`.
pub fn write_executable(stub: &[u8], versions: &Versions<'_>, sections: &[Section]) -> Vec<u8> {
    let header = encode_header(versions, sections);
    let body_len: usize = sections.iter().map(|s| s.bytes.len()).sum();
    let mut out = Vec::with_capacity(stub.len() + header.len() + body_len + TRAILER_LEN);
    out.extend_from_slice(stub);
    out.extend_from_slice(&header);
    for section in sections {
        out.extend_from_slice(&section.bytes);
    }
    let trailer = encode_trailer(stub.len(), &header, body_len);
    out.extend_from_slice(&trailer);
    out
}

/// The header: magic, version, the three version strings, then one entry per section whose
/// offset counts from the start of the payload (the header's first byte).
fn encode_header(versions: &Versions<'_>, sections: &[Section]) -> Vec<u8> {
    let mut fixed = Vec::new();
    fixed.extend_from_slice(&HEADER_MAGIC);
    fixed.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    put_str(&mut fixed, versions.nyash);
    put_str(&mut fixed, versions.wasmtime);
    put_str(&mut fixed, versions.target);
    fixed.extend_from_slice(&(sections.len() as u32).to_le_bytes());
    let entries_len: usize = sections.iter().map(entry_len).sum();
    let mut offset = (fixed.len() + entries_len) as u64;
    let mut header = fixed;
    for section in sections {
        header.push(section.kind.code());
        put_str(&mut header, &section.name);
        put_str(&mut header, &section.key);
        header.extend_from_slice(&offset.to_le_bytes());
        header.extend_from_slice(&(section.bytes.len() as u64).to_le_bytes());
        header.extend_from_slice(&sha256(&section.bytes));
        offset += section.bytes.len() as u64;
    }
    header
}

/// The encoded size of one header entry.
fn entry_len(section: &Section) -> usize {
    1 + 4 + section.name.len() + 4 + section.key.len() + 8 + 8 + 32
}

fn put_str(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(&(text.len() as u32).to_le_bytes());
    out.extend_from_slice(text.as_bytes());
}

fn encode_trailer(payload_offset: usize, header: &[u8], body_len: usize) -> Vec<u8> {
    let mut trailer = Vec::with_capacity(TRAILER_LEN);
    trailer.extend_from_slice(&TRAILER_MAGIC);
    trailer.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    trailer.extend_from_slice(&(header.len() as u32).to_le_bytes());
    trailer.extend_from_slice(&(payload_offset as u64).to_le_bytes());
    trailer.extend_from_slice(&((header.len() + body_len) as u64).to_le_bytes());
    trailer.extend_from_slice(&sha256(header));
    trailer
}
