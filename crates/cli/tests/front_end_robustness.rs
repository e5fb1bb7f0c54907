//! Robustness of the whole front end on damaged and generated programs.
//!
//! Thousands of inputs go through every compile-time stage that `nyash` runs:
//! `nyash_syntax::parse`, then (without syntax errors) `nyash_check::check`, then (without
//! check errors) `nyash_lower::lower` and `nyash_mir::verify`. The inputs are
//! - every `tests/programs/**/*.nyash` and `examples/*.nyash` file, as written and after random
//!   damage: tokens and characters deleted, inserted, duplicated or swapped, truncation, lines
//!   spliced in from other files, names renamed, keywords, operators and emoji dropped anywhere;
//! - programs generated from a small grammar of Nyash that are well formed (boxes with fields,
//!   constructors, methods, delegation and `override`; interfaces; functions; `try`, loops,
//!   `nowait`/`await`), so that checking and lowering run deep, not only the parser; damaged
//!   copies of them, copies with names swapped, copies cut into an included file and a main
//!   file, and programs written with mistakes the checker leaves to the run time (argument
//!   counts of methods and constructors);
//! - programs nested as deep as the parser allows, and deeper.
//!
//! Properties: no stage panics; every diagnostic's span lies inside the text of one of the
//! program's files, on char boundaries, and rendering diagnostics does not panic; every span in
//! the MIR (which runtime errors will point at) does the same; a program that passes `check`
//! lowers to a module that passes `verify`, except for the lowering errors listed in
//! [`KNOWN_CHECK_GAPS`], which are counted and printed (`--nocapture`) instead.
//!
//! The inputs come from seeded generators, so every run checks the same cases;
//! `FRONT_END_FUZZ_SCALE=N` runs N times as many. A failing input is shrunk (blocks, lines,
//! then tokens removed while it still fails in the same way) and printed in the failure.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Once;

use nyash_diagnostics::{render_to_string, Diagnostic, FileId, SourceFiles, Span};
use nyash_syntax::{parse, ParsedFile, Program};

/// How many times more inputs to run than the counts below: `FRONT_END_FUZZ_SCALE=50 cargo
/// test --release --test front_end_robustness` searches longer (same seeds, longer sequences).
fn scale() -> usize {
    std::env::var("FRONT_END_FUZZ_SCALE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
}

/// Damaged copies made of each corpus file.
const MUTANTS_PER_FILE: usize = 12;
/// Programs generated from the grammar (each is also run once damaged).
const GENERATED_PROGRAMS: usize = 700;
/// Programs generated with wrong argument counts and similar mistakes.
const CARELESS_PROGRAMS: usize = 300;
/// Distinct failures shrunk and reported; more would only repeat the same bugs.
const FAILURES_REPORTED: usize = 8;
/// Runs of the front end one shrink may spend.
const SHRINK_BUDGET: usize = 4000;

// ---------------------------------------------------------------------------------------------
// Running one input through the front end
// ---------------------------------------------------------------------------------------------

/// How far an input went through the front end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reached {
    SyntaxErrors,
    CheckErrors,
    Lowered,
}

/// A broken property. `kind` names the bug without input-specific details, so that shrinking
/// keeps an input that fails in the same way; `detail` tells everything.
#[derive(Debug, Clone)]
struct Failure {
    kind: String,
    detail: String,
}

impl Failure {
    fn new(kind: impl Into<String>, detail: impl Into<String>) -> Self {
        Failure {
            kind: kind.into(),
            detail: detail.into(),
        }
    }
}

/// In an input, separates the files of a program: the text before it is a file that the text
/// after it includes (a `Program` lists included files first).
const FILE_BREAK: &str = "//@@ next file @@\n";

/// Runs `text` through every stage, catching panics; `Err` says which property broke.
fn run_front_end(text: &str) -> Result<Reached, Failure> {
    install_quiet_panic_hook();
    GUARDED.with(|g| g.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(|| front_end_properties(text)));
    GUARDED.with(|g| g.set(false));
    match result {
        Ok(outcome) => outcome,
        Err(_) => {
            let (message, place) = LAST_PANIC.with(|p| p.take());
            Err(Failure::new(
                format!("panic at {place}"),
                format!("panic at {place}: {message}"),
            ))
        }
    }
}

fn front_end_properties(text: &str) -> Result<Reached, Failure> {
    let mut files = SourceFiles::new();
    // The program's files do not start at file 0, so that a span left at its default shows up.
    files.add("unused.nyash", "");
    let mut parsed = Vec::new();
    let mut syntax_errors = Vec::new();
    for (index, part) in text.split(FILE_BREAK).enumerate() {
        let id = files.add(format!("file{index}.nyash"), part);
        let (ast, mut errors) = parse(id, part);
        parsed.push(ParsedFile { id, ast });
        syntax_errors.append(&mut errors);
    }
    if !syntax_errors.is_empty() {
        let diagnostics: Vec<Diagnostic> =
            syntax_errors.iter().map(|e| e.to_diagnostic()).collect();
        check_diagnostics("syntax", &files, &diagnostics)?;
        return Ok(Reached::SyntaxErrors);
    }
    let program = Program { files: parsed };
    let check_errors = nyash_check::check(&program);
    if !check_errors.is_empty() {
        let diagnostics: Vec<Diagnostic> = check_errors.iter().map(|e| e.to_diagnostic()).collect();
        check_diagnostics("check", &files, &diagnostics)?;
        return Ok(Reached::CheckErrors);
    }
    match nyash_lower::lower(&program) {
        Ok(module) => {
            if let Err(errors) = nyash_mir::verify(&module) {
                let first = errors.first().map(|e| e.to_string()).unwrap_or_default();
                return Err(Failure::new(
                    "lowered module fails verify",
                    format!("{} verify errors, first: {first}", errors.len()),
                ));
            }
            check_mir_spans(&module, &files)?;
            Ok(Reached::Lowered)
        }
        Err(errors) => {
            let diagnostics: Vec<Diagnostic> = errors.iter().map(|e| e.to_diagnostic()).collect();
            check_diagnostics("lower", &files, &diagnostics)?;
            let variants: BTreeSet<String> = errors.iter().map(variant_name).collect();
            let variants: Vec<String> = variants.into_iter().collect();
            Err(Failure::new(
                format!("{LOWER_FAILED}{}", variants.join(", ")),
                format!(
                    "lower errors: {:?}",
                    diagnostics.iter().map(|d| &d.message).collect::<Vec<_>>()
                ),
            ))
        }
    }
}

