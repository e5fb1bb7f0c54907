//! Declarations: user boxes (fields, a `birth` constructor, methods, overrides that call
//! `from Parent.method()`, `toString()`, `fini()`), static boxes with state and a `static { }`
//! initialiser, top-level functions, and a static box of bounded recursive helpers.

use crate::body::Body;
use crate::gen::Gen;
use crate::model::{Class, Method, Ty, Var, PLAIN_TYPES};

/// The work one call of a new method may do at most, before its callees are counted.
const METHOD_CAPS: [u64; 4] = [30, 80, 200, 500];

impl Gen {
    /// Declares a user box (delegating to an earlier one, sometimes).
    pub fn user_box(&mut self) {
        let index = self.world.classes.len();
        let parents = self.world.instantiable();
        let parent = if self.rng.chance(50) {
            self.rng.pick(&parents).copied()
        } else {
            None
        };
        let field_count = self.rng.range(1, 3) as usize;
        let fields: Vec<(String, Ty)> = (0..field_count)
            .map(|k| (format!("f{index}_{k}"), self.field_type()))
            .collect();
        let ctor: Vec<Ty> = (0..self.rng.range(0, 3))
            .map(|_| self.some_type())
            .collect();
        let name = format!("Node{index}");
        let header = match parent.and_then(|p| self.world.classes.get(p)) {
            Some(p) => format!("box {name} from {}", p.name),
            None => format!("box {name}"),
        };
        self.open(header);
        let names: Vec<&str> = fields.iter().map(|(n, _)| n.as_str()).collect();
        self.line(format!("init {{ {} }}", names.join(", ")));
        // Written before the box is known, so that its constructor cannot create one of its
        // own kind (which would never end).
        self.constructor(parent, &fields, &ctor);
        self.world.classes.push(Class {
            name,
            parent,
            fields,
            ctor,
            methods: Vec::new(),
            is_static: false,
            has_to_string: false,
        });
        self.methods(index, parent);
        self.write_to_string(index, parent);
        if self.rng.chance(25) {
            self.fini_method(index);
        }
        self.close();
        self.blank();
    }

    fn field_type(&mut self) -> Ty {
        *self.rng.pick(&PLAIN_TYPES).unwrap_or(&Ty::Int)
    }

    /// `birth(...)`: calls the parent's constructor, then sets every own field.
    fn constructor(&mut self, parent: Option<usize>, fields: &[(String, Ty)], ctor: &[Ty]) {
        self.body = Body::new(0, 200, "c");
        let params = self.declare_params(ctor, "p");
        self.open(format!("birth({})", params.join(", ")));
        if let Some(parent) = parent.and_then(|p| self.world.classes.get(p).cloned()) {
            self.str_refs = 1;
            let args: Vec<String> = parent.ctor.iter().map(|&t| self.value(t, 1)).collect();
            self.line(format!("from {}.birth({})", parent.name, args.join(", ")));
        }
        for (name, ty) in fields {
            let value = self.expr(*ty);
            self.line(format!("me.{name} = {value}"));
        }
        self.close();
    }

    /// Declares parameters `p0, p1...` of the given kinds in the current body.
    fn declare_params(&mut self, types: &[Ty], prefix: &str) -> Vec<String> {
        let mut names = Vec::new();
        for (i, &ty) in types.iter().enumerate() {
            let name = format!("{prefix}{i}");
            self.body.declare(Var {
                name: name.clone(),
                ty,
                min_len: 0,
                mutable: true,
            });
            names.push(name);
        }
        names
    }

    /// New methods and overrides of the parent's.
    fn methods(&mut self, index: usize, parent: Option<usize>) {
        if let Some(parent) = parent {
            for method in self.world.all_methods(parent) {
                if self.rng.chance(40) {
                    self.method(index, method, Some(parent));
                }
            }
        }
        for _ in 0..self.rng.range(1, 3) {
            let method = self.new_signature(index);
            self.method(index, method, None);
        }
    }

    fn new_signature(&mut self, index: usize) -> Method {
        let params: Vec<Ty> = (0..self.rng.range(0, 3))
            .map(|_| self.some_type())
            .collect();
        let ret = self.some_type();
        let count = self.world.classes.get(index).map_or(0, |c| c.methods.len());
        Method {
            name: format!("m{index}_{count}"),
            params,
            ret,
            rank: self.world.take_rank(),
            cap: *self.rng.pick(&METHOD_CAPS).unwrap_or(&80),
            bound: None,
        }
    }

