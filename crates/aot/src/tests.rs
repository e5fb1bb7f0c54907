//! Round trips of the payload format, and every kind of damage refused before use.

use super::*;

const STUB: &[u8] = b"\x7fELF pretend stub bytes";

fn sections() -> Vec<Section> {
    vec![
        Section {
            kind: SectionKind::Tier,
            name: "x86-64-v3".into(),
            key: compatibility_key("48.0.8", "x86_64-unknown-linux-gnu", "stub-1", "x86-64-v3"),
            bytes: b"native code".to_vec(),
        },
        Section {
            kind: SectionKind::Wasm,
            name: "module".into(),
            key: String::new(),
            bytes: b"\0asm\x01\0\0\0".to_vec(),
        },
    ]
}

fn versions() -> Versions<'static> {
    Versions {
        nyash: "0.1.0",
        wasmtime: "48.0.8",
        target: "x86_64-unknown-linux-gnu",
    }
}

fn executable() -> Vec<u8> {
    write_executable(STUB, &versions(), &sections())
}

#[test]
fn a_written_payload_reads_back() {
    let file = executable();
    assert!(file.starts_with(STUB));
    let (trailer, header) = Header::of_file(&file).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(trailer.payload_offset, STUB.len() as u64);
    assert_eq!(header.nyash_version, "0.1.0");
    assert_eq!(header.wasmtime_version, "48.0.8");
    assert_eq!(header.target, "x86_64-unknown-linux-gnu");
    assert_eq!(header.sections.len(), 2);
    let tier = header
        .section(SectionKind::Tier, "x86-64-v3")
        .unwrap_or_else(|| panic!("no tier"));
    assert_eq!(
        tier.key,
        "wasmtime-48.0.8/x86_64-unknown-linux-gnu/stub-1/x86-64-v3"
    );
    assert_eq!(tier.verified(&trailer, &file), Ok(&b"native code"[..]));
    let wasm = header
        .first(SectionKind::Wasm)
        .unwrap_or_else(|| panic!("no wasm"));
    assert_eq!(wasm.verified(&trailer, &file), Ok(&b"\0asm\x01\0\0\0"[..]));
}

#[test]
fn a_file_without_payload_is_missing() {
    assert_eq!(Header::of_file(STUB).err(), Some(PayloadError::Missing));
    assert_eq!(Header::of_file(b"").err(), Some(PayloadError::Missing));
}

#[test]
fn every_flipped_byte_is_caught_before_use() {
    let file = executable();
    for at in STUB.len()..file.len() {
        let mut bad = file.clone();
        bad[at] ^= 0x20;
        let outcome = Header::of_file(&bad).and_then(|(trailer, header)| {
            for section in &header.sections {
                section.verified(&trailer, &bad)?;
            }
            Ok(())
        });
        assert!(outcome.is_err(), "flipped byte {at} went unnoticed");
    }
}

#[test]
fn a_truncated_file_is_refused() {
    let file = executable();
    for cut in 1..file.len() - STUB.len() {
        let short = &file[..file.len() - cut];
        assert!(Header::of_file(short).is_err(), "cut {cut}");
    }
}

#[test]
fn another_format_version_is_named() {
    let mut file = executable();
    let at = file.len() - TRAILER_LEN + 8;
    file[at..at + 4].copy_from_slice(&7u32.to_le_bytes());
    assert_eq!(Header::of_file(&file).err(), Some(PayloadError::Version(7)));
}

#[test]
fn errors_read_as_sentences() {
    let text = PayloadError::Checksum("tier `x86-64-v3`".into()).to_string();
    assert_eq!(
        text,
        "the attached program is damaged: checksum mismatch in tier `x86-64-v3`"
    );
    assert_eq!(hex(&[0, 0xab]), "00ab");
}
