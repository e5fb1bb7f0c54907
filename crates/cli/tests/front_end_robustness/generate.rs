//! A generator of (mostly) well-formed Nyash programs, so that checking and lowering run deep,
//! not only the parser: boxes with fields, constructors, methods, delegation and `override`;
//! interfaces; functions and namespaced functions; globals; `try`, loops, `nowait`/`await`.
//! Every declaration is planned before any code is written, so any body may use any of them.
//! Here are the plan and the declarations; statements and expressions are in [`code`].
//!
//! A careless generator makes the mistakes a programmer makes with names that exist (wrong
//! argument counts, `main` with too many parameters, functions of ordinary boxes), which the
//! checker must reject or the program must lower.

mod code;

use crate::rng::Rng;

/// What the generator decided about one box before writing any code.
struct BoxPlan {
    name: String,
    is_static: bool,
    /// Indexes of earlier boxes (so there is never a cycle).
    parents: Vec<usize>,
    builtin_parent: Option<&'static str>,
    interface: Option<usize>,
    fields: Vec<String>,
    /// Name and parameter count of each method (not constructors).
    methods: Vec<(String, usize)>,
    /// Keyword (`birth`, `init`, `pack`, or the box name) and parameter count.
    ctors: Vec<(String, usize)>,
    has_fini: bool,
}

/// Where code is being generated: decides what `me`, `from`, `return` and names mean.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    TopLevel,
    Function,
    /// In box `boxes[index]`.
    Box(usize),
}

struct Generator<'r> {
    rng: &'r mut Rng,
    out: String,
    indent: usize,
    boxes: Vec<BoxPlan>,
    interfaces: Vec<Vec<(String, usize)>>,
    functions: Vec<(String, usize)>,
    namespaced: Vec<(String, String, usize)>,
    globals: Vec<String>,
    uses_nyashstd: bool,
    /// Visible locals and parameters, innermost block last; `true` marks a future.
    scopes: Vec<Vec<(String, bool)>>,
    place: Place,
    loop_depth: usize,
    fresh: usize,
    /// Makes the mistakes a programmer makes with names that exist: wrong argument counts,
    /// `main` with too many parameters, methods of ordinary boxes called as `B.m()`.
    careless: bool,
}

const FIELD_NAMES: &[&str] = &[
    "name", "value", "count", "next", "left", "right", "items", "total",
];
const METHOD_NAMES: &[&str] = &[
    "get", "run", "step", "describe", "area", "sum", "toString", "add", "speak", "size",
];
#[rustfmt::skip]
const BUILTIN_METHODS: &[&str] = &[
    "toString", "length", "push", "get", "set", "size", "type", "equals", "abs", "substring",
    "contains", "join", "keys", "message", "isOk",
];
#[rustfmt::skip]
const STRINGS: &[&str] = &[
    "\"\"", "\"hello\"", "\"héllo 😀\"", "\"a\\n\\t\\\"b\\\\\"", "\"日本語\"", "\"\\q\"", "\"x\"",
];
const BINARY_OPERATORS: &[&str] = &[
    "+", "-", "*", "/", "%", ">>", "==", "!=", "<", "<=", ">", ">=", "and", "or", "&&", "||",
];

impl<'r> Generator<'r> {
    fn new(rng: &'r mut Rng, careless: bool) -> Self {
        Generator {
            rng,
            out: String::new(),
            indent: 0,
            boxes: Vec::new(),
            interfaces: Vec::new(),
            functions: Vec::new(),
            namespaced: Vec::new(),
            globals: Vec::new(),
            uses_nyashstd: false,
            scopes: Vec::new(),
            place: Place::TopLevel,
            loop_depth: 0,
            fresh: 0,
            careless,
        }
    }

    /// A whole program: declarations planned first, so any body may use any of them.
    fn program(mut self) -> String {
        self.plan();
        if self.uses_nyashstd {
            self.line("using nyashstd");
        }
        self.scopes.push(Vec::new());
        for index in 0..self.globals.len() {
            let value = self.expr(1);
            let name = self.globals[index].clone();
            self.line(&format!("global {name} = {value}"));
        }
        for index in 0..self.interfaces.len() {
            self.interface_decl(index);
        }
        for index in 0..self.boxes.len() {
            self.box_decl(index);
        }
        for index in 0..self.functions.len() {
            let (name, arity) = self.functions[index].clone();
            self.callable(&format!("function {name}"), arity, Place::Function);
        }
        for index in 0..self.namespaced.len() {
            let (ns, name, arity) = self.namespaced[index].clone();
            self.callable(&format!("function {ns}.{name}"), arity, Place::Function);
        }
        for _ in 0..self.rng.below(5) {
            self.stmt(3);
        }
        self.main_box();
        self.out
    }

