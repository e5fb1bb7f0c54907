//! Which registers of a function may ever hold a heap value (a counted object).
//!
//! Input: one MIR function. Output: one flag per register. A register whose every write
//! produces a scalar (a number, a boolean, null) never owns a reference, so generated code
//! neither releases its old value when it is overwritten nor releases it at `ret`; a register
//! never written at all is never released either. Parameters are owned values of any kind,
//! except `me` in the methods of a static box that no box extends: that is always the
//! singleton, which lives in a data segment and is never counted (nor is a `static_box`
//! result).
//!
//! The analysis is a fixpoint over the writes of each register: a copy is as heap-like as its
//! source, `+` and `*` only when an operand may be a string (concatenation, repetition), the
//! other operators and unary operators never (they give numbers, booleans, or null when they
//! fail), and every other instruction that writes a register conservatively may.

use nyash_mir::{BinaryOp, ClassId, Const, Function, FunctionKind, InstKind, Module, Reg};

/// `flags[r]` is true when register `r` may hold a counted heap value somewhere in `func`.
pub(crate) fn heap_registers(module: &Module, func: &Function) -> Vec<bool> {
    let mut flags = vec![false; func.reg_count()];
    let uncounted_me = me_is_static_singleton(module, func);
    for (i, flag) in flags.iter_mut().enumerate().take(func.param_count as usize) {
        *flag = !(i == 0 && uncounted_me);
    }
    // Flags only ever turn on, so this ends after at most one round per register.
    let mut changed = true;
    while changed {
        changed = false;
        for inst in func.blocks.iter().flat_map(|block| &block.insts) {
            let Some(dst) = inst.kind.dst() else {
                continue;
            };
            if flag(&flags, dst) || !may_write_heap(&inst.kind, &flags) {
                continue;
            }
            if let Some(slot) = flags.get_mut(dst.index()) {
                *slot = true;
                changed = true;
            }
        }
    }
    flags
}

/// The static box whose singleton `me` (register 0) of `func` always holds, when that is
/// known: `me` can only be the singleton and no instruction writes register 0. Its value is
/// then a constant, so generated code need not keep the parameter alive.
pub(crate) fn constant_me(module: &Module, func: &Function) -> Option<ClassId> {
    let (FunctionKind::Method(class) | FunctionKind::StaticInit(class)) = func.kind else {
        return None;
    };
    let written = func
        .blocks
        .iter()
        .flat_map(|block| &block.insts)
        .any(|inst| inst.kind.dst() == Some(Reg(0)));
    (func.param_count > 0 && !written && me_is_static_singleton(module, func)).then_some(class)
}

/// Whether `me` of `func` can only be the singleton of a static box: the function is a
/// method or `static { }` of a static box, and no box has that box as a parent (so no
/// instance of another box runs it).
fn me_is_static_singleton(module: &Module, func: &Function) -> bool {
    let (FunctionKind::Method(class) | FunctionKind::StaticInit(class)) = func.kind else {
        return false;
    };
    module
        .classes
        .get(class.index())
        .is_some_and(|c| c.is_static)
        && !module.classes.iter().any(|c| c.parents.contains(&class))
}

fn flag(flags: &[bool], reg: Reg) -> bool {
    // Out of range registers are reported by the emitter; here they count as heap.
    flags.get(reg.index()).copied().unwrap_or(true)
}

