//! The problems the checker finds, as data with a span, and their user-facing text.
//!
//! Each message starts in lowercase and puts names in backticks; every message is listed in
//! the compile-error table of `docs/LANGUAGE.md`.

use nyash_diagnostics::{Diagnostic, Span};

/// One problem of a program found before it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckError {
    /// Reading a name that is no local, parameter or global.
    UndeclaredVariable {
        name: String,
        span: Span,
    },
    /// `x = ...` inside a function or method where `x` is not declared.
    AssignToUndeclared {
        name: String,
        span: Span,
    },
    /// `me` or `this` outside the methods and constructors of a box.
    MeOutsideBox {
        span: Span,
    },
    /// `from P.m()` outside the methods and constructors of a box.
    FromOutsideBox {
        span: Span,
    },
    /// `from P.m()` where `P` is not a direct parent of the enclosing box.
    NotAParent {
        parent: String,
        box_name: String,
        span: Span,
    },
    /// `from P.m()` where neither `P` nor its ancestors define `m`.
    ParentHasNoMethod {
        parent: String,
        method: String,
        span: Span,
    },
    /// `from P.birth(...)` (or `init`, `pack`, `P`) where no constructor of `P` itself takes
    /// that many arguments (a `P` with no constructor at all accepts no arguments).
    NoParentConstructor {
        parent: String,
        arity: usize,
        span: Span,
    },
    /// `from P.m(...)` with another number of arguments than the method `m` found on `P`
    /// takes; `method` is `Owner.m`, with the box that defines it.
    MethodArgumentCount {
        method: String,
        expected: usize,
        given: usize,
        span: Span,
    },
    /// `main` of `static box Main` declared with more than one parameter.
    MainArity {
        span: Span,
    },
    /// `function B.f()` where `B` is a box that is not static: it could never be called.
    FunctionOfOrdinaryBox {
        namespace: String,
        name: String,
        span: Span,
    },
    /// `f(...)` with no `function f`, or `Ns.f(...)` / `string.f(...)` with no such function.
    UnknownFunction {
        name: String,
        span: Span,
    },
    /// A call of a known function with the wrong number of arguments.
    WrongArgumentCount {
        function: String,
        expected: usize,
        given: usize,
        span: Span,
    },
    /// `Name.m(...)` or `Name.f` where `Name` is a box that is not static (user or built-in).
    NotAStaticBox {
        name: String,
        span: Span,
    },
    /// `S.m(...)` where the static box `S` and its ancestors define no `m`.
    StaticBoxHasNoMethod {
        box_name: String,
        method: String,
        span: Span,
    },
    /// `new S(...)` of a static box.
    NewOfStaticBox {
        name: String,
        span: Span,
    },
    /// A built-in box of SPEC §6 that this version does not implement.
    NotAvailableYet {
        name: String,
        span: Span,
    },
    /// `new T(...)` where `T` is no box at all.
    UnknownBox {
        name: String,
        span: Span,
    },
    /// `box B from P` where `P` is no box.
    UnknownParent {
        name: String,
        span: Span,
    },
    /// A box that delegates to itself, directly or through other boxes.
    DelegationCycle {
        name: String,
        span: Span,
    },
    DuplicateBox {
        name: String,
        span: Span,
    },
    DuplicateFunction {
        name: String,
        span: Span,
    },
    DuplicateMethod {
        box_name: String,
        method: String,
        span: Span,
    },
    /// Two constructors with the same name and the same number of parameters.
    DuplicateConstructor {
        box_name: String,
        name: String,
        arity: usize,
        span: Span,
    },
    DuplicateField {
        box_name: String,
        field: String,
        span: Span,
    },
    /// A method that redefines an ancestor's method without `override`.
    MissingOverride {
        method: String,
        parent: String,
        span: Span,
    },
    /// `override m()` where no ancestor defines `m`.
    NothingToOverride {
        method: String,
        span: Span,
    },
    UnknownInterface {
        name: String,
        span: Span,
    },
    MissingInterfaceMethod {
        box_name: String,
        interface: String,
        method: String,
        span: Span,
    },
    /// `me.f` (or `S.f` of a static box) where no `init { }` of the box or its ancestors
    /// declares `f`.
    UnknownField {
        box_name: String,
        field: String,
        span: Span,
    },
    /// `break` or `continue` outside a `loop`; `keyword` is which.
    OutsideLoop {
        keyword: &'static str,
        span: Span,
    },
    /// `using X` where `X` is not `nyashstd`.
    UnknownNamespace {
        name: String,
        span: Span,
    },
}

/// The namespaces `using nyashstd` brings into scope.
pub(crate) const STD_NAMESPACES: [&str; 5] = ["string", "integer", "bool", "array", "console"];

impl CheckError {
    pub fn span(&self) -> Span {
        use CheckError::*;
        match self {
            UndeclaredVariable { span, .. }
            | AssignToUndeclared { span, .. }
            | MeOutsideBox { span }
            | FromOutsideBox { span }
            | NotAParent { span, .. }
            | ParentHasNoMethod { span, .. }
            | NoParentConstructor { span, .. }
            | MethodArgumentCount { span, .. }
            | MainArity { span }
            | FunctionOfOrdinaryBox { span, .. }
            | UnknownFunction { span, .. }
            | WrongArgumentCount { span, .. }
            | NotAStaticBox { span, .. }
            | StaticBoxHasNoMethod { span, .. }
            | NewOfStaticBox { span, .. }
            | NotAvailableYet { span, .. }
            | UnknownBox { span, .. }
            | UnknownParent { span, .. }
            | DelegationCycle { span, .. }
            | DuplicateBox { span, .. }
            | DuplicateFunction { span, .. }
            | DuplicateMethod { span, .. }
            | DuplicateConstructor { span, .. }
            | DuplicateField { span, .. }
            | MissingOverride { span, .. }
            | NothingToOverride { span, .. }
            | UnknownInterface { span, .. }
            | MissingInterfaceMethod { span, .. }
            | UnknownField { span, .. }
            | OutsideLoop { span, .. }
            | UnknownNamespace { span, .. } => *span,
        }
    }

