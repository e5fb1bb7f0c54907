//! Box declarations: parents, cycles, duplicates, `override`, interfaces, fields, `from`.

use super::{assert_clean, assert_errors, check_files};

#[test]
fn unknown_parent() {
    assert_errors(
        "box A from Ghost { }",
        &["unknown parent box `Ghost` @ Ghost"],
    );
    assert_errors(
        "box J from JSONBox { }",
        &["`JSONBox` is not available yet @ JSONBox"],
    );
}

#[test]
fn delegation_cycle() {
    assert_errors(
        "box A from B { }\nbox B from A { }\nbox C from C { }",
        &[
            "box `A` is its own ancestor (delegation cycle) @ A",
            "box `B` is its own ancestor (delegation cycle) @ B",
            "box `C` is its own ancestor (delegation cycle) @ C",
        ],
    );
}

#[test]
fn duplicate_boxes_across_files() {
    assert_eq!(
        check_files(&["box A { }", "box A { }"]),
        ["box `A` is defined twice @ A"]
    );
}

#[test]
fn duplicate_methods_and_constructors() {
    assert_errors(
        "box A {\n  birth(x) { }\n  birth(y) { }\n  birth() { }\n  run() { }\n  run(x) { }\n}",
        &[
            "constructor `birth` with 1 parameter is defined twice in box `A` @ birth",
            "method `run` is defined twice in box `A` @ run",
        ],
    );
}

#[test]
fn duplicate_fields() {
    assert_errors(
        "box A { init { x, y, weak x } }",
        &["field `x` is declared twice in box `A` @ x"],
    );
}

#[test]
fn redefining_without_override() {
    assert_errors(
        "box A { speak() { } }\nbox B from A { }\nbox C from B { speak() { } }",
        &["method `speak` redefines a method of `A` and must be marked `override` @ speak"],
    );
}

#[test]
fn override_without_parent_method() {
    assert_errors(
        "box A { }\nbox B from A { override speak() { } }\nbox L { override x() { } }",
        &[
            "method `speak` is marked `override` but no parent box defines it @ speak",
            "method `x` is marked `override` but no parent box defines it @ x",
        ],
    );
}

#[test]
fn constructors_and_fini_are_exempt_from_override() {
    assert_clean(
        "box A { birth() { } fini() { } }\nbox B from A { birth() { from A.birth() } fini() { } }",
    );
}

#[test]
fn builtin_parents_allow_override() {
    assert_clean("box Calc from MathBox { override sqrt(x) { return 1 } abs(x) { return 2 } }");
}

#[test]
fn interfaces_must_be_complete() {
    assert_errors(
        "interface Shape { area() name() }\nbox Base { name() { } }\n\
         box Sq from Base interface Shape { }\nbox Tri interface Shape, Solid { area() { } }",
        &[
            "box `Sq` does not define `area` of interface `Shape` @ Shape",
            "box `Tri` does not define `name` of interface `Shape` @ Shape",
            "unknown interface `Solid` @ Solid",
        ],
    );
}

#[test]
fn unknown_fields_of_me() {
    assert_errors(
        "box A {\n  init { a }\n  get() { return me.b }\n  set(v) { me.c = v  me.a = v }\n}",
        &[
            "box `A` has no field `b` @ b",
            "box `A` has no field `c` @ c",
        ],
    );
}

#[test]
fn inherited_fields_are_known() {
    assert_clean(
        "box A { init { a } }\nbox B from A { init { b } birth() { me.a = 1  me.b = 2 } }",
    );
}

#[test]
fn fields_of_boxes_with_builtin_parents_are_not_checked() {
    assert_clean("box Calc from MathBox { run() { return me.anything } }");
}

#[test]
fn static_box_fields_from_outside() {
    assert_errors(
        "static box Counter { init { count } }\nprint(Counter.count)\nCounter.other = 1",
        &["box `Counter` has no field `other` @ other"],
    );
}

#[test]
fn from_outside_a_box() {
    assert_errors(
        "box A { run() { } }\nfunction f() { from A.run() }",
        &["`from` can only be used inside the methods of a box @ from A.run()"],
    );
}

#[test]
fn from_a_box_that_is_not_a_parent() {
    assert_errors(
        "box A { run() { } }\nbox B { run() { from A.run() } }",
        &["`A` is not a parent of `B` @ A"],
    );
}

#[test]
fn from_a_parent_without_the_method() {
    assert_errors(
        "box A { run() { } }\nbox B from A { go() { from A.fly() } }",
        &["`A` has no method `fly` @ fly"],
    );
    assert_clean("box G { walk() { } }\nbox A from G { }\nbox B from A { go() { from A.walk() } }");
}

#[test]
fn from_a_builtin_parent() {
    assert_clean("box Calc from MathBox { root(x) { return from MathBox.sqrt(x) } }");
}
