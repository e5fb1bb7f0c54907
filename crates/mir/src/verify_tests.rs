//! Tests of the verifier: a valid module passes, and each broken invariant is reported.

use nyash_diagnostics::Span;

use crate::display::testing::{block, function};
use crate::{
    verify, BlockId, Class, ClassId, Const, Field, FuncId, FunctionKind, Global, GlobalId,
    InstKind, Module, Reg, Sym, TermKind,
};

fn class(name: &str, is_static: bool) -> Class {
    Class {
        name: name.into(),
        is_static,
        parents: vec![],
        builtin_parent: None,
        fields: vec![],
        methods: vec![],
        ctors: vec![],
        fini: None,
        static_init: None,
        span: Span::default(),
    }
}

/// Animal (c0) with `speak`, `fini` and a constructor; Dog (c1) from Animal; static Main (c2)
/// with a static initialiser; an entry with a try region around `new` and a call, whose
/// handler prints the error and sets the call's result to null.
fn valid_module() -> Module {
    let animal = ClassId(0);
    let entry = function(
        "<entry>",
        FunctionKind::Entry,
        0,
        4,
        vec![
            block(
                vec![
                    InstKind::Const {
                        dst: Reg(1),
                        value: Const::Int(1),
                    },
                    InstKind::TryEnter {
                        handler: BlockId(2),
                        error: Reg(0),
                    },
                    InstKind::NewBox {
                        dst: Reg(2),
                        class: animal,
                        args: vec![Reg(1)],
                    },
                    InstKind::Call {
                        dst: Reg(3),
                        func: FuncId(1),
                        args: vec![Reg(2)],
                    },
                    InstKind::TryExit,
                ],
                TermKind::Jump(BlockId(1)),
            ),
            block(
                vec![InstKind::StoreGlobal {
                    global: GlobalId(0),
                    src: Reg(3),
                }],
                TermKind::Return(Reg(3)),
            ),
            block(
                vec![
                    InstKind::Print { value: Reg(0) },
                    InstKind::Const {
                        dst: Reg(3),
                        value: Const::Null,
                    },
                ],
                TermKind::Jump(BlockId(1)),
            ),
        ],
    );
    let speak = function(
        "Animal.speak",
        FunctionKind::Method(animal),
        1,
        2,
        vec![block(
            vec![InstKind::GetField {
                dst: Reg(1),
                object: Reg(0),
                field: Sym(1),
            }],
            TermKind::Return(Reg(1)),
        )],
    );
    let birth = function(
        "Animal.birth",
        FunctionKind::Ctor(animal),
        2,
        2,
        vec![block(
            vec![InstKind::SetField {
                object: Reg(0),
                field: Sym(1),
                value: Reg(1),
            }],
            TermKind::Return(Reg(1)),
        )],
    );
    let fini = function(
        "Animal.fini",
        FunctionKind::Method(animal),
        1,
        1,
        vec![block(vec![], TermKind::Return(Reg(0)))],
    );
    let init = function(
        "Main.<static>",
        FunctionKind::StaticInit(ClassId(2)),
        1,
        1,
        vec![block(vec![], TermKind::Unreachable)],
    );
    let mut animal_class = class("Animal", false);
    animal_class.fields = vec![Field {
        name: Sym(1),
        weak: false,
    }];
    animal_class.methods = vec![(Sym(0), FuncId(1)), (Sym(2), FuncId(3))];
    animal_class.ctors = vec![FuncId(2)];
    animal_class.fini = Some(FuncId(3));
    let mut dog = class("Dog", false);
    dog.parents = vec![animal];
    dog.fields = animal_class.fields.clone();
    dog.methods = animal_class.methods.clone();
    dog.fini = Some(FuncId(3));
    let mut main = class("Main", true);
    main.static_init = Some(FuncId(4));
    Module {
        functions: vec![entry, speak, birth, fini, init],
        classes: vec![animal_class, dog, main],
        globals: vec![Global { name: "g".into() }],
        symbols: ["speak", "name", "fini"].map(String::from).to_vec(),
        entry: FuncId(0),
    }
}

