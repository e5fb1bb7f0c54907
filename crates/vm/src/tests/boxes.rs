//! User boxes: constructors, fields, dispatch, delegation, static boxes, printing.

use nyash_mir::{BinaryOp, BuiltinBox, ClassId, FunctionKind, InstKind};

use super::{run, Fb, Mb};

/// ```nyash
/// box Animal { init { name }  birth(name) { me.name = name }
///              speak() { return me.name + " makes a sound" } }
/// box Dog from Animal { init { name }  birth(name) { me.name = name }
///              override speak() { return me.name + " barks" }  fetch() { return "fetching" } }
/// ```
struct Zoo {
    m: Mb,
    animal: ClassId,
    dog: ClassId,
}

fn zoo() -> Zoo {
    let mut m = Mb::new();
    let animal = m.class("Animal", &["name"]);
    let dog = m.class("Dog", &["name"]);
    m.class_mut(dog).parents = vec![animal];
    let name = m.sym("name");
    for class in [animal, dog] {
        let mut ctor = Fb::ctor("birth", class, 1);
        ctor.set_field(ctor.param(0), name, ctor.param(1));
        ctor.ret_null();
        m.ctor(class, ctor.finish());
    }
    let speak = |m: &mut Mb, class, owner: &str, text: &str| {
        let mut f = Fb::method(&format!("{owner}.speak"), class, 0);
        let me = f.param(0);
        let n = f.get_field(me, name);
        let t = f.str(text);
        let r = f.bin(BinaryOp::Add, n, t);
        f.ret(r);
        m.add(f.finish())
    };
    let animal_speak = speak(&mut m, animal, "Animal", " makes a sound");
    let dog_speak = speak(&mut m, dog, "Dog", " barks");
    let speak_sym = m.sym("speak");
    m.class_mut(animal).methods = vec![(speak_sym, animal_speak)];
    let mut fetch = Fb::method("Dog.fetch", dog, 0);
    let t = fetch.str("fetching");
    fetch.ret(t);
    m.method(dog, "fetch", fetch.finish());
    let methods = &mut m.class_mut(dog).methods;
    methods.push((speak_sym, dog_speak));
    methods.sort_by_key(|&(s, _)| s);
    Zoo { m, animal, dog }
}

fn main_fn() -> Fb {
    Fb::new("<top-level>", FunctionKind::Entry, 0)
}

/// The same call site dispatches on each receiver's box.
#[test]
fn method_dispatch_is_per_receiver() {
    let Zoo { mut m, animal, dog } = zoo();
    let speak = m.sym("speak");
    let fetch = m.sym("fetch");
    let mut f = main_fn();
    let (rex, cat) = (f.str("Rex"), f.str("Tom"));
    let d = f.new_box(dog, &[rex]);
    let a = f.new_box(animal, &[cat]);
    let list = f.new_builtin(BuiltinBox::Array, &[]);
    let push = m.sym("push");
    let get = m.sym("get");
    f.call_method(list, push, &[d]);
    f.call_method(list, push, &[a]);
    f.call_method(list, push, &[d]);
    for i in 0..3 {
        let i = f.int(i);
        let item = f.call_method(list, get, &[i]);
        let said = f.call_method(item, speak, &[]);
        f.print(said);
    }
    let fetched = f.call_method(d, fetch, &[]);
    f.print(fetched);
    f.ret_null();
    m.entry(f.finish());
    assert_eq!(
        run(&m.module).ok(),
        "Rex barks\nTom makes a sound\nRex barks\nfetching\n"
    );
}

#[test]
fn unknown_method_and_wrong_arity_are_errors() {
    let Zoo { mut m, dog, .. } = zoo();
    let fly = m.sym("fly");
    let mut f = main_fn();
    let rex = f.str("Rex");
    let d = f.new_box(dog, &[rex]);
    f.call_method(d, fly, &[]);
    f.ret_null();
    m.entry(f.finish());
    assert_eq!(run(&m.module).error(), "unknown method `fly` on Dog");

    let Zoo { mut m, dog, .. } = zoo();
    let speak = m.sym("speak");
    let mut f = main_fn();
    let rex = f.str("Rex");
    let d = f.new_box(dog, &[rex]);
    f.call_method(d, speak, &[rex]);
    f.ret_null();
    m.entry(f.finish());
    assert_eq!(run(&m.module).error(), "Dog.speak takes 0 arguments, got 1");
}

