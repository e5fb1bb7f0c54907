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
//!   file, and programs written with mistakes about names that exist (argument counts of
//!   methods and constructors, `main` with two parameters, functions of ordinary boxes), which
//!   the checker must reject or lowering must accept;
//! - programs nested as deep as the parser allows, and deeper.
//!
//! Properties: no stage panics; every diagnostic's span lies inside the text of one of the
//! program's files, on char boundaries, and rendering diagnostics does not panic; every span in
//! the MIR (which runtime errors will point at) does the same; a program that passes `check`
//! lowers to a module that passes `verify` (lowering rejects nothing the checker accepts).
//!
//! The inputs come from seeded generators, so every run checks the same cases;
//! `FRONT_END_FUZZ_SCALE=N` runs N times as many. A failing input is shrunk (blocks, lines,
//! then tokens removed while it still fails in the same way) and printed in the failure.
//!
//! Here are the test entry points; the modules hold the runner ([`run`], [`spans`]), the
//! collecting and shrinking of failures ([`tally`], [`shrink`]), and the inputs ([`rng`],
//! [`mutate`], [`generate`]).

mod generate;
mod mutate;
mod rng;
mod run;
mod shrink;
mod spans;
mod tally;

use std::path::{Path, PathBuf};

use nyash_diagnostics::FileId;
use nyash_syntax::{parse, ParsedFile, Program};

use generate::{generate, generate_careless};
use mutate::{crude_tokens, mutate_some, rename_some};
use rng::Rng;
use run::{run_front_end, variant_name, Reached, FILE_BREAK};
use shrink::{remove_blocks, remove_runs};
use tally::Tally;

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
