//! Boxes: fields, dispatch tables, constructors, `fini`, static boxes, the entry function.

use super::*;
use nyash_mir::{BuiltinBox, Class, FunctionKind, Module};

const ANIMALS: &str = r#"
box Animal {
  init { name, sound }
  birth(name) { me.name = name }
  speak() { return me.name + " says " + me.sound }
  fini() { print("bye") }
}
box Pet {
  init { owner, name }
  Pet() { }
  pack(a, b) { }
  init(o) { me.owner = o }
  birth() { }
  play() { return 1 }
  speak() { return 0 }
}
box Dog from Animal, Pet {
  init { breed, weak friend }
  birth(name, breed) { from Animal.birth(name)  me.sound = "woof"  me.breed = breed }
  override speak() { return from Animal.speak() + "!" }
  wag() { return me.speak() }
}
"#;

fn class<'m>(m: &'m Module, name: &str) -> &'m Class {
    m.classes.iter().find(|c| c.name == name).expect("class")
}

fn fields(m: &Module, c: &Class) -> Vec<String> {
    let field = |f: &nyash_mir::Field| {
        let weak = if f.weak { "weak " } else { "" };
        format!("{weak}{}", m.symbol(f.name))
    };
    c.fields.iter().map(field).collect()
}

/// `method -> function` of the dispatch table, in table (symbol) order.
fn table(m: &Module, c: &Class) -> Vec<String> {
    let entry = |&(s, f): &(nyash_mir::Sym, nyash_mir::FuncId)| {
        format!("{} -> {}", m.symbol(s), m.function(f).name)
    };
    c.methods.iter().map(entry).collect()
}

fn names(m: &Module, funcs: &[nyash_mir::FuncId]) -> Vec<String> {
    funcs.iter().map(|&f| m.function(f).name.clone()).collect()
}

#[test]
fn fields_are_inherited_depth_first_then_own_each_name_once() {
    let m = lower_ok(ANIMALS);
    let dog = class(&m, "Dog");
    assert_eq!(
        fields(&m, dog),
        ["name", "sound", "owner", "breed", "weak friend"]
    );
}

#[test]
fn dispatch_table_prefers_own_methods_then_parents_in_order() {
    let m = lower_ok(ANIMALS);
    let dog = class(&m, "Dog");
    let mut entries = table(&m, dog);
    assert!(
        dog.methods.windows(2).all(|w| w[0].0 < w[1].0),
        "sorted by Sym"
    );
    entries.sort();
    assert_eq!(
        entries,
        [
            "fini -> Animal.fini",
            "play -> Pet.play",
            "speak -> Dog.speak",
            "wag -> Dog.wag"
        ]
    );
    assert_eq!(
        dog.fini.map(|f| m.function(f).name.clone()).as_deref(),
        Some("Animal.fini")
    );
    let parents: Vec<&str> = dog
        .parents
        .iter()
        .map(|&p| m.class(p).name.as_str())
        .collect();
    assert_eq!(parents, ["Animal", "Pet"]);
}

#[test]
fn constructors_are_ordered_birth_init_pack_named_and_take_me() {
    let m = lower_ok(ANIMALS);
    let pet = class(&m, "Pet");
    assert_eq!(
        names(&m, &pet.ctors),
        ["Pet.birth", "Pet.init", "Pet.pack", "Pet.Pet"]
    );
    assert!(pet.methods.iter().all(|&(s, _)| m.symbol(s) != "birth"));
    let pack = func(&m, "Pet.pack");
    assert!(matches!(pack.kind, FunctionKind::Ctor(_)));
    assert_eq!(pack.param_count, 3);
    assert_fn(
        &m,
        "Dog.birth",
        r#"
        fn Dog.birth(r0, r1, r2) [ctor of Dog] {
          types: r4: Str, r5: Null
        bb0:
          r3 = call Animal.birth(r0, r1)
          release r3
          r4 = const "woof"
          setfield r0.sound = r4
          release r4
          setfield r0.breed = r2
          r5 = const null
          ret r5
        }
    "#,
    );
}

#[test]
fn from_calls_are_direct_calls_with_me() {
    let m = lower_ok(ANIMALS);
    assert_fn(
        &m,
        "Dog.speak",
        r#"
        fn Dog.speak(r0) [method of Dog] {
          types: r2: Str, r3: Str, r4: Null
        bb0:
          r1 = call Animal.speak(r0)
          r2 = const "!"
          r3 = add r1, r2
          ret r3
        }
    "#,
    );
    // `me.m()` in an ordinary box stays dynamic: a child may override `m`.
    assert_fn(
        &m,
        "Dog.wag",
        r#"
        fn Dog.wag(r0) [method of Dog] {
          types: r2: Null
        bb0:
          r1 = callmethod r0.speak()
          ret r1
        }
    "#,
    );
}

