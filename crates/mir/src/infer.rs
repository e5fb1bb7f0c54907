//! Type inference over a whole module: gives registers the most precise [`Type`] that holds for
//! every value any instruction reads from them, and drops the `release`s that then do nothing.
//!
//! Input: a [`Module`] straight from lowering, whose registers are mostly `Any` (ids out of
//! range count as `Any`; the pass never panics). Output: the same program with registers
//! split where lowering recycled them, [`Function::reg_types`] refined, and the `Release` of
//! every register typed Int, Float, Bool or Null removed. `nyash-lower` runs it last, so the
//! VM and the wasm backend both see its result. Types are sound, never guesses: a backend may
//! keep a typed register unboxed and skip its reference counting.
//!
//! Steps: `webs.rs` gives every web of values of a register a register of its own (lowering
//! reuses one register for unrelated temporaries and locals); the whole module is typed; the
//! webs are put back together except those that hold only scalars, one register per type
//! (see `webs.rs` for why this keeps the meaning, including when `fini()`s run); the result is
//! typed again, and its scalar `release`s dropped.
//!
//! The typing is flow-insensitive per register (registers are mutable: a local is one
//! register for its whole scope) over the lattice Bottom < one built-in kind < Any, where the
//! kinds are those of [`BuiltinBox`] (Int, Float, Bool, Str and Null are kinds, and so are
//! ArrayBox, MapBox, ... so that `a.length()` on an ArrayBox is an integer). A register's kind
//! is the join of what all its definitions give (see `rules.rs`, which mirrors the VM), plus
//! null where the register may be read before any write or after a `release`, also along the
//! edges errors take out of `try` regions (`nulls.rs`, `flow.rs`). Everything starts at Bottom
//! and the rules are applied to the whole module until nothing changes, so recursive functions
//! get typed (`fib(n)` returns an integer because both of its returns do).
//!
//! Interprocedural: a direct `call` gives its destination the join of the callee's returned
//! registers. The parameters of a function are the join of the arguments of all calls of it,
//! but only when every call is a direct `call` in the module. The entry (its argument comes
//! from the runtime), constructors (chosen by `new` at run time), `fini()`, `static { }`
//! initialisers and any method reachable through dynamic dispatch (its name is used by some
//! `call_method`, or the runtime calls it by name, like `toString`) keep `Any` parameters; so
//! does `me`. Dynamic calls give `Any`, except the built-in methods of a receiver whose kind is
//! known and whose result kind is fixed. Fields and globals are `Any` (a `weak` field may turn
//! to null; a global is null until its initialiser runs).
//!
//! After the fixpoint, a register still at Bottom (never written, never read) keeps the type
//! lowering gave it.

mod flow;
mod nulls;
mod rules;
mod webs;

use std::collections::HashSet;

use crate::{
    BuiltinBox, FuncId, Function, FunctionKind, InstKind, Module, Reg, Sym, TermKind, Type,
};

pub use rules::{binary_type, unary_type};

/// What the pass knows of the values of a register or the results of a function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// No value seen yet.
    Bottom,
    /// Every value is a built-in box of this kind.
    Box(BuiltinBox),
    /// Anything.
    Any,
}

impl Kind {
    fn join(self, other: Kind) -> Kind {
        match (self, other) {
            (Kind::Bottom, k) | (k, Kind::Bottom) => k,
            (Kind::Box(a), Kind::Box(b)) if a == b => self,
            _ => Kind::Any,
        }
    }

    fn of_type(ty: Type) -> Kind {
        rules::type_kind(ty).map_or(Kind::Any, Kind::Box)
    }

    /// The type of a kind whose values own nothing (Int, Float, Bool, Null).
    fn scalar_type(self) -> Option<Type> {
        match self.as_type() {
            ty @ (Type::Int | Type::Float | Type::Bool | Type::Null) if self != Kind::Bottom => {
                Some(ty)
            }
            _ => None,
        }
    }

    /// The [`Type`] operator rules see: Bottom is never passed to them.
    fn as_type(self) -> Type {
        match self {
            Kind::Box(kind) => rules::kind_type(kind),
            Kind::Bottom | Kind::Any => Type::Any,
        }
    }
}

