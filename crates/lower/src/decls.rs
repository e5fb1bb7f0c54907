//! Declarations of the whole program, collected before any body is lowered.
//!
//! Input: the [`Program`] (every file, includes first). Output: [`Decls`], which gives every
//! function, method, constructor and static initialiser its [`FuncId`], every box its
//! [`ClassId`] and resolved [`Class`] (see `classes.rs`), and every global its [`GlobalId`]
//! (see `globals.rs`). Bodies can then be lowered in any order, since every call target is
//! already known.
//!
//! Function order in the module: for each file, its `<top-level>` function, then its
//! functions and box members in source order (constructors, methods, static initialiser);
//! the `<entry>` function comes last.

use nyash_diagnostics::Span;
use nyash_mir::{Class, ClassId, FuncId, FunctionKind, Global, GlobalId, Sym};
use nyash_syntax::{Block, BoxDecl, CtorKind, FunctionDecl, Item, Method, Program, SourceFile};
use rustc_hash::FxHashMap;

use crate::LowerError;

/// Interned method and field names; `Sym(i)` is the `i`-th name.
#[derive(Default)]
pub(crate) struct Interner {
    map: FxHashMap<String, Sym>,
    names: Vec<String>,
}

impl Interner {
    pub(crate) fn intern(&mut self, name: &str) -> Sym {
        if let Some(&sym) = self.map.get(name) {
            return sym;
        }
        let sym = Sym(self.names.len() as u32);
        self.names.push(name.to_string());
        self.map.insert(name.to_string(), sym);
        sym
    }

    /// The symbol of `name` if it was interned.
    pub(crate) fn get(&self, name: &str) -> Option<Sym> {
        self.map.get(name).copied()
    }

    pub(crate) fn into_names(self) -> Vec<String> {
        self.names
    }
}

/// What a function's body is made of.
#[derive(Clone, Copy)]
pub(crate) enum Body<'a> {
    /// The top-level statements of one file.
    TopLevel(&'a SourceFile),
    Function(&'a FunctionDecl),
    /// A method or constructor of a box.
    Method(&'a Method),
    /// Every `static { }` block of a box, run in order.
    StaticInit(&'a [Block]),
    /// The program entry (built from the declarations, not from source).
    Entry,
}

/// A function's signature, known before its body is lowered.
pub(crate) struct FuncDecl<'a> {
    pub name: String,
    pub kind: FunctionKind,
    /// Parameters including `me`.
    pub param_count: u32,
    pub span: Span,
    pub body: Body<'a>,
}

impl FuncDecl<'_> {
    /// Whether `r0` is `me`.
    pub fn has_me(&self) -> bool {
        matches!(
            self.kind,
            FunctionKind::Method(_) | FunctionKind::Ctor(_) | FunctionKind::StaticInit(_)
        )
    }

    /// Arity as written in Nyash (without `me`).
    pub fn arity(&self) -> usize {
        self.param_count as usize - usize::from(self.has_me())
    }
}

/// What lowering needs of one box beyond its MIR [`Class`].
pub(crate) struct ClassInfo<'a> {
    pub decl: &'a BoxDecl,
    /// Own methods in declaration order, then `function Name.f` functions of a static box.
    pub own_methods: Vec<(Sym, FuncId)>,
    pub namespace_methods: Vec<(Sym, FuncId)>,
    /// Own constructors in the order they are tried.
    pub ctors: Vec<(CtorKind, FuncId)>,
    pub static_init: Option<FuncId>,
}

/// Every declaration of the program, resolved.
pub(crate) struct Decls<'a> {
    pub funcs: Vec<FuncDecl<'a>>,
    pub infos: Vec<ClassInfo<'a>>,
    pub classes: Vec<Class>,
    pub globals: Vec<Global>,
    pub top_levels: Vec<FuncId>,
    pub entry: FuncId,
    class_ids: FxHashMap<&'a str, ClassId>,
    functions: FxHashMap<String, FuncId>,
    global_ids: FxHashMap<String, GlobalId>,
}

