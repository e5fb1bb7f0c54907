//! Checks of declarations: boxes (parents, delegation cycles, duplicates, `override`,
//! interfaces, fields), functions, `using`, and the parameters of `Main.main`.
//!
//! Bodies are checked elsewhere ([`crate::body`]); this module looks only at the shape of
//! each declaration against the rest of the program.

use rustc_hash::FxHashSet as HashSet;

use nyash_mir::BuiltinBox;
use nyash_syntax::{BoxDecl, FunctionDecl, Ident, Item, Method, Program};

use crate::program::ProgramInfo;
use crate::CheckError;

/// Built-in boxes of SPEC §6 that this version does not implement yet.
pub(crate) const NOT_AVAILABLE_YET: [&str; 6] = [
    "JSONBox",
    "RegexBox",
    "BufferBox",
    "StreamBox",
    "FileBox",
    "DebugBox",
];

/// Checks every declaration of `program`, in file and item order.
pub(crate) fn check_decls(program: &Program, info: &ProgramInfo, errors: &mut Vec<CheckError>) {
    let mut boxes_seen = HashSet::default();
    let mut functions_seen = HashSet::default();
    for file in &program.files {
        for item in &file.ast.items {
            match item {
                Item::Box(decl) => {
                    if !boxes_seen.insert(decl.name.name.as_str()) {
                        errors.push(CheckError::DuplicateBox {
                            name: decl.name.name.clone(),
                            span: decl.name.span,
                        });
                    }
                    BoxCheck { info, decl, errors }.run();
                }
                Item::Function(decl) => check_function(decl, info, &mut functions_seen, errors),
                Item::Using(name) if name.name != "nyashstd" => {
                    errors.push(CheckError::UnknownNamespace {
                        name: name.name.clone(),
                        span: name.span,
                    });
                }
                _ => {}
            }
        }
    }
    check_main(info, errors);
}

fn check_function<'a>(
    decl: &'a FunctionDecl,
    info: &ProgramInfo,
    seen: &mut HashSet<(Option<&'a str>, &'a str)>,
    errors: &mut Vec<CheckError>,
) {
    let namespace = decl.namespace.as_ref().map(|ns| ns.name.as_str());
    let name = decl.name.name.as_str();
    if !seen.insert((namespace, name)) {
        let full = match namespace {
            Some(ns) => format!("{ns}.{name}"),
            None => name.to_string(),
        };
        errors.push(CheckError::DuplicateFunction {
            name: full,
            span: decl.name.span,
        });
        return;
    }
    // `function S.f()` joins the static box `S` as a method: it must not clash with one. An
    // ordinary box `B` is no namespace (`B.f()` is an error), so `function B.f()` is one too.
    let Some(ns) = namespace else { return };
    let Some(owner) = info.boxes.get(ns) else {
        return;
    };
    let error = if !owner.is_static {
        CheckError::FunctionOfOrdinaryBox {
            namespace: ns.to_string(),
            name: name.to_string(),
            span: decl.name.span,
        }
    } else if owner.methods.iter().any(|m| m.name.name == name) {
        CheckError::DuplicateMethod {
            box_name: ns.to_string(),
            method: name.to_string(),
            span: decl.name.span,
        }
    } else {
        return;
    };
    errors.push(error);
}

/// `main` of `static box Main` (the method the program starts with, found like any call of
/// `Main.main`) takes the command-line arguments or nothing.
fn check_main(info: &ProgramInfo, errors: &mut Vec<CheckError>) {
    let Some(&main_box) = info.boxes.get("Main").filter(|b| b.is_static) else {
        return;
    };
    if let Some(main) = info.dispatch(main_box, "main") {
        if main.params > 1 {
            errors.push(CheckError::MainArity { span: main.span });
        }
    }
}

struct BoxCheck<'a, 'e> {
    info: &'a ProgramInfo<'a>,
    decl: &'a BoxDecl,
    errors: &'e mut Vec<CheckError>,
}

