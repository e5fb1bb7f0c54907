//! Expressions: precedence, associativity, postfix forms, primaries and spans.

use super::{first_item, slice, stmt};
use crate::ast::{ExprKind, Item, StmtKind};

#[test]
fn precedence_follows_spec_section_4() {
    assert_eq!(stmt("1 + 2 * 3"), "(+ 1 (* 2 3))");
    assert_eq!(stmt("a or b and c"), "(or a (and b c))");
    assert_eq!(stmt("a == b < c"), "(== a (< b c))");
    assert_eq!(stmt("a < b + c"), "(< a (+ b c))");
    assert_eq!(stmt("a + b >> c * d"), "(>> (+ a b) (* c d))");
    assert_eq!(stmt("a && b || !c"), "(or (and a b) (not c))");
    assert_eq!(stmt("not a == b"), "(== (not a) b)");
    assert_eq!(stmt("-a.b()"), "(- (.b a))");
    assert_eq!(stmt("a % b / c"), "(/ (% a b) c)");
    assert_eq!(
        stmt("a != b or c <= d and e >= f or g > h"),
        "(or (or (!= a b) (and (<= c d) (>= e f))) (> g h))"
    );
}

#[test]
fn binary_operators_are_left_associative() {
    assert_eq!(stmt("a - b - c"), "(- (- a b) c)");
    assert_eq!(stmt("a / b * c"), "(* (/ a b) c)");
    assert_eq!(stmt("a >> 1 >> 2"), "(>> (>> a 1) 2)");
}

#[test]
fn unary_operators_nest() {
    assert_eq!(stmt("- - x"), "(- (- x))");
    assert_eq!(stmt("not not x"), "(not (not x))");
    assert_eq!(stmt("!x"), "(not x)");
    assert_eq!(stmt("await f"), "(await f)");
    assert_eq!(stmt("await me.job().x"), "(await (. (.job me) x))");
    assert_eq!(stmt("-9223372036854775807"), "(- 9223372036854775807)");
}

#[test]
fn primaries() {
    assert_eq!(stmt("print(42)"), "(print 42)");
    assert_eq!(stmt("print(1.5)"), "(print 1.5)");
    assert_eq!(stmt("print(\"hi\")"), "(print \"hi\")");
    assert_eq!(
        stmt("print(true)\nprint(false)\nprint(null)"),
        "(print true)\n(print false)\n(print null)"
    );
    assert_eq!(stmt("print(me)\nprint(this)"), "(print me)\n(print me)");
    assert_eq!(stmt("print((1 + 2) * 3)"), "(print (* (+ 1 2) 3))");
}

#[test]
fn calls_fields_and_methods() {
    assert_eq!(stmt("f()"), "(call f)");
    assert_eq!(stmt("f(1, g(2), 3)"), "(call f 1 (call g 2) 3)");
    assert_eq!(stmt("a.b.c"), "(. (. a b) c)");
    assert_eq!(stmt("a.b(1).c(2, 3)"), "(.c (.b a 1) 2 3)");
    assert_eq!(stmt("Math.max(1, 2)"), "(.max Math 1 2)");
    assert_eq!(stmt("(1 + 2).toString()"), "(.toString (+ 1 2))");
    assert_eq!(stmt("5.toString()"), "(.toString 5)");
    assert_eq!(stmt("1.5.floor()"), "(.floor 1.5)");
}

#[test]
fn keywords_may_name_methods_after_a_dot() {
    assert_eq!(stmt("console.print(1)"), "(.print console 1)");
    assert_eq!(stmt("x.fini()"), "(.fini x)");
    assert_eq!(stmt("from Animal.init(n)"), "(from Animal.init n)");
}

#[test]
fn new_with_and_without_type_arguments() {
    assert_eq!(stmt("new Dog(\"rex\", 3)"), "(new Dog \"rex\" 3)");
    assert_eq!(stmt("new ArrayBox()"), "(new ArrayBox)");
    assert_eq!(stmt("new Box2<IntegerBox>(1)"), "(new Box2<IntegerBox> 1)");
    assert_eq!(
        stmt("new MapBox<StringBox, IntegerBox>()"),
        "(new MapBox<StringBox IntegerBox>)"
    );
    assert_eq!(stmt("new P<A<B>>()"), "(new P<A>)");
    assert_eq!(stmt("new P<A<B<C>>, D>()"), "(new P<A D>)");
}

#[test]
fn from_calls() {
    assert_eq!(stmt("from Animal.speak()"), "(from Animal.speak)");
    assert_eq!(
        stmt("return from Animal.speak() + \"!\""),
        "(return (+ (from Animal.speak) \"!\"))"
    );
}

#[test]
fn line_breaks_inside_parentheses_and_after_operators() {
    assert_eq!(stmt("f(1,\n  2\n)"), "(call f 1 2)");
    assert_eq!(stmt("x = (1\n + 2)"), "(= x (+ 1 2))");
    assert_eq!(stmt("x = 1 +\n 2"), "(= x (+ 1 2))");
    assert_eq!(stmt("x = a and\n\n b"), "(= x (and a b))");
    assert_eq!(stmt("x = a\n  .b()\n  .c()"), "(= x (.c (.b a)))");
}

#[test]
fn line_breaks_end_expressions_before_minus_and_call_parentheses() {
    assert_eq!(stmt("x = a\n-b"), "(= x a)\n(- b)");
    assert_eq!(stmt("x = f\n(1)"), "(= x f)\n1");
    assert_eq!(stmt("x = a.b\n(1)"), "(= x (. a b))\n1");
    assert_eq!(stmt("x = a\n + b"), "(= x (+ a b))");
}

fn expr_of(src: &str) -> crate::ast::Expr {
    match first_item(src) {
        Item::Stmt(s) => match s.kind {
            StmtKind::Expr(e) => e,
            other => panic!("not an expression statement: {other:?}"),
        },
        other => panic!("not a statement: {other:?}"),
    }
}

#[test]
fn spans_cover_the_source_text() {
    let src = "a.b(1, 2).c";
    let e = expr_of(src);
    assert_eq!(slice(src, e.span), src);
    let ExprKind::Field { object, .. } = &e.kind else {
        panic!()
    };
    assert_eq!(slice(src, object.span), "a.b(1, 2)");

    let src = "x  +  (y * 2)";
    let e = expr_of(src);
    assert_eq!(slice(src, e.span), src);
    let ExprKind::Binary { op_span, rhs, .. } = &e.kind else {
        panic!()
    };
    assert_eq!(slice(src, *op_span), "+");
    assert_eq!(slice(src, rhs.span), "(y * 2)");

    let src = "not  ok";
    let e = expr_of(src);
    let ExprKind::Unary { op_span, .. } = &e.kind else {
        panic!()
    };
    assert_eq!(slice(src, *op_span), "not");
    assert_eq!(slice(src, e.span), src);

    let src = "a && b";
    let ExprKind::Binary { op_span, .. } = expr_of(src).kind else {
        panic!()
    };
    assert_eq!(slice(src, op_span), "&&");

    let src = "f(1,\n 2)";
    let e = expr_of(src);
    assert_eq!(slice(src, e.span), src);
    let ExprKind::Call { callee, .. } = &e.kind else {
        panic!()
    };
    assert_eq!(slice(src, callee.span), "f");

    for src in ["new Foo<T>(1)", "from P.m(x)", "await x", "\"s\"", "1.25"] {
        assert_eq!(slice(src, expr_of(src).span), src);
    }
}