/// Refines the register types of every function of `module` and drops the `release` of
/// registers that can only hold scalars. See the module doc.
pub fn refine_types(module: &mut Module) {
    // Types of the module with every web in a register of its own, to see which webs hold
    // only scalars; then the final grouping of webs into registers is typed again.
    let (split_functions, origins): (Vec<Function>, Vec<Vec<Reg>>) = module
        .functions
        .iter()
        .map(|f| {
            let split = webs::split(f);
            (split.func, split.origin)
        })
        .unzip();
    let originals = std::mem::replace(&mut module.functions, split_functions);
    let split_kinds = Inference::new(module).solve();
    let split_functions = std::mem::take(&mut module.functions);
    module.functions = split_functions
        .into_iter()
        .zip(origins)
        .zip(&split_kinds)
        .zip(&originals)
        .map(|(((func, origin), kinds), original)| {
            let scalar: Vec<Option<Type>> = kinds.iter().map(|k| k.scalar_type()).collect();
            webs::regroup(webs::Split { func, origin }, &scalar, original)
        })
        .collect();
    let kinds = Inference::new(module).solve();
    for (function, kinds) in module.functions.iter_mut().zip(kinds) {
        for (ty, kind) in function.reg_types.iter_mut().zip(kinds) {
            if kind != Kind::Bottom {
                *ty = kind.as_type();
            }
        }
        drop_scalar_releases(function);
    }
}

/// Removes `release r` where `r` is typed Int, Float, Bool or Null: such a register owns
/// nothing, and the null the release would leave is never read (else `r` would not be typed
/// so).
fn drop_scalar_releases(function: &mut Function) {
    let types = &function.reg_types;
    let scalar = |reg: Reg| {
        matches!(
            types.get(reg.index()),
            Some(Type::Int | Type::Float | Type::Bool | Type::Null)
        )
    };
    for block in &mut function.blocks {
        block
            .insts
            .retain(|inst| !matches!(inst.kind, InstKind::Release { reg } if scalar(reg)));
    }
}

/// The fixpoint state: a kind per register of each function and per function result.
struct Inference<'m> {
    module: &'m Module,
    regs: Vec<Vec<Kind>>,
    returns: Vec<Kind>,
    /// Whether each function is called only by direct `call`s, so its parameters take the
    /// kinds of the arguments.
    closed: Vec<bool>,
    changed: bool,
}

