//! Calls whose target is known before running, checked with the rules lowering applies:
//! `from` calls (constructors and methods, with their argument counts), `Main.main`, and
//! `function B.f()` of a box `B` that is not static.

use super::{assert_clean, assert_errors};

#[test]
fn from_constructor_needs_a_constructor_of_that_arity() {
    assert_errors(
        "box A { birth(x) { } }\nbox B from A { birth() { from A.birth() } }",
        &["no constructor of A takes 0 arguments @ from A.birth()"],
    );
    // Any constructor of the parent with that arity serves, whatever its name.
    assert_clean("box A { init(x) { } }\nbox B from A { birth() { from A.birth(1) } }");
    assert_clean("box A { A(x, y) { } }\nbox B from A { birth() { from A.pack(1, 2) } }");
    // A parent without constructors accepts a call without arguments, and only that.
    assert_clean("box A { }\nbox B from A { birth() { from A.birth() } }");
    assert_errors(
        "box A { }\nbox B from A { birth() { from A.init(1, 2) } }",
        &["no constructor of A takes 2 arguments @ from A.init(1, 2)"],
    );
}

#[test]
fn from_constructor_looks_only_at_the_parent_itself() {
    assert_errors(
        "box A { birth(x) { } }\nbox B from A { }\nbox C from B { birth() { from B.birth(1) } }",
        &["no constructor of B takes 1 argument @ from B.birth(1)"],
    );
    // Its own name is a constructor name of the parent, never of a grandparent.
    assert_errors(
        "box G { G() { } }\nbox A from G { }\nbox B from A { go() { from A.G() } }",
        &["`A` has no method `G` @ G"],
    );
}

#[test]
fn from_constructor_of_a_parent_with_a_builtin_ancestor() {
    assert_errors(
        "box A from MathBox { birth(x) { } }\nbox B from A { birth() { from A.pack() } }",
        &["no constructor of A takes 0 arguments @ from A.pack()"],
    );
    assert_clean("box A from MathBox { }\nbox B from A { birth() { from A.pack() } }");
    assert_clean("box A from MathBox { birth() { from MathBox.birth(1) } }");
}

#[test]
fn from_method_argument_count() {
    assert_errors(
        "box A { speak() { } fini() { } }\n\
         box B from A { go() { from A.speak(1)  from A.fini(1) } }",
        &[
            "method `A.speak` takes 0 arguments but 1 was given @ from A.speak(1)",
            "method `A.fini` takes 0 arguments but 1 was given @ from A.fini(1)",
        ],
    );
    // The method found may be an ancestor's: the message names the box that defines it.
    assert_errors(
        "box G { walk(a, b) { } }\nbox A from G { }\nbox B from A { go() { from A.walk(1) } }",
        &["method `G.walk` takes 2 arguments but 1 was given @ from A.walk(1)"],
    );
    assert_clean("box A { speak(x) { } }\nbox B from A { go() { from A.speak(1) } }");
}

#[test]
fn from_method_on_a_parent_with_a_builtin_ancestor() {
    // Unknown methods may belong to the built-in ancestor; known ones are counted.
    assert_clean("box A from ArrayBox { }\nbox B from A { go() { from A.push(1) } }");
    assert_errors(
        "box A from ArrayBox { push(x) { } }\nbox B from A { go() { from A.push() } }",
        &["method `A.push` takes 1 argument but 0 were given @ from A.push()"],
    );
}

#[test]
fn from_names_only_the_first_builtin_parent() {
    assert_errors(
        "box X from MathBox, ArrayBox { go() { from MathBox.abs(1)  from ArrayBox.length() } }",
        &["`ArrayBox` is not a parent of `X` @ ArrayBox"],
    );
}

#[test]
fn main_takes_at_most_one_parameter() {
    assert_errors(
        "static box Main { main(a, b) { } }",
        &["`Main.main` takes at most one parameter @ main(a, b) { }"],
    );
    assert_errors(
        "static box Main { }\nfunction Main.main(a, b) { }",
        &["`Main.main` takes at most one parameter @ function Main.main(a, b) { }"],
    );
    assert_clean("static box Main { main(args) { } }");
    // Only a static `Main` is started, so another box may have any `main`.
    assert_clean("box Main { main(a, b) { } }\nstatic box App { main(a, b) { } }");
}

#[test]
fn functions_of_an_ordinary_box() {
    assert_errors(
        "box B { }\nfunction B.f() { }\nB.f()",
        &[
            "`function B.f` needs `B` to be a static box @ f",
            "`B` is not a static box @ B",
        ],
    );
    assert_clean("static box S { }\nfunction S.f() { }\nS.f()");
    assert_clean("function Util.f() { }\nUtil.f()");
}
