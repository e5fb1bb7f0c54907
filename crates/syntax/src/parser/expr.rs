//! Expressions (SPEC §4): precedence climbing over the binary operators, then unary
//! operators, postfix `.name` / `.name(args)`, and primaries.
//!
//! Binary operators are left-associative. An operator at the start of a line continues the
//! expression of the previous line, except `-`, which there starts a new statement (`-x` is a
//! valid statement start). A call's `(` must be on the line of its callee; `.` may start a
//! line (method chains).

use super::{PResult, Parser};
use crate::ast::{BinaryOp, Expr, ExprKind, Ident, UnaryOp};
use crate::lexer::TokenKind;

/// The binary operator of a token and its precedence (higher binds tighter).
fn binary_op(kind: &TokenKind) -> Option<(BinaryOp, u8)> {
    let op = match kind {
        TokenKind::Or => (BinaryOp::Or, 1),
        TokenKind::And => (BinaryOp::And, 2),
        TokenKind::EqEq => (BinaryOp::Eq, 3),
        TokenKind::NotEq => (BinaryOp::Ne, 3),
        TokenKind::Lt => (BinaryOp::Lt, 4),
        TokenKind::Le => (BinaryOp::Le, 4),
        TokenKind::Gt => (BinaryOp::Gt, 4),
        TokenKind::Ge => (BinaryOp::Ge, 4),
        TokenKind::Plus => (BinaryOp::Add, 5),
        TokenKind::Minus => (BinaryOp::Sub, 5),
        TokenKind::Shr => (BinaryOp::Shr, 5),
        TokenKind::Star => (BinaryOp::Mul, 6),
        TokenKind::Slash => (BinaryOp::Div, 6),
        TokenKind::Percent => (BinaryOp::Mod, 6),
        _ => return None,
    };
    Some(op)
}

