//! Names and scopes: locals, parameters, globals, `me`, loops.

use super::{assert_clean, assert_errors, check_files};

#[test]
fn reading_an_undeclared_name() {
    assert_errors(
        "static box Main { main() { print(x + 1) } }",
        &["undeclared variable `x` @ x"],
    );
}

#[test]
fn assigning_an_undeclared_name_in_a_method() {
    assert_errors(
        "static box Main { main() { total = 1 } }",
        &["assignment to undeclared variable `total` @ total"],
    );
    assert_errors(
        "function f() { y = 2 }",
        &["assignment to undeclared variable `y` @ y"],
    );
}

#[test]
fn locals_are_block_scoped() {
    assert_errors(
        "function f(c) {\n  if c { local inner = 1 }\n  return inner\n}",
        &["undeclared variable `inner` @ inner"],
    );
    assert_errors(
        "function f() { print(later)  local later = 1 }",
        &["undeclared variable `later` @ later"],
    );
    assert_clean("function f(p) { local a = p  outbox b = a  if a { local c = b  print(c) } }");
}

#[test]
fn top_level_assignments_declare_globals() {
    assert_clean("count = 1\nfunction f() { count = count + 1  return count }");
    assert_clean("function f() { return total }\nif true { total = 3 }");
    // Declared in one file, used in another.
    assert_eq!(
        check_files(&["shared = 1", "function g() { return shared }"]),
        Vec::<String>::new()
    );
}

#[test]
fn global_statements_declare_globals_anywhere() {
    assert_clean("function a() { global g = 1 }\nfunction b() { return g }");
}

#[test]
fn top_level_locals_stay_in_their_file() {
    assert_errors(
        "local secret = 1\nfunction f() { return secret }",
        &["undeclared variable `secret` @ secret"],
    );
    assert_eq!(
        check_files(&["local secret = 1", "print(secret)"]),
        ["undeclared variable `secret` @ secret"]
    );
    assert_clean("local a = 1\nprint(a)\na = 2");
}

#[test]
fn catch_variables_are_scoped_to_their_block() {
    assert_errors(
        "function f() { try { throw 1 } catch (e) { print(e) }  print(e) }",
        &["undeclared variable `e` @ e"],
    );
    assert_clean(
        "function f() { try { throw 1 } catch (Error e) { print(e) }  try { } catch { } }",
    );
}

#[test]
fn nowait_declares_its_target() {
    assert_clean("function f() { nowait fut = 1 + 1  return await fut }");
    assert_clean("function f() { local fut  nowait fut = 2  return fut }");
}

#[test]
fn me_outside_a_box() {
    assert_errors(
        "function f() { return me }\nprint(this.x)",
        &[
            "`me` can only be used inside the methods of a box @ me",
            "`me` can only be used inside the methods of a box @ this",
        ],
    );
}

#[test]
fn namespace_functions_have_no_me() {
    assert_errors(
        "static box Util { }\nfunction Util.f() { return me }",
        &["`me` can only be used inside the methods of a box @ me"],
    );
}

#[test]
fn break_and_continue_outside_a_loop() {
    assert_errors(
        "function f() { break }\nif true { continue }",
        &[
            "`break` outside of a loop @ break",
            "`continue` outside of a loop @ continue",
        ],
    );
    assert_clean("function f() { loop(true) { if true { break } try { continue } catch { } } }");
}

#[test]
fn return_at_top_level_is_allowed() {
    assert_clean("print(1)\nreturn\nprint(2)");
}

#[test]
fn std_namespaces_need_using() {
    assert_errors(
        "print(string.upper(\"a\"))",
        &["undeclared variable `string` @ string"],
    );
    assert_clean(
        "using nyashstd\nprint(string.upper(\"a\"))\nconsole.log(1)\nprint(array.create())",
    );
}

#[test]
fn unknown_using_namespace() {
    assert_errors("using foo", &["unknown namespace `foo` @ foo"]);
}

#[test]
fn a_local_shadows_a_box_name() {
    assert_clean("box Foo { }\nfunction f(Foo) { return Foo.bar() }");
}
