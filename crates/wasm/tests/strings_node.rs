//! StringBox case mapping and number parsing, `toJSON()`, `nyashstd`, hashed MapBoxes,
//! `readLine()` and program arguments compiled to wasm behave exactly as on the VM: each
//! program runs on the VM and, compiled, under Node's WASI, and must print the same.
//! `case_tables_match_rust_for_every_character` runs `toUpper()`/`toLower()` over every
//! Unicode scalar value (and the final-sigma rule around each), read from standard input, in
//! wasmtime with our WASI host, and compares with Rust's.

mod common;

use std::fmt::Write as _;

/// `(name, source)`: programs named `error_*` stop at an uncaught error.
const PROGRAMS: &[(&str, &str)] = &[
    (
        "case",
        r#"
print("Hello, World! ß ǅ ŉ İ ﬃ".toUpper())
print("Hello, World! ß ǅ ŉ İ ﬃ".toLower())
print("ΟΔΟΣ ΑΣ'Σ Σ 1Σ ΑΣ́ ΑΣΑ".toLower() + "|" + "abc".toUpperCase() + "|" + "ABC".toLowerCase())
print("".toUpper() + "|" + "123".toLower())
"#,
    ),
    (
        "to_float",
        r#"
local inputs = new ArrayBox()
inputs.push("2.5")
inputs.push(" 1e3 ")
inputs.push("7")
inputs.push("x1")
inputs.push("")
inputs.push(".")
inputs.push("1.")
inputs.push(".5")
inputs.push("-0")
inputs.push("+inf")
inputs.push("-Infinity")
inputs.push("NaN")
inputs.push("infinit")
inputs.push("1e")
inputs.push("e5")
inputs.push("1e+5")
inputs.push("1E-5")
inputs.push("1_0")
inputs.push("0x10")
inputs.push("1e400")
inputs.push("1e-400")
inputs.push("2.2250738585072014e-308")
inputs.push("4.9e-324")
inputs.push("2.4703282292062327e-324")
inputs.push("2.4703282292062328e-324")
inputs.push("9007199254740993")
inputs.push("9007199254740995")
inputs.push("1.7976931348623157e308")
inputs.push("1.7976931348623158e308")
inputs.push("1.7976931348623159e308")
inputs.push("0.1000000000000000055511151231257827021181583404541015625")
inputs.push("0.1000000000000000055511151231257827021181583404541015626")
inputs.push("123456789012345678901234567890")
inputs.push("0.000000000000000000000000000000000000001234")
inputs.push("00000.0000e99999999999")
inputs.push("1e-99999999999")
inputs.push("3.14159 ")
inputs.push("- 1")
local long = "1"
local i = 0
loop(i < 850) {
    long = long + "0"
    i = i + 1
}
inputs.push(long + "e-850")
inputs.push("0." + long + "1e1")
local j = 0
loop(j < inputs.length()) {
    print(inputs.get(j) + " -> " + inputs.get(j).toFloat())
    j = j + 1
}
"#,
    ),
    (
        "to_json",
        r#"
box P {
    init { n }
    toString() { return "P\"" + me.n }
}
local m = new MapBox()
m.set("a", 1)
m.set("b", 2.5)
m.set(7, null)
m.set("s", "q\"b\\n\n\t\r\u{1}é")
local inner = new ArrayBox()
inner.push(true)
inner.push("nan".toFloat())
 inner.push("-inf".toFloat())
inner.push(new MapBox())
local p = new P()
p.n = 3
inner.push(p)
m.set("list", inner)
print(m.toJSON())
print(new MapBox().toJSON())
"#,
    ),
    (
        "error_json_cycle",
        "local m = new MapBox()\nlocal a = new ArrayBox()\na.push(m)\nm.set(\"a\", a)\nprint(m.toJSON())\n",
    ),
    (
        "error_json_deep",
        "local m = new MapBox()\nlocal top = m\nlocal i = 0\nloop(i < 1000) {\n    local n = new MapBox()\n    m.set(\"k\", n)\n    m = n\n    i = i + 1\n}\nprint(top.toJSON())\n",
    ),
    (
        "json_not_too_deep",
        "local m = new MapBox()\nlocal top = m\nlocal i = 0\nloop(i < 998) {\n    local n = new MapBox()\n    m.set(\"k\", n)\n    m = n\n    i = i + 1\n}\nprint(top.toJSON().length())\n",
    ),
    (
        "nyashstd",
        r#"
using nyashstd
print(string.upper("straße") + " " + string.lower("ΣΑΣ"))
print(string.create(2.5) + " " + integer.create(3.7) + " " + bool.create("") + " " + array.create())
console.log("a", 1, null)
"#,
    ),
    ("error_nyashstd_type", "using nyashstd\nprint(string.upper(1))\n"),
    ("error_nyashstd_arity", "using nyashstd\nprint(string.create())\n"),
    ("error_nyashstd_integer", "using nyashstd\nprint(integer.create(\"1\"))\n"),
    ("error_nyashstd_array", "using nyashstd\nprint(array.create(1))\n"),
    (
        "hashed_map",
        r#"
local m = new MapBox()
local i = 0
loop(i < 200) {
    m.set(i, i * i)
    m.set("k" + i, i)
    i = i + 1
}
print(m.size() + " " + m.get(150) + " " + m.get("k150") + " " + m.get("150") + " " + m.has(200))
i = 0
loop(i < 200) {
    if i % 3 == 0 {
        m.delete(i)
        m.remove("k" + i)
    }
    i = i + 1
}
print(m.size() + " " + m.get(3) + " " + m.get(4) + " " + m.get("k199") + " " + m.has("k198"))
m.set(3, "back")
local keys = m.keys()
print(keys.get(0) + " " + keys.get(1) + " " + keys.get(keys.length() - 1))
local other = new MapBox()
local j = 0
loop(j < keys.length()) {
    other.set(keys.get(j), m.get(keys.get(j)))
    j = j + 1
}
print(other.equals(m) + " " + m.containsValue("back"))
m.clear()
m.set("x", 1)
print(m)
"#,
    ),
    ("error_read_line_arity", "local c = new ConsoleBox()\nc.readLine(1)\n"),
];