    fn plan(&mut self) {
        self.uses_nyashstd = self.rng.chance(20);
        self.globals = (0..self.rng.below(3)).map(|i| format!("g{i}")).collect();
        self.functions = (0..self.rng.below(4))
            .map(|i| (format!("fun{i}"), self.rng.below(4)))
            .collect();
        for index in 0..self.rng.below(5) {
            let plan = self.plan_box(index);
            self.boxes.push(plan);
        }
        if self.rng.chance(if self.careless { 50 } else { 20 }) {
            let namespace = match self.boxes.len() {
                count if count > 0 && self.careless => {
                    self.boxes[self.rng.below(count)].name.clone()
                }
                _ => "Util".to_string(),
            };
            let arity = self.rng.below(3);
            self.namespaced
                .push((namespace, "helper".to_string(), arity));
        }
    }

    fn plan_box(&mut self, index: usize) -> BoxPlan {
        let is_static = self.rng.chance(15);
        let mut parents = Vec::new();
        let mut builtin_parent = None;
        if !is_static && index > 0 && self.rng.chance(60) {
            parents.push(self.rng.below(index));
            if index > 1 && self.rng.chance(15) {
                let second = self.rng.below(index);
                if !parents.contains(&second) {
                    parents.push(second);
                }
            }
        } else if !is_static && self.rng.chance(10) {
            builtin_parent = Some(*self.rng.pick(&["MathBox", "ArrayBox", "StringBox"]));
        }
        parents.retain(|&p| !self.boxes[p].is_static);
        let mut fields: Vec<String> = Vec::new();
        for _ in 0..self.rng.below(4) {
            let field = self.rng.pick(FIELD_NAMES).to_string();
            if !fields.contains(&field) {
                fields.push(field);
            }
        }
        let mut methods: Vec<(String, usize)> = Vec::new();
        for _ in 0..self.rng.below(5) {
            let name = self.rng.pick(METHOD_NAMES).to_string();
            if methods.iter().all(|(m, _)| *m != name) {
                methods.push((name, self.rng.below(3)));
            }
        }
        let name = format!("B{index}");
        let mut ctors: Vec<(String, usize)> = Vec::new();
        if !is_static {
            for _ in 0..self.rng.below(3) {
                let keyword = match self.rng.below(6) {
                    0 => "init".to_string(),
                    1 => "pack".to_string(),
                    2 => name.clone(),
                    _ => "birth".to_string(),
                };
                let arity = self.rng.below(3);
                if !ctors.contains(&(keyword.clone(), arity)) {
                    ctors.push((keyword, arity));
                }
            }
        }
        let interface = if !methods.is_empty() && self.rng.chance(20) {
            let wanted = methods
                .iter()
                .take(1 + self.rng.below(methods.len()))
                .cloned()
                .collect();
            self.interfaces.push(wanted);
            Some(self.interfaces.len() - 1)
        } else {
            None
        };
        BoxPlan {
            name,
            is_static,
            parents,
            builtin_parent,
            interface,
            fields,
            methods,
            ctors,
            has_fini: self.rng.chance(20),
        }
    }

    // --- output -----------------------------------------------------------------------------

