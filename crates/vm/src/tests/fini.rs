//! Reference counting, `fini()` and `weak` fields (SPEC §5).

use nyash_mir::{BinaryOp, BuiltinBox, ClassId, FunctionKind, InstKind, Sym};

use super::{run, Fb, Mb};

/// ```nyash
/// box Res { init { name, other, !peer }
///   birth(name) { me.name = name }
///   fini() { print("fini " + me.name) }
///   use() { return me.name } }
/// ```
struct Setup {
    m: Mb,
    res: ClassId,
    name: Sym,
    other: Sym,
    peer: Sym,
    fini: Sym,
    use_: Sym,
}

fn setup() -> Setup {
    let mut m = Mb::new();
    let res = m.class("Res", &["name", "other", "!peer"]);
    let (name, other, peer) = (m.sym("name"), m.sym("other"), m.sym("peer"));
    let mut ctor = Fb::ctor("Res.birth", res, 1);
    ctor.set_field(ctor.param(0), name, ctor.param(1));
    ctor.ret_null();
    m.ctor(res, ctor.finish());
    let mut fini = Fb::method("Res.fini", res, 0);
    let n = fini.get_field(fini.param(0), name);
    let label = fini.str("fini ");
    let text = fini.bin(BinaryOp::Add, label, n);
    fini.print(text);
    fini.ret_null();
    m.method(res, "fini", fini.finish());
    let mut use_ = Fb::method("Res.use", res, 0);
    let n = use_.get_field(use_.param(0), name);
    use_.ret(n);
    m.method(res, "use", use_.finish());
    let (fini, use_) = (m.sym("fini"), m.sym("use"));
    Setup {
        m,
        res,
        name,
        other,
        peer,
        fini,
        use_,
    }
}

fn main_fn() -> Fb {
    Fb::new("<top-level>", FunctionKind::Entry, 0)
}

fn new_res(f: &mut Fb, res: ClassId, name: &str) -> nyash_mir::Reg {
    let n = f.str(name);
    f.new_box(res, &[n])
}

fn say(f: &mut Fb, text: &str) {
    let r = f.str(text);
    f.print(r);
}

#[test]
fn fini_runs_on_release_and_on_overwrite() {
    let Setup { mut m, res, .. } = setup();
    let mut f = main_fn();
    let a = new_res(&mut f, res, "a");
    f.release(a);
    say(&mut f, "after release");
    let b = new_res(&mut f, res, "b");
    let c = new_res(&mut f, res, "c");
    f.copy(b, c);
    say(&mut f, "after overwrite");
    f.release(b);
    say(&mut f, "c still held");
    f.release(c);
    say(&mut f, "end");
    f.ret_null();
    m.entry(f.finish());
    assert_eq!(
        run(&m.module).ok(),
        "fini a\nafter release\nfini b\nafter overwrite\nc still held\nfini c\nend\n"
    );
}

/// `x.fini()` runs once; later calls are no-ops; other methods and fields are then errors.
#[test]
fn explicit_fini_then_use_is_an_error() {
    let Setup {
        mut m,
        res,
        fini,
        use_,
        ..
    } = setup();
    let mut f = main_fn();
    let a = new_res(&mut f, res, "a");
    f.call_method(a, fini, &[]);
    f.call_method(a, fini, &[]);
    say(&mut f, "twice");
    f.call_method(a, use_, &[]);
    f.ret_null();
    m.entry(f.finish());
    let out = run(&m.module);
    assert_eq!(out.stdout, "fini a\ntwice\n");
    assert_eq!(out.error(), "use of finalised Res instance");
}

#[test]
fn field_of_a_finalised_object_is_an_error() {
    let Setup {
        mut m,
        res,
        fini,
        name,
        ..
    } = setup();
    let mut f = main_fn();
    let a = new_res(&mut f, res, "a");
    f.call_method(a, fini, &[]);
    f.get_field(a, name);
    f.ret_null();
    m.entry(f.finish());
    assert_eq!(run(&m.module).error(), "use of finalised Res instance");
}

