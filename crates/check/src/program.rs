//! What the whole program declares: boxes, interfaces, functions, namespaces and globals.
//!
//! Built once from every file before any body is checked, so that a name declared in any file
//! (or later in the same file) is known everywhere. Lookups through delegation are cycle-safe:
//! a box that is its own ancestor is reported elsewhere and simply visited once here.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use nyash_diagnostics::Span;
use nyash_syntax::{BoxDecl, FunctionDecl, InterfaceDecl, Item, Method, Program};

use crate::globals;

/// The declarations of a program; for names declared twice the first declaration wins.
pub(crate) struct ProgramInfo<'a> {
    pub boxes: HashMap<&'a str, &'a BoxDecl>,
    pub interfaces: HashMap<&'a str, &'a InterfaceDecl>,
    /// Top-level functions (`function f()`).
    pub functions: HashMap<&'a str, &'a FunctionDecl>,
    /// `function Ns.f()` by namespace, then by name.
    pub namespaces: HashMap<&'a str, HashMap<&'a str, &'a FunctionDecl>>,
    pub globals: HashSet<&'a str>,
}

impl<'a> ProgramInfo<'a> {
    pub fn collect(program: &'a Program) -> Self {
        let mut info = ProgramInfo {
            boxes: HashMap::default(),
            interfaces: HashMap::default(),
            functions: HashMap::default(),
            namespaces: HashMap::default(),
            globals: globals::collect(program),
        };
        for file in &program.files {
            for item in &file.ast.items {
                info.add(item);
            }
        }
        info
    }

    fn add(&mut self, item: &'a Item) {
        match item {
            Item::Box(decl) => {
                self.boxes.entry(decl.name.name.as_str()).or_insert(decl);
            }
            Item::Interface(decl) => {
                self.interfaces
                    .entry(decl.name.name.as_str())
                    .or_insert(decl);
            }
            Item::Function(decl) => {
                let name = decl.name.name.as_str();
                match &decl.namespace {
                    Some(ns) => {
                        let functions = self.namespaces.entry(ns.name.as_str()).or_default();
                        functions.entry(name).or_insert(decl);
                    }
                    None => {
                        self.functions.entry(name).or_insert(decl);
                    }
                }
            }
            Item::Using(_) | Item::Include { .. } | Item::Stmt(_) => {}
        }
    }

    /// The user boxes `decl` delegates to, in method lookup order (parents in declaration
    /// order, depth first), each once, without `decl` itself.
    pub fn ancestors(&self, decl: &'a BoxDecl) -> Vec<&'a BoxDecl> {
        let mut seen: HashSet<&str> = HashSet::from_iter([decl.name.name.as_str()]);
        let mut order = Vec::new();
        self.visit_parents(decl, &mut seen, &mut order);
        order
    }

    fn visit_parents(
        &self,
        decl: &'a BoxDecl,
        seen: &mut HashSet<&'a str>,
        order: &mut Vec<&'a BoxDecl>,
    ) {
        for parent in &decl.parents {
            let Some(&parent_decl) = self.boxes.get(parent.name.as_str()) else {
                continue;
            };
            if seen.insert(parent_decl.name.name.as_str()) {
                order.push(parent_decl);
                self.visit_parents(parent_decl, seen, order);
            }
        }
    }

    /// Whether `decl` reaches itself through its parents.
    pub fn is_own_ancestor(&self, decl: &'a BoxDecl) -> bool {
        let mut seen = HashSet::default();
        let mut todo: Vec<&str> = decl.parents.iter().map(|p| p.name.as_str()).collect();
        while let Some(name) = todo.pop() {
            if name == decl.name.name {
                return true;
            }
            if let Some(parent) = self.boxes.get(name) {
                if seen.insert(name) {
                    todo.extend(parent.parents.iter().map(|p| p.name.as_str()));
                }
            }
        }
        false
    }

    /// Whether `decl` or an ancestor names a parent that is not a user box (a built-in box,
    /// or an unknown name already reported): its methods and fields are then not all known.
    pub fn has_opaque_ancestor(&self, decl: &'a BoxDecl) -> bool {
        std::iter::once(decl)
            .chain(self.ancestors(decl))
            .flat_map(|b| &b.parents)
            .any(|p| !self.boxes.contains_key(p.name.as_str()))
    }

    /// The first box, `decl` itself or an ancestor in lookup order, that defines method `name`.
    pub fn method_owner(&self, decl: &'a BoxDecl, name: &str) -> Option<&'a BoxDecl> {
        std::iter::once(decl)
            .chain(self.ancestors(decl))
            .find(|b| has_method(b, name))
    }

    /// The first ancestor of `decl` (not `decl` itself) that defines method `name`.
    pub fn inherited_method_owner(&self, decl: &'a BoxDecl, name: &str) -> Option<&'a BoxDecl> {
        self.ancestors(decl)
            .into_iter()
            .find(|b| has_method(b, name))
    }

    /// Whether `S.name(...)` finds something on the static box `decl`: a method of it or of
    /// an ancestor, or a `function S.name()` (added to the box as a method).
    pub fn static_method(&self, decl: &'a BoxDecl, name: &str) -> bool {
        self.method_owner(decl, name).is_some() || self.namespace_function(decl, name).is_some()
    }

    pub fn namespace_function(&self, decl: &BoxDecl, name: &str) -> Option<&'a FunctionDecl> {
        self.namespaces
            .get(decl.name.name.as_str())
            .and_then(|functions| functions.get(name))
            .copied()
    }

    /// Whether `decl` or a user ancestor declares field `name`.
    pub fn has_field(&self, decl: &'a BoxDecl, name: &str) -> bool {
        std::iter::once(decl)
            .chain(self.ancestors(decl))
            .any(|b| b.fields.iter().any(|f| f.name.name == name))
    }

    /// What a call of method `name` on `decl` runs, in the order of the box's dispatch table:
    /// for `decl` and then each ancestor, its own methods, then (for a static box) its
    /// `function S.f()` functions. The first found wins, as when the program runs.
    pub fn dispatch(&self, decl: &'a BoxDecl, name: &str) -> Option<Callee<'a>> {
        std::iter::once(decl)
            .chain(self.ancestors(decl))
            .find_map(|b| self.own_callee(b, name))
    }

    fn own_callee(&self, decl: &'a BoxDecl, name: &str) -> Option<Callee<'a>> {
        let method = decl.methods.iter().find(|m| m.name.name == name);
        if let Some(method) = method {
            return Some(Callee {
                owner: &decl.name.name,
                params: method.params.len(),
                span: method.span,
            });
        }
        let function = self
            .namespace_function(decl, name)
            .filter(|_| decl.is_static)?;
        Some(Callee {
            owner: &decl.name.name,
            params: function.params.len(),
            span: function.span,
        })
    }
}

/// A method found by [`ProgramInfo::dispatch`]: the box that defines it, its parameter count
/// and its declaration.
pub(crate) struct Callee<'a> {
    pub owner: &'a str,
    pub params: usize,
    pub span: Span,
}

fn has_method(decl: &BoxDecl, name: &str) -> bool {
    decl.methods.iter().any(|m: &Method| m.name.name == name)
}
