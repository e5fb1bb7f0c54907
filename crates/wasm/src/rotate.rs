//! Loop rotation: a loop whose header only tests its condition gets that test repeated at the
//! end of each iteration, so that an iteration ends in one conditional branch back instead of
//! a jump to the header and a branch there.
//!
//! Lowering gives `loop(cond) { body }` the shape `header: cond; branch body, exit` with every
//! iteration ending in `jump header`. Cranelift compiles that to two taken branches per
//! iteration and does not rotate loops itself. Here each such jump (a *latch*) gets a copy
//! of the header's instructions and its branch; the header is then only entered from outside
//! the loop, and the body's first block becomes the loop header of the structured code.
//!
//! The copies are the same instructions with the same spans, run at the same points of every
//! path, so the program does the same thing and reports the same errors. Only headers of at
//! most [`MAX_HEADER_INSTS`] instructions without `try` markers are copied, into at most
//! [`MAX_LATCHES`] latches, to bound the growth of the code.

use nyash_mir::{cfg, BlockId, Function, InstKind, TermKind};

/// The most instructions a header may have to be copied (`i < n` is one or two).
const MAX_HEADER_INSTS: usize = 8;

/// The most latches (the loop's end and its `continue`s) a header is copied into.
const MAX_LATCHES: usize = 4;

/// `func` with its loops rotated, or `None` when no loop qualifies.
pub(crate) fn rotate_loops(func: &Function) -> Option<Function> {
    let order = cfg::reverse_postorder(&func.blocks);
    let mut position = vec![usize::MAX; func.blocks.len()];
    for (number, block) in order.iter().enumerate() {
        position[block.index()] = number;
    }
    let mut latches_of: Vec<Vec<BlockId>> = vec![Vec::new(); func.blocks.len()];
    let mut preds: Vec<Vec<BlockId>> = vec![Vec::new(); func.blocks.len()];
    for &from in &order {
        for to in cfg::successors(&func.blocks[from.index()]) {
            if position[to.index()] <= position[from.index()] {
                latches_of[to.index()].push(from);
            }
            preds[to.index()].push(from);
        }
    }
    let mut rotated: Option<Function> = None;
    for &header in &order {
        let latches = &latches_of[header.index()];
        if !rotatable(func, header, latches) || !single_entry_after(func, header, latches, &preds) {
            continue;
        }
        let out = rotated.get_or_insert_with(|| func.clone());
        let source = &func.blocks[header.index()];
        for latch in latches {
            let block = &mut out.blocks[latch.index()];
            block.insts.extend(source.insts.iter().cloned());
            block.term = source.term.clone();
        }
    }
    rotated
}

/// Whether the loop headed by `header` (with back edges from `latches`) can be rotated: the
/// header ends in a branch, is short and has no `try` markers, and every latch is a plain
/// jump to it from another block.
fn rotatable(func: &Function, header: BlockId, latches: &[BlockId]) -> bool {
    let block = &func.blocks[header.index()];
    let branches = matches!(block.term.kind, TermKind::Branch { .. });
    let short = block.insts.len() <= MAX_HEADER_INSTS;
    let plain = block
        .insts
        .iter()
        .all(|i| !matches!(i.kind, InstKind::TryEnter { .. } | InstKind::TryExit));
    let jumps = latches.iter().all(|&latch| {
        latch != header && func.blocks[latch.index()].term.kind == TermKind::Jump(header)
    });
    branches && short && plain && jumps && !latches.is_empty() && latches.len() <= MAX_LATCHES
}

/// Whether the loop stays a loop with one entry once rotated: of the header's two targets,
/// one is in the loop and reached from the header alone (the body's first block, the new
/// entry), and the other leaves the loop. A condition like `a or b` spans two blocks, both
/// in the loop; copying only the first would give the loop two entries.
fn single_entry_after(
    func: &Function,
    header: BlockId,
    latches: &[BlockId],
    preds: &[Vec<BlockId>],
) -> bool {
    let TermKind::Branch {
        then_block,
        else_block,
        ..
    } = func.blocks[header.index()].term.kind
    else {
        return false;
    };
    let body = natural_loop(header, latches, preds);
    let (entry, exit) = match (body[then_block.index()], body[else_block.index()]) {
        (true, false) => (then_block, else_block),
        (false, true) => (else_block, then_block),
        _ => return false,
    };
    entry != header && exit != header && preds[entry.index()] == [header]
}