/// Spans of `stage`'s diagnostics lie in a program file's text on char boundaries; rendering
/// works and shows every message.
fn check_diagnostics(
    stage: &str,
    files: &SourceFiles,
    diagnostics: &[Diagnostic],
) -> Result<(), Failure> {
    for diagnostic in diagnostics {
        if let Some(span) = diagnostic.span {
            check_span(stage, files, span).map_err(|f| {
                Failure::new(
                    f.kind,
                    format!("{} (message: {})", f.detail, diagnostic.message),
                )
            })?;
        }
    }
    let rendered = render_to_string(files, diagnostics);
    for diagnostic in diagnostics {
        if !rendered.contains(&diagnostic.message) {
            return Err(Failure::new(
                format!("{stage} diagnostic missing from the rendering"),
                format!("message {:?} not in:\n{rendered}", diagnostic.message),
            ));
        }
    }
    Ok(())
}

/// `span` names one of the program's files (not the unused file 0) and lies inside its text,
/// on char boundaries.
fn check_span(what: &str, files: &SourceFiles, span: Span) -> Result<(), Failure> {
    let index = span.file.0 as usize;
    if index == 0 || index >= files.len() {
        return Err(Failure::new(
            format!("{what} span in a file that is not the program's"),
            format!("span {span} names file {index}"),
        ));
    }
    let text = files.text(span.file);
    let (start, end) = (span.start as usize, span.end as usize);
    if start > end || end > text.len() {
        return Err(Failure::new(
            format!("{what} span outside the text"),
            format!("span {span} in a text of {} bytes", text.len()),
        ));
    }
    if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return Err(Failure::new(
            format!("{what} span not on char boundaries"),
            format!("span {span} splits a character"),
        ));
    }
    Ok(())
}

/// Every span of the module (functions, classes, instructions, terminators) is a valid place.
fn check_mir_spans(module: &nyash_mir::Module, files: &SourceFiles) -> Result<(), Failure> {
    for class in &module.classes {
        check_span("MIR class", files, class.span)?;
    }
    for function in &module.functions {
        let in_function =
            |f: Failure| Failure::new(f.kind, format!("{} in `{}`", f.detail, function.name));
        check_span("MIR function", files, function.span).map_err(in_function)?;
        for block in &function.blocks {
            for inst in &block.insts {
                check_span("MIR instruction", files, inst.span).map_err(in_function)?;
            }
            check_span("MIR terminator", files, block.term.span).map_err(in_function)?;
        }
    }
    Ok(())
}

/// The start of the kind of every failure of lowering on a checked program.
const LOWER_FAILED: &str = "lowering a checked program failed: ";

/// Lowering errors that the checker does not report yet, so that a checked program can still
/// fail to lower. Each is counted and printed with a small example, not treated as a failure;
/// every other lowering error on a checked program is. Remove an entry once the checker
/// reports its case.
/// - `ArityMismatch`: `from P.m(x)` where `P.m` takes another number of arguments (the checker
///   does not check method arities, lowering does for `from` calls).
/// - `NoParentCtor`: `from P.birth(x)` where no constructor of `P` itself takes that many
///   arguments (also when only an ancestor of `P` has `birth`).
/// - `MainArity`: `main(a, b)` in `static box Main`.
/// - `NotStaticBox`: `B.f()` where `B` is an ordinary box and `function B.f()` exists.
const KNOWN_CHECK_GAPS: &[&str] = &["ArityMismatch", "NoParentCtor", "MainArity", "NotStaticBox"];

/// The name of an error's enum variant (`ArityMismatch` of `ArityMismatch { .. }`).
fn variant_name(error: &impl std::fmt::Debug) -> String {
    let text = format!("{error:?}");
    let end = text.find([' ', '{', '(']).unwrap_or(text.len());
    text[..end].to_string()
}

// ---------------------------------------------------------------------------------------------
// Panics: caught per input, reported with their place, not printed thousands of times
// ---------------------------------------------------------------------------------------------

thread_local! {
    /// True while this thread runs an input; its panics are recorded, not printed.
    static GUARDED: Cell<bool> = const { Cell::new(false) };
    /// Message and `file:line` of the last guarded panic.
    static LAST_PANIC: RefCell<(String, String)> = const { RefCell::new((String::new(), String::new())) };
}

fn install_quiet_panic_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let default_hook = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(Cell::get) {
                default_hook(info);
                return;
            }
            let payload = info.payload();
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let place = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()))
                .unwrap_or_default();
            LAST_PANIC.with(|p| *p.borrow_mut() = (message, place));
        }));
    });
}

// ---------------------------------------------------------------------------------------------
// Collecting results, shrinking and reporting failures
// ---------------------------------------------------------------------------------------------

/// What a batch of inputs did: how far they went, and the first input of each failure kind.
#[derive(Default)]
struct Tally {
    inputs: usize,
    syntax_errors: usize,
    check_errors: usize,
    lowered: usize,
    /// Checked programs that did not lower, for a reason in [`KNOWN_CHECK_GAPS`].
    lower_failures: usize,
    /// The first input of each known gap met.
    known_gaps: BTreeMap<String, String>,
    failures: BTreeMap<String, (Failure, String)>,
}

impl Tally {
    fn run(&mut self, text: &str) {
        self.inputs += 1;
        match run_front_end(text) {
            Ok(Reached::SyntaxErrors) => self.syntax_errors += 1,
            Ok(Reached::CheckErrors) => self.check_errors += 1,
            Ok(Reached::Lowered) => self.lowered += 1,
            Err(failure) if is_known_gap(&failure) => {
                self.lower_failures += 1;
                self.known_gaps
                    .entry(failure.kind)
                    .or_insert_with(|| text.to_string());
            }
            Err(failure) => {
                self.failures
                    .entry(failure.kind.clone())
                    .or_insert_with(|| (failure, text.to_string()));
            }
        }
    }