impl<'m> Inference<'m> {
    fn new(module: &'m Module) -> Inference<'m> {
        let closed = closed_functions(module);
        let mut regs = Vec::with_capacity(module.functions.len());
        for (function, &closed) in module.functions.iter().zip(&closed) {
            let mut kinds = vec![Kind::Bottom; function.reg_count()];
            let open_params = if closed {
                usize::from(has_me(function))
            } else {
                function.param_count as usize
            };
            for kind in kinds.iter_mut().take(open_params) {
                *kind = Kind::Any;
            }
            let null_reads = nulls::implicit_null_reads(function);
            for (kind, null_read) in kinds.iter_mut().zip(null_reads) {
                if null_read {
                    *kind = kind.join(Kind::Box(BuiltinBox::Null));
                }
            }
            regs.push(kinds);
        }
        Inference {
            module,
            regs,
            returns: vec![Kind::Bottom; module.functions.len()],
            closed,
            changed: false,
        }
    }

    /// Applies every rule until nothing changes; returns the kind of every register.
    fn solve(mut self) -> Vec<Vec<Kind>> {
        loop {
            self.changed = false;
            for index in 0..self.module.functions.len() {
                self.function(FuncId(index as u32));
            }
            if !self.changed {
                return self.regs;
            }
        }
    }

    fn function(&mut self, id: FuncId) {
        let module = self.module;
        let Some(function) = module.functions.get(id.index()) else {
            return;
        };
        for block in &function.blocks {
            for inst in &block.insts {
                self.inst(id, &inst.kind);
            }
            if let TermKind::Return(reg) = block.term.kind {
                let kind = self.reg(id, reg);
                self.join_return(id, kind);
            }
        }
    }

    fn reg(&self, func: FuncId, reg: Reg) -> Kind {
        let kinds = self.regs.get(func.index());
        kinds
            .and_then(|k| k.get(reg.index()))
            .copied()
            .unwrap_or(Kind::Any)
    }

    fn join_reg(&mut self, func: FuncId, reg: Reg, kind: Kind) {
        let slot = self
            .regs
            .get_mut(func.index())
            .and_then(|k| k.get_mut(reg.index()));
        if let Some(slot) = slot {
            let joined = slot.join(kind);
            self.changed |= joined != *slot;
            *slot = joined;
        }
    }

    fn join_return(&mut self, func: FuncId, kind: Kind) {
        if let Some(slot) = self.returns.get_mut(func.index()) {
            let joined = slot.join(kind);
            self.changed |= joined != *slot;
            *slot = joined;
        }
    }

    fn inst(&mut self, func: FuncId, kind: &InstKind) {
        if let InstKind::Call {
            func: callee, args, ..
        } = kind
        {
            self.call_arguments(func, *callee, args);
        }
        // A release's null is accounted for by `nulls`; a `try_enter` writes its error
        // register only when the handler starts.
        let dst = match kind {
            InstKind::Release { .. } => None,
            InstKind::TryEnter { error, .. } => Some(*error),
            other => other.dst(),
        };
        if let Some(dst) = dst {
            let result = self.result(func, kind);
            self.join_reg(func, dst, result);
        }
    }

    /// A direct call passes its arguments' kinds to a closed callee's parameters.
    fn call_arguments(&mut self, caller: FuncId, callee: FuncId, args: &[Reg]) {
        if !self.closed.get(callee.index()).copied().unwrap_or(false) {
            return;
        }
        let Some(function) = self.module.functions.get(callee.index()) else {
            return;
        };
        let first = usize::from(has_me(function));
        for (param, &arg) in args.iter().enumerate().skip(first) {
            let kind = self.reg(caller, arg);
            self.join_reg(callee, Reg(param as u32), kind);
        }
    }

    /// The kind of what `kind` writes to its destination.
    fn result(&self, func: FuncId, kind: &InstKind) -> Kind {
        let reg = |r: Reg| self.reg(func, r);
        match kind {
            InstKind::Const { value, .. } => Kind::Box(rules::const_kind(value)),
            InstKind::Copy { src, .. } => reg(*src),
            InstKind::Unary { op, src, .. } => match reg(*src) {
                Kind::Bottom => Kind::Bottom,
                k => Kind::of_type(unary_type(*op, k.as_type())),
            },
            InstKind::Binary { op, lhs, rhs, .. } => match (reg(*lhs), reg(*rhs)) {
                (Kind::Bottom, _) | (_, Kind::Bottom) => Kind::Bottom,
                (l, r) => Kind::of_type(binary_type(*op, l.as_type(), r.as_type())),
            },
            InstKind::NewBuiltin { kind, .. } => Kind::Box(*kind),
            InstKind::CallBuiltin { func, .. } => {
                rules::builtin_func_kind(*func).map_or(Kind::Any, Kind::Box)
            }
            InstKind::Call { func: callee, .. } => self
                .returns
                .get(callee.index())
                .copied()
                .unwrap_or(Kind::Any),
            InstKind::CallMethod {
                receiver, method, ..
            } => self.method_result(reg(*receiver), *method),
            InstKind::FutureOk { .. } | InstKind::FutureErr { .. } => Kind::Box(BuiltinBox::Future),
            // Awaiting anything but a future gives it back.
            InstKind::Await { future, .. } => match reg(*future) {
                Kind::Box(BuiltinBox::Future) | Kind::Any => Kind::Any,
                other => other,
            },
            InstKind::TryEnter { .. } => Kind::Box(BuiltinBox::Error),
            // Fields (weak ones become null), globals (null until written), user boxes,
            // static boxes and built-in parents: anything.
            _ => Kind::Any,
        }
    }

    fn method_result(&self, receiver: Kind, method: Sym) -> Kind {
        match receiver {
            Kind::Bottom => Kind::Bottom,
            Kind::Box(kind) => {
                let name = self.module.symbols.get(method.index());
                let result = name.and_then(|name| rules::method_kind(kind, name));
                result.map_or(Kind::Any, Kind::Box)
            }
            Kind::Any => Kind::Any,
        }
    }
}

/// Whether `function`'s `r0` is `me`.
fn has_me(function: &Function) -> bool {
    matches!(
        function.kind,
        FunctionKind::Method(_) | FunctionKind::Ctor(_) | FunctionKind::StaticInit(_)
    )
}

/// Names the runtime calls methods by: printing calls `toString()`, dropping a box `fini()`.
const RUNTIME_METHODS: [&str; 2] = ["toString", "fini"];

/// For each function, whether only direct `call`s of the module invoke it (see module doc).
fn closed_functions(module: &Module) -> Vec<bool> {
    let mut closed: Vec<bool> = module
        .functions
        .iter()
        .map(|f| {
            matches!(
                f.kind,
                FunctionKind::Function | FunctionKind::Method(_) | FunctionKind::TopLevel
            )
        })
        .collect();
    let mut open = |f: FuncId| {
        if let Some(slot) = closed.get_mut(f.index()) {
            *slot = false;
        }
    };
    open(module.entry);
    let mut dynamic: HashSet<Sym> = RUNTIME_METHODS
        .iter()
        .filter_map(|name| module.find_symbol(name))
        .collect();
    for function in &module.functions {
        for inst in function.blocks.iter().flat_map(|b| &b.insts) {
            if let InstKind::CallMethod { method, .. } = inst.kind {
                dynamic.insert(method);
            }
        }
    }
    for class in &module.classes {
        for &(sym, func) in &class.methods {
            if dynamic.contains(&sym) {
                open(func);
            }
        }
        class.ctors.iter().copied().for_each(&mut open);
        class.fini.into_iter().for_each(&mut open);
        class.static_init.into_iter().for_each(&mut open);
    }
    closed
}

#[cfg(test)]
mod tests;
