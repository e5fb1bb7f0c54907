//! Calls, recursion, the depth limit, globals and futures.

use nyash_mir::{BinaryOp, FunctionKind, InstKind, TermKind};

use super::{run, Fb, Mb};

/// `function fib(n) { if n < 2 { return n } return fib(n - 1) + fib(n - 2) }  print(fib(20))`
#[test]
fn recursive_fib() {
    let mut m = Mb::new();
    let fib = m.declare();
    let mut f = Fb::func("fib", 1);
    let n = f.param(0);
    let two = f.int(2);
    let small = f.bin(BinaryOp::Lt, n, two);
    let (base, rec) = (f.block(), f.block());
    f.branch(small, base, rec);
    f.switch_to(base);
    f.ret(n);
    f.switch_to(rec);
    let one = f.int(1);
    let n1 = f.bin(BinaryOp::Sub, n, one);
    let a = f.call(fib, &[n1]);
    let n2 = f.bin(BinaryOp::Sub, n, two);
    let b = f.call(fib, &[n2]);
    let sum = f.bin(BinaryOp::Add, a, b);
    f.ret(sum);
    m.define(fib, f.finish());

    let mut main = Fb::new("<top-level>", FunctionKind::Entry, 0);
    let arg = main.int(20);
    let r = main.call(fib, &[arg]);
    main.print(r);
    main.ret_null();
    m.entry(main.finish());
    assert_eq!(run(&m.module).ok(), "6765\n");
}

/// `function down(n) { if n == 0 { return 0 } return down(n - 1) }`
fn countdown_module(depth: i64, catch: bool) -> Mb {
    let mut m = Mb::new();
    let down = m.declare();
    let mut f = Fb::func("down", 1);
    let n = f.param(0);
    let zero = f.int(0);
    let done = f.bin(BinaryOp::Eq, n, zero);
    let (stop, rec) = (f.block(), f.block());
    f.branch(done, stop, rec);
    f.switch_to(stop);
    f.ret(zero);
    f.switch_to(rec);
    let one = f.int(1);
    let next = f.bin(BinaryOp::Sub, n, one);
    let r = f.call(down, &[next]);
    f.ret(r);
    m.define(down, f.finish());

    let mut main = Fb::new("<top-level>", FunctionKind::Entry, 0);
    let error = main.reg();
    let handler = main.block();
    if catch {
        main.inst(InstKind::TryEnter { handler, error });
    }
    let arg = main.int(depth);
    let r = main.call(down, &[arg]);
    main.print(r);
    if catch {
        main.inst(InstKind::TryExit);
    }
    main.ret_null();
    main.switch_to(handler);
    let text = main.str("caught: ");
    let shown = main.bin(BinaryOp::Add, text, error);
    main.print(shown);
    main.ret_null();
    m.entry(main.finish());
    m
}

#[test]
fn deep_recursion_within_the_limit_runs() {
    let m = countdown_module(9_990, false);
    assert_eq!(run(&m.module).ok(), "0\n");
}

#[test]
fn too_deep_recursion_is_a_stack_overflow() {
    let m = countdown_module(1_000_000, false);
    let out = run(&m.module);
    assert_eq!(out.error(), "stack overflow");
    let Err(e) = &out.result else { unreachable!() };
    assert_eq!(e.error.function, "down");
    assert!(e.error.stack.len() > 9_000);
}

#[test]
fn stack_overflow_is_catchable() {
    let m = countdown_module(1_000_000, true);
    assert_eq!(run(&m.module).ok(), "caught: ErrorBox(stack overflow)\n");
}

#[test]
fn wrong_argument_count_is_an_error() {
    let mut m = Mb::new();
    let mut f = Fb::func("helper", 1);
    f.ret_null();
    let helper = m.add(f.finish());
    let mut main = Fb::new("<top-level>", FunctionKind::Entry, 0);
    let (a, b) = (main.int(1), main.int(2));
    main.call(helper, &[a, b]);
    main.ret_null();
    m.entry(main.finish());
    assert_eq!(run(&m.module).error(), "helper takes 1 argument, got 2");
}

/// `counter = 0  counter = counter + 5  print(counter)`
#[test]
fn globals_hold_values_across_functions() {
    let mut m = Mb::new();
    let g = m.global("counter");
    let mut bump = Fb::func("bump", 0);
    let v = bump.reg();
    bump.inst(InstKind::LoadGlobal { dst: v, global: g });
    let five = bump.int(5);
    let sum = bump.bin(BinaryOp::Add, v, five);
    bump.inst(InstKind::StoreGlobal {
        global: g,
        src: sum,
    });
    bump.ret_null();
    let bump = m.add(bump.finish());
    let mut main = Fb::new("<top-level>", FunctionKind::Entry, 0);
    let zero = main.int(0);
    main.inst(InstKind::StoreGlobal {
        global: g,
        src: zero,
    });
    main.call(bump, &[]);
    main.call(bump, &[]);
    let v = main.reg();
    main.inst(InstKind::LoadGlobal { dst: v, global: g });
    main.print(v);
    main.ret_null();
    m.entry(main.finish());
    assert_eq!(run(&m.module).ok(), "10\n");
}