    fn summary(&self) -> String {
        format!(
            "{} inputs: {} with syntax errors, {} with check errors, {} lowered and verified, \
             {} checked but not lowered, {} failure kinds",
            self.inputs,
            self.syntax_errors,
            self.check_errors,
            self.lowered,
            self.lower_failures,
            self.failures.len()
        )
    }

    /// Panics with every failure kind found, each with a shrunk input. Prints the summary and
    /// a small example of each known gap met.
    fn assert_no_failures(&self, batch: &str) {
        println!("{batch}: {}", self.summary());
        for (kind, input) in &self.known_gaps {
            println!("  known gap, {kind}, e.g.: {:?}", shrink(input, kind));
        }
        if self.failures.is_empty() {
            return;
        }
        let mut report = format!("{batch}: {}\n", self.summary());
        for (kind, (failure, input)) in self.failures.iter().take(FAILURES_REPORTED) {
            let small = shrink(input, kind);
            let small_failure = run_front_end(&small)
                .err()
                .unwrap_or_else(|| failure.clone());
            report.push_str(&format!(
                "\n=== {kind}\n{}\nsmallest input found ({} bytes, from {} bytes):\n{small:?}\n",
                small_failure.detail,
                small.len(),
                input.len()
            ));
        }
        panic!("{report}");
    }
}

fn is_known_gap(failure: &Failure) -> bool {
    failure
        .kind
        .strip_prefix(LOWER_FAILED)
        .is_some_and(|variants| {
            variants
                .split(", ")
                .all(|variant| KNOWN_CHECK_GAPS.contains(&variant))
        })
}

/// Makes `text` smaller while it still fails with `kind`: removes whole `{ }` blocks, then
/// runs of lines, then runs of tokens, until nothing more can go (or the budget is spent).
fn shrink(text: &str, kind: &str) -> String {
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
fn remove_blocks(mut lines: Vec<String>, still_fails: &mut impl FnMut(&str) -> bool) -> String {
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
fn remove_runs(mut pieces: Vec<String>, still_fails: &mut impl FnMut(&str) -> bool) -> String {
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

// ---------------------------------------------------------------------------------------------
// Random numbers
// ---------------------------------------------------------------------------------------------

/// SplitMix64: small, seedable, and plenty for choosing test cases.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`; 0 when `n` is 0.
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------------------------
// The corpus and its mutations
// ---------------------------------------------------------------------------------------------

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every `.nyash` file of `tests/programs` (recursively) and `examples`, sorted by path.
fn corpus() -> Vec<(PathBuf, String)> {
    let root = repo_root();
    let mut paths = Vec::new();
    collect_nyash_files(&root.join("tests/programs"), true, &mut paths);
    collect_nyash_files(&root.join("examples"), false, &mut paths);
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| std::fs::read_to_string(&p).ok().map(|text| (p, text)))
        .collect()
}

fn collect_nyash_files(dir: &Path, recursive: bool, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() && recursive {
            collect_nyash_files(&path, recursive, out);
        } else if path.extension().is_some_and(|e| e == "nyash") {
            out.push(path);
        }
    }
}

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
fn crude_tokens(text: &str) -> Vec<&str> {
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
fn rename_some(rng: &mut Rng, text: &str) -> String {
    let mut tokens: Vec<String> = crude_tokens(text).into_iter().map(String::from).collect();
    for _ in 0..=rng.below(3) {
        rename_word(rng, &mut tokens, false);
    }
    tokens.concat()
}

/// Applies 1 to 4 mutations.
fn mutate_some(rng: &mut Rng, text: &str, others: &[&str]) -> String {
    let mut text = text.to_string();
    for _ in 0..=rng.below(4) {
        text = mutate(rng, &text, others);
    }
    text
}

// ---------------------------------------------------------------------------------------------
// The generator of (mostly) well-formed programs
// ---------------------------------------------------------------------------------------------

/// What the generator decided about one box before writing any code.
struct BoxPlan {
    name: String,
    is_static: bool,
    /// Indexes of earlier boxes (so there is never a cycle).
    parents: Vec<usize>,
    builtin_parent: Option<&'static str>,
    interface: Option<usize>,
    fields: Vec<String>,
    /// Name and parameter count of each method (not constructors).
    methods: Vec<(String, usize)>,
    /// Keyword (`birth`, `init`, `pack`, or the box name) and parameter count.
    ctors: Vec<(String, usize)>,
    has_fini: bool,
}

/// Where code is being generated: decides what `me`, `from`, `return` and names mean.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    TopLevel,
    Function,
    /// In box `boxes[index]`.
    Box(usize),
}

struct Generator<'r> {
    rng: &'r mut Rng,
    out: String,
    indent: usize,
    boxes: Vec<BoxPlan>,
    interfaces: Vec<Vec<(String, usize)>>,
    functions: Vec<(String, usize)>,
    namespaced: Vec<(String, String, usize)>,
    globals: Vec<String>,
    uses_nyashstd: bool,
    /// Visible locals and parameters, innermost block last; `true` marks a future.
    scopes: Vec<Vec<(String, bool)>>,
    place: Place,
    loop_depth: usize,
    fresh: usize,
    /// Makes the mistakes a programmer makes with names that exist: wrong argument counts,
    /// `main` with too many parameters, methods of ordinary boxes called as `B.m()`.
    careless: bool,
}

const FIELD_NAMES: &[&str] = &[
    "name", "value", "count", "next", "left", "right", "items", "total",
];
const METHOD_NAMES: &[&str] = &[
    "get", "run", "step", "describe", "area", "sum", "toString", "add", "speak", "size",
];
#[rustfmt::skip]
const BUILTIN_METHODS: &[&str] = &[
    "toString", "length", "push", "get", "set", "size", "type", "equals", "abs", "substring",
    "contains", "join", "keys", "message", "isOk",
];
#[rustfmt::skip]
const STRINGS: &[&str] = &[
    "\"\"", "\"hello\"", "\"héllo 😀\"", "\"a\\n\\t\\\"b\\\\\"", "\"日本語\"", "\"\\q\"", "\"x\"",
];
const BINARY_OPERATORS: &[&str] = &[
    "+", "-", "*", "/", "%", ">>", "==", "!=", "<", "<=", ">", ">=", "and", "or", "&&", "||",
];

