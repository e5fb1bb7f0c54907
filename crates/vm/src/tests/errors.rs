//! Exceptions (`try`/`catch`/`finally`/`throw`) and the call stack of uncaught errors.

use nyash_diagnostics::{FileId, SourceFiles, Span};
use nyash_mir::{BinaryOp, FunctionKind, InstKind, TermKind};

use super::{run, run_body, Fb, Mb};

/// ```nyash
/// try { print("in")  throw "boom" } catch (e) { print(e)  print(e.message()) }
/// finally { print("finally") }
/// ```
#[test]
fn throw_a_string_is_caught_as_an_error_box() {
    let mut m = Mb::new();
    let message = m.sym("message");
    let mut f = Fb::new("<top-level>", FunctionKind::Entry, 0);
    let error = f.reg();
    let (handler, finally) = (f.block(), f.block());
    f.inst(InstKind::TryEnter { handler, error });
    let text = f.str("in");
    f.print(text);
    let boom = f.str("boom");
    f.term(TermKind::Throw(boom));
    f.switch_to(handler);
    f.print(error);
    let msg = f.call_method(error, message, &[]);
    f.print(msg);
    f.jump(finally);
    f.switch_to(finally);
    let text = f.str("finally");
    f.print(text);
    f.ret_null();
    m.entry(f.finish());
    assert_eq!(run(&m.module).ok(), "in\nErrorBox(boom)\nboom\nfinally\n");
}

/// Nested `try`: the inner handler catches, rethrows, the outer handler catches the same error.
#[test]
fn rethrow_keeps_the_original_error() {
    let out = run_body(|f| {
        let (outer_err, inner_err) = (f.reg(), f.reg());
        let (outer, inner) = (f.block(), f.block());
        f.inst(InstKind::TryEnter {
            handler: outer,
            error: outer_err,
        });
        f.at(40);
        f.inst(InstKind::TryEnter {
            handler: inner,
            error: inner_err,
        });
        let (one, zero) = (f.int(1), f.int(0));
        f.at(50);
        f.bin(BinaryOp::Div, one, zero);
        f.term(TermKind::Unreachable);
        f.switch_to(inner);
        let text = f.str("inner");
        f.print(text);
        f.at(60);
        f.term(TermKind::Throw(inner_err));
        f.switch_to(outer);
        f.print(outer_err);
        f.term(TermKind::Throw(outer_err));
    });
    assert_eq!(out.stdout, "inner\nErrorBox(division by zero)\n");
    let Err(e) = &out.result else {
        panic!("expected an error")
    };
    assert_eq!(e.error.message, "division by zero");
    assert_eq!(e.error.span.start, 50, "rethrow keeps the original place");
}

/// `throw` of a user box raises `ErrorBox(<its toString()>)` at the throw.
#[test]
fn throw_of_a_box_uses_its_to_string() {
    let mut m = Mb::new();
    let oops = m.class("Oops", &[]);
    let mut ts = Fb::method("Oops.toString", oops, 0);
    let s = ts.str("custom");
    ts.ret(s);
    m.method(oops, "toString", ts.finish());
    let mut f = Fb::new("<top-level>", FunctionKind::Entry, 0);
    let o = f.new_box(oops, &[]);
    f.at(7);
    f.term(TermKind::Throw(o));
    m.entry(f.finish());
    let out = run(&m.module);
    assert_eq!(out.error(), "custom");
    let Err(e) = &out.result else { unreachable!() };
    assert_eq!(e.error.span.start, 7);
}

/// An error raised in a callee is caught by the caller's handler; the callee's frame is gone.
#[test]
fn error_in_callee_is_caught_by_caller() {
    let mut m = Mb::new();
    let mut bad = Fb::func("bad", 0);
    let (one, zero) = (bad.int(1), bad.int(0));
    bad.bin(BinaryOp::Mod, one, zero);
    bad.ret_null();
    let bad = m.add(bad.finish());
    let mut f = Fb::new("<top-level>", FunctionKind::Entry, 0);
    let error = f.reg();
    let handler = f.block();
    f.inst(InstKind::TryEnter { handler, error });
    f.call(bad, &[]);
    f.inst(InstKind::TryExit);
    f.ret_null();
    f.switch_to(handler);
    f.print(error);
    let text = f.str("still running");
    f.print(text);
    f.ret_null();
    m.entry(f.finish());
    assert_eq!(
        run(&m.module).ok(),
        "ErrorBox(modulo by zero)\nstill running\n"
    );
}

