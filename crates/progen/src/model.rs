//! What the generator knows about the program it is writing: the static type of every value it
//! refers to, the boxes and functions declared so far, and the callables a body may use.
//!
//! Types are the generator's own bookkeeping (Nyash is dynamic): they let it write only
//! expressions that make sense, so that runtime errors appear where it chooses to put them.

/// The static kind of a generated value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    Int,
    Float,
    Str,
    Bool,
    /// An ArrayBox that only ever holds integers.
    Arr,
    /// A MapBox with string or integer keys and integer values.
    Map,
    /// An instance of the user box with this index (or of a box delegating to it).
    Obj(usize),
}

/// The kinds a field, parameter or local may be declared with (objects are added per program).
pub const PLAIN_TYPES: [Ty; 6] = [Ty::Int, Ty::Float, Ty::Str, Ty::Bool, Ty::Arr, Ty::Map];

/// A local variable or parameter in scope.
#[derive(Clone, Debug)]
pub struct Var {
    pub name: String,
    pub ty: Ty,
    /// For arrays: the length it is known to have at least (arrays never shrink).
    pub min_len: usize,
    /// Loop counters and long arrays are never reassigned.
    pub mutable: bool,
}

/// A method of a user box (or static box), a function, or a recursive helper.
#[derive(Clone, Debug)]
pub struct Method {
    pub name: String,
    pub params: Vec<Ty>,
    pub ret: Ty,
    /// A body may only call callables of a lower rank, so calls always terminate.
    pub rank: usize,
    /// The most work (in statements executed) one call may do, callees included.
    pub cap: u64,
    /// For a recursive helper: its first argument is taken modulo this bound, which bounds
    /// the depth of the recursion.
    pub bound: Option<i64>,
}

/// A user-defined box.
#[derive(Clone, Debug)]
pub struct Class {
    pub name: String,
    pub parent: Option<usize>,
    /// Fields declared by this box itself.
    pub fields: Vec<(String, Ty)>,
    /// Parameter kinds of its one `birth` constructor.
    pub ctor: Vec<Ty>,
    /// Its own methods, overrides included.
    pub methods: Vec<Method>,
    pub is_static: bool,
    pub has_to_string: bool,
}

/// Everything declared so far.
#[derive(Default)]
pub struct World {
    pub classes: Vec<Class>,
    /// Top-level `function`s.
    pub functions: Vec<Method>,
    pub next_rank: usize,
}

impl World {
    /// Every field of box `c`, its ancestors' first.
    pub fn all_fields(&self, c: usize) -> Vec<(String, Ty)> {
        let mut fields = Vec::new();
        if let Some(class) = self.classes.get(c) {
            if let Some(parent) = class.parent {
                fields = self.all_fields(parent);
            }
            fields.extend(class.fields.iter().cloned());
        }
        fields
    }

    /// Every method an instance of `c` answers, the most derived definition of each name.
    pub fn all_methods(&self, c: usize) -> Vec<Method> {
        let mut methods = match self.classes.get(c).and_then(|class| class.parent) {
            Some(parent) => self.all_methods(parent),
            None => Vec::new(),
        };
        if let Some(class) = self.classes.get(c) {
            for method in &class.methods {
                methods.retain(|m| m.name != method.name);
                methods.push(method.clone());
            }
        }
        methods
    }

    /// Box `c` and every box delegating to it, directly or not.
    pub fn descendants(&self, c: usize) -> Vec<usize> {
        (0..self.classes.len())
            .filter(|&d| self.is_ancestor_or_self(c, d))
            .collect()
    }

    fn is_ancestor_or_self(&self, ancestor: usize, mut c: usize) -> bool {
        loop {
            if c == ancestor {
                return true;
            }
            match self.classes.get(c).and_then(|class| class.parent) {
                Some(parent) => c = parent,
                None => return false,
            }
        }
    }

    /// Indexes of the boxes that can be created with `new`.
    pub fn instantiable(&self) -> Vec<usize> {
        (0..self.classes.len())
            .filter(|&c| self.classes.get(c).is_some_and(|class| !class.is_static))
            .collect()
    }

    /// A fresh rank, above every rank given before.
    pub fn take_rank(&mut self) -> usize {
        self.next_rank += 1;
        self.next_rank
    }
}
