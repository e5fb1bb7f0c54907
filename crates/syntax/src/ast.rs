//! The abstract syntax tree of one Nyash source file (SPEC §2–§5).
//!
//! Produced by [`crate::parse`], read by the checker (`nyash-check`) and by lowering
//! (`nyash-lower`). Every node that can be the subject of an error carries a [`Span`].
//! The tree is a faithful picture of the source: no names are resolved here.

use nyash_diagnostics::Span;

/// A name as written in the source, with its place.
#[derive(Debug, Clone, PartialEq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// One parsed file: its top-level items in source order.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceFile {
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Box(BoxDecl),
    Interface(InterfaceDecl),
    Function(FunctionDecl),
    /// `using nyashstd`
    Using(Ident),
    /// `include "path"`; the string is the path as written.
    Include {
        path: String,
        span: Span,
    },
    /// A top-level statement; these run in order before `Main.main()`.
    Stmt(Stmt),
}

/// `static? box Name<T>? (from P, Q)? (interface I, J)? { members }`
#[derive(Debug, Clone, PartialEq)]
pub struct BoxDecl {
    pub name: Ident,
    pub is_static: bool,
    pub type_params: Vec<Ident>,
    /// Delegation parents in declaration order (user or built-in box names).
    pub parents: Vec<Ident>,
    pub interfaces: Vec<Ident>,
    /// Fields of all `init { ... }` member lists, in order.
    pub fields: Vec<FieldDecl>,
    /// Constructors (`birth`, `init(...)`, `pack`, or a method named like the box).
    pub ctors: Vec<Method>,
    /// Ordinary methods, including `fini()`.
    pub methods: Vec<Method>,
    /// Bodies of `static { ... }` initialisers, in order.
    pub static_inits: Vec<Block>,
    pub span: Span,
}

/// `interface Name { method(params) ... }`: a named set of method signatures.
#[derive(Debug, Clone, PartialEq)]
pub struct InterfaceDecl {
    pub name: Ident,
    pub methods: Vec<MethodSig>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MethodSig {
    pub name: Ident,
    pub params: Vec<Ident>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldDecl {
    pub name: Ident,
    pub weak: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CtorKind {
    Birth,
    Init,
    Pack,
    /// A method named like its box (`box Point { Point(x, y) { ... } }`).
    Named,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MethodKind {
    /// An ordinary method (also `fini()`).
    Method,
    Ctor(CtorKind),
}

/// A constructor or method of a box.
#[derive(Debug, Clone, PartialEq)]
pub struct Method {
    pub name: Ident,
    pub kind: MethodKind,
    pub is_override: bool,
    /// Written with a `static` modifier (allowed, meaningful only in static boxes).
    pub is_static: bool,
    pub params: Vec<Ident>,
    pub body: Block,
    pub span: Span,
}

/// `function f(params) { }`, `fn f(...)`, `static function f(...)`, or `function Ns.f(...)`.
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionDecl {
    /// `Ns` of `function Ns.f(...)`.
    pub namespace: Option<Ident>,
    pub name: Ident,
    pub params: Vec<Ident>,
    pub body: Block,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub stmts: Vec<Stmt>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalKind {
    Local,
    Outbox,
}

/// `name` or `name = value` in a `local`/`outbox` statement.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalDecl {
    pub name: Ident,
    pub value: Option<Expr>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum StmtKind {
    Local {
        kind: LocalKind,
        decls: Vec<LocalDecl>,
    },
    /// `global name = value`
    Global {
        name: Ident,
        value: Expr,
    },
    /// `target = value`; the parser only produces `Var` and `Field` targets.
    Assign {
        target: Expr,
        value: Expr,
    },
    /// `if c { } else if d { } else { }`: `branches` holds the `if` and every `else if`.
    If {
        branches: Vec<(Expr, Block)>,
        else_block: Option<Block>,
    },
    /// `loop(cond) { }`
    Loop {
        cond: Expr,
        body: Block,
    },
    Break,
    Continue,
    Return(Option<Expr>),
    /// `print(expr)`
    Print(Expr),
    Throw(Expr),
    Try {
        body: Block,
        catch: Option<CatchClause>,
        finally: Option<Block>,
    },
    /// `nowait name = expr`
    Nowait {
        name: Ident,
        value: Expr,
    },
    /// An expression evaluated for its effect (calls, `from P.m()`).
    Expr(Expr),
}

/// `catch (Type name) { }`; every part of the parenthesis is optional (SPEC §3).
#[derive(Debug, Clone, PartialEq)]
pub struct CatchClause {
    pub type_name: Option<Ident>,
    pub var: Option<Ident>,
    pub body: Block,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    /// `-x`
    Neg,
    /// `not x`, `!x`
    Not,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    /// `>>`: arithmetic shift right of integers.
    Shr,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    /// `and`, `&&` (short-circuit)
    And,
    /// `or`, `||` (short-circuit)
    Or,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Int(i64),
    Float(f64),
    /// A string literal with escapes already processed.
    Str(String),
    Bool(bool),
    Null,
    /// `me` or `this`
    Me,
    /// A bare name: local, parameter, global, or a box / namespace name before `.`.
    Var(String),
    Unary {
        op: UnaryOp,
        /// Span of the operator token.
        op_span: Span,
        operand: Box<Expr>,
    },
    Binary {
        op: BinaryOp,
        /// Span of the operator token (runtime errors point here).
        op_span: Span,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    /// `object.name`
    Field {
        object: Box<Expr>,
        name: Ident,
    },
    /// `object.method(args)`; also `StaticBox.method(args)` and `ns.fn(args)`.
    MethodCall {
        object: Box<Expr>,
        method: Ident,
        args: Vec<Expr>,
    },
    /// `f(args)`: a call of a top-level function.
    Call {
        callee: Ident,
        args: Vec<Expr>,
    },
    /// `new Name<T>(args)`; type arguments are kept but have no meaning.
    New {
        class: Ident,
        type_args: Vec<Ident>,
        args: Vec<Expr>,
    },
    /// `from Parent.method(args)`
    FromCall {
        parent: Ident,
        method: Ident,
        args: Vec<Expr>,
    },
    /// `await expr`
    Await(Box<Expr>),
}

/// A whole program: the main file and every file it includes, each once, in execution order
/// (a file comes after the files it includes; the main file is last).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Program {
    pub files: Vec<ParsedFile>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParsedFile {
    pub id: nyash_diagnostics::FileId,
    pub ast: SourceFile,
}
