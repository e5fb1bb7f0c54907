//! Tests of the MIR text printer on modules built by hand.

use nyash_diagnostics::Span;

use super::testing::{block, function};
use crate::{
    BinaryOp, BuiltinBox, BuiltinFunc, Class, ClassId, Const, Field, FuncId, FunctionKind, Global,
    GlobalId, InstKind, Module, Reg, Sym, TermKind, Type, UnaryOp,
};

/// `box Animal { init { name, weak owner } birth(n) speak() fini() }`,
/// `static box Main from Animal, MathBox { fib(n) }`, a global, a function and an entry.
fn sample_module() -> Module {
    let symbols = ["name", "owner", "speak", "fib", "fini"]
        .map(String::from)
        .to_vec();
    let animal = ClassId(0);
    let main = ClassId(1);
    let entry = function(
        "<entry>",
        FunctionKind::Entry,
        0,
        3,
        vec![block(
            vec![
                InstKind::Const {
                    dst: Reg(0),
                    value: Const::Str("hi \"you\"\n".into()),
                },
                InstKind::StoreGlobal {
                    global: GlobalId(0),
                    src: Reg(0),
                },
                InstKind::StaticBox {
                    dst: Reg(1),
                    class: main,
                },
                InstKind::Const {
                    dst: Reg(2),
                    value: Const::Int(10),
                },
                InstKind::Call {
                    dst: Reg(2),
                    func: FuncId(4),
                    args: vec![Reg(1), Reg(2)],
                },
                InstKind::Print { value: Reg(2) },
            ],
            TermKind::Return(Reg(2)),
        )],
    );
    let birth = function(
        "Animal.birth",
        FunctionKind::Ctor(animal),
        2,
        3,
        vec![block(
            vec![
                InstKind::SetField {
                    object: Reg(0),
                    field: Sym(0),
                    value: Reg(1),
                },
                InstKind::Const {
                    dst: Reg(2),
                    value: Const::Null,
                },
            ],
            TermKind::Return(Reg(2)),
        )],
    );
    let speak = function(
        "Animal.speak",
        FunctionKind::Method(animal),
        1,
        4,
        vec![
            block(
                vec![
                    InstKind::GetField {
                        dst: Reg(1),
                        object: Reg(0),
                        field: Sym(0),
                    },
                    InstKind::TryEnter {
                        handler: crate::BlockId(1),
                        error: Reg(3),
                    },
                    InstKind::CallMethod {
                        dst: Reg(2),
                        receiver: Reg(1),
                        method: Sym(2),
                        args: vec![],
                    },
                    InstKind::TryExit,
                ],
                TermKind::Return(Reg(2)),
            ),
            block(
                vec![InstKind::CallBuiltin {
                    dst: Reg(2),
                    func: BuiltinFunc::StringUpper,
                    args: vec![Reg(3)],
                }],
                TermKind::Throw(Reg(3)),
            ),
        ],
    );
    let fini = function(
        "Animal.fini",
        FunctionKind::Method(animal),
        1,
        2,
        vec![block(
            vec![
                InstKind::NewBuiltin {
                    dst: Reg(1),
                    kind: BuiltinBox::Array,
                    args: vec![],
                },
                InstKind::Release { reg: Reg(1) },
            ],
            TermKind::Return(Reg(1)),
        )],
    );
    let mut fib = function(
        "Main.fib",
        FunctionKind::Method(main),
        2,
        5,
        vec![
            block(
                vec![
                    InstKind::Const {
                        dst: Reg(2),
                        value: Const::Int(2),
                    },
                    InstKind::Binary {
                        dst: Reg(3),
                        op: BinaryOp::Lt,
                        lhs: Reg(1),
                        rhs: Reg(2),
                    },
                ],
                TermKind::Branch {
                    cond: Reg(3),
                    then_block: crate::BlockId(1),
                    else_block: crate::BlockId(2),
                },
            ),
            block(vec![], TermKind::Return(Reg(1))),
            block(
                vec![
                    InstKind::Binary {
                        dst: Reg(1),
                        op: BinaryOp::Sub,
                        lhs: Reg(1),
                        rhs: Reg(2),
                    },
                    InstKind::Call {
                        dst: Reg(4),
                        func: FuncId(4),
                        args: vec![Reg(0), Reg(1)],
                    },
                    InstKind::Unary {
                        dst: Reg(4),
                        op: UnaryOp::Neg,
                        src: Reg(4),
                    },
                    InstKind::GetBuiltinParent {
                        dst: Reg(3),
                        object: Reg(0),
                    },
                ],
                TermKind::Return(Reg(4)),
            ),
        ],
    );
    fib.reg_types[2] = Type::Int;
    fib.reg_types[3] = Type::Bool;
    let helper = function(
        "helper",
        FunctionKind::Function,
        1,
        3,
        vec![block(
            vec![
                InstKind::LoadGlobal {
                    dst: Reg(1),
                    global: GlobalId(0),
                },
                InstKind::NewBox {
                    dst: Reg(2),
                    class: animal,
                    args: vec![Reg(1)],
                },
                InstKind::FutureOk {
                    dst: Reg(1),
                    value: Reg(2),
                },
                InstKind::Await {
                    dst: Reg(2),
                    future: Reg(1),
                },
                InstKind::Const {
                    dst: Reg(0),
                    value: Const::Float(2.0),
                },
            ],
            TermKind::Jump(crate::BlockId(0)),
        )],
    );
    Module {
        functions: vec![entry, birth, speak, fini, fib, helper],
        classes: vec![
            Class {
                name: "Animal".into(),
                is_static: false,
                parents: vec![],
                builtin_parent: None,
                fields: vec![
                    Field {
                        name: Sym(0),
                        weak: false,
                    },
                    Field {
                        name: Sym(1),
                        weak: true,
                    },
                ],
                methods: vec![(Sym(2), FuncId(2)), (Sym(4), FuncId(3))],
                ctors: vec![FuncId(1)],
                fini: Some(FuncId(3)),
                static_init: None,
                span: Span::default(),
            },
            Class {
                name: "Main".into(),
                is_static: true,
                parents: vec![animal],
                builtin_parent: Some(BuiltinBox::Math),
                fields: vec![],
                methods: vec![(Sym(2), FuncId(2)), (Sym(3), FuncId(4))],
                ctors: vec![],
                fini: None,
                static_init: None,
                span: Span::default(),
            },
        ],
        globals: vec![Global {
            name: "greeting".into(),
        }],
        symbols,
        entry: FuncId(0),
    }
}

