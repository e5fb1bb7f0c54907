//! Tests of the VM on hand-built MIR modules, with a small builder so each test reads like the
//! Nyash program it stands for (written above it in a comment).

mod arith;
mod boxes;
mod calls;
mod errors;
mod fini;

use nyash_diagnostics::{FileId, Span};
use nyash_mir::{
    BinaryOp, Block, BlockId, BuiltinBox, Class, ClassId, Const, Field, FuncId, Function,
    FunctionKind, Global, Inst, InstKind, Module, Reg, Sym, TermKind, Terminator, Type,
};

use crate::RuntimeError;

/// Builds one function block by block.
pub(crate) struct Fb {
    function: Function,
    current: usize,
    /// Span given to the next instructions (`at`).
    span: Span,
}

impl Fb {
    pub fn new(name: &str, kind: FunctionKind, param_count: u32) -> Fb {
        Fb {
            function: Function {
                name: name.into(),
                kind,
                param_count,
                reg_types: vec![Type::Any; param_count as usize],
                blocks: vec![empty_block()],
                span: Span::default(),
            },
            current: 0,
            span: Span::default(),
        }
    }

    pub fn func(name: &str, param_count: u32) -> Fb {
        Fb::new(name, FunctionKind::Function, param_count)
    }

    pub fn method(name: &str, class: ClassId, arity: u32) -> Fb {
        Fb::new(name, FunctionKind::Method(class), arity + 1)
    }

    pub fn ctor(name: &str, class: ClassId, arity: u32) -> Fb {
        Fb::new(name, FunctionKind::Ctor(class), arity + 1)
    }

    pub fn param(&self, i: u32) -> Reg {
        Reg(i)
    }

    /// Spans of the following instructions: bytes `start..start + 1` of file 0.
    pub fn at(&mut self, start: u32) -> &mut Self {
        self.span = Span::new(FileId(0), start, start + 1);
        self
    }

    pub fn reg(&mut self) -> Reg {
        self.function.reg_types.push(Type::Any);
        Reg(self.function.reg_types.len() as u32 - 1)
    }

    pub fn block(&mut self) -> BlockId {
        self.function.blocks.push(empty_block());
        BlockId(self.function.blocks.len() as u32 - 1)
    }

    pub fn switch_to(&mut self, block: BlockId) {
        self.current = block.index();
    }

    pub fn inst(&mut self, kind: InstKind) {
        let span = self.span;
        self.function.blocks[self.current]
            .insts
            .push(Inst { kind, span });
    }

    pub fn term(&mut self, kind: TermKind) {
        self.function.blocks[self.current].term = Terminator {
            kind,
            span: self.span,
        };
    }

    pub fn konst(&mut self, value: Const) -> Reg {
        let dst = self.reg();
        self.inst(InstKind::Const { dst, value });
        dst
    }

    pub fn int(&mut self, n: i64) -> Reg {
        self.konst(Const::Int(n))
    }

    pub fn float(&mut self, f: f64) -> Reg {
        self.konst(Const::Float(f))
    }

    pub fn str(&mut self, s: &str) -> Reg {
        self.konst(Const::Str(s.into()))
    }

    pub fn null(&mut self) -> Reg {
        self.konst(Const::Null)
    }

    pub fn bin(&mut self, op: BinaryOp, lhs: Reg, rhs: Reg) -> Reg {
        let dst = self.reg();
        self.inst(InstKind::Binary { dst, op, lhs, rhs });
        dst
    }

    pub fn copy(&mut self, dst: Reg, src: Reg) {
        self.inst(InstKind::Copy { dst, src });
    }

    pub fn print(&mut self, value: Reg) {
        self.inst(InstKind::Print { value });
    }

    pub fn call(&mut self, func: FuncId, args: &[Reg]) -> Reg {
        let dst = self.reg();
        self.inst(InstKind::Call {
            dst,
            func,
            args: args.to_vec(),
        });
        dst
    }

    pub fn call_method(&mut self, receiver: Reg, method: Sym, args: &[Reg]) -> Reg {
        let dst = self.reg();
        self.inst(InstKind::CallMethod {
            dst,
            receiver,
            method,
            args: args.to_vec(),
        });
        dst
    }

    pub fn new_box(&mut self, class: ClassId, args: &[Reg]) -> Reg {
        let dst = self.reg();
        self.inst(InstKind::NewBox {
            dst,
            class,
            args: args.to_vec(),
        });
        dst
    }

    pub fn new_builtin(&mut self, kind: BuiltinBox, args: &[Reg]) -> Reg {
        let dst = self.reg();
        self.inst(InstKind::NewBuiltin {
            dst,
            kind,
            args: args.to_vec(),
        });
        dst
    }

    pub fn get_field(&mut self, object: Reg, field: Sym) -> Reg {
        let dst = self.reg();
        self.inst(InstKind::GetField { dst, object, field });
        dst
    }

    pub fn set_field(&mut self, object: Reg, field: Sym, value: Reg) {
        self.inst(InstKind::SetField {
            object,
            field,
            value,
        });
    }

    pub fn static_box(&mut self, class: ClassId) -> Reg {
        let dst = self.reg();
        self.inst(InstKind::StaticBox { dst, class });
        dst
    }

