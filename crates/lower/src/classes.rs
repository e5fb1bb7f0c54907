//! Delegation: the MIR [`Class`] of every box, with parents, fields and dispatch table resolved.
//!
//! Input: the declared boxes ([`ClassInfo`], their members already numbered). Output: one
//! [`Class`] per box, in [`ClassId`] order. Parents are resolved before their children (an
//! iterative depth-first walk, so deep delegation chains cannot overflow the stack), and:
//! - `fields`: each parent's fields in declaration order, then the box's own; a name once;
//! - `methods`: own methods (then `function Box.f` functions of a static box), then each
//!   parent's table in declaration order; the first definition of a name wins; sorted by `Sym`;
//! - `builtin_parent`: a parent that is a built-in box, else the first one a parent inherits;
//! - `fini`: whatever the table answers for `fini`.
//!
//! A delegation cycle is reported once and the edge that closes it is dropped, so that the
//! tables stay finite.

use nyash_mir::{BuiltinBox, Class, ClassId, Field, FuncId, Sym};
use rustc_hash::FxHashMap;

use crate::decls::{ClassInfo, Interner};
use crate::LowerError;

/// Parents of one box as written: user boxes and at most one built-in box.
struct Parents {
    user: Vec<ClassId>,
    builtin: Option<BuiltinBox>,
}

/// Resolves every box's delegation; problems are pushed to `errors`.
pub(crate) fn resolve(
    infos: &[ClassInfo<'_>],
    ids: &FxHashMap<&str, ClassId>,
    syms: &mut Interner,
    errors: &mut Vec<LowerError>,
) -> Vec<Class> {
    let mut parents: Vec<Parents> = infos
        .iter()
        .map(|info| parents_of(info, ids, errors))
        .collect();
    let order = parents_first_order(infos, &mut parents, errors);
    let mut classes: Vec<Option<Class>> = vec![None; infos.len()];
    for c in order {
        let class = build_class(c, infos, &parents, &classes, syms);
        classes[c.index()] = Some(class);
    }
    // Every id is in `order`, so every slot is filled.
    classes.into_iter().flatten().collect()
}

fn parents_of(
    info: &ClassInfo<'_>,
    ids: &FxHashMap<&str, ClassId>,
    errors: &mut Vec<LowerError>,
) -> Parents {
    let mut parents = Parents {
        user: Vec::new(),
        builtin: None,
    };
    for p in &info.decl.parents {
        if let Some(&id) = ids.get(p.name.as_str()) {
            if !parents.user.contains(&id) {
                parents.user.push(id);
            }
        } else if let Some(b) = BuiltinBox::from_name(&p.name) {
            parents.builtin.get_or_insert(b);
        } else {
            errors.push(LowerError::UnknownParent {
                name: p.name.clone(),
                span: p.span,
            });
        }
    }
    parents
}

/// Every box, each after all of its parents. Edges that close a cycle are removed.
fn parents_first_order(
    infos: &[ClassInfo<'_>],
    parents: &mut [Parents],
    errors: &mut Vec<LowerError>,
) -> Vec<ClassId> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        Active,
        Done,
    }
    let mut state = vec![State::New; infos.len()];
    let mut order = Vec::with_capacity(infos.len());
    for root in 0..infos.len() {
        if state[root] != State::New {
            continue;
        }
        // (box, index of the next parent to visit)
        let mut stack = vec![(root, 0usize)];
        state[root] = State::Active;
        while let Some(&mut (c, ref mut next)) = stack.last_mut() {
            let Some(&p) = parents[c].user.get(*next) else {
                state[c] = State::Done;
                order.push(ClassId(c as u32));
                stack.pop();
                continue;
            };
            match state[p.index()] {
                State::New => {
                    *next += 1;
                    state[p.index()] = State::Active;
                    stack.push((p.index(), 0));
                }
                State::Active => {
                    let decl = infos[c].decl;
                    errors.push(LowerError::DelegationCycle {
                        name: decl.name.name.clone(),
                        span: decl.name.span,
                    });
                    parents[c].user.remove(*next);
                }
                State::Done => *next += 1,
            }
        }
    }
    order
}

fn build_class(
    c: ClassId,
    infos: &[ClassInfo<'_>],
    parents: &[Parents],
    done: &[Option<Class>],
    syms: &mut Interner,
) -> Class {
    let info = &infos[c.index()];
    let own = &parents[c.index()];
    let resolved_parents: Vec<&Class> = own
        .user
        .iter()
        .filter_map(|p| done.get(p.index()).and_then(Option::as_ref))
        .collect();

    let mut fields: Vec<Field> = Vec::new();
    let inherited = resolved_parents
        .iter()
        .flat_map(|p| p.fields.iter().copied());
    let declared = info.decl.fields.iter().map(|f| Field {
        name: syms.intern(&f.name.name),
        weak: f.weak,
    });
    for field in inherited.chain(declared.collect::<Vec<_>>()) {
        if !fields.iter().any(|f| f.name == field.name) {
            fields.push(field);
        }
    }

    let mut methods: Vec<(Sym, FuncId)> = Vec::new();
    let own_methods = info.own_methods.iter().chain(&info.namespace_methods);
    let parent_methods = resolved_parents.iter().flat_map(|p| p.methods.iter());
    for &(sym, func) in own_methods.chain(parent_methods) {
        if !methods.iter().any(|&(s, _)| s == sym) {
            methods.push((sym, func));
        }
    }
    methods.sort_by_key(|&(s, _)| s);

    let builtin_parent = own
        .builtin
        .or_else(|| resolved_parents.iter().find_map(|p| p.builtin_parent));
    let mut class = Class {
        name: info.decl.name.name.clone(),
        is_static: info.decl.is_static,
        parents: own.user.clone(),
        builtin_parent,
        fields,
        methods,
        ctors: info.ctors.iter().map(|&(_, f)| f).collect(),
        fini: None,
        static_init: info.static_init,
        span: info.decl.span,
    };
    class.fini = syms.get("fini").and_then(|fini| class.lookup(fini));
    class
}
