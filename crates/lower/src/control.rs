//! Control flow: `if`, `loop`, `break`, `continue`, and short-circuit `and`/`or`.
//!
//! Conditions of `if` and `loop` lower straight to branches: `a and b` branches on `a`, then
//! on `b`, `not a` swaps the targets, and a literal `true` is a plain jump, so no boolean is
//! materialised. As a value, `a and b` writes the truthiness of the operand that decided it
//! into its result (SPEC §4). Temporaries of a condition are released at the start of both
//! targets, since nothing after the branch reads them.

use nyash_diagnostics::Span;
use nyash_mir::{BlockId, Const, InstKind, Reg, TermKind, Type, UnaryOp};
use nyash_syntax::{self as ast, Expr, ExprKind};

use crate::expr::is_bool_expr;
use crate::function::{FnBuilder, Frame};
use crate::LowerError;

impl<'a> FnBuilder<'a, '_> {
    /// `if c { } else if d { } else { }`
    pub(crate) fn if_stmt(
        &mut self,
        branches: &'a [(Expr, ast::Block)],
        else_block: Option<&'a ast::Block>,
        span: Span,
    ) {
        let end = self.new_block();
        for (cond, body) in branches {
            let then_block = self.new_block();
            let next = self.new_block();
            self.cond_branch(cond, then_block, next);
            self.switch_to(then_block);
            self.block(body);
            self.jump(end, span);
            self.switch_to(next);
        }
        if let Some(body) = else_block {
            self.block(body);
        }
        self.jump(end, span);
        self.switch_to(end);
    }

    /// `loop(cond) { body }`: a header that tests, the body, a back edge.
    pub(crate) fn loop_stmt(&mut self, cond: &'a Expr, body: &'a ast::Block, span: Span) {
        let header = self.new_block();
        let body_block = self.new_block();
        let exit = self.new_block();
        self.jump(header, span);
        self.switch_to(header);
        self.cond_branch(cond, body_block, exit);
        self.switch_to(body_block);
        self.frames.push(Frame::Loop { header, exit });
        self.block(body);
        self.frames.pop();
        self.jump(header, span);
        self.switch_to(exit);
    }

    /// `break` (to the loop exit) or `continue` (to the loop header).
    pub(crate) fn loop_jump(&mut self, is_break: bool, span: Span) {
        let found = self
            .frames
            .iter()
            .enumerate()
            .rev()
            .find_map(|(i, f)| match f {
                Frame::Loop { header, exit } => Some((i, *header, *exit)),
                _ => None,
            });
        let Some((depth, header, exit)) = found else {
            self.error(if is_break {
                LowerError::BreakOutsideLoop { span }
            } else {
                LowerError::ContinueOutsideLoop { span }
            });
            return;
        };
        self.unwind(depth + 1, depth + 1, span);
        self.jump(if is_break { exit } else { header }, span);
    }

    /// Branches to `then_block` if `cond` is truthy, else to `else_block`, releasing the
    /// condition's temporaries at the start of both.
    pub(crate) fn cond_branch(&mut self, cond: &'a Expr, then_block: BlockId, else_block: BlockId) {
        let mark = self.temps_mark();
        self.cond(cond, then_block, else_block);
        let temps = self.take_temps(mark);
        for target in [then_block, else_block] {
            self.switch_to(target);
            self.release_all(&temps, cond.span);
        }
        temps.into_iter().for_each(|r| self.recycle(r));
    }

    fn cond(&mut self, cond: &'a Expr, then_block: BlockId, else_block: BlockId) {
        match &cond.kind {
            ExprKind::Binary {
                op: ast::BinaryOp::And,
                lhs,
                rhs,
                ..
            } => {
                let rhs_block = self.new_block();
                self.cond(lhs, rhs_block, else_block);
                self.switch_to(rhs_block);
                self.cond(rhs, then_block, else_block);
            }
            ExprKind::Binary {
                op: ast::BinaryOp::Or,
                lhs,
                rhs,
                ..
            } => {
                let rhs_block = self.new_block();
                self.cond(lhs, then_block, rhs_block);
                self.switch_to(rhs_block);
                self.cond(rhs, then_block, else_block);
            }
            ExprKind::Unary {
                op: ast::UnaryOp::Not,
                operand,
                ..
            } => self.cond(operand, else_block, then_block),
            ExprKind::Bool(b) => {
                let target = if *b { then_block } else { else_block };
                self.jump(target, cond.span);
            }
            _ => {
                let value = self.expr(cond);
                self.terminate(
                    TermKind::Branch {
                        cond: value,
                        then_block,
                        else_block,
                    },
                    cond.span,
                );
            }
        }
    }

    /// `a and b` / `a or b` as a value: a BoolBox of the deciding operand's truthiness.
    pub(crate) fn short_circuit(
        &mut self,
        is_and: bool,
        lhs: &'a Expr,
        rhs: &'a Expr,
        dest: Option<Reg>,
    ) -> Reg {
        let a = self.expr(lhs);
        let decided = self.new_block();
        let other = self.new_block();
        let end = self.new_block();
        let (then_block, else_block) = if is_and {
            (other, decided)
        } else {
            (decided, other)
        };
        self.terminate(
            TermKind::Branch {
                cond: a,
                then_block,
                else_block,
            },
            lhs.span,
        );
        let dst = self.dest(dest, Type::Bool);
        let span = lhs.span.to(rhs.span);
        // `a` decided: false for `and`, true for `or`.
        self.switch_to(decided);
        self.emit(
            InstKind::Const {
                dst,
                value: Const::Bool(!is_and),
            },
            span,
        );
        self.jump(end, span);
        self.switch_to(other);
        if is_bool_expr(rhs) {
            // Already a BoolBox: its truthiness is itself.
            self.expr_into(rhs, dst);
        } else {
            let b = self.expr(rhs);
            self.emit(
                InstKind::Unary {
                    dst,
                    op: UnaryOp::Truthy,
                    src: b,
                },
                span,
            );
        }
        self.jump(end, span);
        self.switch_to(end);
        dst
    }
}
