//! Operators (SPEC §4) and strings.

use nyash_mir::{BinaryOp, Const, InstKind, UnaryOp};

use super::run_body;

/// `print(a op b)`
fn eval(op: BinaryOp, a: Const, b: Const) -> super::Outcome {
    run_body(|f| {
        let a = f.konst(a);
        let b = f.konst(b);
        let r = f.bin(op, a, b);
        f.print(r);
        f.ret_null();
    })
}

fn ok(op: BinaryOp, a: Const, b: Const) -> String {
    eval(op, a, b).ok().trim_end().to_string()
}

fn err(op: BinaryOp, a: Const, b: Const) -> String {
    eval(op, a, b).error().to_string()
}

use BinaryOp::*;
use Const::{Bool, Float, Int, Null, Str};

fn s(text: &str) -> Const {
    Str(text.into())
}

#[test]
fn integer_arithmetic_wraps() {
    assert_eq!(ok(Add, Int(i64::MAX), Int(1)), i64::MIN.to_string());
    assert_eq!(ok(Sub, Int(i64::MIN), Int(1)), i64::MAX.to_string());
    assert_eq!(ok(Mul, Int(i64::MAX), Int(2)), "-2");
    assert_eq!(ok(Add, Int(2), Int(3)), "5");
}

#[test]
fn division_truncates_and_modulo_follows_the_dividend() {
    assert_eq!(ok(Div, Int(-7), Int(2)), "-3");
    assert_eq!(ok(Mod, Int(-7), Int(3)), "-1");
    assert_eq!(ok(Mod, Int(7), Int(-3)), "1");
    assert_eq!(ok(Div, Int(i64::MIN), Int(-1)), i64::MIN.to_string());
    assert_eq!(ok(Mod, Int(i64::MIN), Int(-1)), "0");
}

#[test]
fn integer_division_by_zero_is_an_error() {
    assert_eq!(err(Div, Int(1), Int(0)), "division by zero");
    assert_eq!(err(Mod, Int(1), Int(0)), "modulo by zero");
}

#[test]
fn float_arithmetic_follows_ieee() {
    assert_eq!(ok(Div, Float(1.0), Int(0)), "inf");
    assert_eq!(ok(Div, Int(-1), Float(0.0)), "-inf");
    assert_eq!(ok(Mod, Float(1.0), Int(0)), "NaN");
    assert_eq!(ok(Add, Float(1.5), Int(2)), "3.5");
    assert_eq!(ok(Mul, Int(2), Float(0.25)), "0.5");
    assert_eq!(ok(Sub, Float(3.0), Float(1.0)), "2");
}

#[test]
fn shift_right_is_arithmetic_modulo_64() {
    assert_eq!(ok(Shr, Int(-8), Int(1)), "-4");
    assert_eq!(ok(Shr, Int(256), Int(68)), "16");
    assert_eq!(
        err(Shr, Float(1.0), Int(1)),
        "unsupported operand types for >>: FloatBox and IntegerBox"
    );
}

#[test]
fn string_concatenation_uses_to_string_of_the_other_side() {
    assert_eq!(ok(Add, s("a"), Int(1)), "a1");
    assert_eq!(ok(Add, s("a"), Null), "anull");
    assert_eq!(ok(Add, Int(1), s("a")), "1a");
    assert_eq!(ok(Add, Bool(true), s("!")), "true!");
    assert_eq!(ok(Add, s("x"), Float(0.5)), "x0.5");
}

#[test]
fn string_repeat_and_its_errors() {
    assert_eq!(ok(Mul, s("ab"), Int(3)), "ababab");
    assert_eq!(ok(Mul, s("ab"), Int(0)), "");
    assert_eq!(
        err(Mul, s("ab"), Int(-1)),
        "cannot repeat a string -1 times"
    );
}

#[test]
fn booleans_add_as_integers() {
    assert_eq!(ok(Add, Bool(true), Bool(true)), "2");
    assert_eq!(ok(Add, Bool(true), Int(4)), "5");
    assert_eq!(ok(Add, Int(4), Bool(false)), "4");
}

