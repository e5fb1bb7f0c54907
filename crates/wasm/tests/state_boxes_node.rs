//! MathBox, RandomBox, TimeBox, ResultBox and built-in parents compiled to wasm behave
//! exactly as on the VM: each small program below runs on the VM and, compiled, under Node's
//! WASI (whose `clock_time_get` and `poll_oneoff` TimeBox and unseeded RandomBox use); stdout,
//! stderr and the exit code must be identical, and every program must compile.

mod common;

/// `(name, source)`: programs named `error_*` stop at an uncaught error.
const PROGRAMS: &[(&str, &str)] = &[
    (
        "math",
        r#"
local m = new MathBox()
print(m)
print(m.abs(-3) + " " + m.abs(-2.5) + " " + m.abs(-9223372036854775807 - 1))
print(m.sqrt(2) + " " + m.pow(2, 0.5) + " " + m.pow(-8, 1.0 / 3))
print(m.sin(1) + " " + m.cos(10000000000.0) + " " + m.tan(-0.5) + " " + m.atan(3))
print(m.atan2(-1, -2) + " " + m.log(7) + " " + m.exp(-3.5) + " " + m.log(0))
print(m.floor(-2.5) + " " + m.ceil(2.000001) + " " + m.round(0.5) + " " + m.round(7))
print(m.floor(10000000000000000000000.0 * 10000000000000000000000.0) + " " + m.round(0.0 / 0.0))
print(m.min(3, 2.5) + " " + m.max(3, 3.0) + " " + m.min(1, 0.0 / 0.0))
print(m.getPi() + " " + m.getE())
print(m == new MathBox())
print(m.type() + " " + m.toString())
"#,
    ),
    (
        "random_seeded",
        r#"
local r = new RandomBox(2024)
print(r.random() + " " + r.next())
print(r.randInt(1, 6) + " " + r.int(-3, 3) + " " + r.randInt(0, 0))
print(r.randInt(-9223372036854775807 - 1, 9223372036854775807))
local a = new ArrayBox()
local i = 0
loop(i < 10) { a.push(i) i = i + 1 }
print(r.shuffle(a))
print(a)
print(r.choice(a) + " " + r.choice(new ArrayBox()))
r.seed(-1)
print(r.random())
print(r)
local fresh = new RandomBox()
local x = fresh.random()
print(x >= 0 and x < 1)
"#,
    ),
    (
        "time",
        r#"
local t = new TimeBox()
print(t)
print(t.now() > 1700000000000)
t.sleep(25)
local e = t.elapsed()
print(e >= 24 and e < 5000)
print(t.sleep(0) + " " + t.sleep(-1) + " " + t.sleep(0.0 / 0.0) + " " + t.sleep(0.5))
print(t == t)
print(t == new TimeBox())
"#,
    ),
    (
        "result",
        r#"
local ok = new ResultBox(5)
local err = new ResultBox("bad", false)
print(ok + " " + err + " " + new ResultBox() + " " + new ResultBox(1, true))
print(ok.isOk() + " " + err.isOk())
print(ok.getValue() + " " + ok.getError() + " " + err.getValue() + " " + err.getError())
local a = new ArrayBox()
a.push(ok)
a.push(new ResultBox(a))
print(a)
print(ok == ok)
print(ok == new ResultBox(5))
box Res {
    init { name }
    birth(name) { me.name = name }
    fini() { print("fini " + me.name) }
}
local held = new ResultBox(new Res("a"))
held = null
local list = new ArrayBox()
list.push(new ResultBox(new Res("b"), false))
list.push(new Res("c"))
list = null
print("end")
"#,
    ),
    (
        "parents",
        r#"
box Stack from ArrayBox {
    peek() { return me.get(me.length() - 1) }
    pushTwice(x) { from ArrayBox.push(x) from ArrayBox.push(x) }
}
box Calc from MathBox {
    init { uses }
    hyp(a, b) { return me.sqrt(a * a + b * b) }
    root(x) { return from MathBox.sqrt(x) }
}
box Named from ArrayBox {
    toString() { return "Named!" }
    length() { return 99 }
    fini() { print("named fini") }
}
local s = new Stack()
s.push(1)
s.pushTwice(2)
print(s.peek() + " " + s.length() + " " + s.join("-") + " " + s.type())
print(s.equals(s) + " " + s.equals(new Stack()))
local c = new Calc()
print(c.hyp(3, 4) + " " + c.root(2) + " " + c.pow(2, 10) + " " + c.uses)
local n = new Named()
n.push(new Named())
print(n + " " + n.length() + " " + n.size())
n = null
try { c.push(1) } catch (e) { print(e.message()) }
try { s.get() } catch (e) { print(e.message()) }
print("end")
"#,
    ),
    (
        "future_get_arity",
        "nowait f = 1 + 1\ntry { f.get(1) } catch (e) { print(e.message()) }\nprint(f.get())\n",
    ),
    (
        "error_random_bounds",
        "local r = new RandomBox(1)\nr.randInt(5, 1)\n",
    ),
    (
        "outcome_boxes",
        r#"
box Loud {
    toString() { return "loud" }
}
local e = new ErrorBox(new Loud())
print(e + " " + e.message() + " " + new ErrorBox() + " " + new ErrorBox(1.5))
print(new FutureBox(e) + " " + new FutureBox() + " " + new FutureBox(7).get())
try { throw e } catch (caught) { print("caught " + caught.message() + " " + (caught == e)) }
local f = new FutureBox(new ResultBox(1, false))
print(f.get().getError())
"#,
    ),
    (
        "error_thrown_new_error_box",
        "function f() {\n  local e = new ErrorBox(\"bad\")\n  throw e\n}\nprint(1)\nf()\n",
    ),
    ("error_math_type", "local m = new MathBox()\nm.exp(\"1\")\n"),
    ("error_time_arity", "local t = new TimeBox()\nt.sleep()\n"),
    ("error_result_ctor", "print(new ResultBox(1, 0))\n"),
    ("error_math_ctor", "print(new MathBox(1))\n"),
    (
        "error_parent_unknown",
        "box Calc from MathBox { }\nlocal c = new Calc()\nc.push(1)\n",
    ),
];

#[test]
fn state_boxes_behave_as_on_the_vm() {
    common::assert_programs_match_vm("state_boxes", "SHOW_STATE_BOXES", PROGRAMS, |_| false);
}
