//! Top-level items: boxes and their members, interfaces, functions, using, include.

use super::{first_item, slice, tree};
use crate::ast::Item;

#[test]
fn the_animal_and_dog_example_of_spec_section_5() {
    let src = r#"
box Animal {
    init { name, sound }                 // fields; all start as null
    birth(name) { me.name = name }       // constructor
    speak() { return me.name + " says " + me.sound }
    fini() { print("bye " + me.name) }   // finaliser
}
box Dog from Animal {                    // delegation (single or multiple parents)
    init { breed }
    birth(name, breed) { from Animal.birth(name)  me.sound = "woof"  me.breed = breed }
    override speak() { return from Animal.speak() + "!" }
}
"#;
    assert_eq!(
        tree(src),
        "(box Animal (fields name sound) \
(ctor-birth birth(name) {(= (. me name) name)}) \
(method speak() {(return (+ (+ (. me name) \" says \") (. me sound)))}) \
(method fini() {(print (+ \"bye \" (. me name)))}))\n\
(box Dog from(Animal) (fields breed) \
(ctor-birth birth(name breed) {(from Animal.birth name) (= (. me sound) \"woof\") (= (. me breed) breed)}) \
(method override speak() {(return (+ (from Animal.speak) \"!\"))}))"
    );
}

#[test]
fn static_box_with_main_and_static_initialiser() {
    assert_eq!(
        tree("static box Main {\n  init { count }\n  static { me.count = 0 }\n  main() {\n    print(1)\n  }\n}"),
        "(box Main static (fields count) (method main() {(print 1)}) (static {(= (. me count) 0)}))"
    );
}

#[test]
fn box_headers() {
    assert_eq!(tree("box Pair<A, B> { }"), "(box Pair <A B>)");
    assert_eq!(
        tree("box C from A, B interface I, J { }"),
        "(box C from(A B) interface(I J))"
    );
    assert_eq!(tree("box Calc from MathBox {}"), "(box Calc from(MathBox))");
}

#[test]
fn fields_with_weak_and_newlines() {
    assert_eq!(
        tree("box N { init { a, weak b } }"),
        "(box N (fields a weak:b))"
    );
    assert_eq!(
        tree("box N {\n init {\n  a,\n  b,\n }\n init { c }\n}"),
        "(box N (fields a b c))"
    );
    assert_eq!(tree("box N { init { } }"), "(box N)");
}

#[test]
fn every_constructor_form() {
    assert_eq!(
        tree("box P { birth(x) { } }"),
        "(box P (ctor-birth birth(x) {}))"
    );
    assert_eq!(
        tree("box P { init(x, y) { } }"),
        "(box P (ctor-init init(x y) {}))"
    );
    assert_eq!(
        tree("box P { pack(x) { } }"),
        "(box P (ctor-pack pack(x) {}))"
    );
    assert_eq!(tree("box P { P(x) { } }"), "(box P (ctor-named P(x) {}))");
    // `init {` declares fields, `init(` is a constructor.
    assert_eq!(
        tree("box P { init { x } init(x) { me.x = x } }"),
        "(box P (fields x) (ctor-init init(x) {(= (. me x) x)}))"
    );
}

#[test]
fn method_modifiers() {
    assert_eq!(
        tree("box B from A { override f() { } static g(x) { } static override h() {} }"),
        "(box B from(A) (method override f() {}) (method static g(x) {}) (method override static h() {}))"
    );
}

#[test]
fn members_may_share_a_line() {
    assert_eq!(
        tree("box P { init { x } birth(x) { me.x = x } get() { return me.x } }"),
        "(box P (fields x) (ctor-birth birth(x) {(= (. me x) x)}) (method get() {(return (. me x))}))"
    );
}

#[test]
fn interfaces() {
    assert_eq!(
        tree("interface Shape {\n  area()\n  scale(f, g)\n}"),
        "(interface Shape area() scale(f g))"
    );
    assert_eq!(
        tree("interface Shape { area() name() }"),
        "(interface Shape area() name())"
    );
}

#[test]
fn functions() {
    assert_eq!(
        tree("function add(a, b) { return a + b }"),
        "(function add(a b) {(return (+ a b))})"
    );
    assert_eq!(tree("fn f() { }"), "(function f() {})");
    assert_eq!(tree("static function f() { }"), "(function f() {})");
    assert_eq!(tree("function Ns.f(x) { }"), "(function Ns.f(x) {})");
    assert_eq!(tree("function f(\n a,\n b,\n) { }"), "(function f(a b) {})");
}

#[test]
fn using_include_and_top_level_statements() {
    assert_eq!(
        tree("using nyashstd\ninclude \"lib/util.nyash\"\nlocal x = 1\nprint(x)"),
        "(using nyashstd)\n(include \"lib/util.nyash\")\n(local x=1)\n(print x)"
    );
}

#[test]
fn item_spans_cover_their_text() {
    let src = "static box Main { main() { } }";
    let Item::Box(decl) = first_item(src) else {
        panic!()
    };
    assert_eq!(slice(src, decl.span), src);
    assert_eq!(slice(src, decl.methods[0].span), "main() { }");

    let src = "static function f() { }";
    let Item::Function(f) = first_item(src) else {
        panic!()
    };
    assert_eq!(slice(src, f.span), src);

    let src = "include \"a.nyash\"";
    let Item::Include { span, .. } = first_item(src) else {
        panic!()
    };
    assert_eq!(slice(src, span), src);

    let src = "interface I { m() }";
    let Item::Interface(i) = first_item(src) else {
        panic!()
    };
    assert_eq!(slice(src, i.span), src);
}
