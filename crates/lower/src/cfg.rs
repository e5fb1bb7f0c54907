//! Cleaning up the control-flow graph after a function is built.
//!
//! The builder starts a fresh block after every terminator (code after `return`, the join
//! block of an `if` whose branches all return, ...) and leaves blocks that only jump on (the
//! missing `else` of an `if`). This pass first points every reference to such an empty block
//! at the block it finally jumps to, then keeps only blocks reachable from `blocks[0]` through
//! jumps, branches and `TryEnter` handlers, in their original order, renumbering references.

use nyash_mir::{Block, BlockId, InstKind, TermKind, Terminator};

/// The blocks of a function with empty jump blocks bypassed and unreachable blocks removed.
pub(crate) fn simplify(mut blocks: Vec<Block>) -> Vec<Block> {
    let forward: Vec<BlockId> = (0..blocks.len())
        .map(|b| final_target(&blocks, BlockId(b as u32)))
        .collect();
    let thread = |b: BlockId| forward.get(b.index()).copied().unwrap_or(b);
    for block in &mut blocks {
        renumber(block, thread);
    }
    // Only reachable blocks may count as ways into a block.
    let mut blocks = reachable_blocks(blocks);
    merge_straight_lines(&mut blocks);
    reachable_blocks(blocks)
}

/// Appends to a block that ends in `jump B` the block `B` itself, when nothing else enters
/// `B` (no other jump or branch, not a handler, not the entry). `B` is left unreachable.
fn merge_straight_lines(blocks: &mut [Block]) {
    let mut entries = vec![0u32; blocks.len()];
    if let Some(e) = entries.first_mut() {
        *e = 2; // the entry block is entered from outside
    }
    for block in blocks.iter() {
        for target in nyash_mir::cfg::successors(block) {
            if let Some(n) = entries.get_mut(target.index()) {
                *n += 1;
            }
        }
    }
    for a in 0..blocks.len() {
        while let TermKind::Jump(b) = blocks[a].term.kind {
            if b.index() == a || entries.get(b.index()) != Some(&1) {
                break;
            }
            let Some(next) = blocks.get_mut(b.index()) else {
                break;
            };
            let insts = std::mem::take(&mut next.insts);
            let term = std::mem::replace(&mut next.term.kind, TermKind::Unreachable);
            let span = next.term.span;
            let first = &mut blocks[a];
            first.insts.extend(insts);
            first.term.kind = term;
            first.term.span = span;
            // `B` is now entered by nobody; keep it from being merged into anything else.
            entries[b.index()] = 0;
        }
    }
}

/// Where control entering `b` first meets an instruction or a non-jump terminator; `b`
/// itself when it is not empty or when its jumps run in a circle (`loop(true) { }`).
fn final_target(blocks: &[Block], b: BlockId) -> BlockId {
    let mut current = b;
    for _ in 0..blocks.len() {
        match blocks.get(current.index()) {
            Some(Block {
                insts,
                term:
                    Terminator {
                        kind: TermKind::Jump(next),
                        ..
                    },
            }) if insts.is_empty() => current = *next,
            _ => return current,
        }
    }
    b
}

/// The blocks reachable from the entry block in reverse postorder (a block before the blocks
/// it leads to, except along loop back edges), renumbered.
fn reachable_blocks(blocks: Vec<Block>) -> Vec<Block> {
    let order = nyash_mir::cfg::reverse_postorder(&blocks);
    let mut new_index: Vec<Option<u32>> = vec![None; blocks.len()];
    for (new, old) in order.iter().enumerate() {
        new_index[old.index()] = Some(new as u32);
    }
    let map = |b: BlockId| BlockId(new_index.get(b.index()).copied().flatten().unwrap_or(0));
    let mut slots: Vec<Option<Block>> = blocks.into_iter().map(Some).collect();
    order
        .iter()
        .filter_map(|b| slots.get_mut(b.index()).and_then(Option::take))
        .map(|mut block| {
            renumber(&mut block, map);
            block
        })
        .collect()
}

fn renumber(block: &mut Block, map: impl Fn(BlockId) -> BlockId) {
    for inst in &mut block.insts {
        if let InstKind::TryEnter { handler, .. } = &mut inst.kind {
            *handler = map(*handler);
        }
    }
    match &mut block.term.kind {
        TermKind::Jump(t) => *t = map(*t),
        TermKind::Branch {
            then_block,
            else_block,
            ..
        } => {
            *then_block = map(*then_block);
            *else_block = map(*else_block);
        }
        TermKind::Return(_) | TermKind::Throw(_) | TermKind::Unreachable => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nyash_diagnostics::Span;
    use nyash_mir::Reg;

    fn block(term: TermKind) -> Block {
        Block {
            insts: vec![],
            term: Terminator {
                kind: term,
                span: Span::default(),
            },
        }
    }

    #[test]
    fn drops_unreachable_blocks_and_renumbers() {
        let blocks = vec![
            block(TermKind::Jump(BlockId(2))),
            block(TermKind::Return(Reg(0))),
            block(TermKind::Return(Reg(0))),
        ];
        let kept = reachable_blocks(blocks);
        assert_eq!(kept.len(), 2);
        assert_eq!(kept[0].term.kind, TermKind::Jump(BlockId(1)));
    }

    #[test]
    fn bypasses_empty_jump_blocks_and_survives_empty_cycles() {
        // An empty endless loop stays an endless loop.
        let blocks = vec![
            block(TermKind::Jump(BlockId(1))),
            block(TermKind::Jump(BlockId(2))),
            block(TermKind::Jump(BlockId(1))),
        ];
        let kept = simplify(blocks);
        let terms: Vec<&TermKind> = kept.iter().map(|b| &b.term.kind).collect();
        assert_eq!(
            terms,
            [&TermKind::Jump(BlockId(1)), &TermKind::Jump(BlockId(1))]
        );

        let blocks = vec![
            block(TermKind::Jump(BlockId(1))),
            block(TermKind::Jump(BlockId(2))),
            block(TermKind::Return(Reg(0))),
        ];
        let kept = simplify(blocks);
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].term.kind, TermKind::Return(Reg(0)));
    }
}
