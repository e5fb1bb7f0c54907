//! The function builder: blocks, registers, scopes and the frame stack of one function.
//!
//! Statement and expression lowering (`stmt.rs`, `expr.rs`, ...) extend [`FnBuilder`] with one
//! method per construct; this module holds what they share:
//! - **Blocks.** Instructions go to the current block. A terminator ends it and starts a fresh
//!   block that nothing jumps to yet, so code after `return` still lowers (and reports its
//!   errors); [`FnBuilder::finish`] drops every block unreachable from the entry.
//! - **Registers.** Parameters come first. Temporaries belong to the statement that creates
//!   them and are released (when not a known scalar) and recycled at its end; a `local` owns a
//!   register until its block ends. Recycled registers are only reused with the same [`Type`],
//!   so a register's type holds for every value it ever has.
//! - **Frames.** Block scopes, loops and active `try` regions form one stack, innermost last.
//!   Names are looked up in it, and leaving constructs early (`break`, `continue`, `return`)
//!   walks it to release locals and run `finally` bodies (see `try_.rs`).

use nyash_diagnostics::Span;
use nyash_mir::{
    Block, BlockId, ClassId, Const, FuncId, Function, FunctionKind, Inst, InstKind, Reg, Sym,
    TermKind, Terminator, Type,
};
use nyash_syntax as ast;
use rustc_hash::FxHashMap;

use crate::decls::{Decls, Interner};
use crate::LowerError;

