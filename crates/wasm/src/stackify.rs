//! Structured control flow: turns a function's control-flow graph into the nested
//! `block`/`loop`/`if` form wasm requires, with no dispatch loop.
//!
//! The algorithm is the dominator-tree translation of Ramsey, "Beyond Relooper" (ICFP 2022),
//! which handles every reducible graph (MIR graphs are reducible: lowering builds them from
//! structured statements). In outline:
//! - blocks are numbered in reverse postorder (RPO) from the entry; an edge to a block with
//!   a smaller or equal number is a back edge, and its target is a *loop header*;
//! - a *merge node* has two or more forward in-edges (counted with multiplicity);
//! - a block's code is emitted where its immediate dominator is; each merge node that a block
//!   dominates directly gets a wasm `block` around the code of the dominator, ending just
//!   before the merge node's code, so that forward edges to it are `br` out of that `block`;
//!   a loop header gets a wasm `loop`, and back edges are `br` to it;
//! - a forward edge to a block that is not a merge node continues with that block inline.
//!
//! Input: a [`Function`]. Output: a flat list of [`Item`]s (opening and closing markers, block
//! bodies, branches with relative label depths) that `emit` turns into instructions one to
//! one. Blocks unreachable from the entry are left out.
//!
//! Try handlers ([`structure_with_handlers`]) are extra edges from every block that may
//! raise into them; a handler block is always given a wasm `block` (as a merge node is), so
//! that code anywhere in a block that raises can `br` to it; the label depth of each such
//! handler, as seen from the block's body, is returned with the items.

use std::collections::BTreeMap;

use nyash_mir::{BlockId, Function, TermKind};

/// One element of a function's structured code, in emission order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    /// Opens a wasm `block` (a forward branch target at its end).
    Block,
    /// Opens a wasm `loop` (a backward branch target at its start).
    Loop,
    /// Opens an `if` on the branch condition of this MIR block's terminator.
    If(BlockId),
    /// Switches to the `else` arm of the innermost `if`.
    Else,
    /// Closes the innermost `block`, `loop` or `if`.
    End,
    /// The instructions of a MIR block (not its terminator).
    Body(BlockId),
    /// A branch to the enclosing label this many levels out (0 = innermost).
    Br(u32),
    /// A branch this many levels out taken when the branch condition of this MIR block's
    /// terminator holds: a two-way branch whose both targets are labels is `br_if` then
    /// `br`, not an `if` around two `br`s (which Cranelift lays out as two jumps).
    BrIf(BlockId, u32),
    /// The terminator of this block when it leaves the function (`ret`, `throw`,
    /// `unreachable`).
    Exit(BlockId),
}

/// What an enclosing wasm construct is, while translating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Frame {
    IfThenElse,
    LoopHeadedBy(usize),
    BlockFollowedBy(usize),
}

/// The structured form of `function`'s control flow; `Err` if the graph is not reducible
/// (lowering never produces such a graph).
pub fn structure(function: &Function) -> Result<Vec<Item>, String> {
    structure_with_handlers(function, &[]).map(|(items, _)| items)
}

/// Label depths of the handlers a block's body may branch to, by block.
pub type HandlerDepths = BTreeMap<BlockId, Vec<(BlockId, u32)>>;

/// The structured form of `function`'s control flow where `handlers[b]` lists the handler
/// blocks that code in block `b` may branch to when it raises.
pub fn structure_with_handlers(
    function: &Function,
    handlers: &[Vec<BlockId>],
) -> Result<(Vec<Item>, HandlerDepths), String> {
    let graph = Graph::new(function, handlers);
    let mut out = Vec::new();
    let mut depths = BTreeMap::new();
    if !graph.order.is_empty() {
        let mut translator = Translator {
            graph: &graph,
            context: Vec::new(),
            out: &mut out,
            handler_depths: &mut depths,
            irreducible: false,
        };
        translator.do_tree(0);
        if translator.irreducible {
            return Err(format!("irreducible control flow in {}", function.name));
        }
    }
    Ok((out, depths))
}

