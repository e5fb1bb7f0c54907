//! User boxes compiled to wasm behave exactly as on the VM: each small program below runs on
//! the VM and, compiled, under Node's WASI; stdout, stderr (error reports with their call
//! stacks) and the exit code must be identical, and every program must compile.

mod common;

/// `(name, source)`: each program stops at its first uncaught error, so error cases are
/// programs of their own.
const PROGRAMS: &[(&str, &str)] = &[
    (
        "fields_methods_and_universals",
        r#"
box Animal {
    init { name, legs }
    birth(n) { me.name = n }
    speak() { return me.name + " makes a sound" }
    legsText() { return "" + me.legs }
}
box Dog from Animal {
    birth(n) { from Animal.birth(n)  me.legs = 4 }
    override speak() { return me.name + " barks" }
    toString() { return "Dog(" + me.name + ")" }
}
local a = new Animal("cat")
local d = new Dog("rex")
print(a.speak())
print(d.speak())
print(a.legsText() + " / " + d.legsText())
print(a)
print(d)
print("d is " + d + ", a is " + a)
print(a.toString() + " " + d.toString())
print(a.type() + " " + d.type() + " " + (1).type() + " " + "s".type() + " " + null.type())
print(a.equals(a))
print(a.equals(d))
print((3).equals(3.0))
print("x".toString() + (2.5).toString() + true.toString())
local s = "d="
s = s + d
print(s)
"#,
    ),
    (
        "static_box_initialised_once",
        r#"
static box Counter {
    init { count }
    static { print("init Counter")  me.count = 10 }
    next() { me.count = me.count + 1  return me.count }
}
print("before")
print(Counter.next())
print(Counter.next())
print(Counter.count)
"#,
    ),
    (
        "long_chain_is_freed",
        r#"
box Node {
    init { value, next }
    birth(v, n) { me.value = v  me.next = n }
}
local i = 0
local round = 0
loop(round < 3) {
    local head = null
    i = 0
    loop(i < 100000) {
        head = new Node("v" + i, head)
        i = i + 1
    }
    print(head.value + " " + head.next.value)
    head = null
    round = round + 1
}
print("done")
"#,
    ),
    (
        "fini_order_depth_first",
        r#"
box Res {
    init { name, a, b }
    birth(n) { me.name = n }
    fini() { print("fini " + me.name) }
}
box Plain {
    init { x, y }
}
local top = new Res("top")
top.a = new Res("a")
top.a.a = new Res("a.a")
top.a.b = new Res("a.b")
local p = new Plain()
p.x = new Res("p.x")
p.y = new Res("p.y")
p.y.a = new Res("p.y.a")
top.b = p
local shared = new Res("shared")
top.a.a.a = shared
p.x.a = shared
print("release top")
top = null
print("release shared")
shared = null
print("end")
"#,
    ),
    (
        "fini_nested_helper_and_exit",
        r#"
box Res {
    init { name, other }
    birth(n) { me.name = n }
    fini() {
        print("fini " + me.name + " start")
        me.other = null
        helper(me.name)
        print("fini " + me.name + " end")
    }
}
function helper(n) {
    print("helper of " + n)
    return n
}
function make(n) {
    local r = new Res(n)
    r.other = new Res(n + ".other")
    return 0
}
make("m")
print("after make")
local keep = new Res("keep")
keep.other = new Res("kept.other")
new Res("temp")
print("last line")
"#,
    ),
    (
        "fini_explicit_and_weak",
        r#"
box Res {
    init { name }
    birth(n) { me.name = n }
    fini() { print("fini " + me.name) }
}
box Holder {
    init { weak ref, strong }
}
box NoFini {
    init { v }
}
local r = new Res("r")
local h = new Holder()
h.ref = r
h.strong = "text"
print(h.ref.name)
r.fini()
r.fini()
print(h.ref)
local r2 = new Res("r2")
h.ref = r2
print(h.ref.name)
r2 = null
print(h.ref)
h.ref = 5
print(h.ref)
local n = new NoFini()
n.v = new Res("in NoFini")
n.fini()
print("after n.fini")
print(n)
"#,
    ),
    (
        "error_use_after_fini",
        "box R {\n  init { v }\n  toString() { return \"R\" }\n}\nlocal r = new R()\nr.fini()\nprint(r.v)\n",
    ),
    (
        "error_print_after_fini",
        "box R {\n  init { v }\n  toString() { return \"R\" }\n}\nlocal r = new R()\nr.fini()\nprint(r)\n",
    ),
    (
        "error_method_after_fini",
        "box R {\n  init { v }\n}\nlocal r = new R()\nr.fini()\nr.type()\n",
    ),
    (
        "error_fini_arity",
        "box R {\n  init { v }\n}\nlocal r = new R()\nr.fini(1)\n",
    ),
    (
        "error_inside_queued_fini",
        "box R {\n  init { v }\n  fini() { print(\"in fini\")  me.v.x = 1 }\n}\nfunction f() {\n  local r = new R()\n  r.v = 3\n  return 1\n}\nf()\nprint(\"unreached\")\n",
    ),
    (
        "weak_reads_null_during_queued_fini",
        r#"
box Child {
    init { name, weak parent }
    birth(n) { me.name = n }
    fini() { print("fini " + me.name + ", parent is " + me.parent) }
}
box Parent {
    init { child }
    fini() { print("fini parent, child " + me.child.name + " sees " + me.child.parent) }
}
local p = new Parent()
p.child = new Child("c")
p.child.parent = p
print(p.child.parent.type())
p = null
print("done")
"#,
    ),
    (
        "error_in_fini_at_exit",
        "box R {\n  fini() { print(\"bye\")  print(1 / 0) }\n}\nlocal r = new R()\nprint(\"end\")\n",
    ),
    (
        "error_in_static_init",
        "static box Conf {\n  init { v }\n  static { me.v = 1  me.v.w = 2 }\n  get() { return me.v }\n}\nfunction use() { return Conf.get() }\nprint(use())\n",
    ),
    (
        "error_unknown_field",
        "box P { init { x } }\nlocal p = new P()\nprint(p.y)\n",
    ),
    (
        "error_set_field_of_integer",
        "local n = 5\nn.x = 1\n",
    ),
    (
        "error_read_field_of_string",
        "local s = \"a\"\nprint(s.x)\n",
    ),
    (
        "error_unknown_method",
        "box P { init { x } }\nlocal p = new P()\np.fly(1)\n",
    ),
    (
        "error_unknown_method_on_integer",
        "local n = 5\nn.fly()\n",
    ),
    (
        "error_method_arity",
        "box P {\n  go(a) { return a }\n}\nstatic box Main {\n  main() { local p = new P()\n  p.go(1, 2) }\n}\n",
    ),
    (
        "error_universal_arity",
        "box P { init { x } }\nprint(new P().toString(1))\n",
    ),
    (
        "error_no_constructor",
        "box Dog {\n  birth(a, b) { }\n}\nnew Dog(1)\n",
    ),
    (
        "error_inside_to_string",
        "box Bad {\n  toString() { return 1 / 0 }\n}\nfunction show(x) { print(\"x: \" + x) }\nshow(new Bad())\n",
    ),
    (
        "error_to_string_with_parameter",
        "box Odd {\n  toString(x) { return \"odd\" }\n}\nprint(new Odd())\n",
    ),
    (
        "error_stack_overflow_in_method",
        "box R {\n  down(n) { return me.down(n + 1) }\n}\nnew R().down(0)\n",
    ),
    (
        "error_caught_rethrown_then_reported",
        r#"
function inner() { throw "deep" }
function mid() { try { inner() } catch (e) { return e } }
function top() { local e = mid()
  throw e }
function f(n) { if n == 0 { top() } else { f(n - 1) } }
try { f(3) } catch (e) { print("c1 " + e) }
local x = 5
try { x = inner() } catch (e) { print(x) }
local g = 7
function rec(n) { return rec(n + 1) }
try { rec(0) } catch (e) { print(e.message()) 
 print(e.type())
 print(e.toString()) }
function k(n) { try { return k(n + 1) } catch (e) { return n } }
print(k(0) > 100)
local e1 = null
try { throw 42 } catch (e) { e1 = e }
print(e1 == e1)
try { throw e1 } catch (e) { print(e == e1)
 print(e) }
f(2)
"#,
    ),
    (
        "error_after_futures_and_await",
        r#"
function ok() { return 41 + 1 }
function bad() { throw "nope" }
nowait a = ok()
nowait b = bad()
print(a)
print(b)
print(a.isReady())
print(a.get())
print(await a)
try { await b } catch (e) { print("await: " + e.message()) }
try { b.get() } catch (e) { print("get: " + e.message()) }
print(await 5)
nowait s = "str"
print(s)
nowait c = bad()
function user(fut) { return await fut }
user(c)
"#,
    ),
    (
        "fini_error_caught_by_caller",
        r#"
box R {
  init { n }
  birth(n) { me.n = n }
  fini() { print("fini " + me.n)
    if me.n == 2 { throw "in fini" } }
}
function work() {
  local a = new R(1)
  local b = new R(2)
  local c = new R(3)
  return 0
}
try { work()
  print("after work") } catch (e) { print("caught " + e.message()) }
print("end")
"#,
    ),
];

#[test]
fn user_boxes_behave_as_on_the_vm() {
    common::assert_programs_match_vm("boxes", "SHOW_BOXES", PROGRAMS, |_| false);
}
