//! MIR: the one intermediate representation of Nyash, shared by every backend.
//!
//! Lowering (`nyash-lower`) turns a checked AST into a [`Module`]; the VM (`nyash-vm`) runs it,
//! and the wasm backend compiles it. MIR is a control-flow graph of basic blocks per function
//! over numbered, mutable registers ([`Reg`]) — not SSA: a Nyash `local` owns one register for
//! its whole scope, and temporaries get registers of their own.
//!
//! Conventions every producer and consumer relies on:
//! - A function's parameters are its first registers: `r0..param_count`. For methods and
//!   constructors `r0` is `me`, so a method of arity 2 has `param_count == 3`.
//! - Every register starts as `null` when a function is entered.
//! - Blocks end in exactly one [`Terminator`]; `blocks[0]` is the entry block.
//! - Every instruction and terminator carries the [`Span`] that runtime errors point at.
//! - Names of methods and fields are interned [`Sym`]s into [`Module::symbols`].
//! - Writing a register drops its old value. When the last strong reference to a user box goes
//!   away its `fini()` runs (SPEC §5), so lowering emits [`InstKind::Release`] for block-scoped
//!   locals at the end of their block and for heap temporaries at the end of each statement.
//!
//! The invariants checked by [`verify`] are listed in that module. [`infer::refine_types`] gives
//! registers precise types after lowering; what a [`Type`] promises is said at [`Type`].

pub mod cfg;
mod display;
pub mod infer;
pub mod verify;

use nyash_diagnostics::Span;

pub use verify::{verify, VerifyError};

macro_rules! id {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub struct $name(pub u32);

        impl $name {
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, concat!($prefix, "{}"), self.0)
            }
        }
    };
}

id!(
    /// A register of one function (printed `r3`).
    Reg,
    "r"
);
id!(
    /// A basic block of one function (printed `bb3`).
    BlockId,
    "bb"
);
id!(
    /// A function of the module (printed `f3`; the printer also shows its name).
    FuncId,
    "f"
);
id!(
    /// A user-defined box of the module (printed `c3`).
    ClassId,
    "c"
);
id!(
    /// A global variable slot (printed `g3`).
    GlobalId,
    "g"
);
id!(
    /// An interned method or field name (printed `s3`; the printer shows the name).
    Sym,
    "s"
);

/// A whole program after lowering: every function, box and global of all included files.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Module {
    pub functions: Vec<Function>,
    pub classes: Vec<Class>,
    pub globals: Vec<Global>,
    /// Interned names; `Sym(i)` is `symbols[i]`.
    pub symbols: Vec<String>,
    /// The program's entry: runs the top-level statements of every file (includes first, each
    /// once), then `Main.main()` if a `static box Main` with `main` exists. Its one parameter,
    /// `r0`, is the program's command-line arguments as an ArrayBox of strings (passed on to
    /// `main(args)`); a hand-built entry may declare no parameter.
    pub entry: FuncId,
}

impl Module {
    pub fn function(&self, id: FuncId) -> &Function {
        &self.functions[id.index()]
    }

    pub fn class(&self, id: ClassId) -> &Class {
        &self.classes[id.index()]
    }

    pub fn symbol(&self, sym: Sym) -> &str {
        &self.symbols[sym.index()]
    }

    /// The symbol for `name`, if interned.
    pub fn find_symbol(&self, name: &str) -> Option<Sym> {
        self.symbols
            .iter()
            .position(|s| s == name)
            .map(|i| Sym(i as u32))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Global {
    pub name: String,
}

/// A user-defined box with its delegation already resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Class {
    pub name: String,
    pub is_static: bool,
    /// User-defined parents in declaration order.
    pub parents: Vec<ClassId>,
    /// A built-in parent (`box Calc from MathBox`): every instance owns one such built-in box,
    /// created with no arguments, which answers the methods the box does not define.
    pub builtin_parent: Option<BuiltinBox>,
    /// Every field of an instance: inherited ones (parents in order, depth first) then own,
    /// each name once.
    pub fields: Vec<Field>,
    /// The dispatch table after delegation: for each method name the function that answers
    /// it (own methods first, then parents' in declaration order, depth first). Sorted by `Sym`.
    /// Constructors are not in it.
    pub methods: Vec<(Sym, FuncId)>,
    /// Own constructors in the order they are tried: `birth`, then `init`, then `pack`, then
    /// the method named like the box; among those, the first whose arity matches is called.
    pub ctors: Vec<FuncId>,
    /// The `fini()` that answers for this box (own or inherited), if any.
    pub fini: Option<FuncId>,
    /// `static { }` initialisers of a static box, merged into one function taking `me`.
    pub static_init: Option<FuncId>,
    pub span: Span,
}

impl Class {
    /// The function answering `method` on instances of this box, after delegation.
    pub fn lookup(&self, method: Sym) -> Option<FuncId> {
        self.methods
            .binary_search_by_key(&method, |&(s, _)| s)
            .ok()
            .map(|i| self.methods[i].1)
    }

