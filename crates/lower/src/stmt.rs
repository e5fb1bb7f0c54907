//! Statements and blocks.
//!
//! Each statement releases, at its end, the temporaries it created (see `function.rs`); each
//! block releases, at its end, the locals declared in it. `local x = e` and `x = e` compute `e`
//! straight into `x`'s register. Control flow lives in `control.rs`, `try`/`throw`/`return`/
//! `nowait` in `try_.rs`.

use nyash_diagnostics::Span;
use nyash_mir::{Const, InstKind, TermKind, Type};
use nyash_syntax::{self as ast, Expr, ExprKind, LocalDecl, Stmt, StmtKind};

use crate::function::FnBuilder;
use crate::LowerError;

impl<'a> FnBuilder<'a, '_> {
    /// A block in its own scope; its locals are released at its end.
    pub(crate) fn block(&mut self, block: &'a ast::Block) {
        self.push_scope();
        self.stmts(&block.stmts);
        self.pop_scope(block.span);
    }

    pub(crate) fn stmts(&mut self, stmts: &'a [Stmt]) {
        for s in stmts {
            self.stmt(s);
        }
    }

    pub(crate) fn stmt(&mut self, s: &'a Stmt) {
        let mark = self.temps_mark();
        let span = s.span;
        match &s.kind {
            StmtKind::Local { decls, .. } => decls.iter().for_each(|d| self.local(d, span)),
            StmtKind::Global { name, value } => self.global_stmt(name, value),
            StmtKind::Assign { target, value } => self.assign(target, value),
            StmtKind::If {
                branches,
                else_block,
            } => self.if_stmt(branches, else_block.as_ref(), span),
            StmtKind::Loop { cond, body } => self.loop_stmt(cond, body, span),
            StmtKind::Break => self.loop_jump(true, span),
            StmtKind::Continue => self.loop_jump(false, span),
            StmtKind::Return(value) => self.return_stmt(value.as_ref(), span),
            StmtKind::Print(e) => {
                let value = self.expr(e);
                self.emit(InstKind::Print { value }, span);
            }
            StmtKind::Throw(e) => {
                let value = self.expr(e);
                self.terminate(TermKind::Throw(value), span);
            }
            StmtKind::Try {
                body,
                catch,
                finally,
            } => self.try_stmt(body, catch.as_ref(), finally.as_ref(), span),
            StmtKind::Nowait { name, value } => self.nowait(name, value, span),
            StmtKind::Expr(e) => {
                self.expr(e);
            }
        }
        self.end_temps(mark, span);
    }

    /// `local x = e` / `local x`: a register for `x` (reused when `x` is redeclared in the
    /// same block), holding `e` or null. `x` is visible only after its initialiser.
    fn local(&mut self, decl: &'a LocalDecl, span: Span) {
        let name = decl.name.name.as_str();
        let existing = self.local_in_innermost_scope(name);
        let reg = existing.unwrap_or_else(|| self.alloc(Type::Any));
        match &decl.value {
            Some(value) => self.expr_into(value, reg),
            None => self.emit(
                InstKind::Const {
                    dst: reg,
                    value: Const::Null,
                },
                span,
            ),
        }
        if existing.is_none() {
            self.declare(name, reg);
        }
    }

    /// `global x = e`
    fn global_stmt(&mut self, name: &ast::Ident, value: &'a Expr) {
        let src = self.expr(value);
        match self.decls.global(&name.name) {
            Some(global) => self.emit(InstKind::StoreGlobal { global, src }, name.span),
            None => self.error(LowerError::Internal {
                message: format!("global `{}` was not collected", name.name),
            }),
        }
    }

    /// `x = e` (local or global) or `object.field = e`.
    fn assign(&mut self, target: &'a Expr, value: &'a Expr) {
        match &target.kind {
            ExprKind::Var(name) => {
                if let Some(reg) = self.lookup(name) {
                    self.expr_into(value, reg);
                } else if let Some(global) = self.decls.global(name) {
                    let src = self.expr(value);
                    self.emit(InstKind::StoreGlobal { global, src }, target.span);
                } else {
                    self.expr(value);
                    self.error(LowerError::UnresolvedName {
                        name: name.clone(),
                        span: target.span,
                    });
                }
            }
            ExprKind::Field { object, name } => {
                let object = self.expr(object);
                let value = self.expr(value);
                let field = self.sym(&name.name);
                self.emit(
                    InstKind::SetField {
                        object,
                        field,
                        value,
                    },
                    name.span,
                );
            }
            _ => self.error(LowerError::InvalidAssignTarget { span: target.span }),
        }
    }
}