/// The control-flow graph with the facts the translation needs; blocks are identified by
/// their RPO number.
struct Graph<'f> {
    function: &'f Function,
    /// Handler edges by block id (see [`structure_with_handlers`]).
    handlers: &'f [Vec<BlockId>],
    /// RPO number by block id.
    rpo: Vec<Option<usize>>,
    /// Blocks in reverse postorder.
    order: Vec<BlockId>,
    /// Successors by RPO number, in terminator order.
    succs: Vec<Vec<usize>>,
    loop_header: Vec<bool>,
    merge: Vec<bool>,
    /// Children in the dominator tree that are merge nodes, highest RPO number first.
    merge_children: Vec<Vec<usize>>,
}

fn successors(function: &Function, handlers: &[Vec<BlockId>], block: BlockId) -> Vec<BlockId> {
    let mut succs = match function.blocks.get(block.index()).map(|b| &b.term.kind) {
        Some(TermKind::Jump(target)) => vec![*target],
        Some(TermKind::Branch {
            then_block,
            else_block,
            ..
        }) => vec![*then_block, *else_block],
        _ => Vec::new(),
    };
    if let Some(extra) = handlers.get(block.index()) {
        succs.extend(extra);
    }
    succs
}

impl<'f> Graph<'f> {
    fn new(function: &'f Function, handlers: &'f [Vec<BlockId>]) -> Graph<'f> {
        let order = reverse_postorder(function, handlers);
        let mut rpo = vec![None; function.blocks.len()];
        for (number, block) in order.iter().enumerate() {
            rpo[block.index()] = Some(number);
        }
        let succs: Vec<Vec<usize>> = order
            .iter()
            .map(|&b| {
                successors(function, handlers, b)
                    .into_iter()
                    .filter_map(|s| rpo.get(s.index()).copied().flatten())
                    .collect()
            })
            .collect();
        let n = order.len();
        let mut loop_header = vec![false; n];
        let mut forward_in = vec![0u32; n];
        let mut preds = vec![Vec::new(); n];
        for (from, targets) in succs.iter().enumerate() {
            for &to in targets {
                if to <= from {
                    loop_header[to] = true;
                } else {
                    forward_in[to] += 1;
                }
                preds[to].push(from);
            }
        }
        let mut merge: Vec<bool> = forward_in.iter().map(|&count| count >= 2).collect();
        // A handler is reached by `br` from wherever its try region may raise.
        for handler in handlers.iter().flatten() {
            if let Some(Some(number)) = rpo.get(handler.index()) {
                merge[*number] = true;
            }
        }
        let idom = dominators(&preds);
        let mut merge_children = vec![Vec::new(); n];
        // Descending RPO order: the outermost `block` belongs to the merge node emitted last.
        for node in (1..n).rev() {
            if merge[node] {
                merge_children[idom[node]].push(node);
            }
        }
        Graph {
            function,
            handlers,
            rpo,
            order,
            succs,
            loop_header,
            merge,
            merge_children,
        }
    }
}

/// Blocks reachable from the entry, in reverse postorder (iterative depth-first search).
fn reverse_postorder(function: &Function, handlers: &[Vec<BlockId>]) -> Vec<BlockId> {
    let count = function.blocks.len();
    if count == 0 {
        return Vec::new();
    }
    let mut visited = vec![false; count];
    let mut postorder = Vec::with_capacity(count);
    let mut stack: Vec<(BlockId, usize)> = vec![(BlockId(0), 0)];
    visited[0] = true;
    while let Some((block, next)) = stack.pop() {
        let succs = successors(function, handlers, block);
        if let Some(&succ) = succs.get(next) {
            stack.push((block, next + 1));
            if succ.index() < count && !visited[succ.index()] {
                visited[succ.index()] = true;
                stack.push((succ, 0));
            }
        } else {
            postorder.push(block);
        }
    }
    postorder.reverse();
    postorder
}

/// Immediate dominators by RPO number (Cooper, Harvey & Kennedy's iterative algorithm);
/// the entry is its own.
fn dominators(preds: &[Vec<usize>]) -> Vec<usize> {
    let n = preds.len();
    let mut idom: Vec<Option<usize>> = vec![None; n];
    if n == 0 {
        return Vec::new();
    }
    idom[0] = Some(0);
    let mut changed = true;
    while changed {
        changed = false;
        for node in 1..n {
            let mut new_idom: Option<usize> = None;
            for &p in &preds[node] {
                if idom[p].is_none() {
                    continue;
                }
                new_idom = Some(match new_idom {
                    None => p,
                    Some(current) => intersect(&idom, p, current),
                });
            }
            if new_idom.is_some() && new_idom != idom[node] {
                idom[node] = new_idom;
                changed = true;
            }
        }
    }
    idom.into_iter().map(|d| d.unwrap_or(0)).collect()
}

