//! Calls, static boxes, namespaces and `new`.

use super::{assert_clean, assert_errors};

#[test]
fn unknown_function() {
    assert_errors(
        "print(nothing(1))",
        &["unknown function `nothing` @ nothing"],
    );
}

#[test]
fn wrong_argument_count() {
    assert_errors(
        "function add(a, b) { return a + b }\nprint(add(1))\nprint(add(1, 2, 3))\n\
         function one(x) { }\none()",
        &[
            "function `add` takes 2 arguments but 1 was given @ add(1)",
            "function `add` takes 2 arguments but 3 were given @ add(1, 2, 3)",
            "function `one` takes 1 argument but 0 were given @ one()",
        ],
    );
}

#[test]
fn duplicate_functions() {
    assert_errors(
        "function f() { }\nfunction f(x) { }\nfunction N.g() { }\nfunction N.g() { }",
        &[
            "function `f` is defined twice @ f",
            "function `N.g` is defined twice @ g",
        ],
    );
}

#[test]
fn namespace_functions() {
    assert_clean("function Math2.sq(x) { return x * x }\nprint(Math2.sq(3))");
    assert_errors(
        "function Util.sq(x) { return x * x }\nprint(Util.cube(3))\nprint(Util.sq())",
        &[
            "unknown function `Util.cube` @ cube",
            "function `Util.sq` takes 1 argument but 0 were given @ Util.sq()",
        ],
    );
}

#[test]
fn namespace_functions_join_a_static_box() {
    assert_clean("static box Util { a() { } }\nfunction Util.b() { }\nUtil.a()\nUtil.b()");
    assert_errors(
        "static box Util { a() { } }\nfunction Util.a() { }",
        &["method `a` is defined twice in box `Util` @ a"],
    );
}

#[test]
fn std_namespace_unknown_function() {
    assert_errors(
        "using nyashstd\nprint(string.reverse(\"a\"))",
        &["unknown function `string.reverse` @ reverse"],
    );
}

#[test]
fn static_box_without_the_method() {
    assert_errors(
        "static box Main { main() { Main.helper() } }",
        &["static box `Main` has no method `helper` @ helper"],
    );
    assert_clean("box P { shared() { } }\nstatic box S from P { }\nS.shared()");
    assert_clean("static box S from MathBox { }\nS.sqrt(4)");
}

#[test]
fn methods_of_a_box_that_is_not_static() {
    assert_errors(
        "box Foo { run() { } }\nFoo.run()\nprint(Foo.x)\nMathBox.sqrt(2)",
        &[
            "`Foo` is not a static box @ Foo",
            "`Foo` is not a static box @ Foo",
            "`MathBox` is not a static box @ MathBox",
        ],
    );
}

#[test]
fn new_of_user_and_builtin_boxes() {
    assert_clean(
        "box A { }\nlocal a = new A()\nlocal b = new ArrayBox()\nlocal c = new MapBox<String>()",
    );
}

#[test]
fn new_of_a_static_box() {
    assert_errors(
        "static box Main { main() { } }\nlocal m = new Main()",
        &["`Main` is a static box and cannot be created with `new` @ Main"],
    );
}

#[test]
fn new_of_unavailable_and_unknown_boxes() {
    assert_errors(
        "local a = new RegexBox(\"x\")\nlocal b = new Widget()\nJSONBox.parse(\"1\")",
        &[
            "`RegexBox` is not available yet @ RegexBox",
            "unknown box `Widget` @ Widget",
            "`JSONBox` is not available yet @ JSONBox",
        ],
    );
}

#[test]
fn every_error_of_a_program_is_reported() {
    assert_errors(
        "function f() {\n  a = 1\n  print(b)\n  g()\n  break\n}",
        &[
            "assignment to undeclared variable `a` @ a",
            "undeclared variable `b` @ b",
            "unknown function `g` @ g",
            "`break` outside of a loop @ break",
        ],
    );
}
