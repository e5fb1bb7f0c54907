//! StringBox methods (SPEC §6). Strings are indexed by characters (Unicode scalar values), not
//! bytes; ASCII strings take a byte-indexed fast path. Index rules (docs/LANGUAGE.md):
//! `substring` clamps its bounds into the string, `get`/`charAt` give null out of range.

use super::args::{clamp_index, index_in, Args, Fail, Outcome, Who};
use super::Host;
use crate::value::{Raise, Value};
use std::rc::Rc;

methods! {
    /// The methods of StringBox.
    StringMethod {
        Length = "length",
        Substring = "substring",
        Get = "get",
        CharAt = "charAt",
        Find = "find",
        IndexOf = "indexOf",
        Contains = "contains",
        StartsWith = "startsWith",
        EndsWith = "endsWith",
        Replace = "replace",
        Split = "split",
        Trim = "trim",
        ToUpper = "toUpper",
        ToUpperCase = "toUpperCase",
        ToLower = "toLower",
        ToLowerCase = "toLowerCase",
        ToInteger = "toInteger",
        ToFloat = "toFloat",
        Concat = "concat",
        Repeat = "repeat",
    }
}

/// The longest string `repeat` builds, in bytes (the same limit as `S * I`).
const MAX_STRING_BYTES: usize = 1 << 30;

pub(crate) fn call(
    host: &mut dyn Host,
    s: &Rc<String>,
    method: StringMethod,
    values: &[Value],
) -> Outcome {
    use StringMethod as M;
    let args = Args::new(Who::Method("StringBox", method.name()), values);
    match method {
        M::Length => {
            args.count(0)?;
            Ok(Value::Int(char_count(s) as i64))
        }
        M::Substring => substring(s, &args),
        M::Get | M::CharAt => {
            args.count(1)?;
            Ok(char_at(s, args.int(0)?))
        }
        M::Find | M::IndexOf => {
            args.count(1)?;
            let needle = args.str(0)?;
            Ok(Value::Int(s.find(needle.as_str()).map_or(-1, |byte| {
                char_count(s.get(..byte).unwrap_or("")) as i64
            })))
        }
        M::Contains => {
            args.count(1)?;
            Ok(Value::Bool(s.contains(args.str(0)?.as_str())))
        }
        M::StartsWith => {
            args.count(1)?;
            Ok(Value::Bool(s.starts_with(args.str(0)?.as_str())))
        }
        M::EndsWith => {
            args.count(1)?;
            Ok(Value::Bool(s.ends_with(args.str(0)?.as_str())))
        }
        M::Replace => {
            args.count(2)?;
            let (from, to) = (args.str(0)?, args.str(1)?);
            Ok(Value::str(s.replace(from.as_str(), to)))
        }
        M::Split => {
            args.count(1)?;
            Ok(split(s, args.str(0)?))
        }
        M::Trim => {
            args.count(0)?;
            Ok(Value::str(s.trim()))
        }
        M::ToUpper | M::ToUpperCase => {
            args.count(0)?;
            Ok(Value::str(s.to_uppercase()))
        }
        M::ToLower | M::ToLowerCase => {
            args.count(0)?;
            Ok(Value::str(s.to_lowercase()))
        }
        M::ToInteger => {
            args.count(0)?;
            Ok(s.trim().parse::<i64>().map_or(Value::Null, Value::Int))
        }
        M::ToFloat => {
            args.count(0)?;
            Ok(s.trim().parse::<f64>().map_or(Value::Null, Value::Float))
        }
        M::Concat => {
            args.count(1)?;
            let tail = super::display(host, args.get(0))?;
            Ok(Value::str(format!("{s}{tail}")))
        }
        M::Repeat => {
            args.count(1)?;
            Ok(Value::str(repeat(s, args.int(0)?, args.who)?))
        }
    }
}

/// Length in characters.
pub(crate) fn char_count(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// `substring(start, end)` when the string is ASCII up to `end`: characters are bytes there,
/// so only that prefix is scanned (not the whole string, three times). `None` otherwise.
fn ascii_prefix_substring<'s>(s: &'s str, args: &Args) -> Result<Option<&'s str>, Fail> {
    if args.len() != 2 {
        return Ok(None);
    }
    let (start, end) = (args.int(0)?, args.int(1)?);
    let Some(end) = usize::try_from(end.max(0)).ok().filter(|&e| e <= s.len()) else {
        return Ok(None);
    };
    let prefix = &s.as_bytes()[..end];
    if !prefix.is_ascii() {
        return Ok(None);
    }
    // The string has at least `end` characters, so clamping into `0..=length` leaves `end`
    // as it is, and `start` matters only when below it.
    let start = usize::try_from(start.max(0)).unwrap_or(0).min(end);
    Ok(Some(s.get(start..end).unwrap_or("")))
}