    pub fn release(&mut self, reg: Reg) {
        self.inst(InstKind::Release { reg });
    }

    pub fn ret(&mut self, value: Reg) {
        self.term(TermKind::Return(value));
    }

    pub fn ret_null(&mut self) {
        let r = self.null();
        self.ret(r);
    }

    pub fn jump(&mut self, target: BlockId) {
        self.term(TermKind::Jump(target));
    }

    pub fn branch(&mut self, cond: Reg, then_block: BlockId, else_block: BlockId) {
        self.term(TermKind::Branch {
            cond,
            then_block,
            else_block,
        });
    }

    pub fn finish(self) -> Function {
        self.function
    }
}

fn empty_block() -> Block {
    Block {
        insts: Vec::new(),
        term: Terminator {
            kind: TermKind::Unreachable,
            span: Span::default(),
        },
    }
}

/// Builds a module; function 0 is the entry once `entry` is called.
#[derive(Default)]
pub(crate) struct Mb {
    pub module: Module,
}

impl Mb {
    pub fn new() -> Mb {
        Mb::default()
    }

    pub fn sym(&mut self, name: &str) -> Sym {
        if let Some(sym) = self.module.find_symbol(name) {
            return sym;
        }
        self.module.symbols.push(name.into());
        Sym(self.module.symbols.len() as u32 - 1)
    }

    /// Reserves a function id (for recursion), filled by `define`.
    pub fn declare(&mut self) -> FuncId {
        let placeholder = Fb::func("<declared>", 0).finish();
        self.module.functions.push(placeholder);
        FuncId(self.module.functions.len() as u32 - 1)
    }

    pub fn define(&mut self, id: FuncId, function: Function) {
        self.module.functions[id.index()] = function;
    }

    pub fn add(&mut self, function: Function) -> FuncId {
        let id = self.declare();
        self.define(id, function);
        id
    }

    pub fn entry(&mut self, function: Function) {
        let id = self.add(function);
        self.module.entry = id;
    }

    pub fn global(&mut self, name: &str) -> nyash_mir::GlobalId {
        self.module.globals.push(Global { name: name.into() });
        nyash_mir::GlobalId(self.module.globals.len() as u32 - 1)
    }

    /// Adds a box with these fields (a `!` prefix marks a weak field).
    pub fn class(&mut self, name: &str, fields: &[&str]) -> ClassId {
        let fields = fields
            .iter()
            .map(|f| Field {
                name: self.sym(f.trim_start_matches('!')),
                weak: f.starts_with('!'),
            })
            .collect();
        self.module.classes.push(Class {
            name: name.into(),
            is_static: false,
            parents: Vec::new(),
            builtin_parent: None,
            fields,
            methods: Vec::new(),
            ctors: Vec::new(),
            fini: None,
            static_init: None,
            span: Span::default(),
        });
        ClassId(self.module.classes.len() as u32 - 1)
    }

    pub fn class_mut(&mut self, class: ClassId) -> &mut Class {
        &mut self.module.classes[class.index()]
    }

    /// Adds `method` to the dispatch table of `class` (kept sorted by symbol).
    pub fn method(&mut self, class: ClassId, name: &str, function: Function) -> FuncId {
        let sym = self.sym(name);
        let id = self.add(function);
        let methods = &mut self.class_mut(class).methods;
        methods.push((sym, id));
        methods.sort_by_key(|&(s, _)| s);
        if name == "fini" {
            self.class_mut(class).fini = Some(id);
        }
        id
    }

    pub fn ctor(&mut self, class: ClassId, function: Function) -> FuncId {
        let id = self.add(function);
        self.class_mut(class).ctors.push(id);
        id
    }
}

/// What a run printed, and how it ended.
pub(crate) struct Outcome {
    pub stdout: String,
    #[allow(dead_code)]
    pub stderr: String,
    pub result: Result<(), RuntimeError>,
}

impl Outcome {
    /// The error message of a failed run.
    pub fn error(&self) -> &str {
        match &self.result {
            Ok(()) => panic!("expected an error; stdout: {}", self.stdout),
            Err(e) => e.message(),
        }
    }

    /// Stdout of a successful run.
    pub fn ok(&self) -> &str {
        if let Err(e) = &self.result {
            panic!(
                "unexpected error `{}`; stdout: {}",
                e.message(),
                self.stdout
            );
        }
        &self.stdout
    }
}

pub(crate) fn run_with_input(module: &Module, input: &str) -> Outcome {
    let mut stdout = Vec::new();
    let mut stderr = Vec::new();
    let mut stdin = input.as_bytes();
    let result = crate::run(module, &[], &mut stdout, &mut stderr, &mut stdin);
    Outcome {
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
        result,
    }
}

pub(crate) fn run(module: &Module) -> Outcome {
    run_with_input(module, "")
}

/// Runs a module whose entry is the body built by `body` (with no other functions).
pub(crate) fn run_body(body: impl FnOnce(&mut Fb)) -> Outcome {
    let mut f = Fb::new("<top-level>", FunctionKind::Entry, 0);
    body(&mut f);
    let mut m = Mb::new();
    m.entry(f.finish());
    run(&m.module)
}
