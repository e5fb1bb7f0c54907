//! Shrinking a failing program: removes lines and whole blocks for as long as the program
//! still fails, so that a mismatch is reported with the smallest program that shows it.
//!
//! The unit of removal is a line or, for a line that opens a block (`... {` at its end), the
//! block up to its closing line. Removals that break the program are rejected by the caller's
//! test (which should treat a program the front end refuses as "not failing").

/// The smallest program found by removing lines of `program` while `fails` stays true.
/// `fails` is called once per candidate; `budget` bounds the number of calls.
pub fn shrink(program: &str, mut fails: impl FnMut(&str) -> bool, budget: usize) -> String {
    let mut lines: Vec<String> = program.lines().map(str::to_string).collect();
    let mut calls = 0;
    loop {
        let mut progress = false;
        let mut at = 0;
        while at < lines.len() && calls < budget {
            let end = unit_end(&lines, at);
            let candidate: Vec<String> = lines
                .iter()
                .enumerate()
                .filter(|(i, _)| *i < at || *i > end)
                .map(|(_, l)| l.clone())
                .collect();
            calls += 1;
            if !candidate.is_empty() && fails(&join(&candidate)) {
                lines = candidate;
                progress = true;
            } else {
                at += 1;
            }
        }
        if !progress || calls >= budget {
            return join(&lines);
        }
    }
}

/// The last line of the unit starting at `at`: the line itself, or the line that closes the
/// block it opens (`} else {` lines continue the block).
fn unit_end(lines: &[String], at: usize) -> usize {
    let mut depth = 0i32;
    for (i, line) in lines.iter().enumerate().skip(at) {
        let trimmed = line.trim();
        if trimmed.starts_with('}') {
            depth -= 1;
        }
        if trimmed.ends_with('{') {
            depth += 1;
        }
        if depth <= 0 {
            return i;
        }
    }
    at
}

fn join(lines: &[String]) -> String {
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_only_what_the_failure_needs() {
        let program = "a\nb {\n  c\n}\nd\nboom\ne\n";
        let shrunk = shrink(program, |p| p.contains("boom"), 100);
        assert_eq!(shrunk, "boom\n");
    }

    #[test]
    fn removes_blocks_whole() {
        let program = "x {\n  y\n} else {\n  boom\n}\n";
        // A candidate is only accepted when its braces balance, as a parser would insist.
        let balanced = |p: &str| p.matches('{').count() == p.matches('}').count();
        let shrunk = shrink(program, |p| p.contains("boom") && balanced(p), 100);
        assert!(shrunk.contains("boom"));
        assert!(!shrunk.contains('y'));
    }
}