impl<'a> Decls<'a> {
    pub(crate) fn func(&self, id: FuncId) -> &FuncDecl<'a> {
        &self.funcs[id.index()]
    }

    pub(crate) fn class(&self, id: ClassId) -> &Class {
        &self.classes[id.index()]
    }

    pub(crate) fn info(&self, id: ClassId) -> &ClassInfo<'a> {
        &self.infos[id.index()]
    }

    pub(crate) fn class_id(&self, name: &str) -> Option<ClassId> {
        self.class_ids.get(name).copied()
    }

    /// The static box named `name`, if there is one.
    pub(crate) fn static_class(&self, name: &str) -> Option<ClassId> {
        self.class_id(name).filter(|&c| self.info(c).decl.is_static)
    }

    /// A `function f` (`name == "f"`) or `function Ns.f` (`name == "Ns.f"`).
    pub(crate) fn function(&self, name: &str) -> Option<FuncId> {
        self.functions.get(name).copied()
    }

    pub(crate) fn global(&self, name: &str) -> Option<GlobalId> {
        self.global_ids.get(name).copied()
    }

    /// Whether `ancestor` is a parent of `class`, directly or through other parents.
    pub(crate) fn is_ancestor(&self, class: ClassId, ancestor: ClassId) -> bool {
        let mut seen = vec![false; self.classes.len()];
        let mut stack: Vec<ClassId> = self.class(class).parents.clone();
        while let Some(c) = stack.pop() {
            if c == ancestor {
                return true;
            }
            if let Some(s) = seen.get_mut(c.index()) {
                if !*s {
                    *s = true;
                    stack.extend(self.class(c).parents.iter().copied());
                }
            }
        }
        false
    }
}