/// The verifier's messages for `module`, as `in <function>: <message>`.
fn errors(module: &Module) -> Vec<String> {
    match verify(module) {
        Ok(()) => vec![],
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

fn assert_error(module: &Module, expected: &str) {
    let errors = errors(module);
    assert!(
        errors.iter().any(|e| e == expected),
        "expected `{expected}` among {errors:#?}"
    );
}

fn entry_insts(module: &mut Module) -> &mut Vec<crate::Inst> {
    &mut module.functions[0].blocks[0].insts
}

#[test]
fn a_valid_module_passes() {
    assert_eq!(errors(&valid_module()), Vec::<String>::new());
}

#[test]
fn register_out_of_range() {
    let mut m = valid_module();
    m.functions[1].blocks[0].term.kind = TermKind::Return(Reg(7));
    assert_error(
        &m,
        "in Animal.speak: register r7 out of range in bb0 (2 registers)",
    );
}

#[test]
fn more_params_than_registers() {
    let mut m = valid_module();
    m.functions[3].param_count = 2;
    assert_error(&m, "in Animal.fini: 2 parameters but only 1 registers");
}

#[test]
fn block_out_of_range() {
    let mut m = valid_module();
    m.functions[0].blocks[2].term.kind = TermKind::Jump(BlockId(9));
    assert_error(&m, "in <entry>: block bb9 out of range in bb2 (3 blocks)");
}

#[test]
fn ids_out_of_range() {
    let mut m = valid_module();
    let insts = entry_insts(&mut m);
    insts[2].kind = InstKind::StaticBox {
        dst: Reg(2),
        class: ClassId(5),
    };
    insts[3].kind = InstKind::Call {
        dst: Reg(3),
        func: FuncId(8),
        args: vec![],
    };
    m.functions[0].blocks[1].insts[0].kind = InstKind::LoadGlobal {
        dst: Reg(1),
        global: GlobalId(3),
    };
    m.functions[1].blocks[0].insts[0].kind = InstKind::CallMethod {
        dst: Reg(1),
        receiver: Reg(0),
        method: Sym(6),
        args: vec![],
    };
    assert_error(&m, "in <entry>: class c5 out of range (3 classes)");
    assert_error(&m, "in <entry>: function f8 out of range (5 functions)");
    assert_error(&m, "in <entry>: global g3 out of range (1 globals)");
    assert_error(&m, "in Animal.speak: symbol s6 out of range (3 symbols)");
}

#[test]
fn class_of_a_function_kind_out_of_range() {
    let mut m = valid_module();
    m.functions[4].kind = FunctionKind::StaticInit(ClassId(4));
    assert_error(&m, "in Main.<static>: class c4 out of range (3 classes)");
}

#[test]
fn entry_must_exist_and_take_no_parameters() {
    let mut m = valid_module();
    m.entry = FuncId(10);
    assert_error(&m, "in <module>: entry f10 out of range (5 functions)");
    m.entry = FuncId(2);
    assert_error(
        &m,
        "in <module>: entry Animal.birth takes 2 parameters, expected 0 or 1",
    );
}

#[test]
fn function_without_blocks() {
    let mut m = valid_module();
    m.functions[3].blocks.clear();
    assert_error(&m, "in Animal.fini: the function has no blocks");
}

#[test]
fn methods_take_me() {
    let mut m = valid_module();
    m.functions[3].param_count = 0;
    assert_error(
        &m,
        "in Animal.fini: a method, constructor or static init takes `me` as r0",
    );
}

#[test]
fn dispatch_table_sorted_without_duplicates() {
    let mut m = valid_module();
    m.classes[0].methods.reverse();
    assert_error(
        &m,
        "in class Animal: dispatch table is not sorted by symbol at `speak`",
    );
    m.classes[0].methods = vec![(Sym(0), FuncId(1)), (Sym(0), FuncId(1))];
    assert_error(
        &m,
        "in class Animal: method `speak` is twice in the dispatch table",
    );
}

#[test]
fn dispatch_entries_are_methods_of_the_class_or_ancestors() {
    let mut m = valid_module();
    m.classes[0].methods[0].1 = FuncId(2);
    assert_error(
        &m,
        "in class Animal: method `speak` is answered by Animal.birth, \
         which is not a method of this class or its ancestors",
    );
    // Dog inherits Animal.speak: fine. Main does not descend from Animal.
    m = valid_module();
    m.classes[2].methods = vec![(Sym(0), FuncId(1))];
    m.classes[2].fini = Some(FuncId(3));
    assert_error(
        &m,
        "in class Main: method `speak` is answered by Animal.speak, \
         which is not a method of this class or its ancestors",
    );
    assert_error(
        &m,
        "in class Main: fini is answered by Animal.fini, \
         which is not a method of this class or its ancestors",
    );
}

#[test]
fn ctor_and_static_init_kinds_agree() {
    let mut m = valid_module();
    m.classes[1].ctors = vec![FuncId(2)];
    m.classes[0].static_init = Some(FuncId(4));
    assert_error(
        &m,
        "in class Dog: constructor Animal.birth is a ctor of Animal",
    );
    assert_error(
        &m,
        "in class Animal: static init Main.<static> is a static init of Main",
    );
}

#[test]
fn delegation_cycle() {
    let mut m = valid_module();
    m.classes[0].parents = vec![ClassId(1)];
    assert_error(&m, "in class Animal: the class is its own ancestor");
    assert_error(&m, "in class Dog: the class is its own ancestor");
    m.classes[0].parents = vec![ClassId(9)];
    assert_error(&m, "in class Animal: parent c9 out of range (3 classes)");
}

#[test]
fn call_arity_matches_callee() {
    let mut m = valid_module();
    entry_insts(&mut m)[3].kind = InstKind::Call {
        dst: Reg(3),
        func: FuncId(1),
        args: vec![Reg(2), Reg(1)],
    };
    assert_error(
        &m,
        "in <entry>: call of Animal.speak passes 2 arguments, it takes 1",
    );
}

#[test]
fn new_of_a_static_box() {
    let mut m = valid_module();
    entry_insts(&mut m)[2].kind = InstKind::NewBox {
        dst: Reg(2),
        class: ClassId(2),
        args: vec![],
    };
    assert_error(&m, "in <entry>: `new` of the static box Main");
}

#[test]
fn try_exit_without_try_enter() {
    let mut m = valid_module();
    m.functions[0].blocks[2].insts.push(crate::Inst {
        kind: InstKind::TryExit,
        span: Span::default(),
    });
    // The handler is entered at depth 0, so this `try_exit` closes nothing.
    assert_error(&m, "in <entry>: try_exit in bb2 with no open try region");
}

#[test]
fn return_inside_a_try_region() {
    let mut m = valid_module();
    entry_insts(&mut m).pop();
    assert_error(&m, "in <entry>: ret in bb1 inside 1 open try region(s)");
    assert_error(
        &m,
        "in <entry>: bb1 is entered with try depth 1 and 0 (from bb2)",
    );
}

#[test]
fn join_with_different_depths() {
    let mut m = valid_module();
    // bb0 branches to bb1 (depth 1, after try_enter) or bb2, while bb2 comes at depth 0.
    entry_insts(&mut m).pop();
    m.functions[0].blocks[0].term.kind = TermKind::Branch {
        cond: Reg(1),
        then_block: BlockId(2),
        else_block: BlockId(2),
    };
    let errors = errors(&m);
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("in <entry>: bb2 is entered with try depth")),
        "{errors:#?}"
    );
}

