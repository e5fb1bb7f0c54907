//! The generated data segment: string literals, static box singletons, texts of error sites
//! and the tables the runtime reads (sites, class names).
//!
//! Everything is laid out from `base` (just after the runtime's own data) in the order it is
//! asked for, so the layout — and so the module — depends only on the MIR. Literals are
//! shared: the same text is stored once.

use rustc_hash::FxHashMap;

use crate::abi;

/// The bytes of the generated data segment and where things are in it.
pub(crate) struct Data {
    base: u32,
    bytes: Vec<u8>,
    /// String objects by their text (only looked up: the layout follows the order of requests).
    strings: FxHashMap<String, u32>,
    /// Raw byte runs (site texts) by their content.
    texts: FxHashMap<Vec<u8>, u32>,
}

impl Data {
    pub fn new(base: u32) -> Data {
        Data {
            base,
            bytes: Vec::new(),
            strings: FxHashMap::default(),
            texts: FxHashMap::default(),
        }
    }

    /// First address after the data.
    pub fn end(&self) -> u32 {
        self.base + self.bytes.len() as u32
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    fn align(&mut self, to: usize) {
        while !self.bytes.len().is_multiple_of(to) {
            self.bytes.push(0);
        }
    }

    fn word(&mut self, value: i32) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    /// Address of an immortal string object holding `text`.
    pub fn string(&mut self, text: &str) -> u32 {
        if let Some(&address) = self.strings.get(text) {
            return address;
        }
        self.align(8);
        let address = self.end();
        let len = text.len() as i32;
        self.word(abi::STATIC_RC);
        self.word(abi::tag::STRING);
        self.word(len);
        self.word(text.chars().count() as i32);
        self.word(len);
        debug_assert_eq!(self.end() - address, abi::STRING_HEADER);
        self.bytes.extend_from_slice(text.as_bytes());
        self.strings.insert(text.to_string(), address);
        address
    }

    /// Address of a run of bytes (not an object).
    pub fn text(&mut self, bytes: &[u8]) -> u32 {
        if let Some(&address) = self.texts.get(bytes) {
            return address;
        }
        let address = self.end();
        self.bytes.extend_from_slice(bytes);
        self.texts.insert(bytes.to_vec(), address);
        address
    }

    /// Address of a run of bytes that its caller knows to be new: stored without looking for
    /// an equal run (and not found by later calls of [`Data::text`]).
    pub fn new_text(&mut self, bytes: &[u8]) -> u32 {
        let address = self.end();
        self.bytes.extend_from_slice(bytes);
        address
    }

    /// Address of a table of bytes, aligned to 8 (shared: the same bytes are stored once).
    pub fn table(&mut self, bytes: &[u8]) -> u32 {
        if let Some(&address) = self.texts.get(bytes) {
            return address;
        }
        self.align(8);
        self.text(bytes)
    }

    /// Address of an immortal instance of class `class` with `fields` null fields (the
    /// singleton of a static box).
    pub fn instance(&mut self, class: u32, fields: usize) -> u32 {
        self.align(8);
        let address = self.end();
        self.word(abi::STATIC_RC);
        self.word(abi::CLASS_KIND_BASE + class as i32);
        let zeros = (abi::INSTANCE_HEADER - 8) as usize + fields * abi::SLOT as usize;
        self.bytes.extend(std::iter::repeat_n(0, zeros));
        address
    }

    /// Address of a table of i32 words.
    pub fn words(&mut self, words: &[u32]) -> u32 {
        self.align(8);
        let address = self.end();
        for &w in words {
            self.word(w as i32);
        }
        address
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_objects_and_shared() {
        let mut data = Data::new(1000);
        let a = data.string("héllo");
        let b = data.string("x");
        assert_eq!(data.string("héllo"), a);
        assert_eq!(a, 1000);
        assert_eq!(b % 8, 0);
        let bytes = data.into_bytes();
        let word = |at: usize| {
            i32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
        };
        assert_eq!(word(0), -1);
        assert_eq!(word(4), 4);
        assert_eq!(word(8), 6, "length in bytes");
        assert_eq!(word(12), 5, "length in characters");
        assert_eq!(&bytes[20..26], "héllo".as_bytes());
    }
}
