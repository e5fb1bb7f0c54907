//! Top-level items and declarations (SPEC §2): `box`, `interface`, `function`, `using`,
//! `include`, and the pieces they share (names, parameter lists, type argument lists).

use super::{PResult, Parser};
use crate::ast::{
    BoxDecl, CtorKind, FieldDecl, FunctionDecl, Ident, InterfaceDecl, Item, Method, MethodKind,
    MethodSig,
};
use crate::lexer::TokenKind;
use crate::SyntaxError;
use nyash_diagnostics::Span;

impl Parser<'_> {
    /// `program := item*`
    pub(super) fn parse_items(&mut self) -> Vec<Item> {
        let mut items = Vec::new();
        while !self.at_eof() {
            if self.at(&TokenKind::RBrace) {
                let token = self.bump();
                let found = self.describe(&token);
                self.report(SyntaxError::Unexpected {
                    found,
                    span: token.span,
                });
                continue;
            }
            if let Some(item) = self.with_recovery(Self::parse_item) {
                items.push(item);
            }
        }
        items
    }

    fn parse_item(&mut self) -> PResult<Item> {
        let start = self.peek().span;
        match self.peek().kind {
            TokenKind::Box => self.parse_box(start, false).map(Item::Box),
            TokenKind::Static => {
                self.bump();
                match self.peek().kind {
                    TokenKind::Box => self.parse_box(start, true).map(Item::Box),
                    TokenKind::Function => self.parse_function(start).map(Item::Function),
                    _ => Err(self.error_expected("`box` or `function` after `static`")),
                }
            }
            TokenKind::Interface => self.parse_interface(start).map(Item::Interface),
            TokenKind::Function => self.parse_function(start).map(Item::Function),
            TokenKind::Using => {
                self.bump();
                self.expect_ident("a namespace name").map(Item::Using)
            }
            TokenKind::Include => {
                self.bump();
                match self.peek().kind.clone() {
                    TokenKind::Str(path) => {
                        self.bump();
                        let span = self.span_from(start);
                        Ok(Item::Include { path, span })
                    }
                    _ => Err(self.error_expected("a file path string")),
                }
            }
            _ => self.parse_stmt().map(Item::Stmt),
        }
    }

    // ----- Names -----

    /// An identifier (not a keyword).
    pub(super) fn expect_ident(&mut self, what: &str) -> PResult<Ident> {
        match &self.peek().kind {
            TokenKind::Ident(name) => {
                let name = name.clone();
                let span = self.bump().span;
                Ok(Ident { name, span })
            }
            _ => Err(self.error_expected(what)),
        }
    }

    /// A method or member name: an identifier or a keyword (`fini`, `init`, `print`, ...).
    pub(super) fn expect_name(&mut self, what: &str) -> PResult<Ident> {
        let token = self.peek();
        let is_name = matches!(token.kind, TokenKind::Ident(_)) || token.kind.is_keyword();
        if !is_name {
            return Err(self.error_expected(what));
        }
        let name = self.text(token).to_string();
        let span = self.bump().span;
        Ok(Ident { name, span })
    }

    /// `IDENT ("," IDENT)*`
    fn parse_name_list(&mut self, what: &str) -> PResult<Vec<Ident>> {
        let mut names = vec![self.expect_ident(what)?];
        while self.eat(&TokenKind::Comma) {
            names.push(self.expect_ident(what)?);
        }
        Ok(names)
    }

    /// `"(" (IDENT ("," IDENT)* ","?)? ")"`
    pub(super) fn parse_params(&mut self) -> PResult<Vec<Ident>> {
        self.expect(&TokenKind::LParen, "`(`")?;
        self.in_parens(|p| {
            let mut params = Vec::new();
            while !p.eat(&TokenKind::RParen) {
                params.push(p.expect_ident("a parameter name")?);
                if !p.eat(&TokenKind::Comma) {
                    p.expect(&TokenKind::RParen, "`,` or `)`")?;
                    break;
                }
            }
            Ok(params)
        })
    }

    /// `"<" type ("," type)* ">"` where `type := IDENT ("<" type ("," type)* ">")?`. Returns
    /// the outermost names; nested arguments are checked and dropped (they have no meaning).
    /// `>>` closes two levels.
    pub(super) fn parse_type_args(&mut self) -> PResult<Vec<Ident>> {
        self.expect(&TokenKind::Lt, "`<`")?;
        let mut names = Vec::new();
        let mut depth: u32 = 1;
        loop {
            let name = self.expect_ident("a type name")?;
            if depth == 1 {
                names.push(name);
            }
            let mut after_name = true;
            loop {
                match self.peek().kind {
                    TokenKind::Lt if after_name => {
                        self.bump();
                        depth += 1;
                        break;
                    }
                    TokenKind::Comma => {
                        self.bump();
                        break;
                    }
                    TokenKind::Gt => {
                        self.bump();
                        depth -= 1;
                    }
                    TokenKind::Shr if depth >= 2 => {
                        self.bump();
                        depth -= 2;
                    }
                    _ => return Err(self.error_expected("`,` or `>`")),
                }
                if depth == 0 {
                    return Ok(names);
                }
                after_name = false;
            }
        }
    }

    // ----- Boxes -----

    /// `"static"? "box" IDENT type_params? ("from" names)? ("interface" names)? "{" member* "}"`;
    /// `start` is the span of the first token (`static` or `box`).
    fn parse_box(&mut self, start: Span, is_static: bool) -> PResult<BoxDecl> {
        self.expect(&TokenKind::Box, "`box`")?;
        let name = self.expect_ident("a box name")?;
        let type_params = if self.at(&TokenKind::Lt) {
            self.parse_type_args()?
        } else {
            Vec::new()
        };
        let parents = if self.eat(&TokenKind::From) {
            self.parse_name_list("a parent box name")?
        } else {
            Vec::new()
        };
        let interfaces = if self.eat(&TokenKind::Interface) {
            self.parse_name_list("an interface name")?
        } else {
            Vec::new()
        };
        self.expect(&TokenKind::LBrace, "`{`")?;
        let mut decl = BoxDecl {
            name,
            is_static,
            type_params,
            parents,
            interfaces,
            fields: Vec::new(),
            ctors: Vec::new(),
            methods: Vec::new(),
            static_inits: Vec::new(),
            span: start,
        };
        while !self.at(&TokenKind::RBrace) && !self.at_eof() {
            self.with_recovery(|p| p.nested(|p| p.parse_member(&mut decl)));
        }
        self.expect(&TokenKind::RBrace, "`}`")?;
        decl.span = self.span_from(start);
        Ok(decl)
    }

    /// One member of a box body, added to `decl`.
    fn parse_member(&mut self, decl: &mut BoxDecl) -> PResult<()> {
        match (&self.peek().kind, &self.peek_nth(1).kind) {
            (TokenKind::Init, TokenKind::LBrace) => {
                self.bump();
                let fields = self.parse_fields()?;
                decl.fields.extend(fields);
            }
            (TokenKind::Static, TokenKind::LBrace) => {
                self.bump();
                let block = self.parse_block()?;
                decl.static_inits.push(block);
            }
            _ => {
                let method = self.parse_method(&decl.name.name)?;
                match method.kind {
                    MethodKind::Ctor(_) => decl.ctors.push(method),
                    MethodKind::Method => decl.methods.push(method),
                }
            }
        }
        Ok(())
    }

    /// `"{" ("weak"? IDENT ("," "weak"? IDENT)* ","?)? "}"` after `init`.
    fn parse_fields(&mut self) -> PResult<Vec<FieldDecl>> {
        self.expect(&TokenKind::LBrace, "`{`")?;
        let mut fields = Vec::new();
        while !self.eat(&TokenKind::RBrace) {
            let weak = self.eat(&TokenKind::Weak);
            let name = self.expect_ident("a field name")?;
            fields.push(FieldDecl { name, weak });
            if !self.eat(&TokenKind::Comma) {
                self.expect(&TokenKind::RBrace, "`,` or `}`")?;
                break;
            }
        }
        Ok(fields)
    }

    /// `("override" | "static")* NAME "(" params ")" block`: a method, or a constructor when
    /// the name is `birth`, `init`, `pack` or the box's own name.
    fn parse_method(&mut self, box_name: &str) -> PResult<Method> {
        let start = self.peek().span;
        let (mut is_override, mut is_static) = (false, false);
        loop {
            match self.peek().kind {
                TokenKind::Override => is_override = true,
                TokenKind::Static => is_static = true,
                _ => break,
            }
            self.bump();
        }
        let name_kind = self.peek().kind.clone();
        let name = self.expect_name("a field list, constructor or method")?;
        let kind = match name_kind {
            TokenKind::Birth => MethodKind::Ctor(CtorKind::Birth),
            TokenKind::Init => MethodKind::Ctor(CtorKind::Init),
            TokenKind::Pack => MethodKind::Ctor(CtorKind::Pack),
            TokenKind::Ident(ref n) if n == box_name => MethodKind::Ctor(CtorKind::Named),
            _ => MethodKind::Method,
        };
        let params = self.parse_params()?;
        let body = self.parse_block()?;
        Ok(Method {
            name,
            kind,
            is_override,
            is_static,
            params,
            body,
            span: self.span_from(start),
        })
    }

    // ----- Interfaces and functions -----

    /// `"interface" IDENT "{" (NAME "(" params ")")* "}"`
    fn parse_interface(&mut self, start: Span) -> PResult<InterfaceDecl> {
        self.expect(&TokenKind::Interface, "`interface`")?;
        let name = self.expect_ident("an interface name")?;
        self.expect(&TokenKind::LBrace, "`{`")?;
        let mut methods = Vec::new();
        while !self.at(&TokenKind::RBrace) && !self.at_eof() {
            let sig = self.with_recovery(|p| {
                let name = p.expect_name("a method signature")?;
                let params = p.parse_params()?;
                Ok(MethodSig { name, params })
            });
            methods.extend(sig);
        }
        self.expect(&TokenKind::RBrace, "`}`")?;
        Ok(InterfaceDecl {
            name,
            methods,
            span: self.span_from(start),
        })
    }

    /// `("function" | "fn") (IDENT ".")? IDENT "(" params ")" block`, after an optional
    /// `static` that `start` already covers.
    fn parse_function(&mut self, start: Span) -> PResult<FunctionDecl> {
        self.expect(&TokenKind::Function, "`function`")?;
        let first = self.expect_ident("a function name")?;
        let (namespace, name) = if self.eat(&TokenKind::Dot) {
            (Some(first), self.expect_name("a function name")?)
        } else {
            (None, first)
        };
        let params = self.parse_params()?;
        let body = self.parse_block()?;
        Ok(FunctionDecl {
            namespace,
            name,
            params,
            body,
            span: self.span_from(start),
        })
    }
}
