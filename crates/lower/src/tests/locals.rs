//! Locals, scopes, globals, temporaries and their `Release`s.

use super::*;
use nyash_mir::{Const, FunctionKind, Reg, Type};

#[test]
fn assignment_computes_into_the_local_register() {
    let m = lower_ok(
        "function f(a) {\n local s = \"\"\n local i = 0\n s = s + a\n i = i + 1\n local t = s\n return t\n}\n",
    );
    assert_fn(
        &m,
        "f",
        r#"
        fn f(r0) [function] {
          types: r3: Int, r5: Null
        bb0:
          r1 = const ""
          r2 = const 0
          r1 = add r1, r0
          r3 = const 1
          r2 = add r2, r3
          r4 = copy r1
          ret r4
        }
    "#,
    );
}

#[test]
fn block_locals_are_released_at_block_end_and_temporaries_at_statement_end() {
    let m = lower_ok(
        "function f(n) {\n local keep = new ArrayBox()\n if n > 0 {\n  local inner = new MapBox()\n  print(inner.size())\n }\n return keep\n}\n",
    );
    assert_fn(
        &m,
        "f",
        r#"
        fn f(r0) [function] {
          types: r2: Int, r3: Bool, r6: Null
        bb0:
          r1 = new_builtin ArrayBox()
          r2 = const 0
          r3 = gt r0, r2
          br r3, bb1, bb2
        bb1:
          r4 = new_builtin MapBox()
          r5 = callmethod r4.size()
          print r5
          release r5
          release r4
          jump bb2
        bb2:
          ret r1
        }
    "#,
    );
}

#[test]
fn redeclaring_a_local_in_the_same_block_reuses_its_register() {
    let m = lower_ok("function f() {\n local x = 1\n local x = x + 1\n local y\n return x\n}\n");
    assert_fn(
        &m,
        "f",
        r#"
        fn f() [function] {
          types: r1: Int, r3: Null
        bb0:
          r0 = const 1
          r1 = const 1
          r0 = add r0, r1
          r2 = const null
          ret r0
        }
    "#,
    );
}

#[test]
fn inner_scope_shadows_and_its_register_is_recycled() {
    let m = lower_ok(
        "function f() {\n local x = \"outer\"\n if true {\n  local x = \"inner\"\n  print(x)\n }\n print(x)\n}\n",
    );
    assert_fn(
        &m,
        "f",
        r#"
        fn f() [function] {
          types: r2: Null
        bb0:
          r0 = const "outer"
          r1 = const "inner"
          print r1
          release r1
          print r0
          r2 = const null
          ret r2
        }
    "#,
    );
}

#[test]
fn top_level_assignments_declare_globals_but_locals_do_not() {
    let m = lower_ok(
        "x = 1\nlocal t = 2\nt = 3\nif true { y = x }\nfunction f() { global z = x + 1  return y }\n",
    );
    let names: Vec<&str> = m.globals.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["x", "y", "z"]);
    assert_fn(
        &m,
        "<top-level>",
        r#"
        fn <top-level>() [top-level] {
          types: r0: Int, r3: Null
        bb0:
          r0 = const 1
          store_global x = r0
          r1 = const 2
          r1 = const 3
          r2 = load_global x
          store_global y = r2
          release r2
          r3 = const null
          ret r3
        }
    "#,
    );
    assert_fn(
        &m,
        "f",
        r#"
        fn f() [function] {
          types: r1: Int, r3: Null
        bb0:
          r0 = load_global x
          r1 = const 1
          r2 = add r0, r1
          store_global z = r2
          release r0
          release r2
          r2 = load_global y
          ret r2
        }
    "#,
    );
}

#[test]
fn register_types_are_known_for_literals_comparisons_and_arithmetic() {
    let m = lower_ok(
        "function f(a) {\n print(1 + 2)\n print(1.5 * 2)\n print(\"a\" + a)\n print(a < 3)\n print(not a)\n print(-a)\n}\n",
    );
    let f = func(&m, "f");
    let typed: Vec<(String, Type)> = f
        .blocks
        .iter()
        .flat_map(|b| &b.insts)
        .filter_map(|i| match &i.kind {
            InstKind::Binary { dst, op, .. } => {
                Some((op.symbol().to_string(), f.reg_types[dst.index()]))
            }
            InstKind::Unary { dst, op, .. } => Some((format!("{op:?}"), f.reg_types[dst.index()])),
            _ => None,
        })
        .collect();
    let expected = [
        ("+", Type::Int),
        ("*", Type::Float),
        ("+", Type::Str),
        ("<", Type::Bool),
        ("Not", Type::Bool),
        ("Neg", Type::Any),
    ];
    let expected: Vec<(String, Type)> = expected.iter().map(|(o, t)| (o.to_string(), *t)).collect();
    assert_eq!(typed, expected);
}

#[test]
fn negative_literals_are_constants() {
    let m = lower_ok("print(-5)\nprint(-0.5)\n");
    let consts: Vec<&Const> = insts(func(&m, "<top-level>"))
        .into_iter()
        .filter_map(|i| match i {
            InstKind::Const { value, .. } => Some(value),
            _ => None,
        })
        .collect();
    assert_eq!(consts, [&Const::Int(-5), &Const::Float(-0.5), &Const::Null]);
}

#[test]
fn top_level_return_ends_the_file_and_code_after_it_is_dropped() {
    let m = lower_ok("print(1)\nreturn\nprint(2)\n");
    assert_fn(
        &m,
        "<top-level>",
        r#"
        fn <top-level>() [top-level] {
          types: r0: Int, r1: Null
        bb0:
          r0 = const 1
          print r0
          r1 = const null
          ret r1
        }
    "#,
    );
}

#[test]
fn parameters_come_first_and_methods_get_me_in_r0() {
    let m = lower_ok("box B {\n m(a, b) { return b }\n}\nfunction f(a, b) { return b }\n");
    let method = func(&m, "B.m");
    assert_eq!(method.param_count, 3);
    assert!(matches!(method.kind, FunctionKind::Method(_)));
    assert_eq!(
        method.blocks[0].term.kind,
        nyash_mir::TermKind::Return(Reg(2))
    );
    let f = func(&m, "f");
    assert_eq!(f.param_count, 2);
    assert_eq!(f.blocks[0].term.kind, nyash_mir::TermKind::Return(Reg(1)));
}

#[test]
fn unresolved_names_are_errors() {
    let errors = lower_err("function f() { return nope }\nfunction g() { nope = 1 }\n");
    assert_eq!(
        errors,
        ["undeclared variable `nope`", "undeclared variable `nope`"]
    );
    let errors = lower_err("function f() { return me }\n");
    assert_eq!(
        errors,
        ["`me` can only be used inside the methods of a box"]
    );
}