/// The blocks of the loop with back edges `latches → header`: those that reach a latch
/// without passing through the header, and the header.
fn natural_loop(header: BlockId, latches: &[BlockId], preds: &[Vec<BlockId>]) -> Vec<bool> {
    let mut member = vec![false; preds.len()];
    member[header.index()] = true;
    let mut work: Vec<BlockId> = latches.to_vec();
    while let Some(block) = work.pop() {
        if !member[block.index()] {
            member[block.index()] = true;
            work.extend(&preds[block.index()]);
        }
    }
    member
}

#[cfg(test)]
mod tests {
    use super::*;
    use nyash_diagnostics::Span;
    use nyash_mir::{BinaryOp, Block, Const, FunctionKind, Inst, Reg, Terminator, Type};

    fn block(insts: Vec<InstKind>, term: TermKind) -> Block {
        let span = Span::default();
        Block {
            insts: insts.into_iter().map(|kind| Inst { kind, span }).collect(),
            term: Terminator { kind: term, span },
        }
    }

    fn function(regs: usize, blocks: Vec<Block>) -> Function {
        Function {
            name: "f".into(),
            kind: FunctionKind::Function,
            param_count: 0,
            reg_types: vec![Type::Int; regs],
            blocks,
            span: Span::default(),
        }
    }

    fn jump(to: u32) -> TermKind {
        TermKind::Jump(BlockId(to))
    }

    fn branch(cond: u32, then_block: u32, else_block: u32) -> TermKind {
        TermKind::Branch {
            cond: Reg(cond),
            then_block: BlockId(then_block),
            else_block: BlockId(else_block),
        }
    }

    fn less(dst: u32, lhs: u32, rhs: u32) -> InstKind {
        InstKind::Binary {
            dst: Reg(dst),
            op: BinaryOp::Lt,
            lhs: Reg(lhs),
            rhs: Reg(rhs),
        }
    }

    fn int(dst: u32, value: i64) -> InstKind {
        InstKind::Const {
            dst: Reg(dst),
            value: Const::Int(value),
        }
    }

    /// `i = 0; loop(i < 10) { i = i + 1 }`: blocks entry, header, body, exit.
    fn counting_loop() -> Function {
        let add = InstKind::Binary {
            dst: Reg(0),
            op: BinaryOp::Add,
            lhs: Reg(0),
            rhs: Reg(3),
        };
        function(
            4,
            vec![
                block(vec![int(0, 0), int(1, 10)], jump(1)),
                block(vec![less(2, 0, 1)], branch(2, 2, 3)),
                block(vec![int(3, 1), add], jump(1)),
                block(vec![], TermKind::Return(Reg(0))),
            ],
        )
    }

    #[test]
    fn the_latch_gets_the_header_test() {
        let rotated = rotate_loops(&counting_loop()).expect("the loop is rotated");
        let latch = &rotated.blocks[2];
        assert_eq!(latch.insts.len(), 3);
        assert_eq!(latch.insts[2].kind, less(2, 0, 1));
        assert_eq!(latch.term.kind, branch(2, 2, 3));
        // The header stays as it was, for the entry into the loop.
        assert_eq!(rotated.blocks[1], counting_loop().blocks[1]);
        assert_eq!(rotated.blocks[0], counting_loop().blocks[0]);
    }

    #[test]
    fn a_condition_over_two_blocks_stays() {
        // `loop(a or b)`: the header tests `a` and goes to the body or to the test of `b`,
        // which is in the loop too. Rotating would give the loop two entries.
        let or_loop = function(
            4,
            vec![
                block(vec![], jump(1)),
                block(vec![int(0, 1)], branch(0, 3, 2)),
                block(vec![int(1, 0)], branch(1, 3, 4)),
                block(vec![], jump(1)),
                block(vec![], TermKind::Return(Reg(0))),
            ],
        );
        assert!(rotate_loops(&or_loop).is_none());
    }

    #[test]
    fn headers_with_try_markers_or_many_instructions_stay() {
        let mut with_try = counting_loop();
        let mut exit = with_try.blocks[0].insts[0].clone();
        exit.kind = InstKind::TryExit;
        with_try.blocks[1].insts.insert(0, exit);
        assert!(rotate_loops(&with_try).is_none());

        let mut long = counting_loop();
        let filler = long.blocks[0].insts[1].clone();
        long.blocks[1]
            .insts
            .splice(0..0, std::iter::repeat_n(filler, MAX_HEADER_INSTS));
        assert!(rotate_loops(&long).is_none());
    }

    #[test]
    fn straight_code_is_left_alone() {
        let straight = function(1, vec![block(vec![int(0, 1)], TermKind::Return(Reg(0)))]);
        assert!(rotate_loops(&straight).is_none());
    }
}
