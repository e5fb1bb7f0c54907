//! Calls: functions, methods, static boxes, `nyashstd` namespaces, `from` calls and `new`.
//!
//! A call whose target is known statically becomes a direct `Call`: `f(x)`, `S.m(x)` and
//! `me.m(x)` in a static box `S` (resolved through `S`'s dispatch table; the singleton is
//! fetched with `StaticBox`), and `from P.m(x)` on a user parent `P`. Everything else is a
//! dynamic `CallMethod`: `me.m(x)` in an ordinary box (a child may override `m`), and calls on
//! any value. The receiver is evaluated before the arguments, the arguments left to right.
//! Every call instruction carries the span of the whole call expression.

use nyash_diagnostics::Span;
use nyash_mir::{BuiltinBox, BuiltinFunc, ClassId, FuncId, InstKind, Reg, Type};
use nyash_syntax::{CtorKind, Expr, ExprKind, Ident};

use crate::function::FnBuilder;
use crate::LowerError;

impl<'a> FnBuilder<'a, '_> {
    fn args(&mut self, args: &'a [Expr]) -> Vec<Reg> {
        args.iter().map(|a| self.expr(a)).collect()
    }

    /// `f(args)`: a top-level function.
    pub(crate) fn call_function(
        &mut self,
        callee: &Ident,
        args: &'a [Expr],
        span: Span,
        dest: Option<Reg>,
    ) -> Reg {
        let args = self.args(args);
        match self.decls.function(&callee.name) {
            Some(func) => self.direct_call(func, None, args, span, dest),
            None => {
                self.error(LowerError::UnknownFunction {
                    name: callee.name.clone(),
                    span: callee.span,
                });
                self.dest(dest, Type::Any)
            }
        }
    }

    /// A `Call` of `func` with `me` (if any) before `args`; checks the argument count.
    pub(crate) fn direct_call(
        &mut self,
        func: FuncId,
        me: Option<Reg>,
        args: Vec<Reg>,
        span: Span,
        dest: Option<Reg>,
    ) -> Reg {
        let sig = self.decls.func(func);
        if sig.arity() != args.len() {
            let what = if sig.has_me() { "method" } else { "function" };
            let e = LowerError::ArityMismatch {
                callee: format!("{what} `{}`", sig.name),
                expected: sig.arity(),
                given: args.len(),
                span,
            };
            self.error(e);
        }
        let args: Vec<Reg> = me.into_iter().chain(args).collect();
        let dst = self.dest(dest, Type::Any);
        self.emit(InstKind::Call { dst, func, args }, span);
        dst
    }

    /// `object.method(args)`
    pub(crate) fn method_call(
        &mut self,
        object: &'a Expr,
        method: &'a Ident,
        args: &'a [Expr],
        span: Span,
        dest: Option<Reg>,
    ) -> Reg {
        match &object.kind {
            ExprKind::Me => {
                if let Some(class) = self.static_self() {
                    return self.static_call(class, Some(Reg(0)), method, args, span, dest);
                }
            }
            ExprKind::Var(name)
                if self.lookup(name).is_none() && self.decls.global(name).is_none() =>
            {
                return self.named_call(name, object.span, method, args, span, dest);
            }
            _ => {}
        }
        let receiver = self.expr(object);
        self.dynamic_call(receiver, method, args, span, dest)
    }

    fn dynamic_call(
        &mut self,
        receiver: Reg,
        method: &Ident,
        args: &'a [Expr],
        span: Span,
        dest: Option<Reg>,
    ) -> Reg {
        let args = self.args(args);
        let method = self.sym(&method.name);
        let dst = self.dest(dest, Type::Any);
        let call = InstKind::CallMethod {
            dst,
            receiver,
            method,
            args,
        };
        self.emit(call, span);
        dst
    }

    /// `Name.method(args)` where `Name` is no variable: a static box, a function namespace
    /// (`function Name.method`), or a `nyashstd` namespace.
    fn named_call(
        &mut self,
        name: &str,
        name_span: Span,
        method: &'a Ident,
        args: &'a [Expr],
        span: Span,
        dest: Option<Reg>,
    ) -> Reg {
        if let Some(class) = self.decls.class_id(name) {
            if self.decls.class(class).is_static {
                return self.static_call(class, None, method, args, span, dest);
            }
            self.error(LowerError::NotStaticBox {
                name: name.to_string(),
                span: name_span,
            });
        } else if let Some(func) = self.decls.function(&format!("{name}.{}", method.name)) {
            let args = self.args(args);
            return self.direct_call(func, None, args, span, dest);
        } else if let Some(func) = BuiltinFunc::from_path(name, &method.name) {
            let args = self.args(args);
            let dst = self.dest(dest, Type::Any);
            self.emit(InstKind::CallBuiltin { dst, func, args }, span);
            return dst;
        } else {
            self.error(LowerError::UnresolvedName {
                name: name.to_string(),
                span: name_span,
            });
        }
        self.args(args);
        self.dest(dest, Type::Any)
    }

    /// A method of static box `class` on `me` (given) or on the singleton (fetched): a direct
    /// call when its dispatch table has the method with that arity, else a dynamic call (a
    /// built-in parent may answer it, or the VM reports the problem).
    fn static_call(
        &mut self,
        class: ClassId,
        me: Option<Reg>,
        method: &'a Ident,
        args: &'a [Expr],
        span: Span,
        dest: Option<Reg>,
    ) -> Reg {
        let me = me.unwrap_or_else(|| {
            let dst = self.temp(Type::Any);
            self.emit(InstKind::StaticBox { dst, class }, span);
            dst
        });
        let sym = self.sym(&method.name);
        // Method arity is checked when the call runs (docs/LANGUAGE.md), so a call with the
        // wrong argument count stays dynamic and fails there.
        let fits = |f: FuncId| self.decls.func(f).arity() == args.len();
        match self.decls.class(class).lookup(sym).filter(|&f| fits(f)) {
            Some(func) => {
                let args = self.args(args);
                self.direct_call(func, Some(me), args, span, dest)
            }
            None => self.dynamic_call(me, method, args, span, dest),
        }
    }

    /// `new T(args)` of a user box or a built-in box.
    pub(crate) fn new_box(
        &mut self,
        class: &Ident,
        args: &'a [Expr],
        span: Span,
        dest: Option<Reg>,
    ) -> Reg {
        let args = self.args(args);
        if let Some(id) = self.decls.class_id(&class.name) {
            if self.decls.class(id).is_static {
                self.error(LowerError::NewOfStaticBox {
                    name: class.name.clone(),
                    span: class.span,
                });
            }
            let dst = self.dest(dest, Type::Any);
            self.emit(
                InstKind::NewBox {
                    dst,
                    class: id,
                    args,
                },
                span,
            );
            return dst;
        }
        if let Some(kind) = BuiltinBox::from_name(&class.name) {
            let dst = self.dest(dest, Type::Any);
            self.emit(InstKind::NewBuiltin { dst, kind, args }, span);
            return dst;
        }
        self.error(LowerError::UnknownBox {
            name: class.name.clone(),
            span: class.span,
        });
        self.dest(dest, Type::Any)
    }
}

/// The constructor kind a `from P.name(...)` call names, if `name` is a constructor name.
pub(crate) fn ctor_kind_of(name: &str, parent: &str) -> Option<CtorKind> {
    match name {
        "birth" => Some(CtorKind::Birth),
        "init" => Some(CtorKind::Init),
        "pack" => Some(CtorKind::Pack),
        _ if name == parent => Some(CtorKind::Named),
        _ => None,
    }
}