#[test]
fn strings_json_maps_behave_as_on_the_vm() {
    common::assert_programs_match_vm("strings", "SHOW_STRINGS", PROGRAMS, |_| false);
}

/// Lines of every character (but line ends), and of the lower case of `"A" c "Σ"` and
/// `"AΣ" c` for each `c` (the final-sigma contexts); and what Rust prints for a program
/// printing `toUpper()` and `toLower()` of each line.
fn every_character_lines() -> (String, String) {
    let mut input = String::new();
    let mut expected = String::new();
    let chars: Vec<char> = (0..=u32::from(char::MAX))
        .filter_map(char::from_u32)
        .filter(|c| !matches!(c, '\n' | '\r'))
        .collect();
    for chunk in chars.chunks(400) {
        let text: String = chunk.iter().collect();
        let mut sigmas = String::new();
        for c in chunk {
            sigmas.extend(['A', *c, 'Σ', ' ', 'A', 'Σ', *c, ' ']);
        }
        for line in [&text, &sigmas] {
            let _ = writeln!(input, "{line}");
            let _ = writeln!(expected, "{}", line.to_uppercase());
            let _ = writeln!(expected, "{}", line.to_lowercase());
        }
    }
    (input, expected)
}

/// Reads lines and prints each upper- and lower-cased.
const CASE_EVERY_LINE: &str = "local c = new ConsoleBox()\nlocal line = c.readLine()\nloop(line != null) {\n    print(line.toUpper())\n    print(line.toLower())\n    line = c.readLine()\n}\n";