#[test]
fn throw_and_unreachable_at_any_depth() {
    let mut m = valid_module();
    entry_insts(&mut m).pop();
    m.functions[0].blocks[0].term.kind = TermKind::Throw(Reg(1));
    assert_eq!(errors(&m), Vec::<String>::new());
}

// Reads of registers not written, or released.

fn int(dst: u32, n: i64) -> InstKind {
    InstKind::Const {
        dst: Reg(dst),
        value: Const::Int(n),
    }
}

fn print(r: u32) -> InstKind {
    InstKind::Print { value: Reg(r) }
}

fn release(r: u32) -> InstKind {
    InstKind::Release { reg: Reg(r) }
}

fn try_enter(handler: u32, error: u32) -> InstKind {
    InstKind::TryEnter {
        handler: BlockId(handler),
        error: Reg(error),
    }
}

fn jump(target: u32) -> TermKind {
    TermKind::Jump(BlockId(target))
}

fn branch(cond: u32, then_block: u32, else_block: u32) -> TermKind {
    TermKind::Branch {
        cond: Reg(cond),
        then_block: BlockId(then_block),
        else_block: BlockId(else_block),
    }
}

fn ret(r: u32) -> TermKind {
    TermKind::Return(Reg(r))
}

/// A module of one entry function: `blocks` over `regs` registers, `r0` the arguments.
fn entry_only(regs: usize, blocks: Vec<crate::Block>) -> Module {
    Module {
        functions: vec![function("<entry>", FunctionKind::Entry, 1, regs, blocks)],
        ..Module::default()
    }
}

