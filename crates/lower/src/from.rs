//! `from Parent.method(args)`: calling a parent's implementation on `me` (SPEC §5).
//!
//! For a user parent `P` (any ancestor of the current box) the call is direct: to the
//! constructor of `P` chosen by name and arity when `method` is a constructor name (`birth`,
//! `init`, `pack`, or `P` itself), otherwise to whatever `P`'s dispatch table answers for
//! `method`. For a built-in parent the call goes to the built-in box the instance owns
//! (`GetBuiltinParent`, then a dynamic call); its constructors take no arguments and have
//! already run, so `from MathBox.birth()` does nothing and gives null.

use nyash_diagnostics::Span;
use nyash_mir::{BuiltinBox, ClassId, Const, FuncId, InstKind, Reg, Type};
use nyash_syntax::{CtorKind, Expr, Ident};

use crate::call::ctor_kind_of;
use crate::function::FnBuilder;
use crate::LowerError;

impl<'a> FnBuilder<'a, '_> {
    pub(crate) fn delegated_call(
        &mut self,
        parent: &Ident,
        method: &'a Ident,
        args: &'a [Expr],
        span: Span,
        dest: Option<Reg>,
    ) -> Reg {
        let Some(me) = self.me(span) else {
            return self.dest(dest, Type::Any);
        };
        let class = self.class.unwrap_or_default();
        if let Some(p) = self.decls.class_id(&parent.name) {
            if self.decls.is_ancestor(class, p) {
                return self.call_user_parent(p, me, method, args, span, dest);
            }
        } else if let Some(b) = BuiltinBox::from_name(&parent.name) {
            if self.decls.class(class).builtin_parent == Some(b) {
                return self.call_builtin_parent(me, parent, method, args, span, dest);
            }
        } else {
            self.error(LowerError::UnknownBox {
                name: parent.name.clone(),
                span: parent.span,
            });
            return self.dest(dest, Type::Any);
        }
        let class_name = self.decls.class(class).name.clone();
        self.error(LowerError::NotAParent {
            parent: parent.name.clone(),
            class: class_name,
            span: parent.span,
        });
        self.dest(dest, Type::Any)
    }

    fn call_user_parent(
        &mut self,
        p: ClassId,
        me: Reg,
        method: &'a Ident,
        args: &'a [Expr],
        span: Span,
        dest: Option<Reg>,
    ) -> Reg {
        let parent_name = self.decls.class(p).name.clone();
        let args: Vec<Reg> = args.iter().map(|a| self.expr(a)).collect();
        let target = match ctor_kind_of(&method.name, &parent_name) {
            Some(kind) => match self.parent_ctor(p, kind, args.len()) {
                Ok(Some(func)) => func,
                // A box without constructors accepts no arguments and needs no call.
                Ok(None) => return self.constant(Const::Null, dest, span),
                Err(()) => {
                    self.error(LowerError::NoParentCtor {
                        parent: parent_name,
                        arity: args.len(),
                        span,
                    });
                    return self.dest(dest, Type::Any);
                }
            },
            None => {
                let sym = self.sym(&method.name);
                match self.decls.class(p).lookup(sym) {
                    Some(func) => func,
                    None if self.decls.class(p).builtin_parent.is_some() => {
                        let owned = self.temp(Type::Any);
                        self.emit(
                            InstKind::GetBuiltinParent {
                                dst: owned,
                                object: me,
                            },
                            span,
                        );
                        return self.method_on(owned, sym, args, span, dest);
                    }
                    None => {
                        self.error(LowerError::NoParentMethod {
                            parent: parent_name,
                            method: method.name.clone(),
                            span: method.span,
                        });
                        return self.dest(dest, Type::Any);
                    }
                }
            }
        };
        self.direct_call(target, Some(me), args, span, dest)
    }

    /// The constructor of `p` a `from` call of kind `kind` with `arity` arguments runs: one of
    /// that kind with that arity, else any with that arity. `Ok(None)` when `p` has no
    /// constructor at all and no arguments are given; `Err` when nothing fits.
    fn parent_ctor(&self, p: ClassId, kind: CtorKind, arity: usize) -> Result<Option<FuncId>, ()> {
        let ctors = &self.decls.info(p).ctors;
        if ctors.is_empty() && arity == 0 {
            return Ok(None);
        }
        let fits = |f: FuncId| self.decls.func(f).arity() == arity;
        let same_kind = ctors.iter().find(|&&(k, f)| k == kind && fits(f));
        let any_kind = || ctors.iter().find(|&&(_, f)| fits(f));
        same_kind.or_else(any_kind).map(|&(_, f)| Some(f)).ok_or(())
    }

    fn call_builtin_parent(
        &mut self,
        me: Reg,
        parent: &Ident,
        method: &'a Ident,
        args: &'a [Expr],
        span: Span,
        dest: Option<Reg>,
    ) -> Reg {
        let args: Vec<Reg> = args.iter().map(|a| self.expr(a)).collect();
        if ctor_kind_of(&method.name, &parent.name).is_some() {
            return self.constant(Const::Null, dest, span);
        }
        let owned = self.temp(Type::Any);
        self.emit(
            InstKind::GetBuiltinParent {
                dst: owned,
                object: me,
            },
            span,
        );
        let sym = self.sym(&method.name);
        self.method_on(owned, sym, args, span, dest)
    }

    fn method_on(
        &mut self,
        receiver: Reg,
        method: nyash_mir::Sym,
        args: Vec<Reg>,
        span: Span,
        dest: Option<Reg>,
    ) -> Reg {
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
}
