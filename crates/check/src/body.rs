//! Checks of code: top-level statements, function, method and constructor bodies.
//!
//! A [`Walker`] goes through one body with the scopes of `docs/LANGUAGE.md`: block-scoped
//! `local`/`outbox` (and `nowait` targets, and `catch` variables in their block), then
//! parameters, then the program's globals. Top-level code of a file has one walker for all its
//! statements, so its top-level locals are seen by its later top-level statements only.
//! Statements are here; expressions are in [`crate::expr`].

use rustc_hash::FxHashSet as HashSet;

use nyash_syntax::{Block, BoxDecl, ExprKind, FunctionDecl, Ident, Item, Program, Stmt, StmtKind};

use crate::program::ProgramInfo;
use crate::CheckError;

/// Checks every body of `program`.
pub(crate) fn check_bodies(program: &Program, info: &ProgramInfo, errors: &mut Vec<CheckError>) {
    for file in &program.files {
        let uses_std = file
            .ast
            .items
            .iter()
            .any(|item| matches!(item, Item::Using(name) if name.name == "nyashstd"));
        let mut top_level = Walker::new(info, uses_std, None, &[], errors);
        top_level.top_level = true;
        for item in &file.ast.items {
            match item {
                Item::Stmt(stmt) => top_level.stmt(stmt),
                Item::Box(decl) => top_level.box_bodies(decl),
                Item::Function(decl) => top_level.function_body(decl),
                Item::Interface(_) | Item::Using(_) | Item::Include { .. } => {}
            }
        }
    }
}

/// The checker of one body.
pub(crate) struct Walker<'a, 'e> {
    pub(crate) info: &'a ProgramInfo<'a>,
    /// The file says `using nyashstd`.
    pub(crate) uses_std: bool,
    /// The box whose method, constructor or static initialiser this is; `me` and `from` are
    /// allowed only then.
    pub(crate) current_box: Option<&'a BoxDecl>,
    /// Visible locals and parameters, innermost block last.
    scopes: Vec<HashSet<&'a str>>,
    loop_depth: u32,
    /// Top-level code, where assigning a new name declares a global.
    top_level: bool,
    pub(crate) errors: &'e mut Vec<CheckError>,
}

impl<'a, 'e> Walker<'a, 'e> {
    fn new(
        info: &'a ProgramInfo<'a>,
        uses_std: bool,
        current_box: Option<&'a BoxDecl>,
        params: &'a [Ident],
        errors: &'e mut Vec<CheckError>,
    ) -> Self {
        Walker {
            info,
            uses_std,
            current_box,
            scopes: vec![params.iter().map(|p| p.name.as_str()).collect()],
            loop_depth: 0,
            top_level: false,
            errors,
        }
    }

    /// A function's body, with fresh scopes. Functions have no `me`, even `function S.f()`
    /// added to a static box `S`.
    fn function_body(&mut self, decl: &'a FunctionDecl) {
        let mut walker = Walker::new(self.info, self.uses_std, None, &decl.params, self.errors);
        walker.block(&decl.body);
    }

    /// Constructors, methods and static initialisers of one box, each with fresh scopes.
    fn box_bodies(&mut self, decl: &'a BoxDecl) {
        for method in decl.ctors.iter().chain(&decl.methods) {
            let mut walker = Walker::new(
                self.info,
                self.uses_std,
                Some(decl),
                &method.params,
                self.errors,
            );
            walker.block(&method.body);
        }
        for init in &decl.static_inits {
            let mut walker = Walker::new(self.info, self.uses_std, Some(decl), &[], self.errors);
            walker.block(init);
        }
    }

    /// Whether `name` is a visible local, parameter or global.
    pub(crate) fn is_variable(&self, name: &str) -> bool {
        self.scopes.iter().any(|s| s.contains(name)) || self.info.globals.contains(name)
    }

    fn declare(&mut self, name: &'a str) {
        if let Some(innermost) = self.scopes.last_mut() {
            innermost.insert(name);
        }
    }

    pub(crate) fn error(&mut self, error: CheckError) {
        self.errors.push(error);
    }

    /// Checks `block` in a scope of its own, with `names` declared in it first.
    fn scoped_block(&mut self, block: &'a Block, names: impl IntoIterator<Item = &'a str>) {
        self.scopes.push(names.into_iter().collect());
        for stmt in &block.stmts {
            self.stmt(stmt);
        }
        self.scopes.pop();
    }

    fn block(&mut self, block: &'a Block) {
        self.scoped_block(block, []);
    }

    fn stmt(&mut self, stmt: &'a Stmt) {
        match &stmt.kind {
            StmtKind::Local { decls, .. } => {
                for decl in decls {
                    // The value is checked first: `local x = x` reads an outer `x`.
                    if let Some(value) = &decl.value {
                        self.expr(value);
                    }
                    self.declare(&decl.name.name);
                }
            }
            StmtKind::Global { value, .. } => self.expr(value),
            StmtKind::Assign { target, value } => {
                self.assign_target(target);
                self.expr(value);
            }
            StmtKind::If {
                branches,
                else_block,
            } => {
                for (cond, body) in branches {
                    self.expr(cond);
                    self.block(body);
                }
                if let Some(body) = else_block {
                    self.block(body);
                }
            }
            StmtKind::Loop { cond, body } => {
                self.expr(cond);
                self.loop_depth += 1;
                self.block(body);
                self.loop_depth -= 1;
            }
            StmtKind::Break => self.loop_control("break", stmt),
            StmtKind::Continue => self.loop_control("continue", stmt),
            StmtKind::Return(value) => {
                if let Some(value) = value {
                    self.expr(value);
                }
            }
            StmtKind::Print(value) | StmtKind::Throw(value) | StmtKind::Expr(value) => {
                self.expr(value)
            }
            StmtKind::Try {
                body,
                catch,
                finally,
            } => {
                self.block(body);
                if let Some(catch) = catch {
                    let var = catch.var.iter().map(|v| v.name.as_str());
                    self.scoped_block(&catch.body, var);
                }
                if let Some(body) = finally {
                    self.block(body);
                }
            }
            StmtKind::Nowait { name, value } => {
                self.expr(value);
                if !self.is_variable(&name.name) {
                    self.declare(&name.name);
                }
            }
        }
    }

    fn assign_target(&mut self, target: &'a nyash_syntax::Expr) {
        match &target.kind {
            // In top-level code every such name is a global (see `crate::globals`).
            ExprKind::Var(name) if !self.is_variable(name) && !self.top_level => {
                self.error(CheckError::AssignToUndeclared {
                    name: name.clone(),
                    span: target.span,
                });
            }
            ExprKind::Var(_) => {}
            ExprKind::Field { object, name } => self.field(object, name),
            _ => self.expr(target),
        }
    }

    fn loop_control(&mut self, keyword: &'static str, stmt: &Stmt) {
        if self.loop_depth == 0 {
            self.error(CheckError::OutsideLoop {
                keyword,
                span: stmt.span,
            });
        }
    }
}