/// Byte offset of character `index` (`index <= char_count`); the end for larger indexes.
fn byte_offset(s: &str, index: usize) -> usize {
    if s.is_ascii() {
        return index.min(s.len());
    }
    s.char_indices()
        .nth(index)
        .map_or(s.len(), |(byte, _)| byte)
}

/// `substring(start)` / `substring(start, end)`: both bounds clamped into `0..=length`;
/// an empty string when `start >= end`.
fn substring(s: &str, args: &Args) -> Outcome {
    args.count_between(1, 2)?;
    if let Some(part) = ascii_prefix_substring(s, args)? {
        return Ok(Value::str(part));
    }
    let length = char_count(s);
    let start = clamp_index(args.int(0)?, length);
    let end = if args.len() == 2 {
        clamp_index(args.int(1)?, length)
    } else {
        length
    };
    if start >= end {
        return Ok(Value::str(""));
    }
    let (from, to) = (byte_offset(s, start), byte_offset(s, end));
    Ok(Value::str(s.get(from..to).unwrap_or("")))
}

/// The one-character string at character `index`, or null out of range.
fn char_at(s: &str, index: i64) -> Value {
    if s.is_ascii() {
        return index_in(index, s.len())
            .and_then(|i| s.get(i..i + 1))
            .map_or(Value::Null, Value::str);
    }
    usize::try_from(index)
        .ok()
        .and_then(|i| s.chars().nth(i))
        .map_or(Value::Null, |c| Value::str(c.to_string()))
}

/// `split(sep)`: an empty separator splits into characters (`"".split("")` is `[]`); an
/// empty string split by a non-empty separator is `[""]`.
fn split(s: &str, sep: &str) -> Value {
    let parts: Vec<Value> = if sep.is_empty() {
        s.chars().map(|c| Value::str(c.to_string())).collect()
    } else {
        s.split(sep).map(Value::str).collect()
    };
    Value::array(parts)
}

/// `s` repeated `count` times.
fn repeat(s: &str, count: i64, who: Who) -> Result<String, Fail> {
    let Ok(times) = usize::try_from(count) else {
        return Err(Fail::from(format!(
            "{who} count must not be negative, got {count}"
        )));
    };
    match s.len().checked_mul(times) {
        Some(bytes) if bytes <= MAX_STRING_BYTES => Ok(s.repeat(times)),
        _ => Err(Fail::Raise(Raise::Message(format!(
            "{who} result would be longer than {MAX_STRING_BYTES} bytes"
        )))),
    }
}

#[cfg(test)]
mod tests {
    use crate::builtins::test_host::{call_show, i, s, TestHost};
    use crate::value::Value;

    fn run(recv: &str, name: &str, args: &[Value]) -> String {
        call_show(&mut TestHost::new(), &s(recv), name, args)
    }

    #[test]
    fn length_counts_characters() {
        assert_eq!(run("hello", "length", &[]), "5");
        assert_eq!(run("héllo🎉", "length", &[]), "6");
        assert_eq!(run("", "length", &[]), "0");
        assert_eq!(
            run("a", "length", &[i(1)]),
            "error: StringBox.length takes 0 arguments, got 1"
        );
    }

    #[test]
    fn substring_clamps_bounds() {
        assert_eq!(run("hello", "substring", &[i(1), i(3)]), "el");
        assert_eq!(run("hello", "substring", &[i(2)]), "llo");
        assert_eq!(run("hello", "substring", &[i(-5), i(99)]), "hello");
        assert_eq!(run("hello", "substring", &[i(4), i(2)]), "");
        assert_eq!(run("héllo🎉", "substring", &[i(1), i(6)]), "éllo🎉");
        // ASCII up to `end`, other characters after it: only the prefix decides.
        assert_eq!(run("abcé🎉", "substring", &[i(1), i(3)]), "bc");
        assert_eq!(run("abcé🎉", "substring", &[i(-2), i(4)]), "abcé");
        assert_eq!(run("abcé🎉", "substring", &[i(3), i(3)]), "");
        assert_eq!(run("abc", "substring", &[i(i64::MAX), i(i64::MIN)]), "");
        assert_eq!(
            run("abc", "substring", &[]),
            "error: StringBox.substring takes 1 or 2 arguments, got 0"
        );
        assert_eq!(
            run("abc", "substring", &[s("1"), i(2)]),
            "error: StringBox.substring expects an IntegerBox, got StringBox"
        );
    }

    #[test]
    fn get_and_char_at_give_null_out_of_range() {
        assert_eq!(run("abc", "get", &[i(1)]), "b");
        assert_eq!(run("abc", "charAt", &[i(2)]), "c");
        assert_eq!(run("abc", "charAt", &[i(3)]), "null");
        assert_eq!(run("abc", "get", &[i(-1)]), "null");
        assert_eq!(run("a🎉b", "get", &[i(1)]), "🎉");
        assert_eq!(run("a🎉b", "get", &[i(3)]), "null");
    }