impl<'a> BoxCheck<'a, '_> {
    fn run(mut self) {
        self.parents();
        self.fields();
        self.methods();
        self.constructors();
        self.interfaces();
    }

    fn box_name(&self) -> String {
        self.decl.name.name.clone()
    }

    fn parents(&mut self) {
        for parent in &self.decl.parents {
            let name = parent.name.as_str();
            if self.info.boxes.contains_key(name) || BuiltinBox::from_name(name).is_some() {
                continue;
            }
            let error = if NOT_AVAILABLE_YET.contains(&name) {
                CheckError::NotAvailableYet {
                    name: name.to_string(),
                    span: parent.span,
                }
            } else {
                CheckError::UnknownParent {
                    name: name.to_string(),
                    span: parent.span,
                }
            };
            self.errors.push(error);
        }
        if self.info.is_own_ancestor(self.decl) {
            self.errors.push(CheckError::DelegationCycle {
                name: self.box_name(),
                span: self.decl.name.span,
            });
        }
    }

    fn fields(&mut self) {
        let mut seen = HashSet::default();
        for field in &self.decl.fields {
            if !seen.insert(field.name.name.as_str()) {
                self.errors.push(CheckError::DuplicateField {
                    box_name: self.box_name(),
                    field: field.name.name.clone(),
                    span: field.name.span,
                });
            }
        }
    }

    fn methods(&mut self) {
        let mut seen = HashSet::default();
        for method in &self.decl.methods {
            if !seen.insert(method.name.name.as_str()) {
                self.errors.push(CheckError::DuplicateMethod {
                    box_name: self.box_name(),
                    method: method.name.name.clone(),
                    span: method.name.span,
                });
            }
            self.override_rule(method);
        }
    }

    /// A method that redefines an ancestor's must say `override`; `override` needs an
    /// ancestor's method. `fini` is exempt; with a built-in (or unknown) ancestor the
    /// ancestor's methods are not all known, so a lone `override` is accepted there.
    fn override_rule(&mut self, method: &Method) {
        let name = method.name.name.as_str();
        if name == "fini" {
            return;
        }
        match self.info.inherited_method_owner(self.decl, name) {
            Some(owner) if !method.is_override => {
                self.errors.push(CheckError::MissingOverride {
                    method: name.to_string(),
                    parent: owner.name.name.clone(),
                    span: method.name.span,
                });
            }
            None if method.is_override && !self.info.has_opaque_ancestor(self.decl) => {
                self.errors.push(CheckError::NothingToOverride {
                    method: name.to_string(),
                    span: method.name.span,
                });
            }
            _ => {}
        }
    }

    fn constructors(&mut self) {
        let mut seen = HashSet::default();
        for ctor in &self.decl.ctors {
            let arity = ctor.params.len();
            if !seen.insert((ctor.name.name.as_str(), arity)) {
                self.errors.push(CheckError::DuplicateConstructor {
                    box_name: self.box_name(),
                    name: ctor.name.name.clone(),
                    arity,
                    span: ctor.name.span,
                });
            }
        }
    }

    fn interfaces(&mut self) {
        for interface in &self.decl.interfaces {
            let Some(decl) = self.info.interfaces.get(interface.name.as_str()) else {
                self.errors.push(CheckError::UnknownInterface {
                    name: interface.name.clone(),
                    span: interface.span,
                });
                continue;
            };
            if self.info.has_opaque_ancestor(self.decl) {
                continue;
            }
            for sig in &decl.methods {
                self.interface_method(interface, &sig.name);
            }
        }
    }

    fn interface_method(&mut self, interface: &Ident, method: &Ident) {
        if self.info.method_owner(self.decl, &method.name).is_none() {
            self.errors.push(CheckError::MissingInterfaceMethod {
                box_name: self.box_name(),
                interface: interface.name.clone(),
                method: method.name.clone(),
                span: interface.span,
            });
        }
    }
}