/// `Main.main` calls `Main.run` calls `Dog.speak`, which fails: the note lists the callers.
#[test]
fn uncaught_error_note_lists_the_call_stack() {
    let source = "0123456789\nabcdefghij\nklmnopqrst\n";
    let mut files = SourceFiles::new();
    let file = files.add("app.nyash", source);
    assert_eq!(file, FileId(0));
    let mut m = Mb::new();
    let mut speak = Fb::func("Dog.speak", 0);
    let (one, zero) = (speak.int(1), speak.int(0));
    speak.at(25);
    speak.bin(BinaryOp::Div, one, zero);
    speak.ret_null();
    let speak = m.add(speak.finish());
    let mut run_ = Fb::func("Main.run", 0);
    run_.at(13);
    run_.call(speak, &[]);
    run_.ret_null();
    let run_ = m.add(run_.finish());
    let mut main = Fb::func("Main.main", 0);
    main.at(2);
    main.call(run_, &[]);
    main.ret_null();
    let main = m.add(main.finish());
    let mut entry = Fb::new("<top-level>", FunctionKind::Entry, 0);
    entry.at(0);
    entry.call(main, &[]);
    entry.ret_null();
    m.entry(entry.finish());
    let out = run(&m.module);
    let Err(e) = &out.result else {
        panic!("expected an error")
    };
    let diagnostic = e.to_diagnostic(&files);
    assert_eq!(diagnostic.message, "division by zero");
    assert_eq!(diagnostic.span, Some(Span::new(file, 25, 26)));
    assert_eq!(
        diagnostic.notes,
        vec!["in Dog.speak, called from Main.run (app.nyash:2:3), \
             called from Main.main (app.nyash:1:3)"
            .to_string()]
    );
}

/// Only the innermost 8 callers are listed.
#[test]
fn long_call_stacks_are_shortened() {
    let mut files = SourceFiles::new();
    files.add("deep.nyash", "x\n");
    let mut m = Mb::new();
    let rec = m.declare();
    let mut f = Fb::func("rec", 1);
    let n = f.param(0);
    let zero = f.int(0);
    let done = f.bin(BinaryOp::Eq, n, zero);
    let (stop, more) = (f.block(), f.block());
    f.branch(done, stop, more);
    f.switch_to(stop);
    let boom = f.str("boom");
    f.term(TermKind::Throw(boom));
    f.switch_to(more);
    let one = f.int(1);
    let next = f.bin(BinaryOp::Sub, n, one);
    let r = f.call(rec, &[next]);
    f.ret(r);
    m.define(rec, f.finish());
    let mut entry = Fb::new("<top-level>", FunctionKind::Entry, 0);
    let depth = entry.int(11);
    entry.call(rec, &[depth]);
    entry.ret_null();
    m.entry(entry.finish());
    let out = run(&m.module);
    let Err(e) = &out.result else {
        panic!("expected an error")
    };
    let note = e.stack_note(&files);
    assert_eq!(note.matches("called from rec").count(), 8, "{note}");
    // The entry function is not a caller that the user wrote, so it is not counted.
    assert!(note.ends_with(", ... and 3 more"), "{note}");
}

/// An error inside a user `toString()` reached from `print` names both functions.
#[test]
fn error_inside_to_string_called_by_print() {
    let mut m = Mb::new();
    let bad = m.class("Bad", &[]);
    let mut ts = Fb::method("Bad.toString", bad, 0);
    let (one, zero) = (ts.int(1), ts.int(0));
    ts.bin(BinaryOp::Div, one, zero);
    ts.ret_null();
    m.method(bad, "toString", ts.finish());
    let mut f = Fb::new("<top-level>", FunctionKind::Entry, 0);
    let b = f.new_box(bad, &[]);
    f.at(3);
    f.print(b);
    f.ret_null();
    m.entry(f.finish());
    let out = run(&m.module);
    let Err(e) = &out.result else {
        panic!("expected an error")
    };
    assert_eq!(e.error.function, "Bad.toString");
    assert_eq!(e.error.stack.len(), 1);
    assert_eq!(e.error.stack[0].function, "<top-level>");
    assert_eq!(e.error.stack[0].span.start, 3);
}

/// A `try` region left normally does not catch later errors.
#[test]
fn try_exit_ends_the_region() {
    let out = run_body(|f| {
        let error = f.reg();
        let handler = f.block();
        f.inst(InstKind::TryEnter { handler, error });
        f.inst(InstKind::TryExit);
        let (one, zero) = (f.int(1), f.int(0));
        f.bin(BinaryOp::Div, one, zero);
        f.ret_null();
        f.switch_to(handler);
        let text = f.str("wrongly caught");
        f.print(text);
        f.ret_null();
    });
    assert_eq!(out.error(), "division by zero");
    assert_eq!(out.stdout, "");
}