    /// Index of field `name` in [`Class::fields`].
    pub fn field_index(&self, name: Sym) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub name: Sym,
    /// A `weak` field does not keep its target alive (SPEC §5).
    pub weak: bool,
}

/// What a function is, for error messages and backends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FunctionKind {
    /// The module entry.
    Entry,
    /// The top-level statements of one file.
    TopLevel,
    /// A `function` declaration.
    Function,
    Method(ClassId),
    Ctor(ClassId),
    StaticInit(ClassId),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Function {
    /// The name shown in call stacks and the wasm name section: `Main.fib`, `helper`,
    /// `Dog.birth`, `<top-level>`.
    pub name: String,
    pub kind: FunctionKind,
    /// Number of parameters including `me` for methods and constructors.
    pub param_count: u32,
    /// What is known of each register's values; `reg_types.len()` is the register count.
    pub reg_types: Vec<Type>,
    /// `blocks[0]` is the entry block.
    pub blocks: Vec<Block>,
    pub span: Span,
}

impl Function {
    pub fn reg_count(&self) -> usize {
        self.reg_types.len()
    }

    /// The instructions that write each register (those whose [`InstKind::dst`] it is,
    /// `release` included), by register, in block order. One pass over the function, for
    /// passes that ask "what can this register hold" of many registers.
    pub fn writes_by_register(&self) -> Vec<Vec<&InstKind>> {
        let mut writes = vec![Vec::new(); self.reg_count()];
        for inst in self.blocks.iter().flat_map(|block| &block.insts) {
            if let Some(list) = inst.kind.dst().and_then(|dst| writes.get_mut(dst.index())) {
                list.push(&inst.kind);
            }
        }
        writes
    }

    /// Arity as written in Nyash (without `me`).
    pub fn arity(&self) -> u32 {
        match self.kind {
            FunctionKind::Method(_) | FunctionKind::Ctor(_) | FunctionKind::StaticInit(_) => {
                self.param_count.saturating_sub(1)
            }
            _ => self.param_count,
        }
    }
}

/// The static type of a register: every value an instruction or terminator reads from it has
/// this type (a register not read yet, or released, may hold a null nobody reads). Lowering
/// types what it knows and [`infer::refine_types`] refines the rest. `Any` is always correct.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Type {
    #[default]
    Any,
    Int,
    Float,
    Bool,
    Str,
    Null,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub insts: Vec<Inst>,
    pub term: Terminator,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Inst {
    pub kind: InstKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Terminator {
    pub kind: TermKind,
    pub span: Span,
}

/// A literal value.
#[derive(Debug, Clone, PartialEq)]
pub enum Const {
    Int(i64),
    Float(f64),
    Bool(bool),
    Null,
    Str(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    /// Arithmetic negation of an integer or float.
    Neg,
    /// Logical not of the operand's truthiness; result is a BoolBox.
    Not,
    /// The operand's truthiness as a BoolBox (the result of `and`/`or`).
    Truthy,
}

/// Binary operators of SPEC §4. `and`/`or` are not here: they are lowered to branches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Shr,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl BinaryOp {
    /// The operator as written in Nyash, for error messages (`unsupported operand types for +`).
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::Mod => "%",
            BinaryOp::Shr => ">>",
            BinaryOp::Eq => "==",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
        }
    }
}

/// The built-in boxes of SPEC §6 that exist in this version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BuiltinBox {
    String,
    Integer,
    Float,
    Bool,
    Null,
    Array,
    Map,
    Console,
    Math,
    Random,
    Time,
    Error,
    Future,
    Result,
}

impl BuiltinBox {
    pub const ALL: [BuiltinBox; 14] = [
        BuiltinBox::String,
        BuiltinBox::Integer,
        BuiltinBox::Float,
        BuiltinBox::Bool,
        BuiltinBox::Null,
        BuiltinBox::Array,
        BuiltinBox::Map,
        BuiltinBox::Console,
        BuiltinBox::Math,
        BuiltinBox::Random,
        BuiltinBox::Time,
        BuiltinBox::Error,
        BuiltinBox::Future,
        BuiltinBox::Result,
    ];

