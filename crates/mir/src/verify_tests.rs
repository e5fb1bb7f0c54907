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
/// with a static initialiser; an entry with a try region around `new` and a call.
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
                vec![InstKind::Print { value: Reg(0) }],
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
