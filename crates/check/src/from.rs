//! Checks of `from Parent.method(args)` calls (SPEC §5).
//!
//! A `from` call runs a known implementation directly, so everything about it can be checked
//! before running, with the rules lowering (`nyash-lower`) applies:
//! - it is allowed only in a box, naming one of the box's direct parents (of several built-in
//!   parents only the first, the one its instances own);
//! - a constructor name (`birth`, `init`, `pack`, or the parent's own name) needs a
//!   constructor of the parent itself taking that many arguments; a parent with no
//!   constructor at all accepts a call without arguments, which does nothing;
//! - any other name needs a method of the parent or its ancestors, called with as many
//!   arguments as it has parameters (unlike other method calls, whose arity is checked when
//!   they run, docs/LANGUAGE.md).
//!
//! A built-in parent's methods are looked up when the call runs, as are methods missing from
//! a parent with a built-in ancestor.

use nyash_mir::BuiltinBox;
use nyash_syntax::{BoxDecl, Expr, Ident};

use crate::body::Walker;
use crate::CheckError;

impl<'a> Walker<'a, '_> {
    /// `from parent.method(...)` with `given` arguments.
    pub(crate) fn delegated_call(
        &mut self,
        parent: &Ident,
        method: &Ident,
        given: usize,
        call: &Expr,
    ) {
        let Some(current) = self.current_box else {
            self.error(CheckError::FromOutsideBox { span: call.span });
            return;
        };
        if !current.parents.iter().any(|p| p.name == parent.name)
            || self.is_unowned_builtin(current, &parent.name)
        {
            self.error(CheckError::NotAParent {
                parent: parent.name.clone(),
                box_name: current.name.name.clone(),
                span: parent.span,
            });
            return;
        }
        let Some(&parent_decl) = self.info.boxes.get(parent.name.as_str()) else {
            return; // a built-in parent: its constructors take nothing and have already run
        };
        if is_constructor_name(&method.name, &parent.name) {
            self.parent_constructor(parent_decl, given, call);
        } else {
            self.parent_method(parent_decl, method, given, call);
        }
    }

    /// Whether `name` is a built-in parent of `current` other than the one its instances own:
    /// the first built-in box among its parents.
    fn is_unowned_builtin(&self, current: &BoxDecl, name: &str) -> bool {
        let is_builtin =
            |n: &str| !self.info.boxes.contains_key(n) && BuiltinBox::from_name(n).is_some();
        let owned = current.parents.iter().find(|p| is_builtin(&p.name));
        is_builtin(name) && owned.is_some_and(|o| o.name != name)
    }

    /// A constructor of `parent` itself (not of its ancestors) must take `given` arguments.
    fn parent_constructor(&mut self, parent: &BoxDecl, given: usize, call: &Expr) {
        let fits = parent.ctors.is_empty() && given == 0
            || parent.ctors.iter().any(|c| c.params.len() == given);
        if !fits {
            self.error(CheckError::NoParentConstructor {
                parent: parent.name.name.clone(),
                arity: given,
                span: call.span,
            });
        }
    }

    fn parent_method(&mut self, parent: &'a BoxDecl, method: &Ident, given: usize, call: &Expr) {
        let info = self.info;
        match info.dispatch(parent, &method.name) {
            Some(callee) if callee.params != given => {
                self.error(CheckError::MethodArgumentCount {
                    method: format!("{}.{}", callee.owner, method.name),
                    expected: callee.params,
                    given,
                    span: call.span,
                });
            }
            Some(_) => {}
            None if info.has_opaque_ancestor(parent) => {}
            None => self.error(CheckError::ParentHasNoMethod {
                parent: parent.name.name.clone(),
                method: method.name.clone(),
                span: method.span,
            }),
        }
    }
}

/// Whether `from parent.name(...)` names a constructor: `birth`, `init`, `pack`, or the
/// parent's own name.
fn is_constructor_name(name: &str, parent: &str) -> bool {
    matches!(name, "birth" | "init" | "pack") || name == parent
}