    /// The box's type name, as `type()` returns it: `StringBox`, `ArrayBox`, ...
    pub fn name(self) -> &'static str {
        match self {
            BuiltinBox::String => "StringBox",
            BuiltinBox::Integer => "IntegerBox",
            BuiltinBox::Float => "FloatBox",
            BuiltinBox::Bool => "BoolBox",
            BuiltinBox::Null => "NullBox",
            BuiltinBox::Array => "ArrayBox",
            BuiltinBox::Map => "MapBox",
            BuiltinBox::Console => "ConsoleBox",
            BuiltinBox::Math => "MathBox",
            BuiltinBox::Random => "RandomBox",
            BuiltinBox::Time => "TimeBox",
            BuiltinBox::Error => "ErrorBox",
            BuiltinBox::Future => "FutureBox",
            BuiltinBox::Result => "ResultBox",
        }
    }

    pub fn from_name(name: &str) -> Option<BuiltinBox> {
        BuiltinBox::ALL.into_iter().find(|b| b.name() == name)
    }
}

/// Functions of the `nyashstd` namespaces (`using nyashstd`, SPEC §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BuiltinFunc {
    /// `string.upper(s)`
    StringUpper,
    /// `string.lower(s)`
    StringLower,
    /// `string.create(s)`
    StringCreate,
    /// `integer.create(n)`
    IntegerCreate,
    /// `bool.create(b)`
    BoolCreate,
    /// `array.create()`
    ArrayCreate,
    /// `console.log(x)`
    ConsoleLog,
}

impl BuiltinFunc {
    pub const ALL: [BuiltinFunc; 7] = [
        BuiltinFunc::StringUpper,
        BuiltinFunc::StringLower,
        BuiltinFunc::StringCreate,
        BuiltinFunc::IntegerCreate,
        BuiltinFunc::BoolCreate,
        BuiltinFunc::ArrayCreate,
        BuiltinFunc::ConsoleLog,
    ];

    /// `(namespace, function)` as written in Nyash.
    pub fn path(self) -> (&'static str, &'static str) {
        match self {
            BuiltinFunc::StringUpper => ("string", "upper"),
            BuiltinFunc::StringLower => ("string", "lower"),
            BuiltinFunc::StringCreate => ("string", "create"),
            BuiltinFunc::IntegerCreate => ("integer", "create"),
            BuiltinFunc::BoolCreate => ("bool", "create"),
            BuiltinFunc::ArrayCreate => ("array", "create"),
            BuiltinFunc::ConsoleLog => ("console", "log"),
        }
    }

