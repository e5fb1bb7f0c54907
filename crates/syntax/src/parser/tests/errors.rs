//! Syntax errors: messages, places, and recovery (every error of a file, no cascades).

use super::{errors, parse_any, pretty};

#[test]
fn expected_token_messages() {
    assert_eq!(errors("print(1 }"), ["expected `)`, found `}` @ `}`"]);
    assert_eq!(
        errors("local = 3"),
        ["expected a variable name, found `=` @ `=`"]
    );
    assert_eq!(
        errors("loop x { }"),
        ["expected `(` after `loop`, found identifier `x` @ `x`"]
    );
    assert_eq!(
        errors("x = "),
        ["expected an expression, found end of file @ ``"]
    );
    assert_eq!(
        errors("f(1 2)"),
        ["expected `,` or `)`, found number `2` @ `2`"]
    );
    assert_eq!(errors("box { }"), ["expected a box name, found `{` @ `{`"]);
    assert_eq!(
        errors("static x = 1"),
        ["expected `box` or `function` after `static`, found identifier `x` @ `x`"]
    );
    assert_eq!(errors("new Foo"), ["expected `(`, found end of file @ ``"]);
    assert_eq!(
        errors("include foo"),
        ["expected a file path string, found identifier `foo` @ `foo`"]
    );
}

#[test]
fn field_lists_need_commas() {
    assert_eq!(
        errors("box A { init { a b } }"),
        ["expected `,` or `}`, found identifier `b` @ `b`"]
    );
}

#[test]
fn lexical_errors_are_reported_once() {
    assert_eq!(errors("local x = @"), ["unexpected character `@` @ `@`"]);
    assert_eq!(
        errors("print(\"abc)"),
        ["unterminated string literal @ `\"abc)`"]
    );
    assert_eq!(
        errors("local n = 9223372036854775808"),
        ["integer literal is too large @ `9223372036854775808`"]
    );
    // Unary minus applied to a too-large literal: still too large.
    assert_eq!(
        errors("local n = -9223372036854775808"),
        ["integer literal is too large @ `9223372036854775808`"]
    );
}

#[test]
fn invalid_assignment_targets() {
    let message = "invalid assignment target: only a name or a field can be assigned";
    assert_eq!(errors("f() = 1"), [format!("{message} @ `f()`")]);
    assert_eq!(errors("a + b = 1"), [format!("{message} @ `a + b`")]);
    assert_eq!(errors("me = 1"), [format!("{message} @ `me`")]);
}

#[test]
fn declarations_inside_blocks() {
    assert_eq!(
        errors("function f() { box B { } }"),
        ["`box` is only allowed at the top level of a file @ `box`"]
    );
    assert_eq!(
        errors("if x { include \"a\" }"),
        ["`include` is only allowed at the top level of a file @ `include`"]
    );
}

#[test]
fn stray_closing_brace() {
    assert_eq!(errors("print(1)\n}\nprint(2)"), ["unexpected `}` @ `}`"]);
}

#[test]
fn unclosed_blocks_give_one_error() {
    assert_eq!(
        errors("static box Main {\n main() {\n if x {\n print(1)\n"),
        ["expected `}`, found end of file @ ``"]
    );
}

#[test]
fn recovery_reports_every_error_of_the_file() {
    let src = "\
static box Main {
    main() {
        local a = (1 +
        print(a)
        local b = 2 )
        x = @
        print(\"ok\")
    }
    broken(
    other() { return 1 }
}
print(9223372036854775808)
print(1)
";
    assert_eq!(
        errors(src),
        [
            "expected an expression, found `print` @ `print`",
            "expected an expression, found `)` @ `)`",
            "unexpected character `@` @ `@`",
            "expected `,` or `)`, found `(` @ `(`",
            "integer literal is too large @ `9223372036854775808`",
        ]
    );
}

#[test]
fn recovery_keeps_the_good_parts() {
    let file = parse_any("local a = )\nprint(1)\nbox B { f( { }\n g() { } }\nprint(2)");
    let lines: Vec<String> = file
        .items
        .iter()
        .map(|i| {
            pretty::file(&crate::ast::SourceFile {
                items: vec![i.clone()],
            })
        })
        .collect();
    assert_eq!(lines, ["(print 1)", "(box B (method g() {}))", "(print 2)"]);
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = format!("x = {}1{}", "(".repeat(5000), ")".repeat(5000));
    assert_eq!(errors(&deep).len(), 1);
    assert!(errors(&deep)[0].starts_with("expression or block is nested too deeply"));
    let unary = format!("x = {}1", "-".repeat(5000));
    assert_eq!(errors(&unary).len(), 1);
    let blocks = format!("{}{}", "if x { ".repeat(3000), "}".repeat(3000));
    assert_eq!(errors(&blocks).len(), 1);
    let chain = format!("x = 1{}", " + 1".repeat(5000));
    assert_eq!(errors(&chain).len(), 1);
    let fields = format!("x = a{}", ".b".repeat(5000));
    assert_eq!(errors(&fields).len(), 1);
    // Long but reasonable expressions are fine.
    let sum = format!("x = 1{}", " + 1".repeat(150));
    assert!(errors(&sum).is_empty());
}

#[test]
fn an_error_inside_a_method_keeps_the_other_members() {
    let src = "box B {\n  init { x }\n  a() { local = 1\n print(2) }\n  b() { }\n}";
    assert_eq!(errors(src), ["expected a variable name, found `=` @ `=`"]);
    assert_eq!(
        pretty::file(&parse_any(src)),
        "(box B (fields x) (method a() {(print 2)}) (method b() {}))"
    );
}

#[test]
fn garbage_members_are_skipped_line_by_line() {
    let src = "box B {\n  123\n  a() { }\n  + - *\n  b() { }\n}";
    assert_eq!(
        errors(src),
        [
            "expected a field list, constructor or method, found number `123` @ `123`",
            "expected a field list, constructor or method, found `+` @ `+`",
        ]
    );
    assert_eq!(
        pretty::file(&parse_any(src)),
        "(box B (method a() {}) (method b() {}))"
    );
}