/// Collects every declaration of `program`; problems are pushed to `errors`.
pub(crate) fn collect<'a>(
    program: &'a Program,
    syms: &mut Interner,
    errors: &mut Vec<LowerError>,
) -> Decls<'a> {
    let mut decls = Decls {
        funcs: Vec::new(),
        infos: Vec::new(),
        classes: Vec::new(),
        globals: Vec::new(),
        top_levels: Vec::new(),
        entry: FuncId(0),
        class_ids: FxHashMap::default(),
        functions: FxHashMap::default(),
        global_ids: FxHashMap::default(),
    };
    declare_boxes(&mut decls, program, errors);
    for file in &program.files {
        let id = decls.add_func(FuncDecl {
            name: "<top-level>".to_string(),
            kind: FunctionKind::TopLevel,
            param_count: 0,
            span: Span::new(file.id, 0, 0),
            body: Body::TopLevel(&file.ast),
        });
        decls.top_levels.push(id);
        for item in &file.ast.items {
            match item {
                Item::Function(f) => decls.declare_function(f, syms, errors),
                Item::Box(b) => {
                    if let Some(c) = decls.class_ids.get(b.name.name.as_str()).copied() {
                        if std::ptr::eq(decls.info(c).decl, b) {
                            decls.declare_members(c, syms);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    decls.classes = crate::classes::resolve(&decls.infos, &decls.class_ids, syms, errors);
    let (global_ids, globals) = crate::globals::collect(program);
    decls.global_ids = global_ids;
    decls.globals = globals;
    decls.entry = decls.add_func(FuncDecl {
        name: "<entry>".to_string(),
        kind: FunctionKind::Entry,
        // r0: the program's command-line arguments (an ArrayBox of strings).
        param_count: 1,
        span: program
            .files
            .last()
            .map(|f| Span::new(f.id, 0, 0))
            .unwrap_or_default(),
        body: Body::Entry,
    });
    decls
}

/// Gives every box a [`ClassId`] in program order.
fn declare_boxes<'a>(decls: &mut Decls<'a>, program: &'a Program, errors: &mut Vec<LowerError>) {
    let boxes = program.files.iter().flat_map(|f| &f.ast.items);
    for item in boxes {
        let Item::Box(b) = item else { continue };
        if decls.class_ids.contains_key(b.name.name.as_str()) {
            errors.push(LowerError::DuplicateBox {
                name: b.name.name.clone(),
                span: b.name.span,
            });
            continue;
        }
        let id = ClassId(decls.infos.len() as u32);
        decls.class_ids.insert(&b.name.name, id);
        decls.infos.push(ClassInfo {
            decl: b,
            own_methods: Vec::new(),
            namespace_methods: Vec::new(),
            ctors: Vec::new(),
            static_init: None,
        });
    }
}

/// Where a constructor kind is tried, first to last (SPEC §5).
fn ctor_rank(kind: CtorKind) -> u8 {
    match kind {
        CtorKind::Birth => 0,
        CtorKind::Init => 1,
        CtorKind::Pack => 2,
        CtorKind::Named => 3,
    }
}

impl<'a> Decls<'a> {
    fn add_func(&mut self, f: FuncDecl<'a>) -> FuncId {
        self.funcs.push(f);
        FuncId(self.funcs.len() as u32 - 1)
    }

    /// `function f()` or `function Ns.f()`; the latter becomes a method of a static box `Ns`.
    fn declare_function(
        &mut self,
        f: &'a FunctionDecl,
        syms: &mut Interner,
        errors: &mut Vec<LowerError>,
    ) {
        let name = match &f.namespace {
            Some(ns) => format!("{}.{}", ns.name, f.name.name),
            None => f.name.name.clone(),
        };
        if self.functions.contains_key(&name) {
            errors.push(LowerError::DuplicateFunction {
                name,
                span: f.name.span,
            });
            return;
        }
        let owner = f
            .namespace
            .as_ref()
            .and_then(|ns| self.static_class(&ns.name));
        let (kind, param_count) = match owner {
            Some(c) => (FunctionKind::Method(c), f.params.len() + 1),
            None => (FunctionKind::Function, f.params.len()),
        };
        let id = self.add_func(FuncDecl {
            name: name.clone(),
            kind,
            param_count: param_count as u32,
            span: f.span,
            body: Body::Function(f),
        });
        if let Some(c) = owner {
            let sym = syms.intern(&f.name.name);
            self.infos[c.index()].namespace_methods.push((sym, id));
        }
        self.functions.insert(name, id);
    }

    /// Constructors, methods and the static initialiser of box `c`.
    fn declare_members(&mut self, c: ClassId, syms: &mut Interner) {
        let decl = self.info(c).decl;
        let box_name = &decl.name.name;
        let mut ctors: Vec<&'a Method> = decl.ctors.iter().collect();
        ctors.sort_by_key(|m| match m.kind {
            nyash_syntax::MethodKind::Ctor(k) => ctor_rank(k),
            nyash_syntax::MethodKind::Method => u8::MAX,
        });
        for m in ctors {
            let kind = match m.kind {
                nyash_syntax::MethodKind::Ctor(k) => k,
                nyash_syntax::MethodKind::Method => CtorKind::Named,
            };
            let id = self.add_method(box_name, m, FunctionKind::Ctor(c));
            self.infos[c.index()].ctors.push((kind, id));
        }
        for m in &decl.methods {
            let id = self.add_method(box_name, m, FunctionKind::Method(c));
            let sym = syms.intern(&m.name.name);
            self.infos[c.index()].own_methods.push((sym, id));
        }
        if !decl.static_inits.is_empty() {
            let id = self.add_func(FuncDecl {
                name: format!("{box_name}.static"),
                kind: FunctionKind::StaticInit(c),
                param_count: 1,
                span: decl.span,
                body: Body::StaticInit(&decl.static_inits),
            });
            self.infos[c.index()].static_init = Some(id);
        }
    }

    fn add_method(&mut self, box_name: &str, m: &'a Method, kind: FunctionKind) -> FuncId {
        self.add_func(FuncDecl {
            name: format!("{box_name}.{}", m.name.name),
            kind,
            param_count: m.params.len() as u32 + 1,
            span: m.span,
            body: Body::Method(m),
        })
    }
}
