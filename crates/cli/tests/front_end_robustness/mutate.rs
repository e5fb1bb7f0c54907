//! Random damage to program texts: tokens and characters deleted, inserted, duplicated or
//! swapped, truncation, lines spliced in from other texts, deleted, duplicated or swapped,
//! names renamed. Works on crude tokens (see [`crude_tokens`]), independent of the lexer.

use crate::rng::Rng;

/// Words dropped into programs: every keyword, operator and bracket, literals, and characters
/// that are easy to get wrong (multi-byte, zero-width, control, a byte-order mark).
#[rustfmt::skip]
const DEBRIS: &[&str] = &[
    "box", "static", "interface", "from", "new", "me", "this", "local", "outbox", "global",
    "init", "pack", "birth", "fini", "if", "else", "loop", "break", "continue", "return",
    "function", "fn", "print", "nowait", "await", "try", "catch", "finally", "throw", "include",
    "using", "weak", "override", "not", "and", "or", "true", "false", "null", "+", "-", "*",
    "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "!", "=", ".", ",", ":", "(", ")",
    "{", "}", ">>", "\n", "\n", " ", "\"", "\"😀\"", "\"a\\", "//", "# ", "0",
    "9223372036854775807", "9223372036854775808", "3.14", "1e3", ".5", "😀", "🐱", "é", "日本",
    "\u{200B}", "\u{FEFF}", "\u{0}", "\r", "\t", "\u{7F}", "@", "$", "x", "Main", "main",
    "ArrayBox", "MapBox", "StringBox", "nyashstd", "\"lib.nyash\"", "\\",
];

/// The keywords of SPEC §1.
#[rustfmt::skip]
const KEYWORDS: &[&str] = &[
    "box", "static", "interface", "from", "new", "me", "this", "local", "outbox", "global",
    "init", "pack", "birth", "fini", "if", "else", "loop", "break", "continue", "return",
    "function", "fn", "print", "nowait", "await", "try", "catch", "finally", "throw", "include",
    "using", "weak", "override", "not", "and", "or", "true", "false", "null",
];

/// Crude tokens: runs of word characters, runs of white space, single other characters.
/// Independent of the real lexer on purpose.
pub(crate) fn crude_tokens(text: &str) -> Vec<&str> {
    let class = |c: char| {
        if c.is_alphanumeric() || c == '_' {
            0
        } else if c.is_whitespace() {
            1
        } else {
            2
        }
    };
    let mut tokens = Vec::new();
    let mut start = 0;
    let mut previous: Option<u8> = None;
    for (i, c) in text.char_indices() {
        let k = class(c);
        if previous.is_some_and(|p| p != k || k == 2) {
            tokens.push(&text[start..i]);
            start = i;
        }
        previous = Some(k);
    }
    if start < text.len() {
        tokens.push(&text[start..]);
    }
    tokens
}

fn char_boundaries(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect()
}

/// Applies one random mutation to `text`; `others` are texts to splice lines from.
fn mutate(rng: &mut Rng, text: &str, others: &[&str]) -> String {
    let mut tokens: Vec<String> = crude_tokens(text).into_iter().map(String::from).collect();
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let n = tokens.len();
    let i = rng.below(n);
    match rng.below(12) {
        0 if n > 0 => {
            tokens.remove(i);
        }
        1 => tokens.insert(rng.below(n + 1), rng.pick(DEBRIS).to_string()),
        2 if n > 0 => tokens.insert(i, tokens[i].clone()),
        3 if n > 0 => tokens.swap(i, rng.below(n)),
        4 => {
            let places = char_boundaries(text);
            let at = *rng.pick(&places);
            let next = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            return format!("{}{}", &text[..at], &text[next..]);
        }
        5 => {
            let places = char_boundaries(text);
            let at = *rng.pick(&places);
            return format!("{}{}{}", &text[..at], rng.pick(DEBRIS), &text[at..]);
        }
        6 => {
            let places = char_boundaries(text);
            return text[..*rng.pick(&places)].to_string();
        }
        7 if !others.is_empty() => {
            let donor: Vec<&str> = rng.pick(others).split_inclusive('\n').collect();
            let from = rng.below(donor.len());
            let to = (from + 1 + rng.below(6)).min(donor.len());
            let at = rng.below(lines.len() + 1);
            let spliced = donor.get(from..to).unwrap_or_default();
            return [&lines[..at], spliced, &lines[at..]].concat().concat();
        }
        8 if !lines.is_empty() => {
            let from = rng.below(lines.len());
            let to = (from + 1 + rng.below(4)).min(lines.len());
            return [&lines[..from], &lines[to..]].concat().concat();
        }
        9 if !lines.is_empty() => {
            let from = rng.below(lines.len());
            let to = (from + 1 + rng.below(4)).min(lines.len());
            return [&lines[..to], &lines[from..]].concat().concat();
        }
        10 => rename_word(rng, &mut tokens, true),
        11 if lines.len() > 1 => {
            let mut lines = lines;
            let j = rng.below(lines.len());
            let k = rng.below(lines.len());
            lines.swap(j, k);
            return lines.concat();
        }
        _ => tokens.push(rng.pick(DEBRIS).to_string()),
    }
    tokens.concat()
}

/// Replaces one word, or every occurrence of it, by another word of the text or (with
/// `debris`) by anything; words that are not keywords keep programs parseable and feed the
/// checker and lowering wrong names.
fn rename_word(rng: &mut Rng, tokens: &mut [String], debris: bool) {
    let words: Vec<usize> = (0..tokens.len())
        .filter(|&i| tokens[i].starts_with(|c: char| c.is_alphabetic() || c == '_'))
        .filter(|&i| debris || !KEYWORDS.contains(&tokens[i].as_str()))
        .collect();
    if words.is_empty() {
        return;
    }
    let target = tokens[*rng.pick(&words)].clone();
    let replacement = if !debris || rng.chance(70) {
        tokens[*rng.pick(&words)].clone()
    } else {
        rng.pick(DEBRIS).to_string()
    };
    let everywhere = rng.chance(50);
    for token in tokens.iter_mut().filter(|t| **t == target) {
        *token = replacement.clone();
        if !everywhere {
            break;
        }
    }
}

/// Swaps 1 to 3 names of a program (not keywords) for other names of it: the program mostly
/// still parses, and the checker and lowering meet undeclared names, wrong parents, cycles,
/// duplicates and calls of the wrong things.
pub(crate) fn rename_some(rng: &mut Rng, text: &str) -> String {
    let mut tokens: Vec<String> = crude_tokens(text).into_iter().map(String::from).collect();
    for _ in 0..=rng.below(3) {
        rename_word(rng, &mut tokens, false);
    }
    tokens.concat()
}

/// Applies 1 to 4 mutations.
pub(crate) fn mutate_some(rng: &mut Rng, text: &str, others: &[&str]) -> String {
    let mut text = text.to_string();
    for _ in 0..=rng.below(4) {
        text = mutate(rng, &text, others);
    }
    text
}