#[test]
fn a_read_before_any_write() {
    // r0 is the parameter; bb1 is unreachable and not checked.
    let m = entry_only(
        2,
        vec![
            block(vec![print(0), print(1), print(1)], ret(0)),
            block(vec![print(1)], ret(1)),
        ],
    );
    assert_eq!(
        errors(&m),
        ["in <entry>: bb0: reads r1 before it is written on every path"]
    );
}

#[test]
fn a_read_after_release() {
    let m = entry_only(
        2,
        vec![block(vec![int(1, 1), release(1), print(1)], ret(0))],
    );
    assert_eq!(errors(&m), ["in <entry>: bb0: reads r1 after its release"]);
    // Writing it again revives it.
    let m = entry_only(
        2,
        vec![block(vec![int(1, 1), release(1), int(1, 2)], ret(1))],
    );
    assert_eq!(errors(&m), Vec::<String>::new());
}

#[test]
fn a_read_written_on_only_one_branch() {
    let blocks = |else_writes: bool| {
        let else_insts = if else_writes { vec![int(1, 2)] } else { vec![] };
        vec![
            block(vec![], branch(0, 1, 2)),
            block(vec![int(1, 1)], jump(3)),
            block(else_insts, jump(3)),
            block(vec![print(1)], ret(1)),
        ]
    };
    assert_eq!(
        errors(&entry_only(2, blocks(false))),
        ["in <entry>: bb3: reads r1 before it is written on every path"]
    );
    assert_eq!(errors(&entry_only(2, blocks(true))), Vec::<String>::new());
}

#[test]
fn a_read_in_a_loop_of_a_register_released_in_its_body() {
    // r1 = 1; loop { print r1 (bb1); if r0 { release r1 (bb2) } else break }
    let m = entry_only(
        2,
        vec![
            block(vec![int(1, 1)], jump(1)),
            block(vec![print(1)], branch(0, 2, 3)),
            block(vec![release(1)], jump(1)),
            block(vec![], ret(0)),
        ],
    );
    assert_eq!(errors(&m), ["in <entry>: bb1: reads r1 after its release"]);
}

#[test]
fn a_loop_with_a_try_catch_passes() {
    // r1 = 0; while r1 < 10 { try { r4 = 1; r1 = r1 + r4; release r4 }
    // catch (r3) { print r1; print r3; release r3 } }; print r1
    let m = entry_only(
        5,
        vec![
            block(vec![int(1, 0)], jump(1)),
            block(
                vec![
                    int(2, 10),
                    InstKind::Binary {
                        dst: Reg(2),
                        op: crate::BinaryOp::Lt,
                        lhs: Reg(1),
                        rhs: Reg(2),
                    },
                ],
                branch(2, 2, 4),
            ),
            block(
                vec![
                    try_enter(3, 3),
                    int(4, 1),
                    InstKind::Binary {
                        dst: Reg(1),
                        op: crate::BinaryOp::Add,
                        lhs: Reg(1),
                        rhs: Reg(4),
                    },
                    release(4),
                    InstKind::TryExit,
                ],
                jump(1),
            ),
            block(vec![print(1), print(3), release(3)], jump(1)),
            block(vec![print(1)], ret(1)),
        ],
    );
    assert_eq!(errors(&m), Vec::<String>::new());
}

