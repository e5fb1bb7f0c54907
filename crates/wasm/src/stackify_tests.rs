//! Structured control flow of typical lowered shapes, shown as text: `block`, `loop`,
//! `if(bbN)`, `else`, `end`, `bodyN` (a block's instructions), `brN`, `br_if(bbN)N`,
//! `exit(bbN)`.

use super::*;
use nyash_diagnostics::Span;
use nyash_mir::{Block, FunctionKind, Reg, Terminator, Type};

fn jump(to: u32) -> TermKind {
    TermKind::Jump(BlockId(to))
}

fn branch(then_block: u32, else_block: u32) -> TermKind {
    TermKind::Branch {
        cond: Reg(0),
        then_block: BlockId(then_block),
        else_block: BlockId(else_block),
    }
}

fn ret() -> TermKind {
    TermKind::Return(Reg(0))
}

fn function(terms: Vec<TermKind>) -> Function {
    Function {
        name: "f".into(),
        kind: FunctionKind::Function,
        param_count: 0,
        reg_types: vec![Type::Any],
        blocks: terms
            .into_iter()
            .map(|kind| Block {
                insts: Vec::new(),
                term: Terminator {
                    kind,
                    span: Span::default(),
                },
            })
            .collect(),
        span: Span::default(),
    }
}

fn shape(terms: Vec<TermKind>) -> String {
    let items = structure(&function(terms)).unwrap_or_else(|e| panic!("{e}"));
    items
        .iter()
        .map(|item| match item {
            Item::Block => "block".to_string(),
            Item::Loop => "loop".to_string(),
            Item::If(b) => format!("if({b})"),
            Item::Else => "else".to_string(),
            Item::End => "end".to_string(),
            Item::Body(b) => format!("body{}", b.0),
            Item::Br(depth) => format!("br{depth}"),
            Item::BrIf(b, depth) => format!("br_if({b}){depth}"),
            Item::Exit(b) => format!("exit({b})"),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn straight_line_code_is_one_body() {
    assert_eq!(shape(vec![ret()]), "body0 exit(bb0)");
    assert_eq!(shape(vec![jump(1), ret()]), "body0 body1 exit(bb1)");
}

#[test]
fn if_else_joins_after_a_block() {
    assert_eq!(
        shape(vec![branch(1, 2), jump(3), jump(3), ret()]),
        "block body0 if(bb0) body1 br1 else body2 br1 end end body3 exit(bb3)"
    );
}

#[test]
fn if_without_else_and_returns_in_both_arms() {
    assert_eq!(
        shape(vec![branch(1, 2), jump(2), ret()]),
        "block body0 if(bb0) body1 br1 else br1 end end body2 exit(bb2)"
    );
    assert_eq!(
        shape(vec![branch(1, 2), ret(), ret()]),
        "body0 if(bb0) body1 exit(bb1) else body2 exit(bb2) end"
    );
}

#[test]
fn while_loop_branches_back_to_its_header() {
    assert_eq!(
        shape(vec![jump(1), branch(2, 3), jump(1), ret()]),
        "body0 loop body1 if(bb1) body2 br1 else body3 exit(bb3) end end"
    );
}

#[test]
fn break_and_continue_leave_the_loop_or_restart_it() {
    // bb1: loop condition; bb2: `if x { break }`; bb3: back to the header; bb4: after.
    assert_eq!(
        shape(vec![jump(1), branch(2, 4), branch(3, 4), jump(1), ret()]),
        "body0 loop block body1 if(bb1) body2 if(bb2) body3 br3 else br2 end else br1 end end \
         body4 exit(bb4) end"
    );
}

#[test]
fn nested_loops_keep_their_own_headers() {
    // bb1 outer header, bb2 inner header, bb3 inner body, bb4 outer latch, bb5 exit.
    let text = shape(vec![
        jump(1),
        branch(2, 5),
        branch(3, 4),
        jump(2),
        jump(1),
        ret(),
    ]);
    assert_eq!(
        text,
        "body0 loop body1 if(bb1) loop body2 if(bb2) body3 br1 else body4 br3 end end \
         else body5 exit(bb5) end end"
    );
}

#[test]
fn unreachable_blocks_are_left_out() {
    assert_eq!(shape(vec![ret(), jump(0)]), "body0 exit(bb0)");
}

#[test]
fn irreducible_graphs_are_refused() {
    let f = function(vec![branch(1, 2), jump(2), jump(1)]);
    assert!(structure(&f).is_err());
}

#[test]
fn rotated_loop_ends_in_br_if_back() {
    // entry → test → body; the body tests again and branches back to itself or leaves.
    assert_eq!(
        shape(vec![jump(1), branch(2, 3), branch(2, 3), ret()]),
        "body0 block body1 if(bb1) loop body2 br_if(bb2)0 br2 end else br1 end end body3 exit(bb3)"
    );
}