#[test]
fn unknown_method_on_a_builtin_value() {
    let out = super::run_body(|f| {
        let n = f.int(3);
        f.call_method(n, nyash_mir::Sym(0), &[]);
        f.ret_null();
    });
    // Symbol 0 does not exist in an empty module: the load step rejects it.
    assert!(out.error().starts_with("invalid MIR"));
    let mut m = Mb::new();
    let nope = m.sym("nope");
    let mut f = main_fn();
    let n = f.int(3);
    f.call_method(n, nope, &[]);
    f.ret_null();
    m.entry(f.finish());
    assert_eq!(
        run(&m.module).error(),
        "unknown method `nope` on IntegerBox"
    );
}

/// Universal methods: `toString()`, `type()`, `equals(x)` on a box that defines none.
#[test]
fn universal_methods_of_user_boxes() {
    let Zoo { mut m, dog, .. } = zoo();
    let (to_string, type_, equals) = (m.sym("toString"), m.sym("type"), m.sym("equals"));
    let mut f = main_fn();
    let rex = f.str("Rex");
    let d = f.new_box(dog, &[rex]);
    let e = f.new_box(dog, &[rex]);
    let s = f.call_method(d, to_string, &[]);
    f.print(s);
    let t = f.call_method(d, type_, &[]);
    f.print(t);
    let same = f.call_method(d, equals, &[d]);
    f.print(same);
    let other = f.call_method(d, equals, &[e]);
    f.print(other);
    let eq = f.bin(BinaryOp::Eq, d, e);
    f.print(eq);
    f.print(d);
    f.ret_null();
    m.entry(f.finish());
    assert_eq!(
        run(&m.module).ok(),
        "<Dog instance>\nDog\ntrue\nfalse\nfalse\n<Dog instance>\n"
    );
}

/// A box's own `toString()` is used by `print` and by concatenation.
#[test]
fn own_to_string_is_used_for_printing() {
    let mut m = Mb::new();
    let point = m.class("Point", &["x"]);
    let x = m.sym("x");
    let mut ts = Fb::method("Point.toString", point, 0);
    let me = ts.param(0);
    let v = ts.get_field(me, x);
    let open = ts.str("P(");
    let s = ts.bin(BinaryOp::Add, open, v);
    let close = ts.str(")");
    let s = ts.bin(BinaryOp::Add, s, close);
    ts.ret(s);
    m.method(point, "toString", ts.finish());
    let mut f = main_fn();
    let p = f.new_box(point, &[]);
    let seven = f.int(7);
    f.set_field(p, x, seven);
    f.print(p);
    let label = f.str("at ");
    let s = f.bin(BinaryOp::Add, label, p);
    f.print(s);
    let list = f.new_builtin(BuiltinBox::Array, &[]);
    let push = m.sym("push");
    f.call_method(list, push, &[p]);
    f.print(list);
    f.ret_null();
    m.entry(f.finish());
    assert_eq!(run(&m.module).ok(), "P(7)\nat P(7)\n[P(7)]\n");
}

/// Constructors are chosen by arity; none fitting is an error; no constructors takes `new C()`.
#[test]
fn constructors_by_arity() {
    let mut m = Mb::new();
    let pair = m.class("Pair", &["a", "b"]);
    let (a, b) = (m.sym("a"), m.sym("b"));
    let mut one = Fb::ctor("Pair.birth", pair, 1);
    one.set_field(one.param(0), a, one.param(1));
    one.ret_null();
    m.ctor(pair, one.finish());
    let mut two = Fb::ctor("Pair.init", pair, 2);
    two.set_field(two.param(0), a, two.param(1));
    two.set_field(two.param(0), b, two.param(2));
    // What a constructor returns is ignored: `new` gives the instance.
    let junk = two.int(99);
    two.ret(junk);
    m.ctor(pair, two.finish());
    let plain = m.class("Plain", &[]);
    let mut f = main_fn();
    let (x, y) = (f.int(1), f.int(2));
    let p1 = f.new_box(pair, &[x]);
    let p2 = f.new_box(pair, &[x, y]);
    for p in [p1, p2] {
        let va = f.get_field(p, a);
        f.print(va);
        let vb = f.get_field(p, b);
        f.print(vb);
    }
    let q = f.new_box(plain, &[]);
    f.print(q);
    f.new_box(pair, &[]);
    f.ret_null();
    m.entry(f.finish());
    let out = run(&m.module);
    assert_eq!(out.stdout, "1\nnull\n1\n2\n<Plain instance>\n");
    assert_eq!(out.error(), "no constructor of Pair takes 0 arguments");
}