/// Whether this instruction may write a heap value to its destination, given what is known
/// of the registers so far.
fn may_write_heap(kind: &InstKind, flags: &[bool]) -> bool {
    match kind {
        InstKind::Const { value, .. } => matches!(value, Const::Str(_)),
        InstKind::Copy { src, .. } => flag(flags, *src),
        // Static singletons are never counted (negative count).
        InstKind::Unary { .. } | InstKind::Release { .. } | InstKind::StaticBox { .. } => false,
        InstKind::Binary { op, lhs, rhs, .. } => {
            matches!(op, BinaryOp::Add | BinaryOp::Mul) && (flag(flags, *lhs) || flag(flags, *rhs))
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use nyash_diagnostics::Span;
    use nyash_mir::{
        Block, Class, ClassId, FuncId, FunctionKind, Inst, TermKind, Terminator, Type,
    };

    use super::*;

    /// A function of one block ending in `ret r0`, with untyped registers.
    fn function(params: u32, regs: usize, insts: Vec<InstKind>) -> Function {
        let block = Block {
            insts: insts
                .into_iter()
                .map(|kind| Inst {
                    kind,
                    span: Span::default(),
                })
                .collect(),
            term: Terminator {
                kind: TermKind::Return(Reg(0)),
                span: Span::default(),
            },
        };
        Function {
            name: "f".into(),
            kind: FunctionKind::Function,
            param_count: params,
            reg_types: vec![Type::Any; regs],
            blocks: vec![block],
            span: Span::default(),
        }
    }

    fn int(dst: u32, n: i64) -> InstKind {
        InstKind::Const {
            dst: Reg(dst),
            value: Const::Int(n),
        }
    }

    fn binary(dst: u32, op: BinaryOp, lhs: u32, rhs: u32) -> InstKind {
        InstKind::Binary {
            dst: Reg(dst),
            op,
            lhs: Reg(lhs),
            rhs: Reg(rhs),
        }
    }

    #[test]
    fn numbers_and_comparisons_are_never_heap_but_parameters_and_calls_are() {
        let call = InstKind::Call {
            dst: Reg(4),
            func: FuncId(0),
            args: vec![Reg(2)],
        };
        let insts = vec![
            int(1, 2),
            binary(2, BinaryOp::Sub, 0, 1),
            binary(3, BinaryOp::Lt, 0, 1),
            call,
            binary(5, BinaryOp::Add, 2, 1),
            binary(6, BinaryOp::Add, 4, 1),
        ];
        let f = function(1, 8, insts);
        assert_eq!(
            heap_registers(&Module::default(), &f),
            [true, false, false, false, true, false, true, false]
        );
    }

    #[test]
    fn copies_follow_their_source_around_a_loop() {
        // r2 = r1 + r3 where r3 = r2 later: only a string literal makes them heap.
        let body = |literal: bool| {
            let first = if literal {
                InstKind::Const {
                    dst: Reg(1),
                    value: Const::Str("s".into()),
                }
            } else {
                int(1, 0)
            };
            vec![
                first,
                int(3, 0),
                binary(2, BinaryOp::Add, 1, 3),
                InstKind::Copy {
                    dst: Reg(3),
                    src: Reg(2),
                },
                InstKind::Copy {
                    dst: Reg(1),
                    src: Reg(3),
                },
            ]
        };
        for literal in [false, true] {
            let f = function(0, 4, body(literal));
            assert_eq!(
                heap_registers(&Module::default(), &f),
                [false, literal, literal, literal]
            );
        }
    }

    fn class(name: &str, is_static: bool, parents: Vec<ClassId>) -> Class {
        Class {
            name: name.into(),
            is_static,
            parents,
            builtin_parent: None,
            fields: Vec::new(),
            methods: Vec::new(),
            ctors: Vec::new(),
            fini: None,
            static_init: None,
            span: Span::default(),
        }
    }

    #[test]
    fn me_of_a_static_box_that_no_box_extends_is_never_counted() {
        let mut method = function(2, 3, vec![int(2, 1)]);
        method.kind = FunctionKind::Method(ClassId(0));
        let mut module = Module::default();
        module.classes.push(class("Main", true, vec![]));
        assert_eq!(heap_registers(&module, &method), [false, true, false]);
        // An instance of a box extending it could run the method as `me`.
        module.classes.push(class("Child", false, vec![ClassId(0)]));
        assert_eq!(heap_registers(&module, &method), [true, true, false]);
        module.classes.truncate(1);
        module.classes[0].is_static = false;
        assert_eq!(heap_registers(&module, &method), [true, true, false]);
    }

    #[test]
    fn me_is_a_constant_only_when_nothing_writes_it() {
        let mut method = function(2, 3, vec![int(2, 1)]);
        method.kind = FunctionKind::Method(ClassId(0));
        let mut module = Module::default();
        module.classes.push(class("Main", true, vec![]));
        assert_eq!(constant_me(&module, &method), Some(ClassId(0)));
        method.blocks[0].insts.push(Inst {
            kind: int(0, 7),
            span: Span::default(),
        });
        assert_eq!(constant_me(&module, &method), None);
        method.blocks[0].insts.pop();
        module.classes.push(class("Child", false, vec![ClassId(0)]));
        assert_eq!(constant_me(&module, &method), None);
    }
}
