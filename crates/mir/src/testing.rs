//! Small constructors for building MIR by hand in unit tests of the printer and verifier.

use nyash_diagnostics::Span;

use crate::{Block, Function, FunctionKind, Inst, InstKind, TermKind, Terminator, Type};

pub fn block(insts: Vec<InstKind>, term: TermKind) -> Block {
    Block {
        insts: insts
            .into_iter()
            .map(|kind| Inst {
                kind,
                span: Span::default(),
            })
            .collect(),
        term: Terminator {
            kind: term,
            span: Span::default(),
        },
    }
}

/// A function with `reg_count` untyped registers.
pub fn function(
    name: &str,
    kind: FunctionKind,
    param_count: u32,
    reg_count: usize,
    blocks: Vec<Block>,
) -> Function {
    Function {
        name: name.to_string(),
        kind,
        param_count,
        reg_types: vec![Type::Any; reg_count],
        blocks,
        span: Span::default(),
    }
}