fn intersect(idom: &[Option<usize>], mut a: usize, mut b: usize) -> usize {
    while a != b {
        while a > b {
            a = idom[a].unwrap_or(0);
        }
        while b > a {
            b = idom[b].unwrap_or(0);
        }
    }
    a
}

struct Translator<'g, 'o> {
    graph: &'g Graph<'g>,
    context: Vec<Frame>,
    out: &'o mut Vec<Item>,
    handler_depths: &'o mut HandlerDepths,
    /// Set when a branch target has no enclosing frame (a graph that is not reducible).
    irreducible: bool,
}

impl Translator<'_, '_> {
    fn do_tree(&mut self, node: usize) {
        let merges = self.graph.merge_children[node].clone();
        if self.graph.loop_header[node] {
            self.out.push(Item::Loop);
            self.context.push(Frame::LoopHeadedBy(node));
            self.node_within(node, &merges);
            self.context.pop();
            self.out.push(Item::End);
        } else {
            self.node_within(node, &merges);
        }
    }

    fn node_within(&mut self, node: usize, merges: &[usize]) {
        if let Some((&follower, inner)) = merges.split_first() {
            self.out.push(Item::Block);
            self.context.push(Frame::BlockFollowedBy(follower));
            self.node_within(node, inner);
            self.context.pop();
            self.out.push(Item::End);
            self.do_tree(follower);
            return;
        }
        let block = self.graph.order[node];
        self.out.push(Item::Body(block));
        self.record_handler_depths(node, block);
        let succs = self.graph.succs[node].clone();
        match self.graph.function.blocks[block.index()].term.kind {
            TermKind::Jump(_) => self.do_branch(node, succs[0]),
            TermKind::Branch { .. } => {
                let labels = (
                    self.label_depth(node, succs[0]),
                    self.label_depth(node, succs[1]),
                );
                if let (Some(Some(then_depth)), Some(Some(else_depth))) = labels {
                    self.out.push(Item::BrIf(block, then_depth));
                    self.out.push(Item::Br(else_depth));
                    return;
                }
                self.out.push(Item::If(block));
                self.context.push(Frame::IfThenElse);
                self.do_branch(node, succs[0]);
                self.out.push(Item::Else);
                self.do_branch(node, succs[1]);
                self.context.pop();
                self.out.push(Item::End);
            }
            _ => self.out.push(Item::Exit(block)),
        }
    }

    /// Notes the label depth, from the body of `block`, of each handler it may raise into.
    fn record_handler_depths(&mut self, node: usize, block: BlockId) {
        let Some(handlers) = self.graph.handlers.get(block.index()) else {
            return;
        };
        let mut depths = Vec::new();
        for &handler in handlers {
            let target = self.graph.rpo.get(handler.index()).copied().flatten();
            let wanted = target.filter(|&to| to > node).map(Frame::BlockFollowedBy);
            match wanted.and_then(|w| self.context.iter().rposition(|f| *f == w)) {
                Some(p) => depths.push((handler, (self.context.len() - 1 - p) as u32)),
                None => self.irreducible = true,
            }
        }
        if !depths.is_empty() {
            self.handler_depths.insert(block, depths);
        }
    }

    fn do_branch(&mut self, from: usize, to: usize) {
        match self.label_depth(from, to) {
            Some(Some(depth)) => self.out.push(Item::Br(depth)),
            Some(None) => self.irreducible = true,
            None => self.do_tree(to),
        }
    }

    /// How the edge `from → to` is taken: `None` when `to` follows inline; otherwise by a
    /// branch to the label this many levels out (`Some(None)`: there is no such label, the
    /// graph is not reducible).
    fn label_depth(&self, from: usize, to: usize) -> Option<Option<u32>> {
        if to > from && !self.graph.merge[to] {
            return None;
        }
        let wanted = if to <= from {
            Frame::LoopHeadedBy(to)
        } else {
            Frame::BlockFollowedBy(to)
        };
        let found = self.context.iter().rposition(|f| *f == wanted);
        Some(found.map(|p| (self.context.len() - 1 - p) as u32))
    }
}

#[cfg(test)]
#[path = "stackify_tests.rs"]
mod tests;