/// Finalising an object releases its strong fields: `a.other = b`, dropping `a` finalises both.
#[test]
fn finalising_releases_strong_fields_and_keeps_weak_ones_out() {
    let Setup {
        mut m,
        res,
        other,
        peer,
        ..
    } = setup();
    let mut f = main_fn();
    let a = new_res(&mut f, res, "a");
    let b = new_res(&mut f, res, "b");
    let c = new_res(&mut f, res, "c");
    f.set_field(a, other, b);
    f.set_field(a, peer, c);
    f.release(b);
    say(&mut f, "b held by a");
    f.release(a);
    say(&mut f, "c still held");
    f.release(c);
    f.ret_null();
    m.entry(f.finish());
    assert_eq!(
        run(&m.module).ok(),
        "b held by a\nfini a\nfini b\nc still held\nfini c\n"
    );
}

#[test]
fn weak_field_reads_null_after_its_target_is_finalised() {
    let Setup {
        mut m,
        res,
        peer,
        fini,
        ..
    } = setup();
    let mut f = main_fn();
    let a = new_res(&mut f, res, "a");
    let b = new_res(&mut f, res, "b");
    let c = new_res(&mut f, res, "c");
    f.set_field(a, peer, b);
    f.set_field(b, peer, c);
    let seen = f.get_field(a, peer);
    f.print(seen);
    f.release(seen);
    f.release(b);
    let gone = f.get_field(a, peer);
    f.print(gone);
    f.call_method(c, fini, &[]);
    let finalised = f.get_field(a, peer);
    f.set_field(a, peer, c);
    let finalised_again = f.get_field(a, peer);
    f.print(finalised);
    f.print(finalised_again);
    f.ret_null();
    m.entry(f.finish());
    assert_eq!(
        run(&m.module).ok(),
        "<Res instance>\nfini b\nnull\nfini c\nnull\nnull\nfini a\n"
    );
}

/// Objects in an array are finalised when the array goes away; objects in globals are not
/// finalised when the program ends; locals of the entry are.
#[test]
fn containers_and_program_end() {
    let Setup { mut m, res, .. } = setup();
    let g = m.global("keep");
    let push = m.sym("push");
    let mut f = main_fn();
    let list = f.new_builtin(BuiltinBox::Array, &[]);
    for name in ["x", "y"] {
        let r = new_res(&mut f, res, name);
        f.call_method(list, push, &[r]);
        f.release(r);
    }
    f.release(list);
    let kept = new_res(&mut f, res, "global");
    f.inst(InstKind::StoreGlobal {
        global: g,
        src: kept,
    });
    new_res(&mut f, res, "local");
    say(&mut f, "end");
    f.ret_null();
    m.entry(f.finish());
    assert_eq!(run(&m.module).ok(), "fini x\nfini y\nend\nfini local\n");
}

/// A linked list of many nodes with a `fini()` at the head is finalised without recursion.
#[test]
fn long_chain_is_released_iteratively() {
    let Setup {
        mut m, res, other, ..
    } = setup();
    let plain = m.class("Node", &["next"]);
    let next = m.sym("next");
    let mut f = main_fn();
    let head = f.null();
    let i = f.int(0);
    let (cond_b, body, done) = (f.block(), f.block(), f.block());
    f.jump(cond_b);
    f.switch_to(cond_b);
    let limit = f.int(200_000);
    let more = f.bin(BinaryOp::Lt, i, limit);
    f.branch(more, body, done);
    f.switch_to(body);
    let node = f.new_box(plain, &[]);
    f.set_field(node, next, head);
    f.copy(head, node);
    f.release(node);
    let one = f.int(1);
    f.inst(InstKind::Binary {
        dst: i,
        op: BinaryOp::Add,
        lhs: i,
        rhs: one,
    });
    f.jump(cond_b);
    f.switch_to(done);
    let owner = new_res(&mut f, res, "owner");
    f.set_field(owner, other, head);
    f.release(head);
    f.release(owner);
    say(&mut f, "done");
    f.ret_null();
    m.entry(f.finish());
    assert_eq!(run(&m.module).ok(), "fini owner\ndone\n");
}
