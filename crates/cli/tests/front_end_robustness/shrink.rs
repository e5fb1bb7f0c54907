//! Shrinking a failing input: whole `{ }` blocks, then runs of lines, then runs of tokens are
//! removed while the input still fails in the same way.

use crate::mutate::crude_tokens;
use crate::run::run_front_end;

/// Runs of the front end one shrink may spend.
const SHRINK_BUDGET: usize = 4000;

/// Makes `text` smaller while it still fails with `kind`: removes whole `{ }` blocks, then
/// runs of lines, then runs of tokens, until nothing more can go (or the budget is spent).
pub(crate) fn shrink(text: &str, kind: &str) -> String {
    let mut runs = 0;
    let mut still_fails = |candidate: &str| {
        runs += 1;
        runs <= SHRINK_BUDGET && matches!(run_front_end(candidate), Err(f) if f.kind == kind)
    };
    let lines = |s: &str| {
        s.split_inclusive('\n')
            .map(String::from)
            .collect::<Vec<_>>()
    };
    let tokens = |s: &str| {
        crude_tokens(s)
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>()
    };
    let mut best = text.to_string();
    loop {
        let before = best.len();
        best = remove_blocks(lines(&best), &mut still_fails);
        best = remove_runs(lines(&best), &mut still_fails);
        best = remove_runs(tokens(&best), &mut still_fails);
        if best.len() == before {
            return best;
        }
    }
}

/// Tries removing each line that opens a block together with the lines up to its end.
pub(crate) fn remove_blocks(
    mut lines: Vec<String>,
    still_fails: &mut impl FnMut(&str) -> bool,
) -> String {
    let balance =
        |line: &str| line.matches('{').count() as isize - line.matches('}').count() as isize;
    let mut i = 0;
    while i < lines.len() {
        let mut depth = 0;
        let end = (i..lines.len()).find(|&j| {
            depth += balance(&lines[j]);
            depth <= 0
        });
        let removed = match end {
            Some(end) if end > i => {
                let candidate = lines[..i].concat() + &lines[end + 1..].concat();
                still_fails(&candidate).then(|| lines.drain(i..=end))
            }
            _ => None,
        };
        if removed.is_none() {
            i += 1;
        }
    }
    lines.concat()
}

/// Removes runs of pieces, halving the run length down to single pieces.
pub(crate) fn remove_runs(
    mut pieces: Vec<String>,
    still_fails: &mut impl FnMut(&str) -> bool,
) -> String {
    let mut chunk = pieces.len().div_ceil(2).max(1);
    loop {
        let mut removed_any = false;
        let mut i = 0;
        while i < pieces.len() {
            let end = (i + chunk).min(pieces.len());
            let candidate = pieces[..i].concat() + &pieces[end..].concat();
            if still_fails(&candidate) {
                pieces.drain(i..end);
                removed_any = true;
            } else {
                i += chunk;
            }
        }
        if chunk == 1 && !removed_any {
            return pieces.concat();
        }
        chunk = (chunk / 2).max(1);
    }
}
