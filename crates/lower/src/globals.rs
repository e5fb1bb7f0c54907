//! Globals: which names are program-wide variables (docs/LANGUAGE.md, "Names and scopes").
//!
//! A name is a global when it is the target of `global x = ...` anywhere, or of `x = ...` in a
//! file's top-level code where no top-level `local x` is visible at that point. This pass walks
//! the top-level code with the same block scoping that lowering uses, so both agree on which
//! assignments declare globals. Globals are numbered in the order they are first met.

use nyash_mir::{Global, GlobalId};
use nyash_syntax::{Block, ExprKind, Item, Program, Stmt, StmtKind};
use rustc_hash::FxHashMap;

/// Every global of `program`: by name, and in [`GlobalId`] order.
pub(crate) fn collect(program: &Program) -> (FxHashMap<String, GlobalId>, Vec<Global>) {
    let mut walk = Walk::default();
    for file in &program.files {
        walk.scopes = vec![Vec::new()];
        for item in &file.ast.items {
            match item {
                Item::Stmt(s) => walk.top_stmt(s),
                Item::Function(f) => walk.nested_block(&f.body),
                Item::Box(b) => {
                    let members = b.ctors.iter().chain(&b.methods);
                    members.for_each(|m| walk.nested_block(&m.body));
                    b.static_inits.iter().for_each(|s| walk.nested_block(s));
                }
                _ => {}
            }
        }
    }
    (walk.ids, walk.list)
}

#[derive(Default)]
struct Walk<'a> {
    ids: FxHashMap<String, GlobalId>,
    list: Vec<Global>,
    /// Top-level `local` names visible at the current point, innermost block last.
    scopes: Vec<Vec<&'a str>>,
}

impl<'a> Walk<'a> {
    fn add(&mut self, name: &str) {
        if !self.ids.contains_key(name) {
            self.ids
                .insert(name.to_string(), GlobalId(self.list.len() as u32));
            self.list.push(Global {
                name: name.to_string(),
            });
        }
    }

    fn is_local(&self, name: &str) -> bool {
        self.scopes.iter().any(|s| s.contains(&name))
    }

    fn declare_local(&mut self, name: &'a str) {
        if let Some(scope) = self.scopes.last_mut() {
            scope.push(name);
        }
    }

    /// A statement of top-level code (possibly inside a block of top-level code).
    fn top_stmt(&mut self, s: &'a Stmt) {
        match &s.kind {
            StmtKind::Local { decls, .. } => {
                decls.iter().for_each(|d| self.declare_local(&d.name.name))
            }
            StmtKind::Global { name, .. } => self.add(&name.name),
            StmtKind::Assign { target, .. } => {
                if let ExprKind::Var(name) = &target.kind {
                    if !self.is_local(name) {
                        self.add(name);
                    }
                }
            }
            // Lowering declares an unknown `nowait` target as a local.
            StmtKind::Nowait { name, .. }
                if !self.is_local(&name.name) && !self.ids.contains_key(&name.name) =>
            {
                self.declare_local(&name.name);
            }
            StmtKind::If {
                branches,
                else_block,
            } => {
                branches.iter().for_each(|(_, b)| self.top_block(b, None));
                if let Some(b) = else_block {
                    self.top_block(b, None);
                }
            }
            StmtKind::Loop { body, .. } => self.top_block(body, None),
            StmtKind::Try {
                body,
                catch,
                finally,
            } => {
                self.top_block(body, None);
                if let Some(c) = catch {
                    let var = c.var.as_ref().map(|v| v.name.as_str());
                    self.top_block(&c.body, var);
                }
                if let Some(b) = finally {
                    self.top_block(b, None);
                }
            }
            _ => {}
        }
    }

    /// A block of top-level code; `bound` is a name the block starts with (a catch variable).
    fn top_block(&mut self, block: &'a Block, bound: Option<&'a str>) {
        self.scopes.push(bound.into_iter().collect());
        block.stmts.iter().for_each(|s| self.top_stmt(s));
        self.scopes.pop();
    }

    /// A body of a function or method: only `global` statements declare globals there.
    fn nested_block(&mut self, block: &Block) {
        for s in &block.stmts {
            match &s.kind {
                StmtKind::Global { name, .. } => self.add(&name.name),
                StmtKind::If {
                    branches,
                    else_block,
                } => {
                    branches.iter().for_each(|(_, b)| self.nested_block(b));
                    if let Some(b) = else_block {
                        self.nested_block(b);
                    }
                }
                StmtKind::Loop { body, .. } => self.nested_block(body),
                StmtKind::Try {
                    body,
                    catch,
                    finally,
                } => {
                    self.nested_block(body);
                    if let Some(c) = catch {
                        self.nested_block(&c.body);
                    }
                    if let Some(b) = finally {
                        self.nested_block(b);
                    }
                }
                _ => {}
            }
        }
    }
}
