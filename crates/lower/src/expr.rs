//! Expressions: literals, names, operators, fields, `await` (calls are in `call.rs`).
//!
//! Every expression lowers with an optional destination. Without one, the value lands in a new
//! temporary — except a read of a local, which is just the local's register (no copy). With a
//! destination (the register of the local being assigned), the value is computed straight into
//! it: `x = x + 1` is one `Binary { dst: x, lhs: x, .. }`. This is safe because the destination
//! is only written by the last instruction of each path, after every operand has been read.

use nyash_mir::infer::{binary_type, unary_type};
use nyash_mir::{BinaryOp, Const, InstKind, Reg, Type, UnaryOp};
use nyash_syntax::{self as ast, Expr, ExprKind};

use crate::function::FnBuilder;
use crate::LowerError;

impl<'a> FnBuilder<'a, '_> {
    /// Lowers `e` and returns the register holding its value (do not write to it).
    pub(crate) fn expr(&mut self, e: &'a Expr) -> Reg {
        self.expr_to(e, None)
    }

    /// Lowers `e` writing its value into `dst`.
    pub(crate) fn expr_into(&mut self, e: &'a Expr, dst: Reg) {
        self.expr_to(e, Some(dst));
    }

    /// Lowers `e` into `dest` if given; returns the register holding the value.
    pub(crate) fn expr_to(&mut self, e: &'a Expr, dest: Option<Reg>) -> Reg {
        let span = e.span;
        match &e.kind {
            ExprKind::Int(i) => self.constant(Const::Int(*i), dest, span),
            ExprKind::Float(f) => self.constant(Const::Float(*f), dest, span),
            ExprKind::Str(s) => self.constant(Const::Str(s.clone()), dest, span),
            ExprKind::Bool(b) => self.constant(Const::Bool(*b), dest, span),
            ExprKind::Null => self.constant(Const::Null, dest, span),
            ExprKind::Me => match self.me(span) {
                Some(me) => self.move_to(me, dest, span),
                None => self.dest(dest, Type::Any),
            },
            ExprKind::Var(name) => self.var(name, dest, span),
            ExprKind::Unary {
                op,
                op_span,
                operand,
            } => self.unary(*op, *op_span, operand, dest),
            ExprKind::Binary {
                op: op @ (ast::BinaryOp::And | ast::BinaryOp::Or),
                lhs,
                rhs,
                ..
            } => self.short_circuit(*op == ast::BinaryOp::And, lhs, rhs, dest),
            ExprKind::Binary {
                op,
                op_span,
                lhs,
                rhs,
            } => self.binary(*op, *op_span, lhs, rhs, dest),
            ExprKind::Field { object, name } => {
                let object = self.expr(object);
                let field = self.sym(&name.name);
                let dst = self.dest(dest, Type::Any);
                self.emit(InstKind::GetField { dst, object, field }, name.span);
                dst
            }
            ExprKind::MethodCall {
                object,
                method,
                args,
            } => self.method_call(object, method, args, span, dest),
            ExprKind::Call { callee, args } => self.call_function(callee, args, span, dest),
            ExprKind::New { class, args, .. } => self.new_box(class, args, span, dest),
            ExprKind::FromCall {
                parent,
                method,
                args,
            } => self.delegated_call(parent, method, args, span, dest),
            ExprKind::Await(inner) => {
                let future = self.expr(inner);
                let dst = self.dest(dest, Type::Any);
                self.emit(InstKind::Await { dst, future }, span);
                dst
            }
        }
    }

    /// `src` itself when no destination is asked for, else a copy into `dest`.
    pub(crate) fn move_to(
        &mut self,
        src: Reg,
        dest: Option<Reg>,
        span: nyash_diagnostics::Span,
    ) -> Reg {
        match dest {
            Some(dst) if dst != src => {
                self.emit(InstKind::Copy { dst, src }, span);
                dst
            }
            _ => src,
        }
    }

    /// A name as a value: local, global, or a static box's singleton.
    fn var(&mut self, name: &str, dest: Option<Reg>, span: nyash_diagnostics::Span) -> Reg {
        if let Some(local) = self.lookup(name) {
            return self.move_to(local, dest, span);
        }
        if let Some(global) = self.decls.global(name) {
            let dst = self.dest(dest, Type::Any);
            self.emit(InstKind::LoadGlobal { dst, global }, span);
            return dst;
        }
        if let Some(class) = self.decls.static_class(name) {
            let dst = self.dest(dest, Type::Any);
            self.emit(InstKind::StaticBox { dst, class }, span);
            return dst;
        }
        self.error(LowerError::UnresolvedName {
            name: name.to_string(),
            span,
        });
        self.dest(dest, Type::Any)
    }

    fn unary(
        &mut self,
        op: ast::UnaryOp,
        op_span: nyash_diagnostics::Span,
        operand: &'a Expr,
        dest: Option<Reg>,
    ) -> Reg {
        if op == ast::UnaryOp::Neg {
            // `-5` and `-1.5` are constants.
            match operand.kind {
                ExprKind::Int(i) => {
                    return self.constant(Const::Int(i.wrapping_neg()), dest, op_span)
                }
                ExprKind::Float(f) => return self.constant(Const::Float(-f), dest, op_span),
                _ => {}
            }
        }
        let src = self.expr(operand);
        let op = match op {
            ast::UnaryOp::Not => UnaryOp::Not,
            ast::UnaryOp::Neg => UnaryOp::Neg,
        };
        let dst = self.dest(dest, unary_type(op, self.reg_type(src)));
        self.emit(InstKind::Unary { dst, op, src }, op_span);
        dst
    }

    fn binary(
        &mut self,
        op: ast::BinaryOp,
        op_span: nyash_diagnostics::Span,
        lhs: &'a Expr,
        rhs: &'a Expr,
        dest: Option<Reg>,
    ) -> Reg {
        let Some(op) = binary_op(op) else {
            // `and`/`or` never reach here (see `expr_to`).
            return self.short_circuit(op == ast::BinaryOp::And, lhs, rhs, dest);
        };
        let l = self.expr(lhs);
        let r = self.expr(rhs);
        let ty = binary_type(op, self.reg_type(l), self.reg_type(r));
        let dst = self.dest(dest, ty);
        // A division error points at the divisor (SPEC §7), other errors at the operator.
        let span = match op {
            BinaryOp::Div | BinaryOp::Mod => rhs.span,
            _ => op_span,
        };
        self.emit(
            InstKind::Binary {
                dst,
                op,
                lhs: l,
                rhs: r,
            },
            span,
        );
        dst
    }
}

