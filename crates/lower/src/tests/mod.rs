//! Unit tests of lowering: small programs are parsed, lowered, and the MIR is compared with
//! the text `nyash --dump-mir` would print (or checked structurally where text says less).

mod boxes;
mod calls;
mod control;
mod locals;
mod try_;
mod types;

use nyash_mir::{Function, InstKind, Module};
use nyash_syntax::{parse, FileId, ParsedFile, Program};

use crate::LowerError;

/// A one-file program.
pub(super) fn program(src: &str) -> Program {
    programs(&[src])
}

/// A program of several files, in execution order (file `i` has `FileId(i)`).
pub(super) fn programs(srcs: &[&str]) -> Program {
    let files = srcs.iter().enumerate().map(|(i, src)| {
        let id = FileId(i as u32);
        let (ast, errors) = parse(id, src);
        assert!(errors.is_empty(), "syntax errors: {errors:?}");
        ParsedFile { id, ast }
    });
    Program {
        files: files.collect(),
    }
}

/// `src` lowered, before the types are refined (see `types.rs` for the refined module).
pub(super) fn lower_ok(src: &str) -> Module {
    match crate::lower_unrefined(&program(src)) {
        Ok(m) => m,
        Err(errors) => panic!("lowering failed: {errors:?}"),
    }
}

pub(super) fn lower_err(src: &str) -> Vec<String> {
    match crate::lower(&program(src)) {
        Ok(m) => panic!("lowering succeeded:\n{m}"),
        Err(errors) => errors.iter().map(LowerError::message).collect(),
    }
}

pub(super) fn func<'m>(m: &'m Module, name: &str) -> &'m Function {
    m.functions
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no function {name} in\n{m}"))
}

/// The printed form of function `name`.
pub(super) fn text(m: &Module, name: &str) -> String {
    let index = m.functions.iter().position(|f| f.name == name);
    let index = index.unwrap_or_else(|| panic!("no function {name} in\n{m}"));
    m.display_function(nyash_mir::FuncId(index as u32))
        .to_string()
}

/// Asserts the printed form of function `name`; `expected` may be indented as a whole.
#[track_caller]
pub(super) fn assert_fn(m: &Module, name: &str, expected: &str) {
    let lines: Vec<&str> = expected
        .trim_end()
        .trim_start_matches('\n')
        .lines()
        .collect();
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let expected: String = lines
        .iter()
        .map(|l| format!("{}\n", l.get(indent..).unwrap_or("").trim_end()))
        .collect();
    let actual: String = text(m, name)
        .lines()
        .map(|l| format!("{}\n", l.trim_end()))
        .collect();
    assert_eq!(actual, expected, "\nactual:\n{actual}");
}

/// Every instruction of `f`, in block order.
pub(super) fn insts(f: &Function) -> Vec<&InstKind> {
    f.blocks
        .iter()
        .flat_map(|b| b.insts.iter().map(|i| &i.kind))
        .collect()
}
