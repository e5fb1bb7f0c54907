//! `try`/`catch`/`finally`, `return`, `nowait`, and leaving constructs early.
//!
//! `try B catch (e) C finally F` lowers to:
//!
//! ```text
//!   TryEnter { handler: H1, error: e }  B  TryExit  jump FIN
//! H1: release B's registers
//!     TryEnter { handler: H2, error: e2 }  C  TryExit  jump FIN     (C sees `e`)
//! H2: release C's registers and e;  F  Throw e2
//! FIN: F  jump AFTER
//! ```
//!
//! Without `finally` the catch body is not a region and jumps to AFTER; without `catch` the
//! handler runs F and throws the caught error again (it keeps its original place, see MIR
//! `Throw`). A `break`, `continue` or `return` that leaves a region emits `TryExit` and an
//! inline copy of F first (see [`FnBuilder::unwind`]), so F runs exactly once on every path.

use nyash_diagnostics::Span;
use nyash_mir::{BlockId, Const, InstKind, Reg, TermKind, Type};
use nyash_syntax::{self as ast, CatchClause, Expr};

use crate::function::{FnBuilder, Frame};

/// The name a catch clause without a variable binds its error to (no identifier can match).
const HIDDEN_ERROR: &str = "<error>";

impl<'a> FnBuilder<'a, '_> {
    pub(crate) fn try_stmt(
        &mut self,
        body: &'a ast::Block,
        catch: Option<&'a CatchClause>,
        finally: Option<&'a ast::Block>,
        span: Span,
    ) {
        let handler = self.new_block();
        let after = self.new_block();
        let finally_block = finally.map(|_| self.new_block());
        let normal_exit = finally_block.unwrap_or(after);
        let error = self.alloc(Type::Any);

        self.emit(InstKind::TryEnter { handler, error }, span);
        let body_regs = self.region(body, finally);
        self.jump(normal_exit, span);

        self.switch_to(handler);
        self.release_all(&body_regs, span);
        match (catch, finally) {
            (Some(c), _) => self.catch_clause(c, error, finally, normal_exit),
            (None, Some(f)) => {
                self.block(f);
                self.terminate(TermKind::Throw(error), f.span);
                self.recycle(error);
            }
            (None, None) => {
                self.release_all(&[error], span);
                self.jump(after, span);
                self.recycle(error);
            }
        }

        if let (Some(block), Some(f)) = (finally_block, finally) {
            self.switch_to(block);
            self.block(f);
            self.jump(after, span);
        }
        self.switch_to(after);
    }

    /// Lowers `body` inside an active try region (entered by the caller) and leaves the
    /// region on the normal path. Returns the registers the body used, which are dead when
    /// its handler runs.
    fn region(&mut self, body: &'a ast::Block, finally: Option<&'a ast::Block>) -> Vec<Reg> {
        let mark = self.allocation_mark();
        self.frames.push(Frame::Try { finally });
        self.block(body);
        self.frames.pop();
        self.emit(InstKind::TryExit, body.span);
        self.allocated_since(mark)
    }

    /// The handler's catch body with the error bound; covered by a second region when a
    /// `finally` follows, so that an error in the catch body still runs it.
    fn catch_clause(
        &mut self,
        c: &'a CatchClause,
        error: Reg,
        finally: Option<&'a ast::Block>,
        normal_exit: BlockId,
    ) {
        let name = c.var.as_ref().map_or(HIDDEN_ERROR, |v| v.name.as_str());
        let Some(f) = finally else {
            self.push_scope();
            self.declare(name, error);
            self.stmts(&c.body.stmts);
            self.pop_scope(c.body.span);
            self.jump(normal_exit, c.span);
            return;
        };
        let handler = self.new_block();
        let rethrown = self.alloc(Type::Any);
        self.emit(
            InstKind::TryEnter {
                handler,
                error: rethrown,
            },
            c.span,
        );
        let mark = self.allocation_mark();
        self.frames.push(Frame::Try { finally });
        self.push_scope();
        self.declare(name, error);
        self.stmts(&c.body.stmts);
        self.pop_scope(c.body.span);
        self.frames.pop();
        self.emit(InstKind::TryExit, c.body.span);
        self.jump(normal_exit, c.span);

        let catch_regs = self.allocated_since(mark);
        self.switch_to(handler);
        self.release_all(&catch_regs, c.span);
        self.release_all(&[error], c.span);
        self.block(f);
        self.terminate(TermKind::Throw(rethrown), f.span);
        self.recycle(rethrown);
    }

    /// `return e?`. Inside a region with `finally`, the value is computed into a register of
    /// its own first, since the locals it may read are released before the `finally` runs.
    pub(crate) fn return_stmt(&mut self, value: Option<&'a Expr>, span: Span) {
        let first_finally = self
            .frames
            .iter()
            .position(|f| matches!(f, Frame::Try { finally: Some(_) }));
        let in_region = self.frames.iter().any(|f| matches!(f, Frame::Try { .. }));
        let result = match value {
            Some(e) if first_finally.is_some() => {
                let r = self.temp(Type::Any);
                self.expr_into(e, r);
                r
            }
            Some(e) => self.expr(e),
            None => self.constant(Const::Null, None, span),
        };
        if in_region {
            // Locals outside the outermost `finally` region are dropped by the return itself.
            let release_from = first_finally.map_or(usize::MAX, |i| i + 1);
            self.unwind(0, release_from, span);
        }
        self.terminate(TermKind::Return(result), span);
    }

    /// Emits what leaving `frames[depth..]` early takes, innermost first: a `Release` of the
    /// locals of each scope at index `release_from` or above, and for each try region a
    /// `TryExit` followed by its `finally` body (lowered where only the frames outside the
    /// region are visible).
    pub(crate) fn unwind(&mut self, depth: usize, release_from: usize, span: Span) {
        let mut i = self.frames.len();
        while i > depth {
            i -= 1;
            match &self.frames[i] {
                Frame::Scope(scope) => {
                    if i >= release_from {
                        let regs: Vec<Reg> = scope.vars.iter().map(|&(_, r)| r).collect();
                        self.release_all(&regs, span);
                    }
                }
                Frame::Loop { .. } => {}
                Frame::Try { finally } => {
                    let finally = *finally;
                    self.emit(InstKind::TryExit, span);
                    if let Some(f) = finally {
                        let inner = self.frames.split_off(i);
                        self.block(f);
                        self.frames.extend(inner);
                    }
                }
            }
        }
    }

    /// `nowait x = e`: `x` gets a FutureBox holding the value of `e`, or its error. `x` is
    /// assigned if it names a visible variable, otherwise declared as a new local.
    pub(crate) fn nowait(&mut self, name: &'a ast::Ident, value: &'a Expr, span: Span) {
        let local = self.lookup(&name.name);
        let global = self.decls.global(&name.name).filter(|_| local.is_none());
        let dst = match (local, global) {
            (Some(r), _) => r,
            (None, Some(_)) => self.temp(Type::Any),
            (None, None) => self.alloc(Type::Any),
        };
        let handler = self.new_block();
        let after = self.new_block();
        let error = self.temp(Type::Any);
        self.emit(InstKind::TryEnter { handler, error }, span);
        let v = self.expr(value);
        self.emit(InstKind::TryExit, span);
        self.emit(InstKind::FutureOk { dst, value: v }, span);
        self.jump(after, span);
        // The temporaries of `e` are released at the end of this statement, on both paths.
        self.switch_to(handler);
        self.emit(InstKind::FutureErr { dst, error }, span);
        self.jump(after, span);
        self.switch_to(after);
        match (local, global) {
            (Some(_), _) => {}
            (None, Some(global)) => {
                self.emit(InstKind::StoreGlobal { global, src: dst }, name.span)
            }
            (None, None) => self.declare(&name.name, dst),
        }
    }
}
