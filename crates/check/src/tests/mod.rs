//! Tests of the checker: small programs parsed by `nyash-syntax`, with the exact messages
//! expected, each followed by the source text its span covers (`message @ text`).

mod boxes;
mod calls;
mod direct_calls;
mod names;

use nyash_diagnostics::FileId;
use nyash_syntax::{ParsedFile, Program};

use crate::check;

/// Parses `sources` as the files of one program (in order) and checks it; each error is shown
/// as `message @ text under the span`.
fn check_files(sources: &[&str]) -> Vec<String> {
    let files = sources
        .iter()
        .enumerate()
        .map(|(index, source)| {
            let id = FileId(index as u32);
            let (ast, syntax_errors) = nyash_syntax::parse(id, source);
            assert_eq!(syntax_errors, vec![], "syntax errors in test source");
            ParsedFile { id, ast }
        })
        .collect();
    let program = Program { files };
    check(&program)
        .iter()
        .map(|error| {
            let span = error.span();
            let source = sources.get(span.file.0 as usize).copied().unwrap_or("");
            let text = source
                .get(span.start as usize..span.end as usize)
                .unwrap_or("?");
            format!("{} @ {text}", error.message())
        })
        .collect()
}

fn check_source(source: &str) -> Vec<String> {
    check_files(&[source])
}

#[track_caller]
fn assert_clean(source: &str) {
    assert_eq!(check_source(source), Vec::<String>::new());
}

#[track_caller]
fn assert_errors(source: &str, expected: &[&str]) {
    assert_eq!(check_source(source), expected);
}

#[test]
fn spec_animal_and_dog_pass() {
    assert_clean(
        r#"
box Animal {
    init { name, sound }
    birth(name) { me.name = name }
    speak() { return me.name + " says " + me.sound }
    fini() { print("bye " + me.name) }
}
box Dog from Animal {
    init { breed }
    birth(name, breed) { from Animal.birth(name)  me.sound = "woof"  me.breed = breed }
    override speak() { return from Animal.speak() + "!" }
}
static box Main {
    main() {
        local d = new Dog("Rex", "lab")
        print(d.speak())
        return 0
    }
}
"#,
    );
}

#[test]
fn a_program_using_most_features_passes() {
    assert_clean(
        r#"
using nyashstd
include "lib.nyash"
counter = 0
local greeting = "hi"
print(greeting)
function add(a, b) { return a + b }
function Util.twice(x) { return x * 2 }
interface Speaker { speak() }
box Calc from MathBox {
    init { weak owner }
    override sqrt(x) { return from MathBox.sqrt(x) }
}
box Robot interface Speaker {
    speak() { return "beep" }
}
static box Counter {
    init { count }
    static { me.count = 0 }
    bump() { me.count = me.count + 1  counter = counter + 1  return me.count }
}
static box Main {
    main(args) {
        local total = add(1, 2) + Util.twice(3)
        Counter.bump()
        print(Counter.count)
        print(string.upper("x"))
        local i = 0
        loop(i < 3) {
            i = i + 1
            if i == 2 { continue }
            if i > 5 { break }
        }
        try {
            throw "boom"
        } catch (ErrorBox e) {
            print(e.message())
        } finally {
            print("done")
        }
        nowait f = add(1, 1)
        print(await f)
        global late = 5
        local arr = new ArrayBox()
        local m = new MapBox()
        local c = new Calc()
        local r = new Robot()
        print(r.speak() + arr.length() + m.size() + c.sqrt(4) + total + late)
        return 0
    }
}
"#,
    );
}

#[test]
fn errors_come_in_source_order_across_files() {
    let errors = check_files(&["print(a)\nbox B from Nope { }", "print(b)"]);
    assert_eq!(
        errors,
        [
            "undeclared variable `a` @ a",
            "unknown parent box `Nope` @ Nope",
            "undeclared variable `b` @ b",
        ]
    );
}

#[test]
fn diagnostics_carry_help() {
    let source = "function f() { x = 1 }";
    let (ast, _) = nyash_syntax::parse(FileId(0), source);
    let program = Program {
        files: vec![ParsedFile { id: FileId(0), ast }],
    };
    let errors = check(&program);
    let diagnostic = errors[0].to_diagnostic();
    assert_eq!(diagnostic.message, "assignment to undeclared variable `x`");
    assert_eq!(
        diagnostic.help,
        vec!["declare it with `local x`".to_string()]
    );
    assert_eq!(diagnostic.span, Some(errors[0].span()));
}
