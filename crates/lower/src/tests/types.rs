//! The module `lower` returns, after `nyash_mir::infer::refine_types`: whole programs whose
//! registers get types from their uses across functions.

use nyash_mir::{InstKind, Module, Type};

use super::{assert_fn, func, insts, program};

fn lower_refined(src: &str) -> Module {
    match crate::lower(&program(src)) {
        Ok(m) => m,
        Err(errors) => panic!("lowering failed: {errors:?}"),
    }
}

fn param_types(m: &Module, name: &str) -> Vec<Type> {
    let f = func(m, name);
    f.reg_types
        .get(..f.param_count as usize)
        .unwrap_or_default()
        .to_vec()
}

#[test]
fn fib_takes_and_returns_integers() {
    let m = lower_refined(
        "static box Main {\n fib(n) {\n if n < 2 { return n }\n return me.fib(n - 1) + me.fib(n - 2)\n }\n main() { print(me.fib(10)) }\n}\n",
    );
    assert_fn(
        &m,
        "Main.fib",
        r#"
        fn Main.fib(r0, r1) [method of Main] {
          types: r1: Int, r2: Int, r3: Bool, r4: Int, r5: Int, r6: Int, r7: Int, r8: Int, r9: Int, r10: Null
        bb0:
          r2 = const 2
          r3 = lt r1, r2
          br r3, bb1, bb2
        bb1:
          ret r1
        bb2:
          r2 = const 1
          r4 = sub r1, r2
          r5 = call Main.fib(r0, r4)
          r6 = const 2
          r7 = sub r1, r6
          r8 = call Main.fib(r0, r7)
          r9 = add r5, r8
          ret r9
        }
    "#,
    );
}

#[test]
fn loop_locals_are_integers_and_lose_their_releases() {
    let m = lower_refined(
        "function f(n) {\n local total = 0\n local i = 0\n loop(i < n) {\n local sq = i * i\n total = total + sq % 7\n i = i + 1\n }\n return total\n}\nprint(f(10))\n",
    );
    assert_fn(
        &m,
        "f",
        r#"
        fn f(r0) [function] {
          types: r0: Int, r1: Int, r2: Int, r3: Bool, r4: Int, r5: Int, r6: Int, r7: Null
        bb0:
          r1 = const 0
          r2 = const 0
          jump bb1
        bb1:
          r3 = lt r2, r0
          br r3, bb2, bb3
        bb2:
          r4 = mul r2, r2
          r5 = const 7
          r6 = mod r4, r5
          r1 = add r1, r6
          r5 = const 1
          r2 = add r2, r5
          jump bb1
        bb3:
          ret r1
        }
    "#,
    );
}

#[test]
fn a_method_also_called_dynamically_keeps_untyped_parameters() {
    let m = lower_refined(
        "box Other {\n init { v }\n twice(x) { return x }\n}\nstatic box Main {\n twice(x) { return x + x }\n main() {\n print(me.twice(1))\n local o = new Other()\n print(o.twice(2))\n }\n}\n",
    );
    // `o.twice(2)` may reach any method named `twice`.
    assert_eq!(param_types(&m, "Main.twice"), [Type::Any, Type::Any]);
    let once = lower_refined(
        "static box Main {\n twice(x) { return x + x }\n main() { print(me.twice(1)) }\n}\n",
    );
    assert_eq!(param_types(&once, "Main.twice"), [Type::Any, Type::Int]);
}

#[test]
fn parameters_join_every_call_site() {
    let m = lower_refined(
        "function ints(x) { return x }\nfunction mixed(x) { return x }\nprint(ints(1) + ints(2))\nprint(mixed(1))\nprint(mixed(2.5))\n",
    );
    assert_eq!(param_types(&m, "ints"), [Type::Int]);
    assert_eq!(param_types(&m, "mixed"), [Type::Any]);
}

#[test]
fn constructors_and_methods_of_ordinary_boxes_keep_untyped_parameters() {
    let m = lower_refined(
        "box P {\n init { v }\n birth(v) { me.v = v }\n get(k) { return k }\n}\nlocal p = new P(1)\nprint(p.get(2))\n",
    );
    assert_eq!(param_types(&m, "P.birth"), [Type::Any, Type::Any]);
    assert_eq!(param_types(&m, "P.get"), [Type::Any, Type::Any]);
}

#[test]
fn a_local_holding_an_integer_and_a_string_is_untyped() {
    let m = lower_refined("function f() {\n local x = 1\n x = \"one\"\n return x\n}\nprint(f())\n");
    let f = func(&m, "f");
    assert_eq!(f.reg_types.first(), Some(&Type::Any));
}

#[test]
fn recursion_through_two_functions_types_both() {
    let m = lower_refined(
        "function even(n) {\n if n == 0 { return true }\n return odd(n - 1)\n}\nfunction odd(n) {\n if n == 0 { return false }\n return even(n - 1)\n}\nprint(even(10))\n",
    );
    assert_eq!(param_types(&m, "even"), [Type::Int]);
    assert_eq!(param_types(&m, "odd"), [Type::Int]);
    let top = func(&m, "<top-level>");
    let call = insts(top).into_iter().find_map(|i| match i {
        InstKind::Call { dst, .. } => Some(*dst),
        _ => None,
    });
    let ty = call.and_then(|dst| top.reg_types.get(dst.index()));
    assert_eq!(ty, Some(&Type::Bool));
}

#[test]
fn an_assignment_in_a_try_body_reaches_the_handler() {
    let m = lower_refined(
        "function f(d) {\n local x = 1\n try {\n x = \"changed\"\n x = 10 / d\n } catch (e) {\n print(x)\n }\n return x\n}\nprint(f(0))\n",
    );
    let f = func(&m, "f");
    // `x` is 1, the string or the quotient, depending on where the division failed.
    assert_eq!(f.reg_types.get(1), Some(&Type::Any));
}

#[test]
fn built_in_methods_with_fixed_results_are_typed() {
    let m = lower_refined(
        "function f() {\n local a = new ArrayBox()\n a.push(1)\n local n = a.length()\n local s = \"abc\"\n return n + s.length()\n}\nprint(f())\n",
    );
    let f = func(&m, "f");
    let rets: Vec<Type> = f
        .blocks
        .iter()
        .filter_map(|b| match b.term.kind {
            nyash_mir::TermKind::Return(r) => f.reg_types.get(r.index()).copied(),
            _ => None,
        })
        .collect();
    assert_eq!(rets, [Type::Int]);
    assert!(!insts(f)
        .iter()
        .any(|i| matches!(i, InstKind::Release { reg } if f.reg_types.get(reg.index()) == Some(&Type::Int))));
}