/// The MIR operator of a non-short-circuit binary operator.
fn binary_op(op: ast::BinaryOp) -> Option<BinaryOp> {
    Some(match op {
        ast::BinaryOp::Add => BinaryOp::Add,
        ast::BinaryOp::Sub => BinaryOp::Sub,
        ast::BinaryOp::Mul => BinaryOp::Mul,
        ast::BinaryOp::Div => BinaryOp::Div,
        ast::BinaryOp::Mod => BinaryOp::Mod,
        ast::BinaryOp::Shr => BinaryOp::Shr,
        ast::BinaryOp::Eq => BinaryOp::Eq,
        ast::BinaryOp::Ne => BinaryOp::Ne,
        ast::BinaryOp::Lt => BinaryOp::Lt,
        ast::BinaryOp::Le => BinaryOp::Le,
        ast::BinaryOp::Gt => BinaryOp::Gt,
        ast::BinaryOp::Ge => BinaryOp::Ge,
        ast::BinaryOp::And | ast::BinaryOp::Or => return None,
    })
}

/// Whether `e` always gives a BoolBox (comparisons, `not`, `and`/`or`, boolean literals).
pub(crate) fn is_bool_expr(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Bool(_) => true,
        ExprKind::Unary { op, .. } => *op == ast::UnaryOp::Not,
        ExprKind::Binary { op, .. } => !matches!(
            op,
            ast::BinaryOp::Add
                | ast::BinaryOp::Sub
                | ast::BinaryOp::Mul
                | ast::BinaryOp::Div
                | ast::BinaryOp::Mod
                | ast::BinaryOp::Shr
        ),
        _ => false,
    }
}
