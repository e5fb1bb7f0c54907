//! `try`/`catch`/`finally` in every form, `throw`, `return`/`break` leaving a region,
//! `nowait` and `await`.

use super::*;

#[test]
fn try_catch() {
    let m = lower_ok("function f() {\n try { print(1) } catch (e) { print(e) }\n print(2)\n}\n");
    assert_fn(
        &m,
        "f",
        r#"
        fn f() [function] {
          types: r1: Int, r2: Null
        bb0:
          try_enter bb1 -> r0
          r1 = const 1
          print r1
          try_exit
          jump bb2
        bb1:
          print r0
          release r0
          jump bb2
        bb2:
          r1 = const 2
          print r1
          r2 = const null
          ret r2
        }
    "#,
    );
}

#[test]
fn try_catch_finally_covers_the_catch_body_with_a_second_region() {
    let m = lower_ok(
        "function f() {\n try { print(1) } catch (Error e) { print(e) } finally { print(3) }\n}\n",
    );
    assert_fn(
        &m,
        "f",
        r#"
        fn f() [function] {
          types: r1: Int, r3: Null
        bb0:
          try_enter bb1 -> r0
          r1 = const 1
          print r1
          try_exit
          jump bb2
        bb1:
          try_enter bb3 -> r2
          print r0
          release r0
          try_exit
          jump bb2
        bb2:
          r1 = const 3
          print r1
          r3 = const null
          ret r3
        bb3:
          release r0
          r1 = const 3
          print r1
          throw r2
        }
    "#,
    );
}

#[test]
fn try_finally_without_catch_rethrows_after_the_finally() {
    let m = lower_ok("function f() {\n try { print(1) } finally { print(3) }\n}\n");
    assert_fn(
        &m,
        "f",
        r#"
        fn f() [function] {
          types: r1: Int, r2: Null
        bb0:
          try_enter bb1 -> r0
          r1 = const 1
          print r1
          try_exit
          r1 = const 3
          print r1
          r2 = const null
          ret r2
        bb1:
          r1 = const 3
          print r1
          throw r0
        }
    "#,
    );
}

#[test]
fn catch_without_variable_releases_the_error() {
    let m = lower_ok("function f() {\n try { print(1) } catch { print(2) }\n}\n");
    assert_fn(
        &m,
        "f",
        r#"
        fn f() [function] {
          types: r1: Int, r2: Null
        bb0:
          try_enter bb1 -> r0
          r1 = const 1
          print r1
          try_exit
          jump bb2
        bb1:
          r1 = const 2
          print r1
          release r0
          jump bb2
        bb2:
          r2 = const null
          ret r2
        }
    "#,
    );
}

#[test]
fn handler_releases_what_the_try_body_held() {
    let m = lower_ok(
        "function f() {\n try {\n  local r = new ArrayBox()\n  r.push(1)\n } catch (e) { }\n}\n",
    );
    assert_fn(
        &m,
        "f",
        r#"
        fn f() [function] {
          types: r2: Int, r4: Null
        bb0:
          try_enter bb1 -> r0
          r1 = new_builtin ArrayBox()
          r2 = const 1
          r3 = callmethod r1.push(r2)
          release r3
          release r1
          try_exit
          jump bb2
        bb1:
          release r1
          release r3
          release r0
          jump bb2
        bb2:
          r4 = const null
          ret r4
        }
    "#,
    );
}

#[test]
fn return_inside_try_finally_runs_the_finally_first() {
    let m = lower_ok(
        "function f() {\n local outer = 1\n try {\n  local x = new ArrayBox()\n  return x\n } finally {\n  print(outer)\n }\n}\n",
    );
    assert_fn(
        &m,
        "f",
        r#"
        fn f() [function] {
          types: r4: Null
        bb0:
          r0 = const 1
          try_enter bb1 -> r1
          r2 = new_builtin ArrayBox()
          r3 = copy r2
          release r2
          try_exit
          print r0
          ret r3
        bb1:
          release r2
          release r3
          print r0
          throw r1
        }
    "#,
    );
}

#[test]
fn return_inside_try_without_finally_just_exits_the_region() {
    let m = lower_ok("function f(x) {\n try { return x } catch (e) { return e }\n}\n");
    assert_fn(
        &m,
        "f",
        r#"
        fn f(r0) [function] {
          types: r2: Null
        bb0:
          try_enter bb1 -> r1
          try_exit
          ret r0
        bb1:
          ret r1
        }
    "#,
    );
}

#[test]
fn break_and_continue_inside_try_exit_the_region_and_run_finally() {
    let m = lower_ok(
        "function f() {\n loop(true) {\n  try {\n   if 1 { continue }\n   break\n  } finally { print(\"f\") }\n }\n}\n",
    );
    assert_fn(
        &m,
        "f",
        r#"
        fn f() [function] {
          types: r1: Int, r2: Str, r3: Null
        bb0:
          jump bb1
        bb1:
          try_enter bb4 -> r0
          r1 = const 1
          br r1, bb2, bb3
        bb2:
          try_exit
          r2 = const "f"
          print r2
          release r2
          jump bb1
        bb3:
          try_exit
          r2 = const "f"
          print r2
          release r2
          r3 = const null
          ret r3
        bb4:
          release r2
          r2 = const "f"
          print r2
          release r2
          throw r0
        }
    "#,
    );
}

#[test]
fn nested_finally_bodies_run_innermost_first_on_return() {
    let m = lower_ok(
        "function f() {\n try {\n  try { return 1 } finally { print(\"inner\") }\n } finally { print(\"outer\") }\n}\n",
    );
    assert_fn(
        &m,
        "f",
        r#"
        fn f() [function] {
          types: r3: Str, r4: Null
        bb0:
          try_enter bb1 -> r0
          try_enter bb2 -> r1
          r2 = const 1
          try_exit
          r3 = const "inner"
          print r3
          release r3
          try_exit
          r3 = const "outer"
          print r3
          release r3
          ret r2
        bb1:
          release r1
          release r2
          release r3
          r3 = const "outer"
          print r3
          release r3
          throw r0
        bb2:
          release r2
          release r3
          r3 = const "inner"
          print r3
          release r3
          throw r1
        }
    "#,
    );
}

#[test]
fn throw_is_a_terminator_with_the_statement_span() {
    let src = "function f() {\n throw \"boom\"\n}\n";
    let m = lower_ok(src);
    let f = func(&m, "f");
    let term = &f.blocks[0].term;
    assert!(matches!(term.kind, nyash_mir::TermKind::Throw(_)));
    assert_eq!(
        &src[term.span.start as usize..term.span.end as usize],
        "throw \"boom\""
    );
}

#[test]
fn nowait_wraps_the_value_or_the_error_in_a_future() {
    let m = lower_ok(
        "function g() { return 1 }\nfunction f() {\n nowait fut = g()\n return await fut\n}\n",
    );
    assert_fn(
        &m,
        "f",
        r#"
        fn f() [function] {
          types: r3: Null
        bb0:
          try_enter bb1 -> r1
          r2 = call g()
          try_exit
          r0 = future_ok r2
          jump bb2
        bb1:
          r0 = future_err r1
          jump bb2
        bb2:
          release r1
          release r2
          r2 = await r0
          ret r2
        }
    "#,
    );
}