    fn line(&mut self, text: &str) {
        for _ in 0..self.indent {
            self.out.push_str("    ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn fresh_name(&mut self, prefix: &str) -> String {
        self.fresh += 1;
        format!("{prefix}{}", self.fresh)
    }

    fn declare(&mut self, name: &str, is_future: bool) {
        if let Some(scope) = self.scopes.last_mut() {
            scope.push((name.to_string(), is_future));
        }
    }

    /// A `{ ... }` block of random statements, in a new scope.
    fn block(&mut self, header: &str, depth: usize, prelude: &[String]) {
        self.line(&format!("{header} {{"));
        self.indent += 1;
        self.scopes
            .push(prelude.iter().map(|p| (p.clone(), false)).collect());
        for _ in 0..self.rng.below(4) + usize::from(depth > 2) {
            self.stmt(depth.saturating_sub(1));
        }
        self.scopes.pop();
        self.indent -= 1;
        self.line("}");
    }

    // --- declarations -----------------------------------------------------------------------

    fn interface_decl(&mut self, index: usize) {
        let sigs: Vec<String> = self.interfaces[index]
            .iter()
            .map(|(name, arity)| format!("{name}({})", params(*arity).join(", ")))
            .collect();
        self.line(&format!("interface I{index} {{ {} }}", sigs.join(" ")));
    }

    fn box_decl(&mut self, index: usize) {
        let plan = &self.boxes[index];
        let mut header = format!(
            "{}box {}",
            if plan.is_static { "static " } else { "" },
            plan.name
        );
        let parents: Vec<String> = plan
            .parents
            .iter()
            .map(|&p| self.boxes[p].name.clone())
            .collect();
        let parents = parents
            .into_iter()
            .chain(plan.builtin_parent.map(String::from))
            .collect::<Vec<_>>();
        if !parents.is_empty() {
            header.push_str(&format!(" from {}", parents.join(", ")));
        }
        if let Some(interface) = plan.interface {
            header.push_str(&format!(" interface I{interface}"));
        }
        let fields = plan.fields.clone();
        let ctors = plan.ctors.clone();
        let methods = plan.methods.clone();
        let (is_static, has_fini) = (plan.is_static, plan.has_fini);
        self.line(&format!("{header} {{"));
        self.indent += 1;
        if !fields.is_empty() {
            let weak = if self.rng.chance(20) { "weak " } else { "" };
            self.line(&format!("init {{ {weak}{} }}", fields.join(", ")));
        }
        if is_static && self.rng.chance(50) {
            self.callable("static", usize::MAX, Place::Box(index));
        }
        for (keyword, arity) in ctors {
            self.callable(&keyword, arity, Place::Box(index));
        }
        for (name, arity) in methods {
            let marker = if self.ancestor_has_method(index, &name) {
                "override "
            } else {
                ""
            };
            self.callable(&format!("{marker}{name}"), arity, Place::Box(index));
        }
        if has_fini {
            self.callable("fini", 0, Place::Box(index));
        }
        self.indent -= 1;
        self.line("}");
    }

    fn ancestor_has_method(&self, index: usize, method: &str) -> bool {
        self.boxes[index].parents.iter().any(|&p| {
            self.boxes[p].methods.iter().any(|(m, _)| m == method)
                || self.ancestor_has_method(p, method)
        })
    }

    /// A function, constructor, method or `static { }` (`arity == usize::MAX`) with its body.
    fn callable(&mut self, header: &str, arity: usize, place: Place) {
        let names = if arity == usize::MAX {
            Vec::new()
        } else {
            params(arity)
        };
        let header = if arity == usize::MAX {
            header.to_string()
        } else {
            format!("{header}({})", names.join(", "))
        };
        self.place = place;
        let outer = std::mem::take(&mut self.scopes);
        self.block(&header, 3, &names);
        self.scopes = outer;
        self.place = Place::TopLevel;
    }

    fn main_box(&mut self) {
        self.line("static box Main {");
        self.indent += 1;
        self.boxes.push(BoxPlan {
            name: "Main".to_string(),
            is_static: true,
            parents: Vec::new(),
            builtin_parent: None,
            interface: None,
            fields: vec!["state".to_string()],
            methods: vec![("main".to_string(), 0)],
            ctors: Vec::new(),
            has_fini: false,
        });
        let main = self.boxes.len() - 1;
        self.line("init { state }");
        let arity = if self.careless && self.rng.chance(10) {
            2
        } else {
            usize::from(self.rng.chance(20))
        };
        self.callable("main", arity, Place::Box(main));
        self.indent -= 1;
        self.line("}");
    }
}

impl Generator<'_> {
    // --- names in scope ---------------------------------------------------------------------

    fn visible_variable(&mut self) -> Option<String> {
        let mut names: Vec<String> = self
            .scopes
            .iter()
            .flatten()
            .map(|(n, _)| n.clone())
            .collect();
        names.extend(self.globals.iter().cloned());
        (!names.is_empty()).then(|| self.rng.pick(&names).clone())
    }

    fn visible_future(&mut self) -> Option<String> {
        let names: Vec<String> = self
            .scopes
            .iter()
            .flatten()
            .filter(|(_, f)| *f)
            .map(|(n, _)| n.clone())
            .collect();
        (!names.is_empty()).then(|| self.rng.pick(&names).clone())
    }

    /// Fields `me.f` may name here: the box's own and its user ancestors'.
    fn own_fields(&self) -> Vec<String> {
        let Place::Box(index) = self.place else {
            return Vec::new();
        };
        let mut fields = Vec::new();
        self.collect_fields(index, &mut fields);
        fields
    }

    fn collect_fields(&self, index: usize, out: &mut Vec<String>) {
        for &parent in &self.boxes[index].parents {
            self.collect_fields(parent, out);
        }
        out.extend(self.boxes[index].fields.iter().cloned());
    }
}

fn params(arity: usize) -> Vec<String> {
    (0..arity).map(|i| format!("p{i}")).collect()
}

pub(crate) fn generate(seed: u64) -> String {
    Generator::new(&mut Rng(seed), false).program()
}

pub(crate) fn generate_careless(seed: u64) -> String {
    Generator::new(&mut Rng(seed), true).program()
}