#[test]
fn a_handler_reads_a_register_released_inside_the_try_region() {
    // r1 = 1; try { print r1 (bb0); release r1 (bb1) } catch (r2) { print r1; print r2 }
    let m = entry_only(
        3,
        vec![
            block(vec![int(1, 1), try_enter(2, 2), print(1)], jump(1)),
            block(vec![release(1), InstKind::TryExit], jump(3)),
            block(vec![print(1), print(2)], ret(0)),
            block(vec![], ret(0)),
        ],
    );
    assert_eq!(errors(&m), ["in <entry>: bb2: reads r1 after its release"]);
}

#[test]
fn writes_inside_a_try_region_do_not_reach_its_handler() {
    // try { r1 = 1 } catch (r2) { print r1 }; print r1: only the handler may miss r1.
    let m = entry_only(
        3,
        vec![
            block(vec![try_enter(2, 2), int(1, 1), InstKind::TryExit], jump(1)),
            block(vec![print(1)], ret(0)),
            block(vec![print(1), print(2)], ret(0)),
        ],
    );
    assert_eq!(
        errors(&m),
        ["in <entry>: bb2: reads r1 before it is written on every path"]
    );
}

#[test]
fn the_error_register_is_written_only_on_the_way_into_the_handler() {
    let m = entry_only(
        2,
        vec![
            block(vec![try_enter(2, 1), InstKind::TryExit], jump(1)),
            block(vec![print(1)], ret(0)),
            block(vec![print(1)], ret(0)),
        ],
    );
    assert_eq!(
        errors(&m),
        ["in <entry>: bb1: reads r1 before it is written on every path"]
    );
}

#[test]
fn a_release_in_a_nested_region_reaches_the_outer_handler_through_the_inner_one() {
    // try { try { release r1; r1 = 2 } catch (r3) { throw r3 } } catch (r2) { print r1 }:
    // the inner handler runs without r1 and may raise into the outer one.
    let m = entry_only(
        4,
        vec![
            block(
                vec![
                    int(1, 1),
                    try_enter(3, 2),
                    try_enter(2, 3),
                    release(1),
                    int(1, 2),
                    InstKind::TryExit,
                    InstKind::TryExit,
                ],
                jump(1),
            ),
            block(vec![print(1)], ret(0)),
            block(vec![], TermKind::Throw(Reg(3))),
            block(vec![print(1), print(2)], ret(0)),
        ],
    );
    assert_eq!(errors(&m), ["in <entry>: bb3: reads r1 after its release"]);
}

#[test]
fn a_block_inside_two_different_regions_raises_into_both_handlers() {
    // bb3 is inside the region of bb4 on one path and of bb5 on the other; its release must
    // be seen by both handlers, whichever path is walked first.
    let m = entry_only(
        4,
        vec![
            block(vec![int(1, 1)], branch(0, 1, 2)),
            block(vec![try_enter(4, 2)], jump(3)),
            block(vec![try_enter(5, 3)], jump(3)),
            block(vec![release(1)], TermKind::Throw(Reg(0))),
            block(vec![print(1), print(2)], ret(0)),
            block(vec![print(1), print(3)], ret(0)),
        ],
    );
    assert_eq!(
        errors(&m),
        [
            "in <entry>: bb4: reads r1 after its release",
            "in <entry>: bb5: reads r1 after its release",
        ]
    );
}

#[test]
fn reads_of_registers_out_of_range_are_left_to_the_range_check() {
    let m = entry_only(1, vec![block(vec![print(5)], ret(0))]);
    assert_eq!(
        errors(&m),
        ["in <entry>: register r5 out of range in bb0 (1 registers)"]
    );
}
