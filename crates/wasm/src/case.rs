//! The Unicode case tables of `toUpper()` / `toLower()` (`runtime/case.wat`), built from
//! Rust's own `char::to_uppercase` / `char::to_lowercase`, which the VM's
//! `str::to_uppercase` / `str::to_lowercase` use, so both backends map every character alike.
//!
//! Input: nothing (the tables depend only on the Rust standard library the compiler was
//! built with). Output: one block of little-endian words that code generation places in the
//! data segment of modules that change case (about 50 KB), built once per process:
//!
//! - a header: the number of upper-case mappings `U`, of lower-case mappings `L`, and of
//!   character ranges `C`;
//! - `U` then `L` entries of four words: a character and the one to three characters it maps
//!   to (0 for none), sorted by character; characters that map to themselves are absent;
//! - `C` ranges of three words: first and last character, and the class that decides the
//!   final sigma of `str::to_lowercase` (`Σ` becomes `ς` at the end of a word): 1 for
//!   characters skipped when looking for a neighbour (Case_Ignorable), 2 for the other cased
//!   characters; characters in no range are neither.
//!
//! The classes are not public in Rust, so they are read off `str::to_lowercase` itself, on
//! one text probing every character in two contexts (see [`sigma_classes`]).

use std::sync::OnceLock;

/// Class of characters skipped around `Σ` (Case_Ignorable).
pub(crate) const IGNORABLE: u32 = 1;
/// Class of the other cased characters.
pub(crate) const CASED: u32 = 2;

const SIGMA: char = 'Σ';
const FINAL_SIGMA: char = 'ς';

/// The table block described in the module documentation.
pub(crate) fn tables() -> &'static [u8] {
    static TABLES: OnceLock<Vec<u8>> = OnceLock::new();
    TABLES.get_or_init(build)
}

fn build() -> Vec<u8> {
    let upper = mappings(|c| c.to_uppercase().collect());
    let lower = mappings(|c| c.to_lowercase().collect());
    let ranges = ranges(&sigma_classes());
    let mut words = vec![upper.len() as u32, lower.len() as u32, ranges.len() as u32];
    for entry in upper.iter().chain(&lower) {
        words.extend_from_slice(entry);
    }
    for range in &ranges {
        words.extend_from_slice(range);
    }
    words.iter().flat_map(|w| w.to_le_bytes()).collect()
}

/// Every character whose mapping is not itself, with up to three mapped characters.
fn mappings(map: impl Fn(char) -> Vec<char>) -> Vec<[u32; 4]> {
    let mut entries = Vec::new();
    for c in all_chars() {
        let mapped = map(c);
        if mapped.as_slice() == [c] {
            continue;
        }
        let mut entry = [u32::from(c), 0, 0, 0];
        for (slot, m) in entry[1..].iter_mut().zip(&mapped) {
            *slot = u32::from(*m);
        }
        debug_assert!(mapped.len() <= 3, "{c:?} maps to {mapped:?}");
        entries.push(entry);
    }
    entries
}

fn all_chars() -> impl Iterator<Item = char> {
    (0..=u32::from(char::MAX)).filter_map(char::from_u32)
}

/// The sigma class of every character, indexed by code point (0 for neither class).
///
/// Rust lower-cases `Σ` to `ς` when a cased character precedes it and none follows it,
/// skipping case-ignorable characters both ways. So for each character `c`: in `"A" c "Σ"`
/// the sigma is final when `c` is skipped or cased; in `"AΣ" c` it is final when `c` is
/// skipped or not cased. The probes of all characters are lower-cased as one text, each
/// followed by a space (neither class), and the sigmas read back in order.
pub(crate) fn sigma_classes() -> Vec<u32> {
    let probed: Vec<char> = all_chars().filter(|c| !is_sigma_like(*c)).collect();
    let mut before = String::new();
    let mut after = String::new();
    for &c in &probed {
        before.extend(['A', c, SIGMA, ' ']);
        after.extend(['A', SIGMA, c, ' ']);
    }
    let sigmas = |text: &str| -> Vec<bool> {
        text.to_lowercase()
            .chars()
            .filter(|c| is_sigma_like(*c))
            .map(|c| c == FINAL_SIGMA)
            .collect()
    };
    let (final_before, final_after) = (sigmas(&before), sigmas(&after));
    let mut classes = vec![0; u32::from(char::MAX) as usize + 1];
    for (i, &c) in probed.iter().enumerate() {
        let (b, a) = (final_before[i], final_after[i]);
        classes[c as usize] = match (b, a) {
            (true, true) => IGNORABLE,
            (true, false) => CASED,
            _ => 0,
        };
    }
    // The sigmas themselves are cased letters, not ignorable.
    for c in ['Σ', 'σ', 'ς'] {
        classes[c as usize] = CASED;
    }
    classes
}

