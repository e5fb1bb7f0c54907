//! Reads the payload attached to this executable (layout: `docs/AOT.md`): the trailer at the
//! end of the file, the header it points at, and single sections, each verified with
//! `nyash-aot` before it is returned. Only the bytes needed are read: the stub starts fast
//! however large the payload is.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use nyash_aot::{read_header, Header, PayloadError, SectionEntry, Trailer, TRAILER_LEN};

/// Why the attached program cannot even be looked at.
#[derive(Debug)]
pub enum OpenError {
    /// The executable file itself cannot be found or read.
    Io(String),
    /// The file's payload is missing, damaged or of another format.
    Payload(PayloadError),
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpenError::Io(message) => f.write_str(message),
            OpenError::Payload(PayloadError::Missing) => f.write_str(
                "no Nyash program is attached to this executable (it is the bare runtime stub; \
                 make a program with `nyash --compile-native app.nyash -o app`)",
            ),
            OpenError::Payload(error) => error.fmt(f),
        }
    }
}

impl From<PayloadError> for OpenError {
    fn from(error: PayloadError) -> Self {
        OpenError::Payload(error)
    }
}

/// An executable whose trailer and header were read and verified.
pub struct Payload {
    file: File,
    pub trailer: Trailer,
    pub header: Header,
}

impl Payload {
    /// Opens the executable at `path` and verifies its trailer and header.
    pub fn open(path: &Path) -> Result<Payload, OpenError> {
        let io =
            |e: std::io::Error| OpenError::Io(format!("cannot read `{}`: {e}", path.display()));
        let mut file = File::open(path).map_err(io)?;
        let file_len = file.metadata().map_err(io)?.len();
        let trailer_start = file_len
            .checked_sub(TRAILER_LEN as u64)
            .ok_or(PayloadError::Missing)?;
        let trailer_bytes = read_range(&mut file, trailer_start..file_len).map_err(io)?;
        let trailer = Trailer::parse(&trailer_bytes, file_len)?;
        let header_bytes = read_range(&mut file, trailer.header_range()).map_err(io)?;
        let header = read_header(&trailer, &header_bytes)?;
        Ok(Payload {
            file,
            trailer,
            header,
        })
    }

    /// The bytes of `section`, verified against the header's checksum.
    pub fn section(&mut self, section: &SectionEntry) -> Result<Vec<u8>, OpenError> {
        let bytes = read_range(&mut self.file, section.file_range(&self.trailer))
            .map_err(|e| OpenError::Io(format!("cannot read the attached program: {e}")))?;
        section.verify(&bytes)?;
        Ok(bytes)
    }
}

/// The bytes `range` of `file`; a file shorter than that is an error.
fn read_range(file: &mut File, range: std::ops::Range<u64>) -> std::io::Result<Vec<u8>> {
    let len = usize::try_from(range.end.saturating_sub(range.start))
        .map_err(|_| std::io::Error::other("section too large"))?;
    file.seek(SeekFrom::Start(range.start))?;
    let mut bytes = vec![0; len];
    file.read_exact(&mut bytes)?;
    Ok(bytes)
}
