//! The whole program: every function body, and the entry function.
//!
//! Input: a checked [`Program`]. Declarations are collected first (`decls.rs`), then each
//! function is lowered by its own [`FnBuilder`]. The entry calls each file's `<top-level>`
//! function in program order (includes first), then `Main.main` if a `static box Main` answers
//! `main`. The entry's one parameter holds the program's arguments; a `main` with one parameter
//! receives them.

use nyash_mir::{FuncId, Function, InstKind, Module, Reg, Type};
use nyash_syntax::{Item, Program};

use crate::decls::{self, Body, Decls, Interner};
use crate::function::FnBuilder;
use crate::LowerError;

/// Lowers every function of `program`; all errors found are returned together.
pub(crate) fn lower_program(program: &Program) -> Result<Module, Vec<LowerError>> {
    let mut syms = Interner::default();
    let mut errors = Vec::new();
    let decls = decls::collect(program, &mut syms, &mut errors);
    let functions: Vec<Function> = (0..decls.funcs.len())
        .map(|i| lower_function(&decls, &mut syms, &mut errors, FuncId(i as u32)))
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Module {
        functions,
        classes: decls.classes,
        globals: decls.globals,
        symbols: syms.into_names(),
        entry: decls.entry,
    })
}

fn lower_function(
    decls: &Decls<'_>,
    syms: &mut Interner,
    errors: &mut Vec<LowerError>,
    id: FuncId,
) -> Function {
    let sig = decls.func(id);
    match sig.body {
        Body::TopLevel(file) => {
            let mut b = FnBuilder::new(decls, syms, errors, id, &[]);
            for item in &file.items {
                if let Item::Stmt(s) = item {
                    b.stmt(s);
                }
            }
            b.finish(sig.span)
        }
        Body::Function(f) => {
            let mut b = FnBuilder::new(decls, syms, errors, id, &f.params);
            b.stmts(&f.body.stmts);
            b.finish(f.body.span)
        }
        Body::Method(m) => {
            let mut b = FnBuilder::new(decls, syms, errors, id, &m.params);
            b.stmts(&m.body.stmts);
            b.finish(m.body.span)
        }
        Body::StaticInit(blocks) => {
            let mut b = FnBuilder::new(decls, syms, errors, id, &[]);
            blocks.iter().for_each(|block| b.block(block));
            b.finish(sig.span)
        }
        Body::Entry => {
            let mut b = FnBuilder::new(decls, syms, errors, id, &[]);
            b.entry_body();
            b.finish(sig.span)
        }
    }
}

/// The entry function's parameter: the program's arguments, handed on to `main(args)`.
const ENTRY_ARGUMENTS: Reg = Reg(0);

impl FnBuilder<'_, '_> {
    /// Runs each file's top-level code, then `Main.main`.
    fn entry_body(&mut self) {
        let decls = self.decls;
        for &top in &decls.top_levels {
            let span = decls.func(top).span;
            let dst = self.alloc(Type::Any);
            self.emit(
                InstKind::Call {
                    dst,
                    func: top,
                    args: vec![],
                },
                span,
            );
            // A value returned by top-level code must not outlive it.
            self.release_all(&[dst], span);
            self.recycle(dst);
        }
        let Some(main_class) = decls.static_class("Main") else {
            return;
        };
        let Some(main) = self.main_method(main_class) else {
            return;
        };
        let sig = decls.func(main);
        let span = sig.span;
        let me = self.alloc(Type::Any);
        self.emit(
            InstKind::StaticBox {
                dst: me,
                class: main_class,
            },
            span,
        );
        let mut args = vec![me];
        match sig.arity() {
            0 => {}
            1 => args.push(ENTRY_ARGUMENTS),
            _ => {
                self.error(LowerError::MainArity { span });
                return;
            }
        }
        let dst = self.alloc(Type::Any);
        self.emit(
            InstKind::Call {
                dst,
                func: main,
                args,
            },
            span,
        );
    }

    fn main_method(&self, main_class: nyash_mir::ClassId) -> Option<FuncId> {
        let sym = self.existing_sym("main")?;
        self.decls.class(main_class).lookup(sym)
    }
}