/// One entry of the lexical stack of a function being lowered.
pub(crate) enum Frame<'a> {
    /// A block scope.
    Scope(Scope<'a>),
    /// A `loop` body: `continue` jumps to `header`, `break` to `exit`.
    Loop { header: BlockId, exit: BlockId },
    /// An active `try` region (a try body, or a catch body followed by `finally`): leaving it
    /// early takes a `TryExit` and then the `finally` body.
    Try { finally: Option<&'a ast::Block> },
}

/// The locals of one block scope.
#[derive(Default)]
pub(crate) struct Scope<'a> {
    /// Every local declared in it, in order (a name declared twice is here twice).
    pub(crate) vars: Vec<(&'a str, Reg)>,
    /// The register each name has now: the last declaration. A scope can hold thousands
    /// of locals (a long generated `main`), and every name in it is looked up.
    by_name: FxHashMap<&'a str, Reg>,
}

impl<'a> Scope<'a> {
    fn declare(&mut self, name: &'a str, reg: Reg) {
        self.vars.push((name, reg));
        self.by_name.insert(name, reg);
    }

    fn get(&self, name: &str) -> Option<Reg> {
        self.by_name.get(name).copied()
    }
}

/// Types whose values own nothing, so their registers never need a `Release`.
pub(crate) fn is_scalar(ty: Type) -> bool {
    matches!(ty, Type::Int | Type::Float | Type::Bool | Type::Null)
}

/// Index of a type's list of recyclable registers.
fn type_slot(ty: Type) -> usize {
    match ty {
        Type::Any => 0,
        Type::Int => 1,
        Type::Float => 2,
        Type::Bool => 3,
        Type::Str => 4,
        Type::Null => 5,
    }
}

/// Builds one MIR function.
pub(crate) struct FnBuilder<'a, 'b> {
    pub(crate) decls: &'b Decls<'a>,
    syms: &'b mut Interner,
    errors: &'b mut Vec<LowerError>,
    /// The box this function belongs to (its `r0` is `me`), if any.
    pub(crate) class: Option<ClassId>,
    id: FuncId,
    reg_types: Vec<Type>,
    blocks: Vec<Block>,
    current: BlockId,
    pub(crate) frames: Vec<Frame<'a>>,
    /// Temporaries of the statements being lowered, outermost statement first.
    temps: Vec<Reg>,
    /// Dead registers ready for reuse, per type.
    free: [Vec<Reg>; 6],
    /// Every register handed out, in order (try handlers release those of their body).
    allocated: Vec<Reg>,
}

impl<'a, 'b> FnBuilder<'a, 'b> {
    /// A builder for function `id` whose parameters (after `me`, if it has one) are `params`.
    pub(crate) fn new(
        decls: &'b Decls<'a>,
        syms: &'b mut Interner,
        errors: &'b mut Vec<LowerError>,
        id: FuncId,
        params: &'a [ast::Ident],
    ) -> Self {
        let sig = decls.func(id);
        let class = match sig.kind {
            FunctionKind::Method(c) | FunctionKind::Ctor(c) | FunctionKind::StaticInit(c) => {
                Some(c)
            }
            _ => None,
        };
        let mut b = FnBuilder {
            decls,
            syms,
            errors,
            class,
            id,
            reg_types: vec![Type::Any; sig.param_count as usize],
            blocks: Vec::new(),
            current: BlockId(0),
            frames: Vec::new(),
            temps: Vec::new(),
            free: Default::default(),
            allocated: Vec::new(),
        };
        b.current = b.new_block();
        let first = u32::from(sig.has_me());
        let named = params
            .iter()
            .zip(first..)
            .map(|(p, i)| (p.name.as_str(), Reg(i)));
        let mut scope = Scope::default();
        named.for_each(|(name, reg)| scope.declare(name, reg));
        b.frames.push(Frame::Scope(scope));
        b
    }

    pub(crate) fn error(&mut self, e: LowerError) {
        self.errors.push(e);
    }

    pub(crate) fn sym(&mut self, name: &str) -> Sym {
        self.syms.intern(name)
    }

    /// The symbol of `name` if some method or field is called that.
    pub(crate) fn existing_sym(&self, name: &str) -> Option<Sym> {
        self.syms.get(name)
    }

    // ----- registers -----

    pub(crate) fn reg_type(&self, r: Reg) -> Type {
        self.reg_types.get(r.index()).copied().unwrap_or_default()
    }

    /// A register of type `ty` owned by the caller (a local, an error slot).
    pub(crate) fn alloc(&mut self, ty: Type) -> Reg {
        let r = match self.free[type_slot(ty)].pop() {
            Some(r) => r,
            None => {
                self.reg_types.push(ty);
                Reg(self.reg_types.len() as u32 - 1)
            }
        };
        self.allocated.push(r);
        r
    }

    /// A temporary of the current statement.
    pub(crate) fn temp(&mut self, ty: Type) -> Reg {
        let r = self.alloc(ty);
        self.temps.push(r);
        r
    }

    /// Gives back a dead register for reuse.
    pub(crate) fn recycle(&mut self, r: Reg) {
        let ty = self.reg_type(r);
        self.free[type_slot(ty)].push(r);
    }

    /// `dest` if given, else a new temporary of type `ty`.
    pub(crate) fn dest(&mut self, dest: Option<Reg>, ty: Type) -> Reg {
        dest.unwrap_or_else(|| self.temp(ty))
    }

    pub(crate) fn temps_mark(&self) -> usize {
        self.temps.len()
    }

    /// Removes and returns the temporaries created since `mark`.
    pub(crate) fn take_temps(&mut self, mark: usize) -> Vec<Reg> {
        self.temps.split_off(mark.min(self.temps.len()))
    }

    /// Releases and recycles the temporaries created since `mark` (end of a statement).
    pub(crate) fn end_temps(&mut self, mark: usize, span: Span) {
        let temps = self.take_temps(mark);
        self.release_all(&temps, span);
        temps.into_iter().for_each(|r| self.recycle(r));
    }

    pub(crate) fn allocation_mark(&self) -> usize {
        self.allocated.len()
    }

    /// Every register handed out since `mark`, each once.
    pub(crate) fn allocated_since(&self, mark: usize) -> Vec<Reg> {
        let mut regs: Vec<Reg> = self.allocated.get(mark..).unwrap_or_default().to_vec();
        regs.sort_unstable();
        regs.dedup();
        regs
    }

    /// `Release`s the registers that may hold a heap value.
    pub(crate) fn release_all(&mut self, regs: &[Reg], span: Span) {
        for &reg in regs {
            if !is_scalar(self.reg_type(reg)) {
                self.emit(InstKind::Release { reg }, span);
            }
        }
    }

    /// A new temporary holding `value`.
    pub(crate) fn constant(&mut self, value: Const, dest: Option<Reg>, span: Span) -> Reg {
        let ty = match value {
            Const::Int(_) => Type::Int,
            Const::Float(_) => Type::Float,
            Const::Bool(_) => Type::Bool,
            Const::Null => Type::Null,
            Const::Str(_) => Type::Str,
        };
        let dst = self.dest(dest, ty);
        self.emit(InstKind::Const { dst, value }, span);
        dst
    }

    // ----- blocks -----

    pub(crate) fn new_block(&mut self) -> BlockId {
        self.blocks.push(Block {
            insts: Vec::new(),
            term: Terminator {
                kind: TermKind::Unreachable,
                span: Span::default(),
            },
        });
        BlockId(self.blocks.len() as u32 - 1)
    }

    /// Continues lowering in `block` (the current one must be terminated already).
    pub(crate) fn switch_to(&mut self, block: BlockId) {
        self.current = block;
    }

    pub(crate) fn emit(&mut self, kind: InstKind, span: Span) {
        if let Some(block) = self.blocks.get_mut(self.current.index()) {
            block.insts.push(Inst { kind, span });
        }
    }

    /// Ends the current block; what follows lowers into a new, so far unreachable, block.
    pub(crate) fn terminate(&mut self, kind: TermKind, span: Span) {
        if let Some(block) = self.blocks.get_mut(self.current.index()) {
            block.term = Terminator { kind, span };
        }
        self.current = self.new_block();
    }

    pub(crate) fn jump(&mut self, target: BlockId, span: Span) {
        self.terminate(TermKind::Jump(target), span);
    }

    // ----- frames and names -----

    pub(crate) fn push_scope(&mut self) {
        self.frames.push(Frame::Scope(Scope::default()));
    }

    /// Ends the innermost scope: releases its locals and recycles their registers.
    pub(crate) fn pop_scope(&mut self, span: Span) {
        if let Some(Frame::Scope(scope)) = self.frames.pop() {
            let regs: Vec<Reg> = scope.vars.iter().map(|&(_, r)| r).collect();
            self.release_all(&regs, span);
            regs.into_iter().for_each(|r| self.recycle(r));
        }
    }

    /// Binds `name` to `reg` in the innermost scope.
    pub(crate) fn declare(&mut self, name: &'a str, reg: Reg) {
        if let Some(Frame::Scope(scope)) = self
            .frames
            .iter_mut()
            .rev()
            .find(|f| matches!(f, Frame::Scope(_)))
        {
            scope.declare(name, reg);
        }
    }

    /// The register of `name` if it is declared in the innermost scope itself.
    pub(crate) fn local_in_innermost_scope(&self, name: &str) -> Option<Reg> {
        match self
            .frames
            .iter()
            .rev()
            .find(|f| matches!(f, Frame::Scope(_)))
        {
            Some(Frame::Scope(scope)) => scope.get(name),
            _ => None,
        }
    }

    /// The register of the local or parameter `name` visible here.
    pub(crate) fn lookup(&self, name: &str) -> Option<Reg> {
        self.frames.iter().rev().find_map(|f| match f {
            Frame::Scope(scope) => scope.get(name),
            _ => None,
        })
    }

    /// The register of `me`; an error outside boxes.
    pub(crate) fn me(&mut self, span: Span) -> Option<Reg> {
        if self.class.is_some() {
            Some(Reg(0))
        } else {
            self.error(LowerError::MeOutsideBox { span });
            None
        }
    }

    /// The static box this function belongs to, if its box is static.
    pub(crate) fn static_self(&self) -> Option<ClassId> {
        self.class.filter(|&c| self.decls.class(c).is_static)
    }

    // ----- finishing -----

    /// Returns null from the end of the body if reachable, and assembles the function.
    pub(crate) fn finish(mut self, span: Span) -> Function {
        let null = self.alloc(Type::Null);
        self.emit(
            InstKind::Const {
                dst: null,
                value: Const::Null,
            },
            span,
        );
        self.terminate(TermKind::Return(null), span);
        let sig = self.decls.func(self.id);
        Function {
            name: sig.name.clone(),
            kind: sig.kind,
            param_count: sig.param_count,
            reg_types: self.reg_types,
            blocks: crate::cfg::simplify(self.blocks),
            span: sig.span,
        }
    }
}