impl Parser<'_> {
    pub(super) fn parse_expr(&mut self) -> PResult<Expr> {
        self.parse_binary(1)
    }

    /// An expression whose binary operators all have precedence `min_prec` or higher.
    fn parse_binary(&mut self, min_prec: u8) -> PResult<Expr> {
        let lhs = self.parse_unary()?;
        let depth = self.depth;
        let result = self.parse_binary_rest(lhs, min_prec);
        self.depth = depth;
        result
    }

    fn parse_binary_rest(&mut self, mut lhs: Expr, min_prec: u8) -> PResult<Expr> {
        loop {
            let token = self.peek();
            let Some((op, prec)) = binary_op(&token.kind) else {
                return Ok(lhs);
            };
            let new_statement = token.kind == TokenKind::Minus && self.at_line_break();
            if prec < min_prec || new_statement {
                return Ok(lhs);
            }
            let op_span = self.bump().span;
            // Each fold puts the tree one level deeper on its left side.
            self.enter_level()?;
            let rhs = self.parse_binary(prec + 1)?;
            let span = lhs.span.to(rhs.span);
            let kind = ExprKind::Binary {
                op,
                op_span,
                lhs: Box::new(lhs),
                rhs: Box::new(rhs),
            };
            lhs = Expr { kind, span };
        }
    }

    /// `("-" | "not" | "!" | "await") unary | postfix`
    fn parse_unary(&mut self) -> PResult<Expr> {
        let token = self.peek().clone();
        let op = match token.kind {
            TokenKind::Minus => Some(UnaryOp::Neg),
            TokenKind::Not => Some(UnaryOp::Not),
            TokenKind::Await => None,
            _ => return self.parse_postfix(),
        };
        self.bump();
        let operand = Box::new(self.nested(Self::parse_unary)?);
        let span = token.span.to(operand.span);
        let kind = match op {
            Some(op) => ExprKind::Unary {
                op,
                op_span: token.span,
                operand,
            },
            None => ExprKind::Await(operand),
        };
        Ok(Expr { kind, span })
    }

    /// `primary ("." NAME ("(" args ")")?)*`
    fn parse_postfix(&mut self) -> PResult<Expr> {
        let primary = self.parse_primary()?;
        let depth = self.depth;
        let result = self.parse_postfix_rest(primary);
        self.depth = depth;
        result
    }

    fn parse_postfix_rest(&mut self, mut expr: Expr) -> PResult<Expr> {
        while self.eat(&TokenKind::Dot) {
            self.enter_level()?;
            let name = self.expect_name("a field or method name")?;
            let start = expr.span;
            let object = Box::new(expr);
            let kind = if self.at_call_paren() {
                let args = self.parse_args()?;
                ExprKind::MethodCall {
                    object,
                    method: name,
                    args,
                }
            } else {
                ExprKind::Field { object, name }
            };
            expr = Expr {
                kind,
                span: self.span_from(start),
            };
        }
        Ok(expr)
    }

    /// A `(` that opens the arguments of a call: on the same line as the callee.
    fn at_call_paren(&self) -> bool {
        self.at(&TokenKind::LParen) && !self.at_line_break()
    }

    fn parse_primary(&mut self) -> PResult<Expr> {
        let token = self.peek().clone();
        let kind = match token.kind {
            TokenKind::Int(value) => ExprKind::Int(value),
            TokenKind::Float(value) => ExprKind::Float(value),
            TokenKind::Str(value) => ExprKind::Str(value),
            TokenKind::True => ExprKind::Bool(true),
            TokenKind::False => ExprKind::Bool(false),
            TokenKind::Null => ExprKind::Null,
            TokenKind::Me => ExprKind::Me,
            TokenKind::Ident(name) => return self.parse_name_or_call(name),
            TokenKind::LParen => return self.parse_parenthesised(),
            TokenKind::New => return self.parse_new(),
            TokenKind::From => return self.parse_from_call(),
            _ => return Err(self.error_expected("an expression")),
        };
        self.bump();
        Ok(Expr {
            kind,
            span: token.span,
        })
    }

    /// `IDENT` or `IDENT "(" args ")"`
    fn parse_name_or_call(&mut self, name: String) -> PResult<Expr> {
        let span = self.bump().span;
        if !self.at_call_paren() {
            return Ok(Expr {
                kind: ExprKind::Var(name),
                span,
            });
        }
        let args = self.parse_args()?;
        Ok(Expr {
            kind: ExprKind::Call {
                callee: Ident { name, span },
                args,
            },
            span: self.span_from(span),
        })
    }

    /// `"(" expr ")"`; the expression's span grows to cover the parentheses.
    fn parse_parenthesised(&mut self) -> PResult<Expr> {
        let start = self.bump().span;
        let inner = self.in_parens(|p| {
            p.nested(|p| {
                let inner = p.parse_expr()?;
                p.expect(&TokenKind::RParen, "`)`")?;
                Ok(inner)
            })
        })?;
        Ok(Expr {
            kind: inner.kind,
            span: self.span_from(start),
        })
    }

    /// `"new" IDENT ("<" types ">")? "(" args ")"`
    fn parse_new(&mut self) -> PResult<Expr> {
        let start = self.bump().span;
        let class = self.expect_ident("a box name after `new`")?;
        let type_args = if self.at(&TokenKind::Lt) {
            self.parse_type_args()?
        } else {
            Vec::new()
        };
        let args = self.parse_args()?;
        Ok(Expr {
            kind: ExprKind::New {
                class,
                type_args,
                args,
            },
            span: self.span_from(start),
        })
    }

    /// `"from" IDENT "." NAME "(" args ")"`
    fn parse_from_call(&mut self) -> PResult<Expr> {
        let start = self.bump().span;
        let parent = self.expect_ident("a parent box name after `from`")?;
        self.expect(&TokenKind::Dot, "`.`")?;
        let method = self.expect_name("a method name")?;
        let args = self.parse_args()?;
        Ok(Expr {
            kind: ExprKind::FromCall {
                parent,
                method,
                args,
            },
            span: self.span_from(start),
        })
    }

    /// `"(" (expr ("," expr)* ","?)? ")"`
    fn parse_args(&mut self) -> PResult<Vec<Expr>> {
        self.expect(&TokenKind::LParen, "`(`")?;
        self.in_parens(|p| {
            let mut args = Vec::new();
            while !p.eat(&TokenKind::RParen) {
                args.push(p.parse_expr()?);
                if !p.eat(&TokenKind::Comma) {
                    p.expect(&TokenKind::RParen, "`,` or `)`")?;
                    break;
                }
            }
            Ok(args)
        })
    }
}
