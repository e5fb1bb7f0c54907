//! Errors in generated code: try regions, catching, passing an error on to the caller, and
//! `nowait`/`await` (FutureBox) — the VM's `unwind` compiled to static branches.
//!
//! A raised error is an ErrorBox in the runtime's `pending` global (`runtime/error.wat`).
//! After every instruction that can raise, generated code tests it and branches to the
//! innermost handler of the current try region, storing the ErrorBox in the handler's
//! `error` register, or — with no handler open in this function — to the function's unwind
//! exit, which releases the frame and returns to the caller, which tests again. The handler
//! stack at each point is static: the dataflow of `mir::verify`'s try-depth check, tracking
//! handler blocks. The runtime counts open try regions in `handlers`; with none open, an
//! error is reported at once, so modules without `try` carry no test at all.
//!
//! Output: instructions in the function being compiled; `stackify` gets the handler edges
//! and places a wasm `block` before each handler block so that those branches exist.

use nyash_diagnostics::Span;
use nyash_mir::{BinaryOp, BlockId, Function, Inst, InstKind, Module, Reg, TermKind};
use wasm_encoder::BlockType;

use super::{FnEmitter, RegLocal};
use crate::stackify::{self, Item};
use crate::{abi, CompileError};

/// Runtime functions and globals used here, by export name.
mod rt {
    pub const CATCH: &str = "rt_catch";
    pub const REPORT_PENDING: &str = "rt_report_pending";
    pub const FUTURE_OK: &str = "rt_future_ok";
    pub const FUTURE_ERR: &str = "rt_future_err";
    pub const AWAIT: &str = "rt_await";
    pub const ERROR_MESSAGE: &str = "rt_error_message";
    pub const PENDING: &str = "pending";
    pub const HANDLERS: &str = "handlers";
}

const ERROR_TAG: i32 = abi::tag::ERROR;
const FUTURE_TAG: i32 = abi::tag::FUTURE;

/// A handler: its block and the register that receives the ErrorBox.
type Handler = (BlockId, Reg);

/// The try state of the function being compiled.
#[derive(Default)]
pub(crate) struct TryState {
    /// Whether the module has try regions; without any, no error is ever caught.
    pub catches: bool,
    /// The handler stack on entry to each block (`None`: not reached).
    entry_stacks: Vec<Option<Vec<Handler>>>,
    /// Label depths of the handlers each block may raise into, seen from its body.
    depths: stackify::HandlerDepths,
    /// The handler stack at the instruction being compiled.
    stack: Vec<Handler>,
    /// Label depths of the current block's handlers.
    current: Vec<(BlockId, u32)>,
    /// `stackify` labels open around the current block's body.
    pub labels: u32,
    /// Labels the instruction being compiled has opened around the current point.
    pub nesting: u32,
}

impl TryState {
    pub fn new(catches: bool) -> TryState {
        TryState {
            catches,
            ..TryState::default()
        }
    }
}

/// Whether some function of the module opens a try region.
pub(crate) fn module_catches(module: &Module) -> bool {
    module.functions.iter().any(|f| {
        f.blocks.iter().any(|b| {
            b.insts
                .iter()
                .any(|i| matches!(i.kind, InstKind::TryEnter { .. }))
        })
    })
}

/// The handler stack on entry to each block, by the dataflow of `mir::verify`.
fn handler_stacks(func: &Function) -> Result<Vec<Option<Vec<Handler>>>, String> {
    let mut at: Vec<Option<Vec<Handler>>> = vec![None; func.blocks.len()];
    let mut todo = Vec::new();
    if !func.blocks.is_empty() {
        at[0] = Some(Vec::new());
        todo.push(BlockId(0));
    }
    while let Some(id) = todo.pop() {
        let (Some(block), Some(Some(start))) = (func.blocks.get(id.index()), at.get(id.index()))
        else {
            continue;
        };
        let mut stack = start.clone();
        let mut edges = Vec::new();
        for inst in &block.insts {
            match inst.kind {
                InstKind::TryEnter { handler, error } => {
                    edges.push((handler, stack.clone()));
                    stack.push((handler, error));
                }
                InstKind::TryExit => {
                    stack.pop().ok_or("try_exit with no open try region")?;
                }
                _ => {}
            }
        }
        match block.term.kind {
            TermKind::Jump(target) => edges.push((target, stack)),
            TermKind::Branch {
                then_block,
                else_block,
                ..
            } => {
                edges.push((then_block, stack.clone()));
                edges.push((else_block, stack));
            }
            _ => {}
        }
        for (target, stack) in edges {
            match at.get_mut(target.index()) {
                Some(slot @ None) => {
                    *slot = Some(stack);
                    todo.push(target);
                }
                Some(Some(known)) if *known != stack => {
                    return Err(format!("{target} is entered with two handler stacks"));
                }
                _ => {}
            }
        }
    }
    Ok(at)
}

