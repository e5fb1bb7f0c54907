//! Calls: functions, methods, static boxes, namespaces, `from`, `new`, and spans.

use super::*;
use nyash_mir::{BinaryOp, Inst};

#[test]
fn calls_of_every_kind() {
    let m = lower_ok(
        r#"
using nyashstd
static box Counter {
  init { count }
  inc() { return 1 }
}
function Util.double(x) { return x * 2 }
function helper(m) { return m.get("k") }
box Point { init { x } }
function f() {
  local c = Counter
  c.inc()
  Counter.inc()
  print(Util.double(3))
  print(string.upper("a"))
  local p = new Point()
  p.x = helper(new MapBox())
  return p.x
}
"#,
    );
    assert_fn(
        &m,
        "f",
        r#"
        fn f() [function] {
          types: r3: Int, r4: Str, r6: Null
        bb0:
          r0 = static_box Counter
          r1 = callmethod r0.inc()
          release r1
          r1 = static_box Counter
          r2 = call Counter.inc(r1)
          release r1
          release r2
          r3 = const 3
          r2 = call Util.double(r3)
          print r2
          release r2
          r4 = const "a"
          r2 = callbuiltin string.upper(r4)
          print r2
          release r4
          release r2
          r2 = new Point()
          r1 = new_builtin MapBox()
          r5 = call helper(r1)
          setfield r2.x = r5
          release r1
          release r5
          r5 = getfield r2.x
          ret r5
        }
    "#,
    );
}

#[test]
fn from_constructor_calls_pick_the_parent_constructor_by_arity() {
    let m = lower_ok(
        r#"
box A {
  birth(x) { }
  init(x, y) { }
}
box E { }
box B from A, E {
  birth() { from A.birth(1, 2)  from A.init(1)  from E.birth() }
}
"#,
    );
    assert_fn(
        &m,
        "B.birth",
        r#"
        fn B.birth(r0) [ctor of B] {
          types: r1: Int, r2: Int, r4: Null
        bb0:
          r1 = const 1
          r2 = const 2
          r3 = call A.init(r0, r1, r2)
          release r3
          r2 = const 1
          r3 = call A.birth(r0, r2)
          release r3
          r4 = const null
          r4 = const null
          ret r4
        }
    "#,
    );
}

#[test]
fn static_call_errors() {
    let errors = lower_err("function f(a) { }\nfunction g() { f() }\n");
    assert_eq!(errors, ["function `f` takes 1 argument but 0 were given"]);
    let errors = lower_err("box P { }\nfunction g() { P.m() }\n");
    assert_eq!(errors, ["`P` is not a static box"]);
    let errors = lower_err("function g() { nothing() }\n");
    assert_eq!(errors, ["unknown function `nothing`"]);
    let errors = lower_err("function g() { return new Nope() }\n");
    assert_eq!(errors, ["unknown box `Nope`"]);
    let errors = lower_err("box A { }\nbox B { m() { from A.m() } }\n");
    assert_eq!(errors, ["`A` is not a parent of `B`"]);
    let errors = lower_err("box A { }\nbox B from A { m() { from A.m() } }\n");
    assert_eq!(errors, ["`A` has no method `m`"]);
    let errors = lower_err("box A { birth(x) { } }\nbox B from A { birth() { from A.birth() } }\n");
    assert_eq!(errors, ["no constructor of A takes 0 arguments"]);
    let errors = lower_err("box A { m() { } }\nbox B from A { m() { from A.m(1) } }\n");
    assert_eq!(errors, ["method `A.m` takes 0 arguments but 1 was given"]);
}

/// The source text an instruction's span covers.
fn spanned<'s>(src: &'s str, inst: &Inst) -> &'s str {
    &src[inst.span.start as usize..inst.span.end as usize]
}

#[test]
fn spans_point_where_runtime_errors_should() {
    let src = "function f(a, b, o) {\n local r = a / b\n local q = a % (b + 1)\n local s = a - b\n local t = o.field\n return o.go(a, b)\n}\n";
    let m = lower_ok(src);
    let f = func(&m, "f");
    let all: Vec<&Inst> = f.blocks.iter().flat_map(|b| &b.insts).collect();
    let find =
        |pred: &dyn Fn(&InstKind) -> bool| *all.iter().find(|i| pred(&i.kind)).expect("inst");
    let div = find(&|k| {
        matches!(
            k,
            InstKind::Binary {
                op: BinaryOp::Div,
                ..
            }
        )
    });
    assert_eq!(spanned(src, div), "b");
    let rem = find(&|k| {
        matches!(
            k,
            InstKind::Binary {
                op: BinaryOp::Mod,
                ..
            }
        )
    });
    assert_eq!(spanned(src, rem), "(b + 1)");
    let add = find(&|k| {
        matches!(
            k,
            InstKind::Binary {
                op: BinaryOp::Add,
                ..
            }
        )
    });
    assert_eq!(spanned(src, add), "+");
    let sub = find(&|k| {
        matches!(
            k,
            InstKind::Binary {
                op: BinaryOp::Sub,
                ..
            }
        )
    });
    assert_eq!(spanned(src, sub), "-");
    let get = find(&|k| matches!(k, InstKind::GetField { .. }));
    assert_eq!(spanned(src, get), "field");
    let call = find(&|k| matches!(k, InstKind::CallMethod { .. }));
    assert_eq!(spanned(src, call), "o.go(a, b)");
}

#[test]
fn static_method_calls_with_another_arity_stay_dynamic() {
    let m = lower_ok("static box S {\n m(a) { return a }\n}\nfunction f() { return S.m() }\n");
    let calls: Vec<&InstKind> = insts(func(&m, "f"))
        .into_iter()
        .filter(|i| matches!(i, InstKind::Call { .. } | InstKind::CallMethod { .. }))
        .collect();
    assert!(matches!(calls[..], [InstKind::CallMethod { .. }]));
}