#[test]
fn constructor_arity_errors() {
    let mut m = Mb::new();
    let pair = m.class("Pair", &[]);
    let mut one = Fb::ctor("Pair.birth", pair, 1);
    one.ret_null();
    m.ctor(pair, one.finish());
    let plain = m.class("Plain", &[]);
    let mut f = main_fn();
    let x = f.int(1);
    f.new_box(plain, &[x]);
    f.ret_null();
    m.entry(f.finish());
    assert_eq!(
        run(&m.module).error(),
        "no constructor of Plain takes 1 argument"
    );
    m.module.functions.pop();
    let mut f = main_fn();
    f.new_box(pair, &[]);
    f.ret_null();
    m.entry(f.finish());
    assert_eq!(
        run(&m.module).error(),
        "no constructor of Pair takes 0 arguments"
    );
}

#[test]
fn field_errors() {
    let mut m = Mb::new();
    let point = m.class("Point", &["x"]);
    let (x, z) = (m.sym("x"), m.sym("z"));
    let mut f = main_fn();
    let p = f.new_box(point, &[]);
    let unset = f.get_field(p, x);
    f.print(unset);
    let one = f.int(1);
    f.set_field(p, z, one);
    f.ret_null();
    m.entry(f.finish());
    let out = run(&m.module);
    assert_eq!(out.stdout, "null\n");
    assert_eq!(out.error(), "unknown field `z` on Point");

    let mut m = Mb::new();
    let x = m.sym("x");
    let mut f = main_fn();
    let n = f.int(1);
    f.get_field(n, x);
    f.ret_null();
    m.entry(f.finish());
    assert_eq!(
        run(&m.module).error(),
        "cannot read field `x` of IntegerBox"
    );

    let mut m = Mb::new();
    let x = m.sym("x");
    let mut f = main_fn();
    let n = f.str("s");
    f.set_field(n, x, n);
    f.ret_null();
    m.entry(f.finish());
    assert_eq!(run(&m.module).error(), "cannot set field `x` of StringBox");
}

/// `static box Counter { init { n }  static { me.n = 10; print("init") }  next() { me.n = me.n + 1; return me.n } }`
#[test]
fn static_box_is_a_singleton_initialised_once() {
    let mut m = Mb::new();
    let counter = m.class("Counter", &["n"]);
    m.class_mut(counter).is_static = true;
    let n = m.sym("n");
    let mut init = Fb::new("Counter.static", FunctionKind::StaticInit(counter), 1);
    let ten = init.int(10);
    init.set_field(init.param(0), n, ten);
    let msg = init.str("init");
    init.print(msg);
    init.ret_null();
    let init = m.add(init.finish());
    m.class_mut(counter).static_init = Some(init);
    let mut next = Fb::method("Counter.next", counter, 0);
    let me = next.param(0);
    let v = next.get_field(me, n);
    let one = next.int(1);
    let v = next.bin(BinaryOp::Add, v, one);
    next.set_field(me, n, v);
    next.ret(v);
    m.method(counter, "next", next.finish());
    let next = m.sym("next");
    let mut f = main_fn();
    for _ in 0..3 {
        let c = f.static_box(counter);
        let v = f.call_method(c, next, &[]);
        f.print(v);
    }
    f.ret_null();
    m.entry(f.finish());
    assert_eq!(run(&m.module).ok(), "init\n11\n12\n13\n");
}

/// `box Stack from ArrayBox { }`: the built-in parent answers what the box does not define,
/// and `from ArrayBox.length()` reaches it through `GetBuiltinParent`.
#[test]
fn builtin_parent_answers_methods() {
    let mut m = Mb::new();
    let stack = m.class("Stack", &[]);
    m.class_mut(stack).builtin_parent = Some(BuiltinBox::Array);
    let (push, length, type_) = (m.sym("push"), m.sym("length"), m.sym("type"));
    let mut f = main_fn();
    let s = f.new_box(stack, &[]);
    let one = f.int(1);
    f.call_method(s, push, &[one]);
    f.call_method(s, push, &[one]);
    let n = f.call_method(s, length, &[]);
    f.print(n);
    let inner = f.reg();
    f.inst(InstKind::GetBuiltinParent {
        dst: inner,
        object: s,
    });
    let n = f.call_method(inner, length, &[]);
    f.print(n);
    let t = f.call_method(s, type_, &[]);
    f.print(t);
    f.ret_null();
    m.entry(f.finish());
    assert_eq!(run(&m.module).ok(), "2\n2\nStack\n");
}