#[test]
fn builtin_parents_answer_through_the_owned_builtin_box() {
    let m = lower_ok(
        "box Calc from MathBox {\n root(x) { return from MathBox.sqrt(x) }\n}\nbox Sci from Calc { }\n",
    );
    assert_eq!(class(&m, "Calc").builtin_parent, Some(BuiltinBox::Math));
    assert_eq!(class(&m, "Sci").builtin_parent, Some(BuiltinBox::Math));
    assert_fn(
        &m,
        "Calc.root",
        r#"
        fn Calc.root(r0, r1) [method of Calc] {
          types: r4: Null
        bb0:
          r2 = builtin_parent r0
          r3 = callmethod r2.sqrt(r1)
          ret r3
        }
    "#,
    );
}

#[test]
fn static_boxes_merge_static_blocks_and_call_their_methods_directly() {
    let m = lower_ok(
        "static box Counter {\n init { count }\n static { me.count = 0 }\n static { print(\"ready\") }\n inc() { me.count = me.count + 1  return me.count }\n twice() { me.inc()  return Counter.inc() }\n}\nfunction Counter.reset() { Counter.count = 0 }\n",
    );
    let counter = class(&m, "Counter");
    assert!(counter.is_static);
    assert_eq!(
        counter
            .static_init
            .map(|f| m.function(f).name.clone())
            .as_deref(),
        Some("Counter.static")
    );
    let mut entries = table(&m, counter);
    entries.sort();
    assert_eq!(
        entries,
        [
            "inc -> Counter.inc",
            "reset -> Counter.reset",
            "twice -> Counter.twice"
        ]
    );
    assert_fn(
        &m,
        "Counter.static",
        r#"
        fn Counter.static(r0) [static init of Counter] {
          types: r1: Int, r2: Str, r3: Null
        bb0:
          r1 = const 0
          setfield r0.count = r1
          r2 = const "ready"
          print r2
          release r2
          r3 = const null
          ret r3
        }
    "#,
    );
    assert_fn(
        &m,
        "Counter.twice",
        r#"
        fn Counter.twice(r0) [method of Counter] {
          types: r3: Null
        bb0:
          r1 = call Counter.inc(r0)
          release r1
          r1 = static_box Counter
          r2 = call Counter.inc(r1)
          ret r2
        }
    "#,
    );
    assert_fn(
        &m,
        "Counter.reset",
        r#"
        fn Counter.reset(r0) [method of Counter] {
          types: r2: Int, r3: Null
        bb0:
          r1 = static_box Counter
          r2 = const 0
          setfield r1.count = r2
          release r1
          r3 = const null
          ret r3
        }
    "#,
    );
}

#[test]
fn entry_runs_every_file_then_main_with_its_arguments() {
    let program = programs(&[
        "print(\"lib\")\n",
        "print(\"app\")\nstatic box Main {\n main(args) { return 0 }\n}\n",
    ]);
    let m = crate::lower_unrefined(&program).expect("lowers");
    assert_eq!(m.function(m.entry).kind, FunctionKind::Entry);
    assert_fn(
        &m,
        "<entry>",
        r#"
        fn <entry>(r0) [entry] {
          types: r3: Null
        bb0:
          r1 = call <top-level>()
          release r1
          r1 = call <top-level>()
          release r1
          r1 = static_box Main
          r2 = call Main.main(r1, r0)
          r3 = const null
          ret r3
        }
    "#,
    );
    let top_levels = m
        .functions
        .iter()
        .filter(|f| f.kind == FunctionKind::TopLevel);
    assert_eq!(top_levels.count(), 2);
}

#[test]
fn entry_without_main_only_runs_the_files() {
    let m = lower_ok("print(1)\n");
    assert_fn(
        &m,
        "<entry>",
        r#"
        fn <entry>(r0) [entry] {
          types: r2: Null
        bb0:
          r1 = call <top-level>()
          release r1
          r2 = const null
          ret r2
        }
    "#,
    );
}

#[test]
fn delegation_errors_are_reported() {
    let errors = lower_err("box A from B { }\nbox B from A { }\n");
    assert_eq!(errors, ["box `B` is its own ancestor (delegation cycle)"]);
    let errors = lower_err("box A from Nothing { }\n");
    assert_eq!(errors, ["unknown parent box `Nothing`"]);
    let errors = lower_err("box A { }\nbox A { }\n");
    assert_eq!(errors, ["box `A` is defined twice"]);
}
