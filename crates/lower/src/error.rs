//! Errors of lowering and their diagnostics.
//!
//! Lowering runs after the checker, so these errors are rare: they cover what the checker may
//! let through (a call with the wrong number of arguments to a statically known function, a
//! `from` call to a box that is not a parent, ...) and an internal verification failure. Each
//! error is plain data with the span it is about; [`LowerError::to_diagnostic`] turns it into
//! the one diagnostic type that the command line renders.

use nyash_diagnostics::{Diagnostic, Span};

/// A reason why a checked program could not be lowered to MIR.
#[derive(Debug, Clone, PartialEq)]
pub enum LowerError {
    /// A name that is no local, parameter, global or static box.
    UnresolvedName { name: String, span: Span },
    /// `f(...)` where no `function f` exists.
    UnknownFunction { name: String, span: Span },
    /// `new T(...)` or `from T.m(...)` where `T` names no box.
    UnknownBox { name: String, span: Span },
    /// `box B from P` where `P` names no box.
    UnknownParent { name: String, span: Span },
    /// Two boxes with the same name.
    DuplicateBox { name: String, span: Span },
    /// Two functions with the same (possibly namespaced) name.
    DuplicateFunction { name: String, span: Span },
    /// A box that is (directly or through its parents) its own parent.
    DelegationCycle { name: String, span: Span },
    /// `me` outside a method, constructor or static initialiser.
    MeOutsideBox { span: Span },
    /// `Name.m(...)` where `Name` is a box that is not static.
    NotStaticBox { name: String, span: Span },
    /// `new S(...)` of a static box.
    NewOfStaticBox { name: String, span: Span },
    /// `from P.m(...)` where `P` is not a parent of the current box.
    NotAParent {
        parent: String,
        class: String,
        span: Span,
    },
    /// `from P.m(...)` where `P` has no method `m`.
    NoParentMethod {
        parent: String,
        method: String,
        span: Span,
    },
    /// `from P.birth(...)` where no constructor of `P` takes that many arguments.
    NoParentCtor {
        parent: String,
        arity: usize,
        span: Span,
    },
    /// A direct call whose argument count differs from the callee's parameter count;
    /// `callee` says what it is (`function f`, `method Animal.speak`).
    ArityMismatch {
        callee: String,
        expected: usize,
        given: usize,
        span: Span,
    },
    /// `Main.main` declared with more than one parameter.
    MainArity { span: Span },
    /// `break` outside a loop.
    BreakOutsideLoop { span: Span },
    /// `continue` outside a loop.
    ContinueOutsideLoop { span: Span },
    /// An assignment whose target is neither a name nor a field.
    InvalidAssignTarget { span: Span },
    /// The produced MIR failed verification: a bug in the compiler, not in the program.
    Internal { message: String },
}

impl LowerError {
    /// The place the error is about, if it has one.
    pub fn span(&self) -> Option<Span> {
        use LowerError::*;
        match self {
            UnresolvedName { span, .. }
            | UnknownFunction { span, .. }
            | UnknownBox { span, .. }
            | UnknownParent { span, .. }
            | DuplicateBox { span, .. }
            | DuplicateFunction { span, .. }
            | DelegationCycle { span, .. }
            | MeOutsideBox { span }
            | NotStaticBox { span, .. }
            | NewOfStaticBox { span, .. }
            | NotAParent { span, .. }
            | NoParentMethod { span, .. }
            | NoParentCtor { span, .. }
            | ArityMismatch { span, .. }
            | MainArity { span }
            | BreakOutsideLoop { span }
            | ContinueOutsideLoop { span }
            | InvalidAssignTarget { span } => Some(*span),
            Internal { .. } => None,
        }
    }

    /// The message shown to the user (recorded in docs/LANGUAGE.md).
    pub fn message(&self) -> String {
        use LowerError::*;
        match self {
            UnresolvedName { name, .. } => format!("undeclared variable `{name}`"),
            UnknownFunction { name, .. } => format!("unknown function `{name}`"),
            UnknownBox { name, .. } => format!("unknown box `{name}`"),
            UnknownParent { name, .. } => format!("unknown parent box `{name}`"),
            DuplicateBox { name, .. } => format!("box `{name}` is defined twice"),
            DuplicateFunction { name, .. } => format!("function `{name}` is defined twice"),
            DelegationCycle { name, .. } => {
                format!("box `{name}` is its own ancestor (delegation cycle)")
            }
            MeOutsideBox { .. } => "`me` can only be used inside the methods of a box".to_string(),
            NotStaticBox { name, .. } => format!("`{name}` is not a static box"),
            NewOfStaticBox { name, .. } => {
                format!("`{name}` is a static box and cannot be created with `new`")
            }
            NotAParent { parent, class, .. } => format!("`{parent}` is not a parent of `{class}`"),
            NoParentMethod { parent, method, .. } => {
                format!("`{parent}` has no method `{method}`")
            }
            NoParentCtor { parent, arity, .. } => {
                format!(
                    "no constructor of {parent} takes {}",
                    count(*arity, "argument")
                )
            }
            ArityMismatch {
                callee,
                expected,
                given,
                ..
            } => format!(
                "{callee} takes {} but {given} {} given",
                count(*expected, "argument"),
                if *given == 1 { "was" } else { "were" }
            ),
            MainArity { .. } => "`Main.main` takes at most one parameter".to_string(),
            BreakOutsideLoop { .. } => "`break` outside of a loop".to_string(),
            ContinueOutsideLoop { .. } => "`continue` outside of a loop".to_string(),
            InvalidAssignTarget { .. } => {
                "invalid assignment target: only a name or a field can be assigned".to_string()
            }
            Internal { message } => format!("internal compiler error: {message}"),
        }
    }

    pub fn to_diagnostic(&self) -> Diagnostic {
        match self.span() {
            Some(span) => Diagnostic::error(self.message(), span),
            None => Diagnostic::error_without_span(self.message()),
        }
    }
}

/// `1 argument`, `2 arguments`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("{n} {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_count_arguments() {
        let span = Span::default();
        let e = LowerError::ArityMismatch {
            callee: "function `f`".into(),
            expected: 1,
            given: 2,
            span,
        };
        assert_eq!(
            e.message(),
            "function `f` takes 1 argument but 2 were given"
        );
        let e = LowerError::NoParentCtor {
            parent: "Animal".into(),
            arity: 2,
            span,
        };
        assert_eq!(
            e.to_diagnostic().message,
            "no constructor of Animal takes 2 arguments"
        );
    }

    #[test]
    fn internal_errors_have_no_span() {
        let e = LowerError::Internal {
            message: "x".into(),
        };
        assert_eq!(e.to_diagnostic().span, None);
    }
}