    /// The error's message, as printed after `error: `.
    pub fn message(&self) -> String {
        use CheckError::*;
        match self {
            UndeclaredVariable { name, .. } => format!("undeclared variable `{name}`"),
            AssignToUndeclared { name, .. } => {
                format!("assignment to undeclared variable `{name}`")
            }
            MeOutsideBox { .. } => "`me` can only be used inside the methods of a box".to_string(),
            FromOutsideBox { .. } => {
                "`from` can only be used inside the methods of a box".to_string()
            }
            NotAParent {
                parent, box_name, ..
            } => format!("`{parent}` is not a parent of `{box_name}`"),
            ParentHasNoMethod { parent, method, .. } => {
                format!("`{parent}` has no method `{method}`")
            }
            NoParentConstructor { parent, arity, .. } => format!(
                "no constructor of {parent} takes {}",
                counted(*arity, "argument")
            ),
            MethodArgumentCount {
                method,
                expected,
                given,
                ..
            } => format!(
                "method `{method}` takes {} but {} given",
                counted(*expected, "argument"),
                were(*given)
            ),
            MainArity { .. } => "`Main.main` takes at most one parameter".to_string(),
            FunctionOfOrdinaryBox {
                namespace, name, ..
            } => format!("`function {namespace}.{name}` needs `{namespace}` to be a static box"),
            UnknownFunction { name, .. } => format!("unknown function `{name}`"),
            WrongArgumentCount {
                function,
                expected,
                given,
                ..
            } => format!(
                "function `{function}` takes {} but {} given",
                counted(*expected, "argument"),
                were(*given)
            ),
            NotAStaticBox { name, .. } => format!("`{name}` is not a static box"),
            StaticBoxHasNoMethod {
                box_name, method, ..
            } => format!("static box `{box_name}` has no method `{method}`"),
            NewOfStaticBox { name, .. } => {
                format!("`{name}` is a static box and cannot be created with `new`")
            }
            NotAvailableYet { name, .. } => format!("`{name}` is not available yet"),
            UnknownBox { name, .. } => format!("unknown box `{name}`"),
            UnknownParent { name, .. } => format!("unknown parent box `{name}`"),
            DelegationCycle { name, .. } => {
                format!("box `{name}` is its own ancestor (delegation cycle)")
            }
            DuplicateBox { name, .. } => format!("box `{name}` is defined twice"),
            DuplicateFunction { name, .. } => format!("function `{name}` is defined twice"),
            DuplicateMethod {
                box_name, method, ..
            } => format!("method `{method}` is defined twice in box `{box_name}`"),
            DuplicateConstructor {
                box_name,
                name,
                arity,
                ..
            } => format!(
                "constructor `{name}` with {} is defined twice in box `{box_name}`",
                counted(*arity, "parameter")
            ),
            DuplicateField {
                box_name, field, ..
            } => format!("field `{field}` is declared twice in box `{box_name}`"),
            MissingOverride { method, parent, .. } => format!(
                "method `{method}` redefines a method of `{parent}` and must be marked `override`"
            ),
            NothingToOverride { method, .. } => {
                format!("method `{method}` is marked `override` but no parent box defines it")
            }
            UnknownInterface { name, .. } => format!("unknown interface `{name}`"),
            MissingInterfaceMethod {
                box_name,
                interface,
                method,
                ..
            } => format!("box `{box_name}` does not define `{method}` of interface `{interface}`"),
            UnknownField {
                box_name, field, ..
            } => format!("box `{box_name}` has no field `{field}`"),
            OutsideLoop { keyword, .. } => format!("`{keyword}` outside of a loop"),
            UnknownNamespace { name, .. } => format!("unknown namespace `{name}`"),
        }
    }

    /// The error as the one diagnostic type the command line renders.
    pub fn to_diagnostic(&self) -> Diagnostic {
        let diagnostic = Diagnostic::error(self.message(), self.span());
        match self.help() {
            Some(help) => diagnostic.with_help(help),
            None => diagnostic,
        }
    }

    fn help(&self) -> Option<String> {
        use CheckError::*;
        match self {
            AssignToUndeclared { name, .. } => Some(format!("declare it with `local {name}`")),
            UndeclaredVariable { name, .. } if STD_NAMESPACES.contains(&name.as_str()) => Some(
                format!("write `using nyashstd` to use the `{name}` namespace"),
            ),
            UnknownField { field, .. } => Some(format!("declare it with `init {{ {field} }}`")),
            NewOfStaticBox { name, .. } => {
                Some(format!("use its methods directly: `{name}.method()`"))
            }
            UnknownNamespace { .. } => Some("the only namespace is `nyashstd`".to_string()),
            FunctionOfOrdinaryBox { namespace, .. } => Some(format!(
                "declare `static box {namespace}`, or use a namespace that is not a box"
            )),
            _ => None,
        }
    }
}

/// `1 argument`, `2 arguments`.
fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `1 was`, `2 were`.
fn were(n: usize) -> String {
    if n == 1 {
        "1 was".to_string()
    } else {
        format!("{n} were")
    }
}
