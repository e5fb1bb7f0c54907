//! The shape of a function's control flow: which blocks follow which, and an order to visit
//! them in. Lowering lays blocks out in this order; the type inference walks them in it.

use crate::{Block, BlockId, InstKind, TermKind};

/// The blocks reachable from `blocks[0]` (along jumps, branches and `try` handlers) in reverse
/// postorder: a block comes before the blocks it leads to, except along loop back edges.
///
/// Depth-first, without recursion. Successors are visited handlers first and `else` before
/// `then`, so that the order reads: entry, `then` part, `else` part, join, and handlers after
/// the code they protect.
pub fn reverse_postorder(blocks: &[Block]) -> Vec<BlockId> {
    let mut visited = vec![false; blocks.len()];
    let mut postorder = Vec::with_capacity(blocks.len());
    let mut stack: Vec<(BlockId, Vec<BlockId>)> = Vec::new();
    if let Some(entry) = blocks.first() {
        visited[0] = true;
        stack.push((BlockId(0), successors(entry)));
    }
    while let Some((block, pending)) = stack.last_mut() {
        match pending.pop() {
            Some(next) => {
                if let (Some(seen), Some(b)) =
                    (visited.get_mut(next.index()), blocks.get(next.index()))
                {
                    if !*seen {
                        *seen = true;
                        stack.push((next, successors(b)));
                    }
                }
            }
            None => {
                postorder.push(*block);
                stack.pop();
            }
        }
    }
    postorder.reverse();
    postorder
}

/// Where control may go from `block`: its `try` handlers and its terminator's targets, in
/// reverse visiting order of [`reverse_postorder`] (its visit pops from the end).
pub fn successors(block: &Block) -> Vec<BlockId> {
    let mut out: Vec<BlockId> = block
        .insts
        .iter()
        .filter_map(|i| match i.kind {
            InstKind::TryEnter { handler, .. } => Some(handler),
            _ => None,
        })
        .collect();
    match block.term.kind {
        TermKind::Jump(t) => out.insert(0, t),
        TermKind::Branch {
            then_block,
            else_block,
            ..
        } => {
            out.insert(0, else_block);
            out.insert(0, then_block);
        }
        TermKind::Return(_) | TermKind::Throw(_) | TermKind::Unreachable => {}
    }
    out
}
