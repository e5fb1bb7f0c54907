//! The VM's internal code: each MIR function flattened once, at load, into a linear list of
//! [`Op`]s (see `load.rs` for the translation).
//!
//! Differences from MIR that make the interpreter loop fast:
//! - blocks are laid out one after another and jump targets are instruction indexes;
//! - binary operators are separate ops so each gets its own fast path, and `s = s + x`
//!   (`dst == lhs`) is [`Op::AddInPlace`], which may append to a uniquely held string;
//! - call arguments are a range of a per-function register pool (no `Vec` per call site);
//! - an integer constant followed by arithmetic on it is one op (`ConstAdd`...);
//! - a comparison followed by a `Branch` on its result is one op (`BranchLt`...);
//! - a `Jump` to such a compare-and-branch (a loop's back edge) is a copy of it;
//! - a counter step followed by that copy is one op (`CountBranch`), and so is an integer
//!   constant followed by a compare-and-branch against it (`ConstBranch`);
//! - field and method lookups carry a one-entry inline cache keyed by class;
//! - `get`/`set`/`push`/`has`/`sqrt` calls carry a [`MethodHint`] for inline ArrayBox,
//!   MapBox and FloatBox paths;
//! - spans live in a side table indexed like the ops, read only when an error is raised.

use std::cell::Cell;

use nyash_diagnostics::Span;
use nyash_mir::{BinaryOp, BuiltinBox, BuiltinFunc, Class, ClassId, Sym};

use crate::builtins::BuiltinMethod;
use crate::value::Value;

/// Register number meaning "no register" (a call whose result nobody reads).
pub(crate) const NO_REG: u32 = u32::MAX;

/// Operands of a binary operator.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bin {
    pub dst: u32,
    pub lhs: u32,
    pub rhs: u32,
}

/// A comparison whose boolean result the next instruction, a `Branch`, tests: one op does
/// both (the result is still written to `bin.dst`, which later code may read).
#[derive(Debug, Clone, Copy)]
pub(crate) struct CmpBranch {
    pub bin: Bin,
    pub then_pc: u32,
    pub else_pc: u32,
}

/// An integer constant followed by an arithmetic op reading it (`r6 = const 1; r3 = add r3,
/// r6`). The fused op writes the constant and, when the fast path answers, the result, then
/// skips the arithmetic op after it; otherwise that op runs as usual.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ConstBin {
    pub value: i64,
    pub konst: u32,
    pub bin: Bin,
}

/// Call arguments: `Code::arg_regs[start..start + len]`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Args {
    pub start: u32,
    pub len: u32,
}

/// One-entry inline cache: `(class id + 1, answer)`; 0 in the first half means empty.
pub(crate) type Cache = Cell<(u32, u32)>;

/// What a method call most likely is, from its name and argument count alone: `get(k)`,
/// `set(k, v)`, `push(v)` or `has(k)` of an ArrayBox or a MapBox, `sqrt()` of a FloatBox.
/// The interpreter tries an inline path for the hinted method when the receiver turns out to
/// be such a box, and the generic call otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MethodHint {
    None,
    Get,
    Set,
    Push,
    Has,
    Sqrt,
}

impl MethodHint {
    pub fn of(name: &str, arg_count: usize) -> MethodHint {
        match (name, arg_count) {
            ("get", 1) => MethodHint::Get,
            ("set", 2) => MethodHint::Set,
            ("push", 1) => MethodHint::Push,
            ("has", 1) => MethodHint::Has,
            ("sqrt", 0) => MethodHint::Sqrt,
            _ => MethodHint::None,
        }
    }
}