    pub fn from_path(namespace: &str, name: &str) -> Option<BuiltinFunc> {
        BuiltinFunc::ALL
            .into_iter()
            .find(|f| f.path() == (namespace, name))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum InstKind {
    /// `dst = value`
    Const {
        dst: Reg,
        value: Const,
    },
    /// `dst = src`
    Copy {
        dst: Reg,
        src: Reg,
    },
    Unary {
        dst: Reg,
        op: UnaryOp,
        src: Reg,
    },
    Binary {
        dst: Reg,
        op: BinaryOp,
        lhs: Reg,
        rhs: Reg,
    },
    LoadGlobal {
        dst: Reg,
        global: GlobalId,
    },
    StoreGlobal {
        global: GlobalId,
        src: Reg,
    },
    /// `dst = object.field`; reading an unset field gives null.
    GetField {
        dst: Reg,
        object: Reg,
        field: Sym,
    },
    /// `object.field = value`; runtime error if the box has no such field.
    SetField {
        object: Reg,
        field: Sym,
        value: Reg,
    },
    /// `new C(args)` of a user box: allocate, set fields to null, run the constructor chosen
    /// by arity (runtime error `no constructor of C takes N arguments` if none fits).
    NewBox {
        dst: Reg,
        class: ClassId,
        args: Vec<Reg>,
    },
    /// `new ArrayBox()`, `new IntegerBox(5)`, ...
    NewBuiltin {
        dst: Reg,
        kind: BuiltinBox,
        args: Vec<Reg>,
    },
    /// The singleton of a static box, created (fields null, `static {}` run) on first use.
    StaticBox {
        dst: Reg,
        class: ClassId,
    },
    /// A direct call; for methods `args[0]` is `me`.
    Call {
        dst: Reg,
        func: FuncId,
        args: Vec<Reg>,
    },
    /// `receiver.method(args)` with dynamic dispatch on the receiver's box.
    CallMethod {
        dst: Reg,
        receiver: Reg,
        method: Sym,
        args: Vec<Reg>,
    },
    /// A `nyashstd` namespace function.
    CallBuiltin {
        dst: Reg,
        func: BuiltinFunc,
        args: Vec<Reg>,
    },
    /// The built-in parent box owned by a user box instance (`from MathBox.sqrt(x)` calls a
    /// method on it).
    GetBuiltinParent {
        dst: Reg,
        object: Reg,
    },
    /// `print(value)`: writes `value.toString()` and a newline to stdout.
    Print {
        value: Reg,
    },
    /// Enter a `try` region: an error raised before the matching `TryExit` stores an ErrorBox
    /// in `error` and continues at `handler`. Regions nest; the innermost catches.
    TryEnter {
        handler: BlockId,
        error: Reg,
    },
    /// Leave the innermost `try` region (on every normal path out of it).
    TryExit,
    /// `dst = FutureBox` holding `value` (result of `nowait`).
    FutureOk {
        dst: Reg,
        value: Reg,
    },
    /// `dst = FutureBox` holding the ErrorBox `error` (a `nowait` whose expression failed).
    FutureErr {
        dst: Reg,
        error: Reg,
    },
    /// `await future`: its value, or its error raised again. Awaiting a non-future gives it back.
    Await {
        dst: Reg,
        future: Reg,
    },
    /// Set `reg` to null, dropping its value (end of a local's scope, end of a temporary).
    Release {
        reg: Reg,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum TermKind {
    Jump(BlockId),
    /// Go to `then_block` if `cond` is truthy (SPEC §4), else to `else_block`.
    Branch {
        cond: Reg,
        then_block: BlockId,
        else_block: BlockId,
    },
    Return(Reg),
    /// Raise `value`: an ErrorBox is raised as it is (keeping where it was first raised); any
    /// other box becomes `ErrorBox(value.toString())` raised here.
    Throw(Reg),
    /// Control never reaches here.
    Unreachable,
}

impl InstKind {
    /// The register this instruction writes, if any.
    pub fn dst(&self) -> Option<Reg> {
        use InstKind::*;
        match self {
            Const { dst, .. }
            | Copy { dst, .. }
            | Unary { dst, .. }
            | Binary { dst, .. }
            | LoadGlobal { dst, .. }
            | GetField { dst, .. }
            | NewBox { dst, .. }
            | NewBuiltin { dst, .. }
            | StaticBox { dst, .. }
            | Call { dst, .. }
            | CallMethod { dst, .. }
            | CallBuiltin { dst, .. }
            | GetBuiltinParent { dst, .. }
            | FutureOk { dst, .. }
            | FutureErr { dst, .. }
            | Await { dst, .. } => Some(*dst),
            TryEnter { error, .. } => Some(*error),
            Release { reg } => Some(*reg),
            StoreGlobal { .. } | SetField { .. } | Print { .. } | TryExit => None,
        }
    }

    /// The registers this instruction reads.
    pub fn uses(&self) -> Vec<Reg> {
        let mut uses = Vec::new();
        self.for_each_use(|reg| uses.push(reg));
        uses
    }

    /// Calls `f` on each register this instruction reads, in [`InstKind::uses`] order
    /// (without building a list).
    pub fn for_each_use(&self, mut f: impl FnMut(Reg)) {
        use InstKind::*;
        match self {
            Const { .. }
            | LoadGlobal { .. }
            | StaticBox { .. }
            | TryEnter { .. }
            | TryExit
            | Release { .. } => {}
            Copy { src, .. } | Unary { src, .. } => f(*src),
            Binary { lhs, rhs, .. } => {
                f(*lhs);
                f(*rhs);
            }
            StoreGlobal { src, .. } => f(*src),
            GetField { object, .. } | GetBuiltinParent { object, .. } => f(*object),
            SetField { object, value, .. } => {
                f(*object);
                f(*value);
            }
            NewBox { args, .. }
            | NewBuiltin { args, .. }
            | Call { args, .. }
            | CallBuiltin { args, .. } => args.iter().copied().for_each(f),
            CallMethod { receiver, args, .. } => {
                f(*receiver);
                args.iter().copied().for_each(f);
            }
            Print { value } => f(*value),
            FutureOk { value, .. } => f(*value),
            FutureErr { error, .. } => f(*error),
            Await { future, .. } => f(*future),
        }
    }
}