/// Characters whose lower-case form is a sigma: probing them would confuse the read-back.
fn is_sigma_like(c: char) -> bool {
    matches!(c, 'Σ' | 'σ' | 'ς')
}

/// Runs of equal non-zero classes as `[first, last, class]`.
fn ranges(classes: &[u32]) -> Vec<[u32; 3]> {
    let mut ranges: Vec<[u32; 3]> = Vec::new();
    for (code, &class) in classes.iter().enumerate() {
        if class == 0 {
            continue;
        }
        let code = code as u32;
        match ranges.last_mut() {
            Some(last) if last[1] + 1 == code && last[2] == class => last[1] = code,
            _ => ranges.push([code, code, class]),
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(bytes: &[u8], index: usize) -> u32 {
        let at = index * 4;
        bytes
            .get(at..at + 4)
            .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    #[test]
    fn header_counts_match_the_size() {
        let bytes = tables();
        let (u, l, c) = (word(bytes, 0), word(bytes, 1), word(bytes, 2));
        assert_eq!(bytes.len(), 4 * (3 + 4 * (u + l) as usize + 3 * c as usize));
        assert!(u > 1000 && l > 1000 && c > 100, "{u} {l} {c}");
    }

    #[test]
    fn known_mappings_and_classes() {
        let upper = mappings(|c| c.to_uppercase().collect());
        assert!(upper.contains(&[u32::from('ß'), 'S' as u32, 'S' as u32, 0]));
        assert!(upper.contains(&[u32::from('a'), 'A' as u32, 0, 0]));
        let classes = sigma_classes();
        assert_eq!(classes['\'' as usize], IGNORABLE);
        assert_eq!(classes['\u{301}' as usize], IGNORABLE);
        assert_eq!(classes['a' as usize], CASED);
        assert_eq!(classes['1' as usize], 0);
        assert_eq!(classes[' ' as usize], 0);
    }

    #[test]
    fn classes_reproduce_rusts_final_sigma() {
        let classes = sigma_classes();
        let class = |c: char| classes[c as usize];
        // Rust's rule, restated with the classes, on a few contexts per character kind.
        let predicted = |text: &str| -> String {
            let chars: Vec<char> = text.chars().collect();
            let cased_from = |mut iter: Box<dyn Iterator<Item = &char> + '_>| {
                iter.find(|c| class(**c) != IGNORABLE)
                    .is_some_and(|c| class(*c) == CASED)
            };
            let mut out = String::new();
            for (i, &c) in chars.iter().enumerate() {
                if c == SIGMA {
                    let before = cased_from(Box::new(chars[..i].iter().rev()));
                    let after = cased_from(Box::new(chars[i + 1..].iter()));
                    out.push(if before && !after { 'ς' } else { 'σ' });
                } else {
                    out.extend(c.to_lowercase());
                }
            }
            out
        };
        for text in [
            "ΑΣ",
            "Σ",
            "ΑΣ'",
            "Α'Σ b",
            "1Σ",
            "ΑΣΑ",
            "ǅΣ",
            "Α\u{301}Σ\u{301}",
            "ΣΣ",
        ] {
            assert_eq!(predicted(text), text.to_lowercase(), "{text}");
        }
    }
}