#[test]
fn comparisons_mix_numbers_and_order_strings_by_bytes() {
    assert_eq!(ok(Lt, Int(1), Float(1.5)), "true");
    assert_eq!(ok(Ge, Float(2.0), Int(2)), "true");
    assert_eq!(ok(Lt, s("B"), s("a")), "true");
    assert_eq!(ok(Gt, s("é"), s("z")), "true");
    assert_eq!(ok(Lt, Float(f64::NAN), Int(1)), "false");
    assert_eq!(
        err(Lt, Int(1), s("2")),
        "unsupported operand types for <: IntegerBox and StringBox"
    );
}

#[test]
fn equality_across_kinds() {
    assert_eq!(ok(Eq, Int(1), Float(1.0)), "true");
    assert_eq!(ok(Eq, Null, Null), "true");
    assert_eq!(ok(Ne, Int(1), s("1")), "true");
    assert_eq!(ok(Eq, s("ab"), s("ab")), "true");
}

#[test]
fn unsupported_operands_name_both_types() {
    assert_eq!(
        err(Sub, s("a"), Int(1)),
        "unsupported operand types for -: StringBox and IntegerBox"
    );
    assert_eq!(
        err(Add, Null, Int(1)),
        "unsupported operand types for +: NullBox and IntegerBox"
    );
}

#[test]
fn unary_operators() {
    let out = run_body(|f| {
        let (a, b, c) = (f.int(i64::MIN), f.float(2.5), f.str(""));
        for (op, src) in [
            (UnaryOp::Neg, a),
            (UnaryOp::Neg, b),
            (UnaryOp::Not, c),
            (UnaryOp::Truthy, a),
        ] {
            let dst = f.reg();
            f.inst(InstKind::Unary { dst, op, src });
            f.print(dst);
        }
        f.ret_null();
    });
    assert_eq!(out.ok(), format!("{}\n-2.5\ntrue\ntrue\n", i64::MIN));
    let out = run_body(|f| {
        let src = f.str("x");
        let dst = f.reg();
        f.inst(InstKind::Unary {
            dst,
            op: UnaryOp::Neg,
            src,
        });
        f.ret_null();
    });
    assert_eq!(out.error(), "unsupported operand type for -: StringBox");
}

/// `local s = "a"  local t = s  s = s + "b"  s = s + 1  print(t)  print(s)`
#[test]
fn in_place_append_leaves_aliases_alone() {
    let out = run_body(|f| {
        let s = f.str("a");
        let t = f.reg();
        f.copy(t, s);
        let b = f.str("b");
        f.inst(InstKind::Binary {
            dst: s,
            op: Add,
            lhs: s,
            rhs: b,
        });
        let one = f.int(1);
        f.inst(InstKind::Binary {
            dst: s,
            op: Add,
            lhs: s,
            rhs: one,
        });
        f.inst(InstKind::Binary {
            dst: s,
            op: Add,
            lhs: s,
            rhs: s,
        });
        f.print(t);
        f.print(s);
        f.print(b);
        f.ret_null();
    });
    assert_eq!(out.ok(), "a\nab1ab1\nb\n");
}

/// A string constant in a loop is not modified by appending to a copy of it.
#[test]
fn in_place_append_does_not_modify_constants() {
    let out = run_body(|f| {
        let i = f.int(0);
        let head = f.block();
        let body = f.block();
        let done = f.block();
        let out = f.reg();
        f.jump(head);
        f.switch_to(head);
        let three = f.int(3);
        let cond = f.bin(Lt, i, three);
        f.branch(cond, body, done);
        f.switch_to(body);
        let s = f.str("x");
        let y = f.str("y");
        f.inst(InstKind::Binary {
            dst: s,
            op: Add,
            lhs: s,
            rhs: y,
        });
        f.copy(out, s);
        let one = f.int(1);
        f.inst(InstKind::Binary {
            dst: i,
            op: Add,
            lhs: i,
            rhs: one,
        });
        f.jump(head);
        f.switch_to(done);
        f.print(out);
        f.ret_null();
    });
    assert_eq!(out.ok(), "xy\n");
}