/// For each block, the handlers that are innermost somewhere in it (where it may raise to).
fn handler_edges(func: &Function, stacks: &[Option<Vec<Handler>>]) -> Vec<Vec<BlockId>> {
    let mut edges = vec![Vec::new(); func.blocks.len()];
    for (i, block) in func.blocks.iter().enumerate() {
        let Some(Some(start)) = stacks.get(i) else {
            continue;
        };
        let mut stack = start.clone();
        let mut innermost: Vec<BlockId> = stack.last().map(|h| h.0).into_iter().collect();
        for inst in &block.insts {
            match inst.kind {
                InstKind::TryEnter { handler, error } => stack.push((handler, error)),
                InstKind::TryExit => {
                    stack.pop();
                }
                _ => continue,
            }
            if let Some(&(h, _)) = stack.last() {
                if !innermost.contains(&h) {
                    innermost.push(h);
                }
            }
        }
        edges[i] = innermost;
    }
    edges
}

impl FnEmitter<'_, '_> {
    /// The structured control flow of the function, with handler edges when the module
    /// catches errors.
    pub(super) fn structure(&mut self) -> Result<Vec<Item>, CompileError> {
        let func = self.func;
        if !self.tries.catches {
            return stackify::structure(func).map_err(|e| self.unsupported(e));
        }
        let stacks = handler_stacks(func).map_err(|e| self.unsupported(e))?;
        let edges = handler_edges(func, &stacks);
        let (items, depths) =
            stackify::structure_with_handlers(func, &edges).map_err(|e| self.unsupported(e))?;
        self.tries.entry_stacks = stacks;
        self.tries.depths = depths;
        Ok(items)
    }

    /// Before the instructions of `block`: its handler stack and their label depths.
    pub(super) fn begin_body(&mut self, block: BlockId) {
        if !self.tries.catches {
            return;
        }
        self.tries.stack = self
            .tries
            .entry_stacks
            .get(block.index())
            .cloned()
            .flatten()
            .unwrap_or_default();
        self.tries.current = self.tries.depths.get(&block).cloned().unwrap_or_default();
    }

    /// Whether `inst` may raise an error (calls, runtime operations that check their
    /// operands); typed arithmetic other than `/` and `%` cannot.
    pub(super) fn may_raise(&self, inst: &Inst) -> bool {
        let typed = |r: Reg| !matches!(self.regs.get(r.index()), Some(RegLocal::Dyn { .. }) | None);
        match &inst.kind {
            InstKind::Const { .. }
            | InstKind::Copy { .. }
            | InstKind::LoadGlobal { .. }
            | InstKind::StoreGlobal { .. }
            | InstKind::Release { .. }
            | InstKind::TryEnter { .. }
            | InstKind::TryExit
            | InstKind::FutureOk { .. } => false,
            InstKind::Binary { op, lhs, rhs, .. } => {
                !(typed(*lhs) && typed(*rhs) && !matches!(op, BinaryOp::Div | BinaryOp::Mod))
            }
            InstKind::Unary { src, .. } => !typed(*src),
            _ => true,
        }
    }

    /// Tests for a pending error: branches to the innermost handler (the ErrorBox goes to
    /// its `error` register) or to the unwind exit. Emits nothing in modules without `try`.
    pub(super) fn check_pending(&mut self) -> Result<(), CompileError> {
        if !self.tries.catches {
            return Ok(());
        }
        let pending = self.cx.rt.global(rt::PENDING)?;
        let nesting = self.tries.nesting + 1;
        self.sink().global_get(pending).if_(BlockType::Empty);
        match self.tries.stack.last().copied() {
            Some((handler, error)) => {
                let depth = self
                    .tries
                    .current
                    .iter()
                    .find(|(h, _)| *h == handler)
                    .map(|(_, d)| *d)
                    .ok_or_else(|| CompileError::Internal(format!("no label for {handler}")))?;
                if !matches!(self.reg(error)?, RegLocal::Dyn { .. }) {
                    return Err(CompileError::Internal(format!(
                        "{error} cannot hold an error"
                    )));
                }
                let catch = self.cx.rt.func(rt::CATCH)?;
                self.sink().i32_const(ERROR_TAG).call(catch);
                self.store_pair(error)?;
                self.sink().br(depth + nesting);
            }
            None => {
                let labels = self.tries.labels;
                self.sink().br(labels + nesting);
            }
        }
        self.sink().end();
        Ok(())
    }