    #[test]
    fn find_returns_character_indexes() {
        assert_eq!(run("hello", "find", &[s("l")]), "2");
        assert_eq!(run("hello", "indexOf", &[s("z")]), "-1");
        assert_eq!(run("🎉é-x", "indexOf", &[s("x")]), "3");
        assert_eq!(run("abc", "find", &[s("")]), "0");
        assert_eq!(
            run("abc", "find", &[i(1)]),
            "error: StringBox.find expects a StringBox, got IntegerBox"
        );
    }

    #[test]
    fn predicates() {
        assert_eq!(run("hello", "contains", &[s("ell")]), "true");
        assert_eq!(run("hello", "contains", &[s("xyz")]), "false");
        assert_eq!(run("hello", "startsWith", &[s("he")]), "true");
        assert_eq!(run("hello", "endsWith", &[s("lo")]), "true");
        assert_eq!(run("hello", "endsWith", &[s("he")]), "false");
    }

    #[test]
    fn replace_all_occurrences() {
        assert_eq!(run("a-b-c", "replace", &[s("-"), s("+")]), "a+b+c");
        assert_eq!(run("aaa", "replace", &[s("aa"), s("b")]), "ba");
        assert_eq!(run("ab", "replace", &[s(""), s("-")]), "-a-b-");
    }

    #[test]
    fn split_rules() {
        assert_eq!(run("a,b,,c", "split", &[s(",")]), "[a, b, , c]");
        assert_eq!(run("abc", "split", &[s("")]), "[a, b, c]");
        assert_eq!(run("", "split", &[s("")]), "[]");
        // One empty part, which prints as nothing.
        assert_eq!(run("", "split", &[s(",")]), "[]");
        assert_eq!(run("x", "split", &[s(",")]), "[x]");
    }

    #[test]
    fn empty_string_split_gives_one_empty_part() {
        let mut host = TestHost::new();
        let parts = crate::builtins::test_host::call(&mut host, &s(""), "split", &[s(",")]);
        let Ok(Value::Array(items)) = parts else {
            panic!("split must give an array");
        };
        assert_eq!(items.borrow().len(), 1);
    }

    #[test]
    fn trim_and_case() {
        assert_eq!(run("  hi \t\n", "trim", &[]), "hi");
        assert_eq!(run("abcÉé", "toUpper", &[]), "ABCÉÉ");
        assert_eq!(run("straße", "toUpper", &[]), "STRASSE");
        assert_eq!(run("abc", "toUpperCase", &[]), "ABC");
        assert_eq!(run("ABCÉ", "toLower", &[]), "abcé");
        assert_eq!(run("ABC", "toLowerCase", &[]), "abc");
    }

    #[test]
    fn number_conversions() {
        assert_eq!(run("42", "toInteger", &[]), "42");
        assert_eq!(run(" -7 ", "toInteger", &[]), "-7");
        assert_eq!(run("+3", "toInteger", &[]), "3");
        assert_eq!(run("3.5", "toInteger", &[]), "null");
        assert_eq!(run("abc", "toInteger", &[]), "null");
        assert_eq!(run("", "toInteger", &[]), "null");
        assert_eq!(run("99999999999999999999", "toInteger", &[]), "null");
        assert_eq!(run("2.5", "toFloat", &[]), "2.5");
        assert_eq!(run(" 1e3 ", "toFloat", &[]), "1000");
        assert_eq!(run("7", "toFloat", &[]), "7");
        assert_eq!(run("x1", "toFloat", &[]), "null");
    }

    #[test]
    fn concat_and_repeat() {
        assert_eq!(run("a", "concat", &[s("b")]), "ab");
        assert_eq!(run("a", "concat", &[i(1)]), "a1");
        assert_eq!(run("a", "concat", &[Value::Null]), "anull");
        assert_eq!(run("ab", "repeat", &[i(3)]), "ababab");
        assert_eq!(run("ab", "repeat", &[i(0)]), "");
        assert_eq!(
            run("ab", "repeat", &[i(-1)]),
            "error: StringBox.repeat count must not be negative, got -1"
        );
        assert_eq!(
            run("ab", "repeat", &[i(i64::MAX)]),
            "error: StringBox.repeat result would be longer than 1073741824 bytes"
        );
    }

    #[test]
    fn universal_methods() {
        assert_eq!(run("ab", "toString", &[]), "ab");
        assert_eq!(run("ab", "type", &[]), "StringBox");
        assert_eq!(run("ab", "equals", &[s("ab")]), "true");
        assert_eq!(run("ab", "equals", &[i(1)]), "false");
        assert_eq!(
            run("ab", "equals", &[]),
            "error: StringBox.equals takes 1 argument, got 0"
        );
    }
}