impl<'r> Generator<'r> {
    fn new(rng: &'r mut Rng, careless: bool) -> Self {
        Generator {
            rng,
            out: String::new(),
            indent: 0,
            boxes: Vec::new(),
            interfaces: Vec::new(),
            functions: Vec::new(),
            namespaced: Vec::new(),
            globals: Vec::new(),
            uses_nyashstd: false,
            scopes: Vec::new(),
            place: Place::TopLevel,
            loop_depth: 0,
            fresh: 0,
            careless,
        }
    }

    /// A whole program: declarations planned first, so any body may use any of them.
    fn program(mut self) -> String {
        self.plan();
        if self.uses_nyashstd {
            self.line("using nyashstd");
        }
        self.scopes.push(Vec::new());
        for index in 0..self.globals.len() {
            let value = self.expr(1);
            let name = self.globals[index].clone();
            self.line(&format!("global {name} = {value}"));
        }
        for index in 0..self.interfaces.len() {
            self.interface_decl(index);
        }
        for index in 0..self.boxes.len() {
            self.box_decl(index);
        }
        for index in 0..self.functions.len() {
            let (name, arity) = self.functions[index].clone();
            self.callable(&format!("function {name}"), arity, Place::Function);
        }
        for index in 0..self.namespaced.len() {
            let (ns, name, arity) = self.namespaced[index].clone();
            self.callable(&format!("function {ns}.{name}"), arity, Place::Function);
        }
        for _ in 0..self.rng.below(5) {
            self.stmt(3);
        }
        self.main_box();
        self.out
    }

    fn plan(&mut self) {
        self.uses_nyashstd = self.rng.chance(20);
        self.globals = (0..self.rng.below(3)).map(|i| format!("g{i}")).collect();
        self.functions = (0..self.rng.below(4))
            .map(|i| (format!("fun{i}"), self.rng.below(4)))
            .collect();
        for index in 0..self.rng.below(5) {
            let plan = self.plan_box(index);
            self.boxes.push(plan);
        }
        if self.rng.chance(if self.careless { 50 } else { 20 }) {
            let namespace = match self.boxes.len() {
                count if count > 0 && self.careless => {
                    self.boxes[self.rng.below(count)].name.clone()
                }
                _ => "Util".to_string(),
            };
            let arity = self.rng.below(3);
            self.namespaced
                .push((namespace, "helper".to_string(), arity));
        }
    }

    fn plan_box(&mut self, index: usize) -> BoxPlan {
        let is_static = self.rng.chance(15);
        let mut parents = Vec::new();
        let mut builtin_parent = None;
        if !is_static && index > 0 && self.rng.chance(60) {
            parents.push(self.rng.below(index));
            if index > 1 && self.rng.chance(15) {
                let second = self.rng.below(index);
                if !parents.contains(&second) {
                    parents.push(second);
                }
            }
        } else if !is_static && self.rng.chance(10) {
            builtin_parent = Some(*self.rng.pick(&["MathBox", "ArrayBox", "StringBox"]));
        }
        parents.retain(|&p| !self.boxes[p].is_static);
        let mut fields: Vec<String> = Vec::new();
        for _ in 0..self.rng.below(4) {
            let field = self.rng.pick(FIELD_NAMES).to_string();
            if !fields.contains(&field) {
                fields.push(field);
            }
        }
        let mut methods: Vec<(String, usize)> = Vec::new();
        for _ in 0..self.rng.below(5) {
            let name = self.rng.pick(METHOD_NAMES).to_string();
            if methods.iter().all(|(m, _)| *m != name) {
                methods.push((name, self.rng.below(3)));
            }
        }
        let name = format!("B{index}");
        let mut ctors: Vec<(String, usize)> = Vec::new();
        if !is_static {
            for _ in 0..self.rng.below(3) {
                let keyword = match self.rng.below(6) {
                    0 => "init".to_string(),
                    1 => "pack".to_string(),
                    2 => name.clone(),
                    _ => "birth".to_string(),
                };
                let arity = self.rng.below(3);
                if !ctors.contains(&(keyword.clone(), arity)) {
                    ctors.push((keyword, arity));
                }
            }
        }
        let interface = if !methods.is_empty() && self.rng.chance(20) {
            let wanted = methods
                .iter()
                .take(1 + self.rng.below(methods.len()))
                .cloned()
                .collect();
            self.interfaces.push(wanted);
            Some(self.interfaces.len() - 1)
        } else {
            None
        };
        BoxPlan {
            name,
            is_static,
            parents,
            builtin_parent,
            interface,
            fields,
            methods,
            ctors,
            has_fini: self.rng.chance(20),
        }
    }

    // --- output -----------------------------------------------------------------------------