    /// Tests for a pending error while a call's `(tag, bits)` result is on the stack; the
    /// result is stored only when the call returned normally (as the VM leaves `dst`).
    pub(super) fn check_pending_keeping_pair(&mut self) -> Result<(), CompileError> {
        if !self.tries.catches {
            return Ok(());
        }
        let (s32, s64) = (self.scratch_i32, self.scratch_i64);
        self.sink().local_set(s64).local_set(s32);
        self.check_pending()?;
        self.sink().local_get(s32).local_get(s64);
        Ok(())
    }

    /// Where a branch to the unwind exit lands: the frame is released and a dummy value
    /// returned; the caller finds the error pending.
    pub(super) fn open_unwind_exit(&mut self) {
        if self.tries.catches {
            self.sink().block(BlockType::Empty);
        }
    }

    /// Closes what `open_unwind_exit` opened and emits the unwind exit.
    pub(super) fn close_unwind_exit(&mut self) -> Result<(), CompileError> {
        if !self.tries.catches {
            return Ok(());
        }
        self.sink().end();
        // Reached only when an error leaves the function: each release is a call of the
        // runtime's `rt_release` (the inline fast path is 40 bytes more per register).
        let release = self.cx.rt.func(abi::func::RELEASE)?;
        for i in 0..self.func.reg_count() {
            if let Some((tag, bits)) = self.heap_locals(Reg(i as u32))? {
                self.sink().local_get(tag).local_get(bits).call(release);
            }
        }
        self.sink().i32_const(abi::tag::NULL).i64_const(0);
        Ok(())
    }

    /// `try_enter handler, error`: one more open try region.
    pub(super) fn try_enter(&mut self, handler: BlockId, error: Reg) -> Result<(), CompileError> {
        self.tries.stack.push((handler, error));
        self.count_handlers(1)
    }

    /// `try_exit`: the innermost try region ends.
    pub(super) fn try_exit(&mut self) -> Result<(), CompileError> {
        self.tries.stack.pop();
        self.count_handlers(-1)
    }

    fn count_handlers(&mut self, by: i32) -> Result<(), CompileError> {
        let handlers = self.cx.rt.global(rt::HANDLERS)?;
        self.sink()
            .global_get(handlers)
            .i32_const(by)
            .i32_add()
            .global_set(handlers);
        Ok(())
    }

    /// Stores the object address on the stack into `dst` as a value of `tag`.
    fn store_heap_object(&mut self, dst: Reg, tag: i32) -> Result<(), CompileError> {
        let object = self.object;
        self.sink()
            .local_set(object)
            .i32_const(tag)
            .local_get(object)
            .i64_extend_i32_u();
        self.store_pair(dst)
    }

    /// `dst = future_ok value`.
    pub(super) fn future_ok(&mut self, dst: Reg, value: Reg) -> Result<(), CompileError> {
        let future_ok = self.cx.rt.func(rt::FUTURE_OK)?;
        self.push_value(value)?;
        self.sink().call(future_ok);
        self.store_heap_object(dst, FUTURE_TAG)
    }

    /// `dst = future_err error`: a value that is not an ErrorBox becomes one at `span`.
    pub(super) fn future_err(
        &mut self,
        dst: Reg,
        error: Reg,
        span: Span,
    ) -> Result<(), CompileError> {
        let future_err = self.cx.rt.func(rt::FUTURE_ERR)?;
        let site = self.site(span);
        self.sink().i32_const(site);
        self.push_value(error)?;
        self.sink().call(future_err);
        self.store_heap_object(dst, FUTURE_TAG)
    }

    /// `dst = await future`.
    pub(super) fn await_(&mut self, dst: Reg, future: Reg) -> Result<(), CompileError> {
        let await_ = self.cx.rt.func(rt::AWAIT)?;
        self.push_value(future)?;
        self.sink().call(await_);
        self.check_pending_keeping_pair()?;
        self.store_pair(dst)
    }

