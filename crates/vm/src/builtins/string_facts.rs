//! A one-entry memo of a string's character count and ASCII-ness, for the StringBox
//! `length()` and `substring(start, end)` calls a loop makes on one long string again and
//! again (`loop(i < s.length()) { ... s.substring(i, i + 3) ... }`): without it each call
//! scans the string to find out whether characters are bytes.
//!
//! Why the memo is always right: it keeps a `Weak` to the string it describes. While that
//! `Weak` exists the string's allocation is not freed, so no other string can appear at its
//! address, and the string cannot change in place (`Rc::make_mut`, the only in-place change
//! the VM makes, moves a string with weak references to a new allocation first). So a string
//! at the memo's address is that very string, unchanged.
//!
//! The VM tries [`fast_string_method`] before the generic path; it answers only error-free
//! cases, with the same results as `string.rs`.

use std::rc::{Rc, Weak};

use super::args::clamp_index;
use super::string::{char_count, StringMethod};
use super::BuiltinMethod;
use crate::value::Value;

/// What is known about the string last asked about.
pub(crate) struct StringFacts {
    string: Weak<String>,
    chars: usize,
    ascii: bool,
}

impl Default for StringFacts {
    fn default() -> StringFacts {
        StringFacts {
            string: Weak::new(),
            chars: 0,
            ascii: true,
        }
    }
}

impl StringFacts {
    /// `(character count, whether characters are bytes)` of `s`.
    fn of(&mut self, s: &Rc<String>) -> (usize, bool) {
        if std::ptr::eq(self.string.as_ptr(), Rc::as_ptr(s)) {
            return (self.chars, self.ascii);
        }
        let ascii = s.is_ascii();
        let chars = if ascii { s.len() } else { char_count(s) };
        *self = StringFacts {
            string: Rc::downgrade(s),
            chars,
            ascii,
        };
        (chars, ascii)
    }
}

/// `s.length()` and `s.substring(...)` with integer bounds on an ASCII string; `None` when the
/// generic path must answer (other methods, wrong arguments, non-ASCII substrings).
pub(crate) fn fast_string_method(
    facts: &mut StringFacts,
    regs: &[Value],
    s: &Rc<String>,
    method: BuiltinMethod,
    args: &[u32],
) -> Option<Value> {
    let BuiltinMethod::String(method) = method else {
        return None;
    };
    let int = |i: usize| match args.get(i).and_then(|&r| regs.get(r as usize)) {
        Some(Value::Int(n)) => Some(*n),
        _ => None,
    };
    match (method, args.len()) {
        (StringMethod::Length, 0) => Some(Value::Int(facts.of(s).0 as i64)),
        (StringMethod::Substring, 1 | 2) => {
            let (start, end) = (int(0)?, if args.len() == 2 { Some(int(1)?) } else { None });
            let (chars, ascii) = facts.of(s);
            if !ascii {
                return None;
            }
            let start = clamp_index(start, chars);
            let end = end.map_or(chars, |end| clamp_index(end, chars));
            let part = if start < end { s.get(start..end)? } else { "" };
            Some(Value::str(part))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::lookup_method;
    use nyash_mir::BuiltinBox;

    fn call(facts: &mut StringFacts, s: &Rc<String>, name: &str, args: &[i64]) -> Option<String> {
        let method = lookup_method(BuiltinBox::String, name).expect("a StringBox method");
        let regs: Vec<Value> = args.iter().map(|&n| Value::Int(n)).collect();
        let arg_regs: Vec<u32> = (0..args.len() as u32).collect();
        fast_string_method(facts, &regs, s, method, &arg_regs).map(|v| match v {
            Value::Int(n) => n.to_string(),
            Value::Str(s) => s.to_string(),
            _ => "?".into(),
        })
    }

    #[test]
    fn answers_length_and_ascii_substrings_like_the_generic_path() {
        let mut facts = StringFacts::default();
        let s = Rc::new("hello".to_string());
        assert_eq!(call(&mut facts, &s, "length", &[]).as_deref(), Some("5"));
        assert_eq!(
            call(&mut facts, &s, "substring", &[1, 3]).as_deref(),
            Some("el")
        );
        assert_eq!(
            call(&mut facts, &s, "substring", &[-5, 99]).as_deref(),
            Some("hello")
        );
        assert_eq!(
            call(&mut facts, &s, "substring", &[4, 2]).as_deref(),
            Some("")
        );
        assert_eq!(
            call(&mut facts, &s, "substring", &[2]).as_deref(),
            Some("llo")
        );
        assert_eq!(call(&mut facts, &s, "length", &[1]), None);
    }

    #[test]
    fn non_ascii_strings_count_characters_and_leave_substring_to_the_generic_path() {
        let mut facts = StringFacts::default();
        let s = Rc::new("héllo🎉".to_string());
        assert_eq!(call(&mut facts, &s, "length", &[]).as_deref(), Some("6"));
        assert_eq!(call(&mut facts, &s, "substring", &[1, 3]), None);
    }

    #[test]
    fn a_string_changed_in_place_is_seen_afresh() {
        let mut facts = StringFacts::default();
        let mut s = Rc::new("abc".to_string());
        assert_eq!(call(&mut facts, &s, "length", &[]).as_deref(), Some("3"));
        Rc::make_mut(&mut s).push('é');
        assert_eq!(call(&mut facts, &s, "length", &[]).as_deref(), Some("4"));
        assert_eq!(call(&mut facts, &s, "substring", &[0, 2]), None);
    }
}
