//! Finds the globals of a program before any name is checked.
//!
//! A global is declared by `global x = ...` anywhere, and by an assignment `x = ...` in the
//! top-level code of any file (also inside its `if`/`loop`/`try` blocks) where `x` is not a
//! top-level `local` visible at that point. Globals are visible in every file, function and
//! method, so they are all known before bodies are checked.

use rustc_hash::FxHashSet as HashSet;

use nyash_syntax::{Block, ExprKind, Item, Program, Stmt, StmtKind};

/// Every global name of `program`.
pub(crate) fn collect(program: &Program) -> HashSet<&str> {
    let mut collector = Collector::default();
    for file in &program.files {
        // Top-level locals are per file.
        let mut scopes = vec![HashSet::default()];
        for item in &file.ast.items {
            collector.item(item, &mut scopes);
        }
    }
    collector.globals
}

#[derive(Default)]
struct Collector<'a> {
    globals: HashSet<&'a str>,
}

/// Locals visible in top-level code, innermost block last; `None` inside bodies of functions
/// and methods, where only `global` statements declare globals.
type Scopes<'a> = Vec<HashSet<&'a str>>;

impl<'a> Collector<'a> {
    fn item(&mut self, item: &'a Item, scopes: &mut Scopes<'a>) {
        match item {
            Item::Stmt(stmt) => self.stmt(stmt, Some(scopes)),
            Item::Box(decl) => {
                let bodies = decl.ctors.iter().chain(&decl.methods).map(|m| &m.body);
                for body in bodies.chain(&decl.static_inits) {
                    self.block(body, None);
                }
            }
            Item::Function(decl) => self.block(&decl.body, None),
            Item::Interface(_) | Item::Using(_) | Item::Include { .. } => {}
        }
    }

    fn block(&mut self, block: &'a Block, scopes: Option<&mut Scopes<'a>>) {
        match scopes {
            Some(scopes) => {
                scopes.push(HashSet::default());
                for stmt in &block.stmts {
                    self.stmt(stmt, Some(scopes));
                }
                scopes.pop();
            }
            None => {
                for stmt in &block.stmts {
                    self.stmt(stmt, None);
                }
            }
        }
    }

    fn stmt(&mut self, stmt: &'a Stmt, mut scopes: Option<&mut Scopes<'a>>) {
        match &stmt.kind {
            StmtKind::Local { decls, .. } => {
                if let Some(innermost) = scopes.and_then(|s| s.last_mut()) {
                    innermost.extend(decls.iter().map(|d| d.name.name.as_str()));
                }
            }
            StmtKind::Global { name, .. } => {
                self.globals.insert(&name.name);
            }
            StmtKind::Assign { target, .. } => {
                if let (ExprKind::Var(name), Some(scopes)) = (&target.kind, scopes) {
                    if !scopes.iter().any(|s| s.contains(name.as_str())) {
                        self.globals.insert(name);
                    }
                }
            }
            StmtKind::Nowait { name, .. } => {
                // An undeclared `nowait` target becomes a local, never a global.
                if let Some(scopes) = scopes {
                    let name = name.name.as_str();
                    let known = scopes.iter().any(|s| s.contains(name));
                    if let (false, Some(innermost)) = (known, scopes.last_mut()) {
                        innermost.insert(name);
                    }
                }
            }
            StmtKind::If {
                branches,
                else_block,
            } => {
                for (_, body) in branches {
                    self.block(body, scopes.as_deref_mut());
                }
                if let Some(body) = else_block {
                    self.block(body, scopes);
                }
            }
            StmtKind::Loop { body, .. } => self.block(body, scopes),
            StmtKind::Try {
                body,
                catch,
                finally,
            } => {
                self.block(body, scopes.as_deref_mut());
                if let Some(catch) = catch {
                    // The catch variable is a local of the catch block.
                    if let Some(scopes) = scopes.as_deref_mut() {
                        let var = catch.var.iter().map(|v| v.name.as_str());
                        scopes.push(var.collect());
                        self.block(&catch.body, Some(scopes));
                        scopes.pop();
                    } else {
                        self.block(&catch.body, None);
                    }
                }
                if let Some(body) = finally {
                    self.block(body, scopes);
                }
            }
            StmtKind::Break
            | StmtKind::Continue
            | StmtKind::Return(_)
            | StmtKind::Print(_)
            | StmtKind::Throw(_)
            | StmtKind::Expr(_) => {}
        }
    }
}
