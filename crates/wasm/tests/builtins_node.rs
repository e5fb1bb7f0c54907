//! Built-in boxes (ArrayBox, StringBox methods) compiled to wasm behave exactly as on the VM: each small program below runs on
//! the VM and, compiled, under Node's WASI; stdout, stderr and the exit code must be
//! identical, and every program must compile.

mod common;

/// `(name, source)`: programs named `error_*` stop at an uncaught error.
const PROGRAMS: &[(&str, &str)] = &[
    (
        "methods",
        r#"
local a = new ArrayBox()
print(a)
print(a.isEmpty())
a.push(1)
a.push("x")
a.push(2.5)
a.push(null)
a.push(true)
print(a)
print(a.size())
print(a.pop())
a.set(0, "first")
a.insert(1, 7)
a.insert(a.size(), "end")
print(a)
print(a.remove(1))
print(a.join("-"))
print(a.slice(1))
print(a.slice(-5, 2))
print(a.slice(3, 1))
a.reverse()
print(a)
a.clear()
print(a + "!" + a.isEmpty())
if a { print("arrays are true") }
"#,
    ),
    (
        "nesting_cycles_equality",
        r#"
local a = new ArrayBox()
local b = new ArrayBox()
a.push(1)
a.push(b)
b.push("in")
print(a)
b.push(a)
print(a)
print(a.join(", "))
local c = new ArrayBox()
c.push(1)
local d = new ArrayBox()
d.push(1.0)
print(c == d)
print(c.equals(d))
d.push(2)
print(c == d)
print(c.type())
print(c.toString())
"#,
    ),
    (
        "boxes_inside",
        r#"
box P {
    init { name }
    birth(n) { me.name = n }
    toString() { return "P(" + me.name + ")" }
    fini() { print("fini " + me.name) }
}
local a = new ArrayBox()
a.push(new P("a"))
local inner = new ArrayBox()
inner.push(new P("b"))
inner.push(new P("c"))
a.push(inner)
a.push(new P("d"))
inner = null
print(a)
a.set(2, 0)
print("after set")
a = null
print("end")
"#,
    ),
    (
        "strings",
        r#"
local s = "héllo wörld"
print(s.length())
print(s.charAt(1) + s.charAt(7) + s.charAt(11) + s.charAt(-1))
print(s.indexOf("wö") + " " + s.find("x") + " " + s.indexOf(""))
print(s.contains("llo") + " " + s.contains("") + " " + s.contains("z"))
print(s.startsWith("hé") + " " + s.endsWith("rld") + " " + s.endsWith("xrld"))
print(s.substring(1, 4) + "|" + s.substring(7) + "|" + s.substring(-3, 99) + "|" + s.substring(5, 2))
print(s.replace("l", "L") + " " + "abc".replace("", "-") + " " + "aaa".replace("aa", "b"))
print("a,b,,c,".split(","))
print("héj".split(""))
print("".split(","))
print("".split(""))
print("x".concat(1).concat(new ArrayBox()).concat(null))
local parts = "1 2 3".split(" ")
print(parts.length() + parts.pop())
local x = parts
print(x.length())
"#,
    ),
    (
        "maps",
        r#"
box P {
    init { name }
    birth(n) { me.name = n }
    toString() { return "P(" + me.name + ")" }
    fini() { print("fini " + me.name) }
}
local m = new MapBox()
print(m + " " + m.isEmpty() + " " + m.size())
m.set("b", 1)
m.set("a", "x")
m.set(3, 2.5)
m.set("b", 9)
local p3 = new P("three")
m.set("3", p3)
p3 = null
print(m)
print(m.has("a") + " " + m.containsKey(4) + " " + m.containsValue(2.5) + " " + m.containsValue(7))
print(m.keys())
print(m.values())
print(m.delete("a") + " " + m.remove("nope"))
print(m)
local n = new MapBox()
n.set(3, 2.5)
n.set("3", m.values().pop())
n.set("b", 9.0)
print(m == n)
print(m.equals(n))
n.set("self", n)
print(n)
local arr = new ArrayBox()
arr.push(m)
print(arr)
m.set("3", 0)
print("cleared one")
n.clear()
print(n.size())
n = null
arr = null
m = null
print("end")
"#,
    ),
    (
        "map_fini_order",
        r#"
box P {
    init { name }
    birth(n) { me.name = n }
    fini() { print("fini " + me.name) }
}
local m = new MapBox()
m.set("x", new P("x"))
local inner = new ArrayBox()
inner.push(new P("i1"))
m.set(1, inner)
m.set("y", new P("y"))
inner = null
m = null
print("end")
"#,
    ),
    ("error_map_key", "local m = new MapBox()\nm.set(1.5, 0)\n"),
    ("error_map_arity", "local m = new MapBox()\nm.get()\n"),
    ("error_map_ctor", "local m = new MapBox(1, 2)\n"),
    (
        "trim_repeat",
        "print(\"[\" + \" \\t a b \\n\".trim() + \"]\")\nprint(\"[\" + \"\u{3000}\u{a0}x\u{2029}\u{200b}\".trim() + \"]\")\nprint(\"ab\".repeat(3) + \"|\" + \"\".repeat(99999999999) + \"|\" + \"é\".repeat(0))\n",
    ),
    ("error_repeat_negative", "print(\"ab\".repeat(-2))\n"),
    ("error_repeat_long", "print(\"ab\".repeat(600000000))\n"),
    (
        "numbers",
        r#"
local i = -7
local f = 2.5
local g = -2.5
local h = -2.7
local four = 4
local nine = 9.0
local zero = 0.0
local one = 1.0
print(i.abs() + " " + i.max(3) + " " + i.min(2.5) + " " + i.max(-7.0))
print(i.isEven() + " " + i.isOdd() + " " + four.isEven())
print(f.abs() + " " + g.floor() + " " + g.ceil() + " " + g.round() + " " + f.round())
print(f.toInteger() + " " + h.toInteger() + " " + nine.sqrt() + " " + f.max(3) + " " + f.min(i))
local nan = zero / zero
local inf = one / zero
print(nan.isNaN() + " " + inf.isInfinite() + " " + f.isFinite() + " " + f.max(nan))
print(inf.toInteger() + " " + nan.round())
local b = true
local no = false
print(b.not() + " " + b.and(0) + " " + no.or("x") + " " + no.and(1))
local big = 9223372036854775807
local bigf = 9223372036854775806.0
print(big.max(bigf) + " " + big.min(bigf))
local s = " -42 "
print(s.toInteger() + " " + "+7".toInteger() + " " + "9223372036854775807".toInteger() + " " + "-9223372036854775808".toInteger())
print("9223372036854775808".toInteger() + " " + "".toInteger() + " " + "-".toInteger() + " " + "1a".toInteger() + " " + "٣".toInteger())
"#,
    ),
    ("error_number_type", "local n = 1\nprint(n.max(\"a\"))\n"),
    ("error_bool_arity", "local b = true\nprint(b.and())\n"),
    (
        "console",
        r#"
box P {
    init { n }
    toString() { return "P" }
}
local c = new ConsoleBox()
c.log("a", 1, 2.5, null, new P(), c)
c.log()
c.print("no newline ")
c.print(new ArrayBox())
c.println()
c.println("line")
c.warn("careful", 1)
c.error("bad")
print(c)
print(c.type() + " " + (c == new ConsoleBox()) + " " + c.equals(c))
"#,
    ),
    ("error_console_print", "local c = new ConsoleBox()\nc.print(1, 2)\n"),
    ("error_console_println", "local c = new ConsoleBox()\nc.println(1, 2)\n"),
    ("error_console_unknown", "local c = new ConsoleBox()\nc.push(1)\n"),
    ("error_console_ctor", "local c = new ConsoleBox(1)\n"),
    (
        "sorting",
        r#"
local a = new ArrayBox()
a.push("b")
a.push(3)
a.push(1.5)
a.push("B")
a.push(-2)
a.push("a")
a.push(0.0 / 0.0)
a.push(2)
a.push(2.0)
a.push(9223372036854775807)
a.push(9223372036854775806.0)
a.sort()
print(a)
local e = new ArrayBox()
e.sort()
print(e)
local big = new ArrayBox()
local i = 0
loop(i < 3000) {
    big.push((i * 7919) % 3001)
    i = i + 1
}
big.sort()
print(big.slice(0, 5) + " " + big.slice(2995))
"#,
    ),
    ("error_sort", "local a = new ArrayBox()\na.push(1)\na.push(true)\na.sort()\n"),
    (
        "scalar_boxes",
        r#"
box P {
    init { n }
    toString() { return "P!" }
}
local a = new ArrayBox()
a.push(1)
local big = 10.0
big = big * big * big * big * big * big * big * big * big * big * big * big * big * big * big * big * big * big * big * big * big
print(new StringBox() + "|" + new StringBox("s") + "|" + new StringBox(2.5) + "|" + new StringBox(a) + "|" + new StringBox(new P()))
print(new IntegerBox() + " " + new IntegerBox(7) + " " + new IntegerBox(-2.9) + " " + new IntegerBox(big))
print(new FloatBox() + " " + new FloatBox(3) + " " + new FloatBox(2.5))
print(new BoolBox() + " " + new BoolBox(0) + " " + new BoolBox("x") + " " + new BoolBox(a))
local n = new IntegerBox(5)
print(n.isOdd() + " " + (n + 1))
"#,
    ),
    ("error_integer_ctor_type", "print(new IntegerBox(\"5\"))\n"),
    ("error_float_ctor_arity", "print(new FloatBox(1, 2))\n"),
    ("error_string_arity", "print(\"abc\".substring())\n"),
    ("error_string_type", "print(\"abc\".charAt(\"1\"))\n"),
    ("maps_get", "local m = new MapBox()\nm.set(3, 1)\nm.set(\"a\", \"x\")\nprint(m.get(\"a\") + \" \" + m.get(\"zz\") + \" \" + m.get(3) + \" \" + m.get(\"3\"))\n"),
    ("string_get", "print(\"héj\".get(1) + \"abc\".get(3))\nlocal a = new ArrayBox()\na.push(4)\nprint(a.get(0) + \" \" + a.get(1))\n"),
    ("error_string_type2", "print(\"abc\".contains(1))\n"),
    ("error_int_length", "local n = 5\nprint(n.length())\n"),
    ("error_set_range", "local a = new ArrayBox()\na.push(1)\na.set(3, 0)\n"),
    ("error_insert_range", "local a = new ArrayBox()\na.insert(-1, 0)\n"),
    ("error_arity", "local a = new ArrayBox()\na.push()\n"),
    ("error_slice_arity", "local a = new ArrayBox()\na.slice()\n"),
    ("error_wrong_type", "local a = new ArrayBox()\na.push(1)\na.remove(\"0\")\n"),
    ("error_join_type", "local a = new ArrayBox()\nprint(a.join(1))\n"),
    ("error_unknown", "local a = new ArrayBox()\na.frob()\n"),
    ("error_ctor", "local a = new ArrayBox(1)\n"),
    ("error_not_array", "local a = 5\na.push(1)\n"),
];

#[test]
fn builtins_behave_as_on_the_vm() {
    common::assert_programs_match_vm("builtins", "SHOW_BUILTINS", PROGRAMS, |_| false);
}