    /// For a call of `message` (ErrorBox) or `get`/`isReady` (FutureBox), opens
    /// `if receiver is such a box { dst = ... } else`, closed by the caller like the
    /// branches of `begin_builtin_methods`; returns how many it opened. Other boxes with a
    /// method of that name (ArrayBox `get(i)`) are left to the branches that follow; with
    /// arguments, such a box raises the VM's argument-count error.
    pub(super) fn begin_outcome_methods(
        &mut self,
        dst: Reg,
        receiver: Reg,
        name: &str,
        args: &[Reg],
        span: Span,
    ) -> Result<usize, CompileError> {
        let tag = match name {
            "message" => ERROR_TAG,
            "get" | "isReady" => FUTURE_TAG,
            _ => return Ok(0),
        };
        let RegLocal::Dyn {
            tag: tag_local,
            bits: bits_local,
        } = self.reg(receiver)?
        else {
            return Ok(0);
        };
        self.sink()
            .local_get(tag_local)
            .i32_const(tag)
            .i32_eq()
            .if_(BlockType::Empty);
        if !args.is_empty() {
            // These methods take no argument: the VM's arity error, `dst` left as it was.
            let owner = if tag == ERROR_TAG {
                "ErrorBox"
            } else {
                "FutureBox"
            };
            let site = self.site(span);
            let message = format!("{owner}.{name} takes 0 arguments, got {}", args.len());
            self.raise(site, &message)?;
            self.sink().else_();
            return Ok(1);
        }
        match name {
            "message" => {
                let message = self.cx.rt.func(rt::ERROR_MESSAGE)?;
                self.sink()
                    .local_get(bits_local)
                    .i32_wrap_i64()
                    .call(message)
                    .i64_extend_i32_u();
                let s64 = self.scratch_i64;
                self.sink()
                    .local_set(s64)
                    .i32_const(abi::tag::STRING)
                    .local_get(s64);
                self.store_pair(dst)?;
            }
            "get" => {
                let await_ = self.cx.rt.func(rt::AWAIT)?;
                self.push_value(receiver)?;
                self.sink().call(await_);
                self.store_pair(dst)?;
            }
            _ => {
                self.sink().i32_const(1);
                self.store_bool(dst)?;
            }
        }
        self.sink().else_();
        Ok(1)
    }
}

/// The start function's report of an error that left the entry function.
pub(super) fn report_uncaught(
    cx: &super::Context,
    sink: &mut wasm_encoder::InstructionSink,
) -> Result<(), CompileError> {
    if cx.catches {
        let report = cx.rt.func(rt::REPORT_PENDING)?;
        sink.call(report);
    }
    Ok(())
}

/// Handler stacks by block, for tests.
#[cfg(test)]
fn stacks_of(func: &Function) -> std::collections::BTreeMap<usize, Vec<BlockId>> {
    handler_stacks(func)
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .filter_map(|(i, s)| s.map(|s| (i, s.into_iter().map(|h| h.0).collect())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use nyash_mir::{Block, FunctionKind, Terminator, Type};

    fn block(insts: Vec<InstKind>, term: TermKind) -> Block {
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

    #[test]
    fn handler_stacks_follow_try_regions() {
        let blocks = vec![
            block(
                vec![InstKind::TryEnter {
                    handler: BlockId(2),
                    error: Reg(0),
                }],
                TermKind::Jump(BlockId(1)),
            ),
            block(vec![InstKind::TryExit], TermKind::Jump(BlockId(3))),
            block(vec![], TermKind::Jump(BlockId(3))),
            block(vec![], TermKind::Return(Reg(0))),
        ];
        let func = Function {
            name: "f".into(),
            kind: FunctionKind::Function,
            param_count: 0,
            reg_types: vec![Type::Any],
            blocks,
            span: Span::default(),
        };
        let stacks = stacks_of(&func);
        assert_eq!(stacks.get(&1), Some(&vec![BlockId(2)]));
        assert_eq!(stacks.get(&2), Some(&vec![]));
        assert_eq!(stacks.get(&3), Some(&vec![]));
        let edges = handler_edges(&func, &handler_stacks(&func).unwrap_or_default());
        assert_eq!(edges[0], vec![BlockId(2)]);
        assert_eq!(edges[1], vec![BlockId(2)]);
        assert!(edges[2].is_empty());
    }
}