/// `nowait f = 41 + 1  print(await f)`; a failed future re-raises its error on `await`;
/// awaiting a plain value gives it back.
#[test]
fn futures_hold_values_and_errors() {
    let out = super::run_body(|f| {
        let v = f.int(42);
        let fut = f.reg();
        f.inst(InstKind::FutureOk { dst: fut, value: v });
        let got = f.reg();
        f.inst(InstKind::Await {
            dst: got,
            future: fut,
        });
        f.print(got);
        let plain = f.reg();
        f.inst(InstKind::Await {
            dst: plain,
            future: v,
        });
        f.print(plain);

        let error = f.reg();
        let (handler, after) = (f.block(), f.block());
        f.inst(InstKind::TryEnter { handler, error });
        let zero = f.int(0);
        f.bin(BinaryOp::Div, v, zero);
        f.inst(InstKind::TryExit);
        f.jump(after);
        f.switch_to(handler);
        let failed = f.reg();
        f.inst(InstKind::FutureErr { dst: failed, error });
        let again = f.reg();
        f.inst(InstKind::Await {
            dst: again,
            future: failed,
        });
        f.ret_null();
        f.switch_to(after);
        f.term(TermKind::Unreachable);
    });
    assert_eq!(out.stdout, "42\n42\n");
    assert_eq!(out.error(), "division by zero");
}

/// Output printed before an uncaught error stays.
#[test]
fn output_before_an_error_is_kept() {
    let out = super::run_body(|f| {
        let a = f.str("before");
        f.print(a);
        let (one, zero) = (f.int(1), f.int(0));
        f.bin(BinaryOp::Div, one, zero);
        f.ret_null();
    });
    assert_eq!(out.stdout, "before\n");
    assert_eq!(out.error(), "division by zero");
}

/// `box Link { init { next }  toString() { return "<" + me.next + ">" } }`: printing a chain of
/// `depth` links nests one native call per link (the deepest kind of native recursion the VM
/// has). Runs on a thread with `stack` bytes of native stack.
fn print_nested_links(depth: i64, stack: usize) -> super::Outcome {
    let mut m = Mb::new();
    let link = m.class("Link", &["next"]);
    let next = m.sym("next");
    let mut ts = Fb::method("Link.toString", link, 0);
    let inner = ts.get_field(ts.param(0), next);
    let open = ts.str("<");
    let s = ts.bin(BinaryOp::Add, open, inner);
    let close = ts.str(">");
    let s = ts.bin(BinaryOp::Add, s, close);
    ts.ret(s);
    m.method(link, "toString", ts.finish());
    let mut f = Fb::new("<top-level>", FunctionKind::Entry, 0);
    let head = f.int(0);
    let i = f.int(0);
    let (cond_b, body, done) = (f.block(), f.block(), f.block());
    f.jump(cond_b);
    f.switch_to(cond_b);
    let limit = f.int(depth);
    let more = f.bin(BinaryOp::Lt, i, limit);
    f.branch(more, body, done);
    f.switch_to(body);
    let node = f.new_box(link, &[]);
    f.set_field(node, next, head);
    f.copy(head, node);
    let one = f.int(1);
    f.inst(InstKind::Binary {
        dst: i,
        op: BinaryOp::Add,
        lhs: i,
        rhs: one,
    });
    f.jump(cond_b);
    f.switch_to(done);
    let t = f.str("");
    let shown = f.bin(BinaryOp::Add, t, head);
    let len_sym = m.sym("length");
    let n = f.call_method(shown, len_sym, &[]);
    f.print(n);
    f.ret_null();
    m.entry(f.finish());
    let module = m.module;
    std::thread::Builder::new()
        .stack_size(stack)
        .spawn(move || run(&module))
        .expect("thread")
        .join()
        .expect("no crash")
}

/// 10,000 nested native calls fit in 256 MiB (what the CLI gives the VM thread), even in an
/// unoptimised build; one more level is a `stack overflow` error, not a crash.
#[test]
fn nested_native_calls_fit_in_256_mib() {
    let out = print_nested_links(9_990, 256 << 20);
    assert_eq!(out.ok(), format!("{}\n", 2 * 9_990 + 1));
    let out = print_nested_links(20_000, 256 << 20);
    assert_eq!(out.error(), "stack overflow");
}
