//! Checks of expressions: names, `me`, fields, calls and `new` (`from` calls are in
//! [`crate::from`]).
//!
//! A name before `.` that is not a variable may be a box or a namespace: a static box
//! (`Main.run()`, `Counter.count`), a `function Ns.f()` namespace, or with `using nyashstd`
//! one of `string`, `integer`, `bool`, `array`, `console`.

use nyash_mir::{BuiltinBox, BuiltinFunc};
use nyash_syntax::{BoxDecl, Expr, ExprKind, FunctionDecl, Ident};

use crate::body::Walker;
use crate::decls::NOT_AVAILABLE_YET;
use crate::error::STD_NAMESPACES;
use crate::CheckError;

impl<'a> Walker<'a, '_> {
    pub(crate) fn expr(&mut self, expr: &'a Expr) {
        match &expr.kind {
            ExprKind::Int(_)
            | ExprKind::Float(_)
            | ExprKind::Str(_)
            | ExprKind::Bool(_)
            | ExprKind::Null => {}
            ExprKind::Me => self.me(expr),
            ExprKind::Var(name) => {
                if !self.is_variable(name) {
                    self.error(CheckError::UndeclaredVariable {
                        name: name.clone(),
                        span: expr.span,
                    });
                }
            }
            ExprKind::Unary { operand, .. } | ExprKind::Await(operand) => self.expr(operand),
            ExprKind::Binary { lhs, rhs, .. } => {
                self.expr(lhs);
                self.expr(rhs);
            }
            ExprKind::Field { object, name } => self.field(object, name),
            ExprKind::MethodCall {
                object,
                method,
                args,
            } => {
                match self.qualifier(object) {
                    Some(name) => self.qualified_call(name, object, method, args.len(), expr),
                    None => self.expr(object),
                }
                self.exprs(args);
            }
            ExprKind::Call { callee, args } => {
                match self.info.functions.get(callee.name.as_str()) {
                    Some(decl) => self.arity(&callee.name, decl, args.len(), expr),
                    None => self.error(CheckError::UnknownFunction {
                        name: callee.name.clone(),
                        span: callee.span,
                    }),
                }
                self.exprs(args);
            }
            ExprKind::New { class, args, .. } => {
                self.new_box(class);
                self.exprs(args);
            }
            ExprKind::FromCall {
                parent,
                method,
                args,
            } => {
                self.delegated_call(parent, method, args.len(), expr);
                self.exprs(args);
            }
        }
    }

    fn exprs(&mut self, exprs: &'a [Expr]) {
        for expr in exprs {
            self.expr(expr);
        }
    }

    fn me(&mut self, expr: &Expr) {
        if self.current_box.is_none() {
            self.error(CheckError::MeOutsideBox { span: expr.span });
        }
    }

    /// `object` is a bare name that is no variable: a box or namespace name.
    fn qualifier(&self, object: &'a Expr) -> Option<&'a str> {
        match &object.kind {
            ExprKind::Var(name) if !self.is_variable(name) => Some(name),
            _ => None,
        }
    }

    /// `object.name` read or written.
    pub(crate) fn field(&mut self, object: &'a Expr, name: &Ident) {
        match &object.kind {
            ExprKind::Me => {
                self.me(object);
                if let Some(decl) = self.current_box {
                    self.known_field(decl, name);
                }
            }
            _ => match self.qualifier(object) {
                Some(qualifier) => match self.info.boxes.get(qualifier) {
                    Some(decl) if decl.is_static => self.known_field(decl, name),
                    _ => self.not_a_value(qualifier, object),
                },
                None => self.expr(object),
            },
        }
    }

    /// A field of `decl`, where all of the box's fields are known.
    fn known_field(&mut self, decl: &'a BoxDecl, name: &Ident) {
        if !self.info.has_opaque_ancestor(decl) && !self.info.has_field(decl, &name.name) {
            self.error(CheckError::UnknownField {
                box_name: decl.name.name.clone(),
                field: name.name.clone(),
                span: name.span,
            });
        }
    }

    /// A name used as a value or with `.name` that is no variable and no static box.
    fn not_a_value(&mut self, name: &str, at: &Expr) {
        let name = name.to_string();
        let span = at.span;
        let error = if self.info.boxes.contains_key(name.as_str())
            || BuiltinBox::from_name(&name).is_some()
        {
            CheckError::NotAStaticBox { name, span }
        } else if NOT_AVAILABLE_YET.contains(&name.as_str()) {
            CheckError::NotAvailableYet { name, span }
        } else {
            CheckError::UndeclaredVariable { name, span }
        };
        self.error(error);
    }

    /// `name.method(args)` where `name` is no variable.
    fn qualified_call(
        &mut self,
        name: &str,
        object: &'a Expr,
        method: &Ident,
        arg_count: usize,
        call: &Expr,
    ) {
        let info = self.info;
        if let Some(decl) = info.boxes.get(name).filter(|d| d.is_static) {
            if let Some(function) = info.namespace_function(decl, &method.name) {
                self.arity(
                    &format!("{name}.{}", method.name),
                    function,
                    arg_count,
                    call,
                );
            } else if !info.static_method(decl, &method.name) && !info.has_opaque_ancestor(decl) {
                self.error(CheckError::StaticBoxHasNoMethod {
                    box_name: name.to_string(),
                    method: method.name.clone(),
                    span: method.span,
                });
            }
        } else if info.boxes.contains_key(name) {
            // A box name is never a namespace: `function B.f()` of an ordinary box `B` is
            // reported where it is declared, and `B.f()` here.
            self.not_a_value(name, object);
        } else if let Some(functions) = info.namespaces.get(name) {
            let full = format!("{name}.{}", method.name);
            match functions.get(method.name.as_str()) {
                Some(function) => self.arity(&full, function, arg_count, call),
                None => self.error(CheckError::UnknownFunction {
                    name: full,
                    span: method.span,
                }),
            }
        } else if self.uses_std && STD_NAMESPACES.contains(&name) {
            if BuiltinFunc::from_path(name, &method.name).is_none() {
                self.error(CheckError::UnknownFunction {
                    name: format!("{name}.{}", method.name),
                    span: method.span,
                });
            }
        } else {
            self.not_a_value(name, object);
        }
    }

    /// A call of `function` (shown as `name`) with `given` arguments.
    fn arity(&mut self, name: &str, function: &FunctionDecl, given: usize, call: &Expr) {
        let expected = function.params.len();
        if expected != given {
            self.error(CheckError::WrongArgumentCount {
                function: name.to_string(),
                expected,
                given,
                span: call.span,
            });
        }
    }

    fn new_box(&mut self, class: &Ident) {
        let name = class.name.clone();
        let span = class.span;
        let error = match self.info.boxes.get(name.as_str()) {
            Some(decl) if decl.is_static => CheckError::NewOfStaticBox { name, span },
            Some(_) => return,
            None if BuiltinBox::from_name(&name).is_some() => return,
            None if NOT_AVAILABLE_YET.contains(&name.as_str()) => {
                CheckError::NotAvailableYet { name, span }
            }
            None => CheckError::UnknownBox { name, span },
        };
        self.error(error);
    }
}
