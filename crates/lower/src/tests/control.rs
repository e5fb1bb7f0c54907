//! `if`, `loop`, `break`, `continue`, `and`/`or`, `not`.

use super::*;

#[test]
fn if_else_if_else_branches_on_truthiness() {
    let m = lower_ok(
        "function f(a) {\n if a > 1 { print(\"big\") } else if a { print(\"some\") } else { print(\"none\") }\n}\n",
    );
    assert_fn(
        &m,
        "f",
        r#"
        fn f(r0) [function] {
          types: r1: Int, r2: Bool, r3: Str, r4: Null
        bb0:
          r1 = const 1
          r2 = gt r0, r1
          br r2, bb1, bb2
        bb1:
          r3 = const "big"
          print r3
          release r3
          jump bb5
        bb2:
          br r0, bb3, bb4
        bb3:
          r3 = const "some"
          print r3
          release r3
          jump bb5
        bb4:
          r3 = const "none"
          print r3
          release r3
          jump bb5
        bb5:
          r4 = const null
          ret r4
        }
    "#,
    );
}

#[test]
fn loop_with_break_and_continue_releases_the_body_locals() {
    let m = lower_ok(
        "function f(n) {\n local i = 0\n loop(i < n) {\n  local buf = new ArrayBox()\n  i = i + 1\n  if i == 2 { continue }\n  if i == 5 { break }\n  print(i)\n }\n return i\n}\n",
    );
    assert_fn(
        &m,
        "f",
        r#"
        fn f(r0) [function] {
          types: r2: Bool, r4: Int, r5: Null
        bb0:
          r1 = const 0
          jump bb1
        bb1:
          r2 = lt r1, r0
          br r2, bb2, bb7
        bb2:
          r3 = new_builtin ArrayBox()
          r4 = const 1
          r1 = add r1, r4
          r4 = const 2
          r2 = eq r1, r4
          br r2, bb3, bb4
        bb3:
          release r3
          jump bb1
        bb4:
          r4 = const 5
          r2 = eq r1, r4
          br r2, bb5, bb6
        bb5:
          release r3
          jump bb7
        bb6:
          print r1
          release r3
          jump bb1
        bb7:
          ret r1
        }
    "#,
    );
}

#[test]
fn nested_loop_break_leaves_only_the_inner_loop() {
    let m = lower_ok(
        "function f() {\n loop(true) {\n  local a = new ArrayBox()\n  loop(true) {\n   local b = new ArrayBox()\n   break\n  }\n  break\n }\n}\n",
    );
    assert_fn(
        &m,
        "f",
        r#"
        fn f() [function] {
          types: r2: Null
        bb0:
          r0 = new_builtin ArrayBox()
          r1 = new_builtin ArrayBox()
          release r1
          release r0
          r2 = const null
          ret r2
        }
    "#,
    );
}

#[test]
fn conditions_with_and_or_not_become_branches() {
    let m = lower_ok("function f(a, b) {\n if a and not b or a == 3 { print(1) }\n}\n");
    assert_fn(
        &m,
        "f",
        r#"
        fn f(r0, r1) [function] {
          types: r2: Int, r3: Bool, r4: Null
        bb0:
          br r0, bb1, bb2
        bb1:
          br r1, bb2, bb3
        bb2:
          r2 = const 3
          r3 = eq r0, r2
          br r3, bb3, bb4
        bb3:
          r2 = const 1
          print r2
          jump bb4
        bb4:
          r4 = const null
          ret r4
        }
    "#,
    );
}

#[test]
fn and_or_as_values_short_circuit_to_booleans() {
    let m =
        lower_ok("function f(a, b) {\n local x = a and b\n local y = a or b < 2\n return x\n}\n");
    assert_fn(
        &m,
        "f",
        r#"
        fn f(r0, r1) [function] {
          types: r4: Int, r5: Null
        bb0:
          br r0, bb1, bb2
        bb1:
          r2 = truthy r1
          jump bb3
        bb2:
          r2 = const false
          jump bb3
        bb3:
          br r0, bb4, bb5
        bb4:
          r3 = const true
          jump bb6
        bb5:
          r4 = const 2
          r3 = lt r1, r4
          jump bb6
        bb6:
          ret r2
        }
    "#,
    );
}

#[test]
fn condition_temporaries_are_released_on_both_branches() {
    let m = lower_ok("function f(o) {\n if o.check() { print(1) }\n}\n");
    assert_fn(
        &m,
        "f",
        r#"
        fn f(r0) [function] {
          types: r2: Int, r3: Null
        bb0:
          r1 = callmethod r0.check()
          br r1, bb1, bb2
        bb1:
          release r1
          r2 = const 1
          print r2
          jump bb3
        bb2:
          release r1
          jump bb3
        bb3:
          r3 = const null
          ret r3
        }
    "#,
    );
}

#[test]
fn break_outside_a_loop_is_an_error() {
    assert_eq!(
        lower_err("function f() { break }\n"),
        ["`break` outside of a loop"]
    );
    assert_eq!(
        lower_err("function f() { continue }\n"),
        ["`continue` outside of a loop"]
    );
}
