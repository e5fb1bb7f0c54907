//! Statements and blocks (SPEC §3).

use super::{PResult, Parser};
use crate::ast::{Block, CatchClause, Expr, ExprKind, LocalDecl, LocalKind, Stmt, StmtKind};
use crate::lexer::TokenKind;
use crate::SyntaxError;

impl Parser<'_> {
    /// `"{" statement* "}"`; errors inside are recovered statement by statement.
    pub(super) fn parse_block(&mut self) -> PResult<Block> {
        let start = self.expect(&TokenKind::LBrace, "`{`")?;
        self.nested(|p| {
            let mut stmts = Vec::new();
            while !p.at(&TokenKind::RBrace) && !p.at_eof() {
                stmts.extend(p.with_recovery(Self::parse_stmt));
            }
            p.expect(&TokenKind::RBrace, "`}`")?;
            Ok(Block {
                stmts,
                span: p.span_from(start),
            })
        })
    }

    pub(super) fn parse_stmt(&mut self) -> PResult<Stmt> {
        let start = self.peek().span;
        let kind = match self.peek().kind {
            TokenKind::Local => self.parse_local(LocalKind::Local),
            TokenKind::Outbox => self.parse_local(LocalKind::Outbox),
            TokenKind::Global => self.parse_global(),
            TokenKind::If => self.parse_if(),
            TokenKind::Loop => self.parse_loop(),
            TokenKind::Break => self.parse_keyword_stmt(StmtKind::Break),
            TokenKind::Continue => self.parse_keyword_stmt(StmtKind::Continue),
            TokenKind::Return => self.parse_return(),
            TokenKind::Print => self.parse_print(),
            TokenKind::Throw => self.parse_throw(),
            TokenKind::Try => self.parse_try(),
            TokenKind::Nowait => self.parse_nowait(),
            TokenKind::Box
            | TokenKind::Interface
            | TokenKind::Function
            | TokenKind::Include
            | TokenKind::Using
            | TokenKind::Static => Err(self.not_at_top_level()),
            _ => self.parse_expr_or_assign(),
        };
        // One `?` for all arms keeps this frame small (deeply nested code recurses here).
        let kind = kind?;
        Ok(Stmt {
            kind,
            span: self.span_from(start),
        })
    }

    /// `break` or `continue`.
    fn parse_keyword_stmt(&mut self, kind: StmtKind) -> PResult<StmtKind> {
        self.bump();
        Ok(kind)
    }

    /// `"throw" expr`
    fn parse_throw(&mut self) -> PResult<StmtKind> {
        self.bump();
        Ok(StmtKind::Throw(self.parse_expr()?))
    }

    /// A declaration keyword inside a block.
    fn not_at_top_level(&mut self) -> super::Failed {
        let token = self.peek().clone();
        let what = self.text(&token).to_string();
        self.report(SyntaxError::NotAtTopLevel {
            what,
            span: token.span,
        })
    }

    /// `("local" | "outbox") decl ("," decl)*` with `decl := IDENT ("=" expr)?`
    fn parse_local(&mut self, kind: LocalKind) -> PResult<StmtKind> {
        self.bump();
        let mut decls = Vec::new();
        loop {
            let name = self.expect_ident("a variable name")?;
            let value = if self.eat(&TokenKind::Assign) {
                Some(self.parse_expr()?)
            } else {
                None
            };
            decls.push(LocalDecl { name, value });
            if !self.eat(&TokenKind::Comma) {
                return Ok(StmtKind::Local { kind, decls });
            }
        }
    }

    /// `"global" IDENT "=" expr`
    fn parse_global(&mut self) -> PResult<StmtKind> {
        self.bump();
        let name = self.expect_ident("a variable name")?;
        self.expect(&TokenKind::Assign, "`=`")?;
        let value = self.parse_expr()?;
        Ok(StmtKind::Global { name, value })
    }

    /// `"if" expr block ("else" "if" expr block)* ("else" block)?`; the condition may be in
    /// parentheses (it is then just a parenthesised expression), `else` may start a new line.
    fn parse_if(&mut self) -> PResult<StmtKind> {
        self.bump();
        let mut branches = vec![(self.parse_expr()?, self.parse_block()?)];
        let mut else_block = None;
        while self.eat(&TokenKind::Else) {
            if self.eat(&TokenKind::If) {
                branches.push((self.parse_expr()?, self.parse_block()?));
            } else {
                else_block = Some(self.parse_block()?);
                break;
            }
        }
        Ok(StmtKind::If {
            branches,
            else_block,
        })
    }

    /// `"loop" "(" expr ")" block`
    fn parse_loop(&mut self) -> PResult<StmtKind> {
        self.bump();
        self.expect(&TokenKind::LParen, "`(` after `loop`")?;
        let cond = self.in_parens(|p| {
            let cond = p.parse_expr()?;
            p.expect(&TokenKind::RParen, "`)`")?;
            Ok(cond)
        })?;
        let body = self.parse_block()?;
        Ok(StmtKind::Loop { cond, body })
    }

    /// `"return" expr?`: no value when a line break, `}` or the end of the file follows.
    fn parse_return(&mut self) -> PResult<StmtKind> {
        self.bump();
        let ends_here = self.at_line_break() || self.at(&TokenKind::RBrace) || self.at_eof();
        if ends_here {
            return Ok(StmtKind::Return(None));
        }
        Ok(StmtKind::Return(Some(self.parse_expr()?)))
    }

    /// `"print" "(" expr ")"`
    fn parse_print(&mut self) -> PResult<StmtKind> {
        self.bump();
        self.expect(&TokenKind::LParen, "`(` after `print`")?;
        self.in_parens(|p| {
            let value = p.parse_expr()?;
            p.expect(&TokenKind::RParen, "`)`")?;
            Ok(StmtKind::Print(value))
        })
    }

    /// `"try" block ("catch" ("(" (IDENT IDENT | IDENT)? ")")? block)? ("finally" block)?`;
    /// `catch` and `finally` may start new lines.
    fn parse_try(&mut self) -> PResult<StmtKind> {
        self.bump();
        let body = self.parse_block()?;
        let catch = if self.at(&TokenKind::Catch) {
            Some(self.parse_catch()?)
        } else {
            None
        };
        let finally = if self.eat(&TokenKind::Finally) {
            Some(self.parse_block()?)
        } else {
            None
        };
        Ok(StmtKind::Try {
            body,
            catch,
            finally,
        })
    }

    fn parse_catch(&mut self) -> PResult<CatchClause> {
        let start = self.bump().span;
        let (mut type_name, mut var) = (None, None);
        if self.eat(&TokenKind::LParen) {
            self.in_parens(|p| {
                if !p.at(&TokenKind::RParen) {
                    let first = p.expect_ident("a variable name or `)`")?;
                    if matches!(p.peek().kind, TokenKind::Ident(_)) {
                        type_name = Some(first);
                        var = Some(p.expect_ident("a variable name")?);
                    } else {
                        var = Some(first);
                    }
                }
                p.expect(&TokenKind::RParen, "`)`").map(drop)
            })?;
        }
        let body = self.parse_block()?;
        Ok(CatchClause {
            type_name,
            var,
            body,
            span: self.span_from(start),
        })
    }

    /// `"nowait" IDENT "=" expr`
    fn parse_nowait(&mut self) -> PResult<StmtKind> {
        self.bump();
        let name = self.expect_ident("a variable name")?;
        self.expect(&TokenKind::Assign, "`=`")?;
        let value = self.parse_expr()?;
        Ok(StmtKind::Nowait { name, value })
    }

    /// `expr` or `target "=" expr` with `target := IDENT | expr "." IDENT`.
    fn parse_expr_or_assign(&mut self) -> PResult<StmtKind> {
        let target = self.parse_expr()?;
        if !self.eat(&TokenKind::Assign) {
            return Ok(StmtKind::Expr(target));
        }
        if !is_assignable(&target) {
            return Err(self.report(SyntaxError::InvalidAssignTarget(target.span)));
        }
        let value = self.parse_expr()?;
        Ok(StmtKind::Assign { target, value })
    }
}

fn is_assignable(target: &Expr) -> bool {
    matches!(target.kind, ExprKind::Var(_) | ExprKind::Field { .. })
}
