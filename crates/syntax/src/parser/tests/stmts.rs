//! Statements and statement separation.

use super::{first_item, slice, stmt, tree};
use crate::ast::{Item, StmtKind};

#[test]
fn local_outbox_and_global() {
    assert_eq!(stmt("local x"), "(local x)");
    assert_eq!(
        stmt("local x = 1, y, z = f(2)"),
        "(local x=1 y z=(call f 2))"
    );
    assert_eq!(stmt("outbox r = new Res()"), "(outbox r=(new Res))");
    assert_eq!(stmt("global count = 0"), "(global count=0)");
}

#[test]
fn assignments_to_names_and_fields() {
    assert_eq!(stmt("x = 1"), "(= x 1)");
    assert_eq!(stmt("me.x = x"), "(= (. me x) x)");
    assert_eq!(stmt("a.b.c = v"), "(= (. (. a b) c) v)");
}

#[test]
fn if_else_chains_with_and_without_parentheses() {
    assert_eq!(stmt("if x > 3 { print(1) }"), "(if (> x 3) {(print 1)})");
    assert_eq!(stmt("if (x > 3) { print(1) }"), "(if (> x 3) {(print 1)})");
    assert_eq!(
        stmt("if a { f() } else if (b) { g() } else if c {} else { h() }"),
        "(if a {(call f)} b {(call g)} c {} else {(call h)})"
    );
    assert_eq!(
        stmt("if a {\n f()\n}\nelse {\n g()\n}"),
        "(if a {(call f)} else {(call g)})"
    );
    assert_eq!(stmt("if a\n{\n}"), "(if a {})");
}

#[test]
fn loops_break_continue() {
    assert_eq!(
        stmt("loop(i < 10) { if i == 5 { break } continue }"),
        "(loop (< i 10) {(if (== i 5) {break}) continue})"
    );
    assert_eq!(stmt("loop (true) {\n}"), "(loop true {})");
}

#[test]
fn return_with_and_without_value() {
    assert_eq!(tree("function f() { return }"), "(function f() {(return)})");
    assert_eq!(
        tree("function f() { return 1 }"),
        "(function f() {(return 1)})"
    );
    assert_eq!(
        tree("function f() {\n return\n g()\n}"),
        "(function f() {(return) (call g)})"
    );
    assert_eq!(stmt("return"), "(return)");
    assert_eq!(stmt("return me.x + 1"), "(return (+ (. me x) 1))");
}

#[test]
fn print_throw_nowait() {
    assert_eq!(stmt("print(\"a\" + 1)"), "(print (+ \"a\" 1))");
    assert_eq!(stmt("throw \"boom\""), "(throw \"boom\")");
    assert_eq!(
        stmt("throw new ErrorBox(\"x\")"),
        "(throw (new ErrorBox \"x\"))"
    );
    assert_eq!(stmt("nowait f = slow(1)"), "(nowait f (call slow 1))");
    assert_eq!(stmt("local v = await f"), "(local v=(await f))");
}

#[test]
fn every_catch_form() {
    assert_eq!(
        stmt("try { f() } catch (e) { g(e) }"),
        "(try {(call f)} (catch _ e {(call g e)}))"
    );
    assert_eq!(
        stmt("try { } catch (Error e) { }"),
        "(try {} (catch Error e {}))"
    );
    assert_eq!(
        stmt("try { } catch (ErrorBox e) { }"),
        "(try {} (catch ErrorBox e {}))"
    );
    assert_eq!(stmt("try { } catch () { }"), "(try {} (catch _ _ {}))");
    assert_eq!(stmt("try { } catch { }"), "(try {} (catch _ _ {}))");
    assert_eq!(
        stmt("try { } finally { f() }"),
        "(try {} (finally {(call f)}))"
    );
    assert_eq!(
        stmt("try {\n f()\n}\ncatch (e) {\n}\nfinally {\n}"),
        "(try {(call f)} (catch _ e {}) (finally {}))"
    );
}

#[test]
fn several_statements_on_one_line() {
    assert_eq!(stmt("me.x = x  me.y = y"), "(= (. me x) x)\n(= (. me y) y)");
    assert_eq!(
        stmt("local a = 1 print(a) a = a + 1"),
        "(local a=1)\n(print a)\n(= a (+ a 1))"
    );
    assert_eq!(stmt("f() g()"), "(call f)\n(call g)");
}

#[test]
fn blank_lines_and_comments_are_ignored() {
    assert_eq!(
        stmt("\n\n// c\nx = 1 # trailing\n\n\n   \n// end"),
        "(= x 1)"
    );
}

#[test]
fn statement_spans_cover_their_text() {
    let src = "if a { b() } else { c() }";
    let Item::Stmt(s) = first_item(src) else {
        panic!()
    };
    assert_eq!(slice(src, s.span), src);
    let StmtKind::If { branches, .. } = &s.kind else {
        panic!()
    };
    assert_eq!(slice(src, branches[0].1.span), "{ b() }");

    let src = "local x = 1, y";
    let Item::Stmt(s) = first_item(src) else {
        panic!()
    };
    assert_eq!(slice(src, s.span), src);

    let src = "try { } catch (e) { }";
    let Item::Stmt(s) = first_item(src) else {
        panic!()
    };
    let StmtKind::Try { catch: Some(c), .. } = &s.kind else {
        panic!()
    };
    assert_eq!(slice(src, c.span), "catch (e) { }");
}