#[test]
fn case_tables_match_rust_for_every_character() {
    let scratch = common::scratch_dir("case");
    let (input, expected) = every_character_lines();
    let path = scratch.join("every.nyash");
    std::fs::write(&path, CASE_EVERY_LINE).unwrap_or_else(|e| panic!("{e}"));
    let compiled = common::front_end(&path, "every.nyash").expect("front end");
    let _ = std::fs::remove_dir_all(&scratch);
    let bytes =
        nyash_wasm::compile(&compiled.module, &compiled.files).unwrap_or_else(|e| panic!("{e}"));
    // Run in wasmtime through our own WASI host: megabytes of standard input.
    let engine = wasmtime::Engine::default();
    let module = wasmtime::Module::new(&engine, &bytes).unwrap_or_else(|e| panic!("{e}"));
    let out = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let wasi = nyash_host::Wasi::new(vec!["every.wasm".into()]).with_stdio(
        Box::new(std::io::Cursor::new(input.into_bytes())),
        Box::new(SharedOut(out.clone())),
        Box::new(std::io::sink()),
    );
    let result = nyash_host::run_module(&engine, &module, wasi);
    assert_eq!(result, Ok(0));
    let printed = out.lock().map(|b| b.clone()).unwrap_or_default();
    let stdout = String::from_utf8_lossy(&printed);
    // The first line that differs, as (line number, first differing characters).
    let differing = stdout
        .lines()
        .zip(expected.lines())
        .enumerate()
        .find(|(_, (got, want))| got != want)
        .map(|(n, (got, want))| {
            let at = got
                .chars()
                .zip(want.chars())
                .position(|(g, w)| g != w)
                .unwrap_or(0);
            let around = |s: &str| {
                s.chars()
                    .skip(at.saturating_sub(3))
                    .take(8)
                    .collect::<String>()
            };
            (n, around(got), around(want))
        });
    assert_eq!(differing, None);
    assert_eq!(stdout.len(), expected.len());
}

/// An output stream the test reads afterwards.
struct SharedOut(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for SharedOut {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut bytes) = self.0.lock() {
            bytes.extend_from_slice(buf);
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Runs `source` on the VM with `args` and `stdin`, and compiled under Node with the same.
fn assert_io_matches_vm(name: &str, source: &str, args: &[&str], stdin: &[u8]) {
    common::require_node();
    let scratch = common::scratch_dir(name);
    let path = scratch.join(format!("{name}.nyash"));
    std::fs::write(&path, source).unwrap_or_else(|e| panic!("{e}"));
    let compiled = common::front_end(&path, &format!("{name}.nyash")).expect("front end");
    let mut out = Vec::new();
    let mut err = Vec::new();
    let mut input = stdin;
    let owned: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let result = nyash_vm::run(&compiled.module, &owned, &mut out, &mut err, &mut input);
    assert!(result.is_ok(), "{name}: the VM failed");
    let bytes =
        nyash_wasm::compile(&compiled.module, &compiled.files).unwrap_or_else(|e| panic!("{e}"));
    let module = scratch.join(format!("{name}.wasm"));
    std::fs::write(&module, bytes).unwrap_or_else(|e| panic!("{e}"));
    let outcome = common::run_node(&module, &scratch, args, stdin);
    let _ = std::fs::remove_dir_all(&scratch);
    assert_eq!(outcome.stderr, String::from_utf8_lossy(&err), "{name}");
    assert_eq!(outcome.stdout, String::from_utf8_lossy(&out), "{name}");
    assert_eq!(outcome.exit, 0, "{name}");
}

#[test]
fn read_line_reads_lines_as_the_vm() {
    let source = r#"
local c = new ConsoleBox()
c.print("name? ")
local line = c.readLine()
loop(line != null) {
    print("[" + line + "] " + line.length())
    line = c.readLine()
}
print(c.readLine())
"#;
    assert_io_matches_vm(
        "read_line",
        source,
        &[],
        b"first\nsecond\r\n\n\xff bad\nlast without end",
    );
    assert_io_matches_vm("read_line_empty", source, &[], b"");
}

#[test]
fn main_receives_the_program_arguments() {
    let source = r#"
static box Main {
    main(args) {
        print(args.length() + " " + args)
        if args.length() > 0 { print(args.get(0).toUpper()) }
        return 0
    }
}
"#;
    assert_io_matches_vm("args", source, &["a b", "ünï", ""], b"");
    assert_io_matches_vm("no_args", source, &[], b"");
}