#[test]
fn prints_a_whole_module() {
    insta::assert_snapshot!(sample_module().to_string());
}

#[test]
fn prints_one_function_with_names() {
    let module = sample_module();
    insta::assert_snapshot!(module.display_function(FuncId(4)).to_string());
}

#[test]
fn a_function_alone_prints_raw_ids() {
    let module = sample_module();
    let text = module.functions[5].to_string();
    assert!(text.contains("r1 = load_global g0"), "{text}");
    assert!(text.contains("r2 = new c0(r1)"), "{text}");
}

#[test]
fn ids_out_of_range_print_raw() {
    let mut module = sample_module();
    module.functions[0].blocks[0].insts[4].kind = InstKind::Call {
        dst: Reg(2),
        func: FuncId(99),
        args: vec![],
    };
    let text = module.display_function(FuncId(0)).to_string();
    assert!(text.contains("r2 = call f99()"), "{text}");
    assert_eq!(
        module.display_function(FuncId(42)).to_string(),
        "; no function f42"
    );
}

#[test]
fn strings_are_quoted_with_escapes() {
    assert_eq!(
        super::quote("a\"b\\c\n\t\r\u{1}é😀"),
        r#""a\"b\\c\n\t\r\u{1}é😀""#
    );
}

#[test]
fn floats_keep_a_decimal_point() {
    assert_eq!(super::const_text(&Const::Float(3.0)), "3.0");
    assert_eq!(super::const_text(&Const::Float(f64::INFINITY)), "inf");
    assert_eq!(super::const_text(&Const::Int(-4)), "-4");
}