pub(crate) enum Op {
    Const {
        dst: u32,
        value: Value,
    },
    /// `Const` of an integer, written without going through `Value::clone`.
    ConstInt {
        dst: u32,
        value: i64,
    },
    Copy {
        dst: u32,
        src: u32,
    },
    Neg {
        dst: u32,
        src: u32,
    },
    Not {
        dst: u32,
        src: u32,
    },
    Truthy {
        dst: u32,
        src: u32,
    },
    Add(Bin),
    /// `Add` whose destination is its left operand (and not its right one).
    AddInPlace(Bin),
    Sub(Bin),
    Mul(Bin),
    Div(Bin),
    Mod(Bin),
    Shr(Bin),
    Eq(Bin),
    Ne(Bin),
    Lt(Bin),
    Le(Bin),
    Gt(Bin),
    Ge(Bin),
    /// Constants fused with the arithmetic op after them (see [`ConstBin`]).
    ConstAdd(ConstBin),
    ConstSub(ConstBin),
    ConstMul(ConstBin),
    ConstDiv(ConstBin),
    ConstMod(ConstBin),
    /// Comparisons fused with the `Branch` after them (see [`CmpBranch`]).
    BranchEq(CmpBranch),
    BranchNe(CmpBranch),
    BranchLt(CmpBranch),
    BranchLe(CmpBranch),
    BranchGt(CmpBranch),
    BranchGe(CmpBranch),
    /// A loop's counter step and test in one op: `counter = counter + step` (through the
    /// constant register `konst`, as `ConstAdd`), then `cmp_dst = counter <cmp> bound` and a
    /// branch on it. It replaces a `ConstAdd` whose skipped `Add` is followed by a
    /// compare-and-branch on the counter (a loop's latch after jump threading); those two ops
    /// stay in place and run when the counter or the bound is not an integer. (A variant of
    /// its own, not a struct, so that the op stays 32 bytes.)
    CountBranch {
        counter: u32,
        konst: u32,
        step: i32,
        bound: u32,
        cmp_dst: u32,
        cmp: BinaryOp,
        then_pc: u32,
        else_pc: u32,
    },
    /// An integer constant and a test of a register against it in one op: `konst = value`,
    /// then `cmp_dst = lhs <cmp> konst` and a branch on it (`if n < 2`, `loop(i < 10)`). It
    /// replaces a `ConstInt` followed by a compare-and-branch reading the constant; that op
    /// stays in place and runs when `lhs` is not an integer.
    ConstBranch {
        konst: u32,
        value: i32,
        lhs: u32,
        cmp_dst: u32,
        cmp: BinaryOp,
        then_pc: u32,
        else_pc: u32,
    },
    LoadGlobal {
        dst: u32,
        global: u32,
    },
    StoreGlobal {
        global: u32,
        src: u32,
    },
    GetField {
        dst: u32,
        object: u32,
        field: Sym,
        cache: Cache,
    },
    SetField {
        object: u32,
        field: Sym,
        value: u32,
        cache: Cache,
    },
    NewBox {
        dst: u32,
        class: ClassId,
        args: Args,
    },
    NewBuiltin {
        dst: u32,
        kind: BuiltinBox,
        args: Args,
    },
    StaticBox {
        dst: u32,
        class: ClassId,
    },
    Call {
        dst: u32,
        func: u32,
        args: Args,
    },
    CallMethod {
        dst: u32,
        receiver: u32,
        method: Sym,
        args: Args,
        cache: Cache,
        hint: MethodHint,
    },
    CallBuiltin {
        dst: u32,
        func: BuiltinFunc,
        args: Args,
    },
    GetBuiltinParent {
        dst: u32,
        object: u32,
    },
    Print {
        value: u32,
    },
    TryEnter {
        handler: u32,
        error: u32,
    },
    TryExit,
    FutureOk {
        dst: u32,
        value: u32,
    },
    FutureErr {
        dst: u32,
        error: u32,
    },
    Await {
        dst: u32,
        future: u32,
    },
    Release {
        reg: u32,
    },
    Jump {
        target: u32,
    },
    Branch {
        cond: u32,
        then_pc: u32,
        else_pc: u32,
    },
    Return {
        src: u32,
    },
    Throw {
        src: u32,
    },
    Unreachable,
}

/// One function, ready to run.
pub(crate) struct Code {
    /// As shown in call stacks: `Main.fib`, `<top-level>`.
    pub name: String,
    pub ops: Vec<Op>,
    /// `spans[i]` is the source of `ops[i]`.
    pub spans: Vec<Span>,
    /// Argument registers of every call in this function.
    pub arg_regs: Vec<u32>,
    pub reg_count: u32,
    /// The registers that may hold a box (by MIR's register types): the only ones leaving the
    /// frame has to clear. The others hold numbers, booleans or null, which own nothing.
    pub box_regs: Vec<u32>,
    /// Parameters including `me`.
    pub param_count: u32,
    /// Parameters as written in Nyash (without `me`), for error messages.
    pub arity: u32,
}

impl Code {
    #[inline(always)]
    pub fn args(&self, args: Args) -> &[u32] {
        let start = args.start as usize;
        &self.arg_regs[start..start + args.len as usize]
    }
}

/// Method names the VM answers itself on user boxes (`Sym(u32::MAX)` when not interned).
pub(crate) struct WellKnown {
    pub to_string: Sym,
    pub type_name: Sym,
    pub equals: Sym,
    pub fini: Sym,
}

/// A whole module, ready to run.
pub(crate) struct Program {
    pub functions: Vec<Code>,
    pub classes: Vec<Class>,
    pub global_count: usize,
    pub symbols: Vec<String>,
    /// For each symbol, the built-in method it names on each `BuiltinBox` (by `kind as usize`).
    pub builtin_methods: Vec<[Option<BuiltinMethod>; BuiltinBox::ALL.len()]>,
    pub well_known: WellKnown,
    pub entry: u32,
}

impl Program {
    pub fn symbol(&self, sym: Sym) -> &str {
        self.symbols.get(sym.index()).map_or("?", String::as_str)
    }

    pub fn builtin_method(&self, kind: BuiltinBox, method: Sym) -> Option<BuiltinMethod> {
        self.builtin_methods
            .get(method.index())
            .and_then(|row| row[kind as usize])
    }

    pub fn class(&self, id: ClassId) -> &Class {
        &self.classes[id.index()]
    }
}