    fn line(&mut self, text: &str) {
        for _ in 0..self.indent {
            self.out.push_str("    ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn fresh_name(&mut self, prefix: &str) -> String {
        self.fresh += 1;
        format!("{prefix}{}", self.fresh)
    }

    fn declare(&mut self, name: &str, is_future: bool) {
        if let Some(scope) = self.scopes.last_mut() {
            scope.push((name.to_string(), is_future));
        }
    }

    /// A `{ ... }` block of random statements, in a new scope.
    fn block(&mut self, header: &str, depth: usize, prelude: &[String]) {
        self.line(&format!("{header} {{"));
        self.indent += 1;
        self.scopes
            .push(prelude.iter().map(|p| (p.clone(), false)).collect());
        for _ in 0..self.rng.below(4) + usize::from(depth > 2) {
            self.stmt(depth.saturating_sub(1));
        }
        self.scopes.pop();
        self.indent -= 1;
        self.line("}");
    }

    // --- declarations -----------------------------------------------------------------------

    fn interface_decl(&mut self, index: usize) {
        let sigs: Vec<String> = self.interfaces[index]
            .iter()
            .map(|(name, arity)| format!("{name}({})", params(*arity).join(", ")))
            .collect();
        self.line(&format!("interface I{index} {{ {} }}", sigs.join(" ")));
    }

    fn box_decl(&mut self, index: usize) {
        let plan = &self.boxes[index];
        let mut header = format!(
            "{}box {}",
            if plan.is_static { "static " } else { "" },
            plan.name
        );
        let parents: Vec<String> = plan
            .parents
            .iter()
            .map(|&p| self.boxes[p].name.clone())
            .collect();
        let parents = parents
            .into_iter()
            .chain(plan.builtin_parent.map(String::from))
            .collect::<Vec<_>>();
        if !parents.is_empty() {
            header.push_str(&format!(" from {}", parents.join(", ")));
        }
        if let Some(interface) = plan.interface {
            header.push_str(&format!(" interface I{interface}"));
        }
        let fields = plan.fields.clone();
        let ctors = plan.ctors.clone();
        let methods = plan.methods.clone();
        let (is_static, has_fini) = (plan.is_static, plan.has_fini);
        self.line(&format!("{header} {{"));
        self.indent += 1;
        if !fields.is_empty() {
            let weak = if self.rng.chance(20) { "weak " } else { "" };
            self.line(&format!("init {{ {weak}{} }}", fields.join(", ")));
        }
        if is_static && self.rng.chance(50) {
            self.callable("static", usize::MAX, Place::Box(index));
        }
        for (keyword, arity) in ctors {
            self.callable(&keyword, arity, Place::Box(index));
        }
        for (name, arity) in methods {
            let marker = if self.ancestor_has_method(index, &name) {
                "override "
            } else {
                ""
            };
            self.callable(&format!("{marker}{name}"), arity, Place::Box(index));
        }
        if has_fini {
            self.callable("fini", 0, Place::Box(index));
        }
        self.indent -= 1;
        self.line("}");
    }

    fn ancestor_has_method(&self, index: usize, method: &str) -> bool {
        self.boxes[index].parents.iter().any(|&p| {
            self.boxes[p].methods.iter().any(|(m, _)| m == method)
                || self.ancestor_has_method(p, method)
        })
    }

    /// A function, constructor, method or `static { }` (`arity == usize::MAX`) with its body.
    fn callable(&mut self, header: &str, arity: usize, place: Place) {
        let names = if arity == usize::MAX {
            Vec::new()
        } else {
            params(arity)
        };
        let header = if arity == usize::MAX {
            header.to_string()
        } else {
            format!("{header}({})", names.join(", "))
        };
        self.place = place;
        let outer = std::mem::take(&mut self.scopes);
        self.block(&header, 3, &names);
        self.scopes = outer;
        self.place = Place::TopLevel;
    }

    fn main_box(&mut self) {
        self.line("static box Main {");
        self.indent += 1;
        self.boxes.push(BoxPlan {
            name: "Main".to_string(),
            is_static: true,
            parents: Vec::new(),
            builtin_parent: None,
            interface: None,
            fields: vec!["state".to_string()],
            methods: vec![("main".to_string(), 0)],
            ctors: Vec::new(),
            has_fini: false,
        });
        let main = self.boxes.len() - 1;
        self.line("init { state }");
        let arity = if self.careless && self.rng.chance(10) {
            2
        } else {
            usize::from(self.rng.chance(20))
        };
        self.callable("main", arity, Place::Box(main));
        self.indent -= 1;
        self.line("}");
    }

    // --- statements -------------------------------------------------------------------------

    fn stmt(&mut self, depth: usize) {
        let in_callable = self.place != Place::TopLevel;
        match self.rng.below(if depth == 0 { 6 } else { 14 }) {
            0 | 1 => {
                let name = self.fresh_name("v");
                let keyword = if self.rng.chance(10) {
                    "outbox"
                } else {
                    "local"
                };
                let value = if self.rng.chance(10) {
                    String::new()
                } else {
                    format!(" = {}", self.expr(depth))
                };
                self.line(&format!("{keyword} {name}{value}"));
                self.declare(&name, false);
            }
            2 => {
                let value = self.expr(depth);
                self.line(&format!("print({value})"));
            }
            3 => self.assignment(depth),
            4 => {
                let call = self.call_expr(depth);
                self.line(&call);
            }
            5 if self.loop_depth > 0 => {
                let keyword = if self.rng.chance(50) {
                    "break"
                } else {
                    "continue"
                };
                self.line(keyword);
            }
            5 if in_callable => {
                let value = if self.rng.chance(30) {
                    String::new()
                } else {
                    format!(" {}", self.expr(depth))
                };
                self.line(&format!("return{value}"));
            }
            6 | 7 => self.if_stmt(depth),
            8 => {
                let cond = self.expr(depth);
                self.loop_depth += 1;
                self.block(&format!("loop({cond})"), depth, &[]);
                self.loop_depth -= 1;
            }
            9 | 10 => self.try_stmt(depth),
            11 => {
                let name = self.fresh_name("fut");
                let value = self.expr(depth);
                self.line(&format!("nowait {name} = {value}"));
                self.declare(&name, true);
                if self.rng.chance(60) {
                    let result = self.fresh_name("v");
                    self.line(&format!("local {result} = await {name}"));
                    self.declare(&result, false);
                }
            }
            12 => {
                let value = self.expr(depth);
                self.line(&format!("throw {value}"));
            }
            13 if !self.globals.is_empty() => {
                let name = self.rng.pick(&self.globals).clone();
                let value = self.expr(depth);
                self.line(&format!("global {name} = {value}"));
            }
            _ => {
                let value = self.expr(depth);
                self.line(&format!("print({value})"));
            }
        }
    }

    fn assignment(&mut self, depth: usize) {
        let value = self.expr(depth);
        let fields = self.own_fields();
        if !fields.is_empty() && self.rng.chance(50) {
            let field = self.rng.pick(&fields).clone();
            self.line(&format!("me.{field} = {value}"));
        } else if let Some(name) = self.visible_variable() {
            self.line(&format!("{name} = {value}"));
        } else {
            self.line(&format!("print({value})"));
        }
    }

    fn if_stmt(&mut self, depth: usize) {
        let cond = self.expr(depth);
        let header = if self.rng.chance(50) {
            format!("if ({cond})")
        } else {
            format!("if {cond}")
        };
        self.block(&header, depth, &[]);
        while self.rng.chance(30) {
            let cond = self.expr(depth);
            self.reopen(&format!("else if {cond}"), depth, &[]);
        }
        if self.rng.chance(40) {
            self.reopen("else", depth, &[]);
        }
    }

    /// Continues a construct after its block (`} else {`, `} catch (e) {`, ...); sometimes
    /// on a line of its own, which the grammar allows too.
    fn reopen(&mut self, header: &str, depth: usize, prelude: &[String]) {
        let closing = format!("{}}}\n", "    ".repeat(self.indent));
        if self.rng.chance(80) && self.out.ends_with(&closing) {
            self.out.truncate(self.out.len() - closing.len());
            self.block(&format!("}} {header}"), depth, prelude);
        } else {
            self.block(header, depth, prelude);
        }
    }

    fn try_stmt(&mut self, depth: usize) {
        self.block("try", depth, &[]);
        let with_finally = self.rng.chance(40);
        if !with_finally || self.rng.chance(60) {
            let var = self.fresh_name("err");
            let (header, binds) = match self.rng.below(5) {
                0 => (format!("catch ({var})"), true),
                1 => (format!("catch (Error {var})"), true),
                2 => (format!("catch (ErrorBox {var})"), true),
                3 => ("catch ()".to_string(), false),
                _ => ("catch".to_string(), false),
            };
            let prelude: Vec<String> = if binds { vec![var] } else { Vec::new() };
            self.reopen(&header, depth, &prelude);
        }
        if with_finally {
            self.reopen("finally", depth, &[]);
        }
    }

    // --- expressions ------------------------------------------------------------------------

    fn expr(&mut self, depth: usize) -> String {
        if depth == 0 {
            return self.atom();
        }
        match self.rng.below(12) {
            0..=2 => self.atom(),
            3 | 4 => {
                let op = *self.rng.pick(BINARY_OPERATORS);
                format!("{} {op} {}", self.expr(depth - 1), self.expr(depth - 1))
            }
            5 => {
                let op = *self.rng.pick(&["-", "not ", "!"]);
                format!("{op}{}", self.expr(depth - 1))
            }
            6 => format!("({})", self.expr(depth - 1)),
            7 | 8 => self.call_expr(depth),
            9 => self.new_expr(depth),
            10 => match self.visible_future() {
                Some(name) => format!("await {name}"),
                None => self.atom(),
            },
            _ => {
                let object = self.expr(depth - 1);
                let method = *self.rng.pick(BUILTIN_METHODS);
                let count = self.rng.below(3);
                format!("({object}).{method}({})", self.args(count, depth))
            }
        }
    }

    fn atom(&mut self) -> String {
        match self.rng.below(10) {
            0 => ["0", "1", "42", "9223372036854775807", "7"][self.rng.below(5)].to_string(),
            1 => ["3.14", "0.5", "2.0"][self.rng.below(3)].to_string(),
            2 => self.rng.pick(STRINGS).to_string(),
            3 => ["true", "false", "null"][self.rng.below(3)].to_string(),
            4 if matches!(self.place, Place::Box(_)) => {
                let fields = self.own_fields();
                if fields.is_empty() {
                    if self.rng.chance(50) { "me" } else { "this" }.to_string()
                } else {
                    format!("me.{}", self.rng.pick(&fields))
                }
            }
            _ => self.visible_variable().unwrap_or_else(|| "1".to_string()),
        }
    }

    /// The argument count for a call of a method or constructor taking `arity`: sometimes
    /// wrong when careless (the checker leaves method arities to the run time).
    fn method_arity(&mut self, arity: usize) -> usize {
        match self.careless && self.rng.chance(20) {
            true if arity > 0 && self.rng.chance(50) => arity - 1,
            true => arity + 1,
            false => arity,
        }
    }

    fn args(&mut self, count: usize, depth: usize) -> String {
        let args: Vec<String> = (0..count)
            .map(|_| self.expr(depth.saturating_sub(1)))
            .collect();
        args.join(", ")
    }

    /// A call that is allowed where the generator stands.
    fn call_expr(&mut self, depth: usize) -> String {
        match self.rng.below(7) {
            0 if !self.functions.is_empty() => {
                let (name, arity) = self.rng.pick(&self.functions).clone();
                format!("{name}({})", self.args(arity, depth))
            }
            1 if !self.namespaced.is_empty() => {
                let (ns, name, arity) = self.namespaced[0].clone();
                format!("{ns}.{name}({})", self.args(arity, depth))
            }
            2 => self.parent_or_own_call(depth),
            3 => {
                let statics: Vec<usize> = (0..self.boxes.len())
                    .filter(|&b| self.boxes[b].is_static && !self.boxes[b].methods.is_empty())
                    .collect();
                if statics.is_empty() {
                    return self.builtin_call(depth);
                }
                let index = *self.rng.pick(&statics);
                let (method, arity) = self.rng.pick(&self.boxes[index].methods).clone();
                let name = self.boxes[index].name.clone();
                let count = self.method_arity(arity);
                format!("{name}.{method}({})", self.args(count, depth))
            }
            4 if self.uses_nyashstd => {
                let call = *self.rng.pick(&[
                    "string.upper",
                    "string.lower",
                    "integer.create",
                    "console.log",
                ]);
                format!("{call}({})", self.args(1, depth))
            }
            _ => self.builtin_call(depth),
        }
    }

    fn builtin_call(&mut self, depth: usize) -> String {
        let object = match self.visible_variable() {
            Some(name) if self.rng.chance(70) => name,
            _ => self.new_expr(depth.saturating_sub(1)),
        };
        let method = *self.rng.pick(BUILTIN_METHODS);
        let count = self.rng.below(3);
        format!("{object}.{method}({})", self.args(count, depth))
    }

    /// `me.m(...)` or `from P.m(...)` inside a box; a built-in call elsewhere.
    fn parent_or_own_call(&mut self, depth: usize) -> String {
        let Place::Box(index) = self.place else {
            return self.builtin_call(depth);
        };
        let parents = self.boxes[index].parents.clone();
        if !parents.is_empty() && self.rng.chance(60) {
            let parent = *self.rng.pick(&parents);
            let mut candidates = self.boxes[parent].methods.clone();
            candidates.extend(self.boxes[parent].ctors.clone());
            if let Some((method, arity)) = candidates.get(self.rng.below(candidates.len())).cloned()
            {
                let name = self.boxes[parent].name.clone();
                let count = self.method_arity(arity);
                return format!("from {name}.{method}({})", self.args(count, depth));
            }
        }
        match self.boxes[index]
            .methods
            .get(self.rng.below(self.boxes[index].methods.len()))
            .cloned()
        {
            Some((method, arity)) => {
                let count = self.method_arity(arity);
                format!("me.{method}({})", self.args(count, depth))
            }
            None => self.builtin_call(depth),
        }
    }

    fn new_expr(&mut self, depth: usize) -> String {
        let creatable: Vec<usize> = (0..self.boxes.len())
            .filter(|&b| !self.boxes[b].is_static)
            .collect();
        if creatable.is_empty() || self.rng.chance(30) {
            return match self.rng.below(4) {
                0 => "new ArrayBox()".to_string(),
                1 => "new MapBox()".to_string(),
                2 => format!("new StringBox({})", self.expr(depth.saturating_sub(1))),
                _ => "new ArrayBox<IntegerBox>()".to_string(),
            };
        }
        let index = *self.rng.pick(&creatable);
        let arity = match self.boxes[index].ctors.as_slice() {
            [] => 0,
            ctors => self.rng.pick(ctors).1,
        };
        let name = self.boxes[index].name.clone();
        let count = self.method_arity(arity);
        format!("new {name}({})", self.args(count, depth))
    }

    // --- names in scope ---------------------------------------------------------------------

    fn visible_variable(&mut self) -> Option<String> {
        let mut names: Vec<String> = self
            .scopes
            .iter()
            .flatten()
            .map(|(n, _)| n.clone())
            .collect();
        names.extend(self.globals.iter().cloned());
        (!names.is_empty()).then(|| self.rng.pick(&names).clone())
    }

    fn visible_future(&mut self) -> Option<String> {
        let names: Vec<String> = self
            .scopes
            .iter()
            .flatten()
            .filter(|(_, f)| *f)
            .map(|(n, _)| n.clone())
            .collect();
        (!names.is_empty()).then(|| self.rng.pick(&names).clone())
    }

    /// Fields `me.f` may name here: the box's own and its user ancestors'.
    fn own_fields(&self) -> Vec<String> {
        let Place::Box(index) = self.place else {
            return Vec::new();
        };
        let mut fields = Vec::new();
        self.collect_fields(index, &mut fields);
        fields
    }

    fn collect_fields(&self, index: usize, out: &mut Vec<String>) {
        for &parent in &self.boxes[index].parents {
            self.collect_fields(parent, out);
        }
        out.extend(self.boxes[index].fields.iter().cloned());
    }
}

fn params(arity: usize) -> Vec<String> {
    (0..arity).map(|i| format!("p{i}")).collect()
}

fn generate(seed: u64) -> String {
    Generator::new(&mut Rng(seed), false).program()
}

fn generate_careless(seed: u64) -> String {
    Generator::new(&mut Rng(seed), true).program()
}

// ---------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------

#[test]
fn corpus_programs_pass_the_front_end_unchanged() {
    let corpus = corpus();
    assert!(
        corpus.len() > 20,
        "the corpus was not found under {}",
        repo_root().display()
    );
    let mut tally = Tally::default();
    for (_, text) in &corpus {
        tally.run(text);
    }
    tally.assert_no_failures("corpus as written");
}

#[test]
fn damaged_corpus_programs_never_break_the_front_end() {
    let corpus = corpus();
    let texts: Vec<&str> = corpus.iter().map(|(_, t)| t.as_str()).collect();
    let mut rng = Rng(0x5EED_0001);
    let mut tally = Tally::default();
    for text in &texts {
        for _ in 0..MUTANTS_PER_FILE * scale() {
            let mutant = mutate_some(&mut rng, text, &texts);
            tally.run(&mutant);
        }
    }
    tally.assert_no_failures("damaged corpus");
}

/// The programs of one seed: mostly well formed, as the generator writes them.
fn generated_programs(seed: u64) -> Vec<String> {
    let mut rng = Rng(seed);
    (0..GENERATED_PROGRAMS * scale())
        .map(|_| generate(rng.next_u64()))
        .collect()
}

#[test]
fn generated_programs_check_lower_and_verify() {
    let programs = generated_programs(0x5EED_0002);
    let mut tally = Tally::default();
    for program in &programs {
        tally.run(program);
    }
    tally.assert_no_failures("generated programs");
    // The generator must keep reaching lowering, or this test would only exercise the parser.
    assert!(
        tally.lowered * 10 >= tally.inputs * 9,
        "too few generated programs reach lowering ({}); the first ones that do not:\n{}",
        tally.summary(),
        first_rejected(&programs)
    );
}

#[test]
fn damaged_generated_programs_never_break_the_front_end() {
    let programs = generated_programs(0x5EED_0003);
    let texts: Vec<&str> = programs.iter().map(String::as_str).collect();
    let mut rng = Rng(0x5EED_0004);
    let mut damaged = Tally::default();
    let mut renamed = Tally::default();
    for text in &texts {
        damaged.run(&mutate_some(&mut rng, text, &texts));
        renamed.run(&rename_some(&mut rng, text));
    }
    damaged.assert_no_failures("damaged generated programs");
    renamed.assert_no_failures("generated programs with names swapped");
}

#[test]
fn careless_generated_programs_are_rejected_or_lowered() {
    let mut rng = Rng(0x5EED_0005);
    let mut tally = Tally::default();
    for _ in 0..CARELESS_PROGRAMS * scale() {
        tally.run(&generate_careless(rng.next_u64()));
    }
    tally.assert_no_failures("carelessly generated programs");
}

#[test]
fn generated_programs_split_into_two_files_check_lower_and_verify() {
    let programs = generated_programs(0x5EED_0006);
    let mut rng = Rng(0x5EED_0007);
    let mut tally = Tally::default();
    for program in &programs {
        tally.run(&split_in_two(&mut rng, program));
    }
    tally.assert_no_failures("generated programs split into two files");
}

/// Cuts a program between two top-level items into an included file and a main file.
fn split_in_two(rng: &mut Rng, program: &str) -> String {
    let lines: Vec<&str> = program.split_inclusive('\n').collect();
    let mut depth = 0isize;
    let mut cuts = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        if depth == 0 && index > 0 {
            cuts.push(index);
        }
        depth += line.matches('{').count() as isize - line.matches('}').count() as isize;
    }
    let cut = cuts.get(rng.below(cuts.len())).copied().unwrap_or(0);
    format!(
        "{}{FILE_BREAK}{}",
        lines[..cut].concat(),
        lines[cut..].concat()
    )
}

/// The first generated programs that do not reach lowering, with their first diagnostic.
fn first_rejected(programs: &[String]) -> String {
    let mut report = String::new();
    for program in programs
        .iter()
        .filter(|p| !matches!(run_front_end(p), Ok(Reached::Lowered)))
        .take(3)
    {
        report.push_str(&format!("{program}\n--- {}\n\n", first_diagnostic(program)));
    }
    report
}

fn first_diagnostic(text: &str) -> String {
    let file = FileId(0);
    let (ast, syntax_errors) = parse(file, text);
    if let Some(error) = syntax_errors.first() {
        return format!("{:?} at {}", error.to_diagnostic().message, error.span());
    }
    let program = Program {
        files: vec![ParsedFile { id: file, ast }],
    };
    nyash_check::check(&program)
        .first()
        .map(|e| format!("{:?} at {}", e.to_diagnostic().message, e.span()))
        .unwrap_or_default()
}

#[test]
fn generator_is_deterministic_and_writes_code() {
    assert_eq!(generate(7), generate(7));
    let text = generate(11);
    assert!(text.contains("static box Main {"), "{text}");
}

#[test]
fn shrinking_removes_whole_blocks_then_lines_then_tokens() {
    let input = "box A {\n    m() { }\n}\nprint(1)\nlocal bad = 1 + 2\nprint(3)\n";
    let mut still_fails = |candidate: &str| candidate.contains("bad");
    let lines = |s: &str| {
        s.split_inclusive('\n')
            .map(String::from)
            .collect::<Vec<_>>()
    };
    let without_blocks = remove_blocks(lines(input), &mut still_fails);
    assert_eq!(without_blocks, "print(1)\nlocal bad = 1 + 2\nprint(3)\n");
    let one_line = remove_runs(lines(&without_blocks), &mut still_fails);
    assert_eq!(one_line, "local bad = 1 + 2\n");
    let tokens = crude_tokens(&one_line)
        .into_iter()
        .map(String::from)
        .collect();
    assert_eq!(remove_runs(tokens, &mut still_fails), "bad");
}

#[test]
fn crude_tokens_cover_the_text() {
    let text = "local é😀x = a.b(1)  // c\n";
    let tokens = crude_tokens(text);
    assert_eq!(tokens.concat(), text);
    assert_eq!(&tokens[..4], ["local", " ", "é", "😀"]);
}

#[test]
fn splitting_cuts_between_top_level_items() {
    let program = "box A {\n    m() { }\n}\nprint(1)\n";
    let mut rng = Rng(1);
    for _ in 0..10 {
        let split = split_in_two(&mut rng, program);
        let parts: Vec<&str> = split.split(FILE_BREAK).collect();
        assert_eq!(parts.concat(), program);
        assert!([
            "",
            "box A {\n    m() { }\n}\n",
            "box A {\n    m() { }\n}\nprint(1)\n"
        ]
        .contains(&parts[0]));
    }
    assert_eq!(variant_name(&Some(1)), "Some");
}

/// Programs nested `depth` levels deep in one way each (parentheses, blocks, operator chains,
/// unary operators, method chains, `try`, loops, short-circuit chains, and a mix).
fn nested_programs(depth: usize) -> Vec<String> {
    let half = depth / 2;
    vec![
        format!("print({}1{})", "(".repeat(depth), ")".repeat(depth)),
        format!(
            "{}print(1){}",
            "if true {\n".repeat(depth),
            "}\n".repeat(depth)
        ),
        format!("print({})", vec!["1"; depth].join(" + ")),
        format!("print({}1)", "- ".repeat(depth)),
        format!(
            "local a = new ArrayBox()\nprint(a{})",
            ".get(0)".repeat(depth)
        ),
        format!(
            "{}print(1){}",
            "try {\n".repeat(depth),
            "} finally { }\n".repeat(depth)
        ),
        format!(
            "{}break{}",
            "loop(true) {\n".repeat(depth),
            "}\n".repeat(depth)
        ),
        format!("print({})", vec!["1"; depth].join(" and ")),
        format!(
            "function f(x) {{\n{}return {}x{}\n{}}}\nprint(f(1))",
            "if x {\n".repeat(half),
            "not (".repeat(half / 2),
            ")".repeat(half / 2),
            "}\n".repeat(half)
        ),
    ]
}

/// The deepest nesting the parser accepts (200 levels, docs/LANGUAGE.md) goes through every
/// stage; deeper is a syntax error, not a crash. Runs on a 2 MiB stack, the least a test
/// thread gets, in a debug build: the command line gives the front end more.
#[test]
fn deepest_allowed_nesting_goes_through_every_stage() {
    let outcomes = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(|| {
            let allowed = nested_programs(190)
                .into_iter()
                .map(|p| (p, Reached::Lowered));
            let too_deep = nested_programs(260)
                .into_iter()
                .map(|p| (p, Reached::SyntaxErrors));
            allowed
                .chain(too_deep)
                .map(|(program, expected)| (run_front_end(&program), expected, program))
                .collect::<Vec<_>>()
        })
        .expect("spawning a thread works")
        .join()
        .expect("the front end does not overflow its stack");
    for (outcome, expected, program) in outcomes {
        let outcome = outcome.map_err(|f| f.detail);
        assert_eq!(outcome, Ok(expected), "program: {program:?}");
    }
}