    /// Writes one method of box `index` (an override when `overrides` names the parent).
    fn method(&mut self, index: usize, method: Method, overrides: Option<usize>) {
        let own_budget = if overrides.is_some() {
            method.cap * 2 / 3
        } else {
            method.cap / 3
        };
        self.body = Body::new(method.rank, own_budget.max(8), "v");
        self.body.me = Some(index);
        self.body.ret = Some(method.ret);
        let params = self.declare_params(&method.params, "a");
        let modifier = if overrides.is_some() { "override " } else { "" };
        self.open(format!("{modifier}{}({})", method.name, params.join(", ")));
        let count = self.rng.range(1, 5) as usize;
        self.statements(count, 2);
        let value = match overrides.and_then(|p| self.world.classes.get(p).cloned()) {
            Some(parent) if self.rng.chance(60) => {
                let args = self.arguments(&method, 1);
                format!("from {}.{}({args})", parent.name, method.name)
            }
            _ => self.expr(method.ret),
        };
        self.line(format!("return {value}"));
        self.close();
        if let Some(class) = self.world.classes.get_mut(index) {
            class.methods.push(method);
        }
    }

    /// `toString()` built from the fields, for half of the boxes.
    fn write_to_string(&mut self, index: usize, parent: Option<usize>) {
        let inherited = parent
            .and_then(|p| self.world.classes.get(p))
            .is_some_and(|p| p.has_to_string);
        if !self.rng.chance(50) {
            if let Some(class) = self.world.classes.get_mut(index) {
                class.has_to_string = inherited;
            }
            return;
        }
        let modifier = if inherited { "override " } else { "" };
        let fields = self.world.all_fields(index);
        let name = self
            .world
            .classes
            .get(index)
            .map_or(String::new(), |c| c.name.clone());
        let parts: Vec<String> = fields.iter().map(|(f, _)| format!("me.{f}")).collect();
        let body = if parts.is_empty() {
            format!("\"{name}\"")
        } else {
            format!("\"{name}(\" + {} + \")\"", parts.join(" + \",\" + "))
        };
        self.line(format!("{modifier}toString() {{ return {body} }}"));
        if let Some(class) = self.world.classes.get_mut(index) {
            class.has_to_string = true;
        }
    }

    fn fini_method(&mut self, index: usize) {
        let fields = self.world.all_fields(index);
        let shown = match self.rng.pick(&fields) {
            Some((f, _)) => format!(" + me.{f}"),
            None => String::new(),
        };
        self.line(format!("fini() {{ print(\"fini Node{index} \"{shown}) }}"));
    }

    /// A static box with state set up by `static { }` and methods that use it.
    pub fn static_box(&mut self) {
        let index = self.world.classes.len();
        let name = format!("Stat{index}");
        let field_count = self.rng.range(1, 3) as usize;
        let fields: Vec<(String, Ty)> = (0..field_count)
            .map(|k| (format!("s{index}_{k}"), self.field_type()))
            .collect();
        self.world.classes.push(Class {
            name: name.clone(),
            parent: None,
            fields: fields.clone(),
            ctor: Vec::new(),
            methods: Vec::new(),
            is_static: true,
            has_to_string: false,
        });
        self.open(format!("static box {name}"));
        let names: Vec<&str> = fields.iter().map(|(n, _)| n.as_str()).collect();
        self.line(format!("init {{ {} }}", names.join(", ")));
        self.body = Body::new(0, 50, "c");
        self.open("static");
        for (field, ty) in &fields {
            let value = self.expr(*ty);
            self.line(format!("me.{field} = {value}"));
        }
        self.close();
        for _ in 0..self.rng.range(1, 3) {
            let method = self.new_signature(index);
            self.method(index, method, None);
        }
        self.close();
        self.blank();
    }

    /// A top-level `function`.
    pub fn function(&mut self) {
        let name = format!("fn{}", self.world.functions.len());
        let params: Vec<Ty> = (0..self.rng.range(0, 3))
            .map(|_| self.some_type())
            .collect();
        let method = Method {
            name: name.clone(),
            params,
            ret: self.some_type(),
            rank: self.world.take_rank(),
            cap: *self.rng.pick(&METHOD_CAPS).unwrap_or(&80),
            bound: None,
        };
        self.body = Body::new(method.rank, method.cap / 2, "v");
        self.body.ret = Some(method.ret);
        let params = self.declare_params(&method.params, "a");
        self.open(format!("function {name}({})", params.join(", ")));
        let count = self.rng.range(1, 5) as usize;
        self.statements(count, 2);
        let value = self.expr(method.ret);
        self.line(format!("return {value}"));
        self.close();
        self.blank();
        self.world.functions.push(method);
    }
}
