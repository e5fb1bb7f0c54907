//! The MIR verifier: checks that a [`Module`] is well formed before a backend runs it.
//!
//! Lowering runs it in debug and test builds, and `nyash --verify` runs it on demand. A module
//! that passes can be indexed by every backend without bounds surprises. Every error names the
//! function (or `class Name`, or `<module>`) it is about; all errors are reported, not only the
//! first.
//!
//! Invariants checked:
//!
//! Module
//! - `entry` is a function of the module, and it takes 0 or 1 parameters (the arguments).
//!
//! Functions
//! - A function has at least one block (the entry block `bb0`).
//! - `param_count <= reg_count`; methods, constructors and static initialisers have at least one
//!   parameter (`me`).
//! - Every register an instruction or terminator reads or writes is `< reg_count`.
//! - Every `BlockId` (jump, branch, `try_enter` handler) is a block of the same function.
//! - Every `FuncId`, `ClassId` (also in the function's kind), `GlobalId` and `Sym` is in range.
//! - `Call` passes exactly the callee's `param_count` arguments.
//! - `NewBox` never names a static box.
//! - Try regions balance: the try depth (open `try_enter`s not yet closed by `try_exit`) is
//!   0 at `bb0`; `try_enter` adds one, and its handler block is entered with the depth before
//!   the `try_enter`; `try_exit` at depth 0 is an error; every predecessor of a block reaches it
//!   with the same depth; `ret` happens at depth 0. (`throw` and `unreachable` may happen at
//!   any depth.) Unreachable blocks are not required to be absent and are not checked.
//! - No register is read before it is written, or after its release: every register an
//!   instruction or terminator reads is, on every path from the entry, written (parameters are
//!   written on entry) and not released since. `try_enter` writes its error register only on
//!   the way into its handler, and the handler is entered only with what holds at every point
//!   of the region where an error may be raised: the state at the `try_enter` minus whatever a
//!   `release` in the region may end, plus the error register. Unreachable blocks are not
//!   checked. The dataflow and the exact region rule are in `verify/written.rs`.
//!
//! Classes
//! - Parents are classes of the module, and no class is its own ancestor.
//! - Field names are symbols in range.
//! - The dispatch table is sorted by `Sym` with no duplicates; each entry is a
//!   `Method` of the class itself or of one of its ancestors.
//! - `fini` is a `Method` of the class or an ancestor; each constructor is a `Ctor` of the
//!   class; `static_init` is the class's `StaticInit`.

mod written;

use std::collections::HashSet;
use std::fmt;

use crate::{
    BlockId, ClassId, FuncId, Function, FunctionKind, GlobalId, InstKind, Module, Reg, Sym,
    TermKind,
};

/// One broken invariant.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifyError {
    /// The function's name, `class Name` for class-level errors, `<module>` for the entry.
    pub function: String,
    pub message: String,
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "in {}: {}", self.function, self.message)
    }
}

/// Checks every invariant listed in the module doc; `Err` holds every violation found.
pub fn verify(module: &Module) -> Result<(), Vec<VerifyError>> {
    let mut errors = Vec::new();
    check_entry(module, &mut errors);
    for (index, class) in module.classes.iter().enumerate() {
        ClassCheck {
            module,
            id: ClassId(index as u32),
            owner: format!("class {}", class.name),
            errors: &mut errors,
        }
        .run();
    }
    for function in &module.functions {
        FunctionCheck {
            module,
            func: function,
            errors: &mut errors,
        }
        .run();
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn check_entry(module: &Module, errors: &mut Vec<VerifyError>) {
    let message = match module.functions.get(module.entry.index()) {
        None => format!(
            "entry {} out of range ({} functions)",
            module.entry,
            module.functions.len()
        ),
        Some(entry) if entry.param_count > 1 => format!(
            "entry {} takes {} parameters, expected 0 or 1",
            entry.name, entry.param_count
        ),
        Some(_) => return,
    };
    errors.push(VerifyError {
        function: "<module>".to_string(),
        message,
    });
}

/// The ancestors of `class` (parents, their parents, ...), each once, ignoring ids out of range.
fn ancestors(module: &Module, class: ClassId) -> HashSet<ClassId> {
    let mut seen = HashSet::new();
    let mut todo = match module.classes.get(class.index()) {
        Some(c) => c.parents.clone(),
        None => Vec::new(),
    };
    while let Some(next) = todo.pop() {
        if let Some(c) = module.classes.get(next.index()) {
            if seen.insert(next) {
                todo.extend(&c.parents);
            }
        }
    }
    seen
}

struct ClassCheck<'a> {
    module: &'a Module,
    id: ClassId,
    owner: String,
    errors: &'a mut Vec<VerifyError>,
}

impl<'a> ClassCheck<'a> {
    fn error(&mut self, message: String) {
        self.errors.push(VerifyError {
            function: self.owner.clone(),
            message,
        });
    }

    fn run(mut self) {
        let module = self.module;
        let Some(class) = module.classes.get(self.id.index()) else {
            return;
        };
        for &parent in &class.parents {
            if parent.index() >= module.classes.len() {
                self.error(format!(
                    "parent {parent} out of range ({} classes)",
                    module.classes.len()
                ));
            }
        }
        let ancestors = ancestors(module, self.id);
        if ancestors.contains(&self.id) {
            self.error("the class is its own ancestor".to_string());
        }
        for field in &class.fields {
            self.symbol(field.name);
        }
        self.dispatch_table(&ancestors);
        if let Some(fini) = class.fini {
            self.method_kind("fini", fini, &ancestors);
        }
        for &ctor in &class.ctors {
            self.expect_kind("constructor", ctor, FunctionKind::Ctor(self.id));
        }
        if let Some(init) = class.static_init {
            self.expect_kind("static init", init, FunctionKind::StaticInit(self.id));
        }
    }

    fn dispatch_table(&mut self, ancestors: &HashSet<ClassId>) {
        let module = self.module;
        let Some(class) = module.classes.get(self.id.index()) else {
            return;
        };
        for (index, &(sym, func)) in class.methods.iter().enumerate() {
            self.symbol(sym);
            let name = module.symbols.get(sym.index()).cloned();
            let name = name.unwrap_or_else(|| sym.to_string());
            if let Some(&(previous, _)) = index.checked_sub(1).and_then(|i| class.methods.get(i)) {
                if previous == sym {
                    self.error(format!("method `{name}` is twice in the dispatch table"));
                } else if previous > sym {
                    self.error(format!(
                        "dispatch table is not sorted by symbol at `{name}`"
                    ));
                }
            }
            self.method_kind(&format!("method `{name}`"), func, ancestors);
        }
    }

    /// `func` answers a method of this class: it must be a `Method` of it or of an ancestor.
    fn method_kind(&mut self, what: &str, func: FuncId, ancestors: &HashSet<ClassId>) {
        let Some(function) = self.function(func) else {
            return;
        };
        match function.kind {
            FunctionKind::Method(owner) if owner == self.id || ancestors.contains(&owner) => {}
            _ => {
                let message = format!(
                    "{what} is answered by {}, which is not a method of this class or its ancestors",
                    function.name
                );
                self.error(message);
            }
        }
    }

    fn expect_kind(&mut self, what: &str, func: FuncId, expected: FunctionKind) {
        let Some(function) = self.function(func) else {
            return;
        };
        if function.kind != expected {
            let kind = crate::display::describe_kind(self.module, function.kind);
            let message = format!("{what} {} is a {kind}", function.name);
            self.error(message);
        }
    }

    fn function(&mut self, func: FuncId) -> Option<&'a Function> {
        let module = self.module;
        let found = module.functions.get(func.index());
        if found.is_none() {
            self.error(format!(
                "function {func} out of range ({} functions)",
                module.functions.len()
            ));
        }
        found
    }

    fn symbol(&mut self, sym: Sym) {
        if sym.index() >= self.module.symbols.len() {
            let count = self.module.symbols.len();
            self.error(format!("symbol {sym} out of range ({count} symbols)"));
        }
    }
}

struct FunctionCheck<'a> {
    module: &'a Module,
    func: &'a Function,
    errors: &'a mut Vec<VerifyError>,
}

impl FunctionCheck<'_> {
    fn error(&mut self, message: String) {
        self.errors.push(VerifyError {
            function: self.func.name.clone(),
            message,
        });
    }

    fn run(mut self) {
        let func = self.func;
        if func.blocks.is_empty() {
            self.error("the function has no blocks".to_string());
        }
        if func.param_count as usize > func.reg_count() {
            self.error(format!(
                "{} parameters but only {} registers",
                func.param_count,
                func.reg_count()
            ));
        }
        self.kind();
        for (index, block) in func.blocks.iter().enumerate() {
            let at = BlockId(index as u32);
            for inst in &block.insts {
                self.inst(at, &inst.kind);
            }
            self.terminator(at, &block.term.kind);
        }
        self.try_depths();
        for message in written::unsafe_reads(func) {
            self.error(message);
        }
    }

    fn kind(&mut self) {
        let class = match self.func.kind {
            FunctionKind::Method(c) | FunctionKind::Ctor(c) | FunctionKind::StaticInit(c) => c,
            FunctionKind::Entry | FunctionKind::TopLevel | FunctionKind::Function => return,
        };
        self.class(class);
        if self.func.param_count == 0 {
            self.error("a method, constructor or static init takes `me` as r0".to_string());
        }
    }

    fn inst(&mut self, at: BlockId, kind: &InstKind) {
        for reg in kind.uses().into_iter().chain(kind.dst()) {
            self.reg(at, reg);
        }
        match kind {
            InstKind::LoadGlobal { global, .. } | InstKind::StoreGlobal { global, .. } => {
                self.global(*global)
            }
            InstKind::GetField { field, .. } | InstKind::SetField { field, .. } => {
                self.symbol(*field)
            }
            InstKind::CallMethod { method, .. } => self.symbol(*method),
            InstKind::StaticBox { class, .. } => {
                self.class(*class);
            }
            InstKind::NewBox { class, .. } => self.new_box(*class),
            InstKind::Call { func, args, .. } => self.call(*func, args.len()),
            InstKind::TryEnter { handler, .. } => self.block(at, *handler),
            _ => {}
        }
    }

    fn terminator(&mut self, at: BlockId, kind: &TermKind) {
        match kind {
            TermKind::Jump(target) => self.block(at, *target),
            TermKind::Branch {
                cond,
                then_block,
                else_block,
            } => {
                self.reg(at, *cond);
                self.block(at, *then_block);
                self.block(at, *else_block);
            }
            TermKind::Return(reg) | TermKind::Throw(reg) => self.reg(at, *reg),
            TermKind::Unreachable => {}
        }
    }

    fn reg(&mut self, at: BlockId, reg: Reg) {
        let count = self.func.reg_count();
        if reg.index() >= count {
            self.error(format!(
                "register {reg} out of range in {at} ({count} registers)"
            ));
        }
    }

    fn block(&mut self, at: BlockId, target: BlockId) {
        let count = self.func.blocks.len();
        if target.index() >= count {
            self.error(format!(
                "block {target} out of range in {at} ({count} blocks)"
            ));
        }
    }

    fn global(&mut self, global: GlobalId) {
        let count = self.module.globals.len();
        if global.index() >= count {
            self.error(format!("global {global} out of range ({count} globals)"));
        }
    }

    fn symbol(&mut self, sym: Sym) {
        let count = self.module.symbols.len();
        if sym.index() >= count {
            self.error(format!("symbol {sym} out of range ({count} symbols)"));
        }
    }

    /// Checks `class` is in range; returns whether it is a static box.
    fn class(&mut self, class: ClassId) -> Option<bool> {
        let count = self.module.classes.len();
        let found = self.module.classes.get(class.index()).map(|c| c.is_static);
        if found.is_none() {
            self.error(format!("class {class} out of range ({count} classes)"));
        }
        found
    }

    fn new_box(&mut self, class: ClassId) {
        if self.class(class) == Some(true) {
            let module = self.module;
            let name = module.classes.get(class.index()).map(|c| c.name.as_str());
            self.error(format!("`new` of the static box {}", name.unwrap_or("?")));
        }
    }

    fn call(&mut self, func: FuncId, arg_count: usize) {
        let count = self.module.functions.len();
        match self.module.functions.get(func.index()) {
            None => self.error(format!("function {func} out of range ({count} functions)")),
            Some(callee) if callee.param_count as usize != arg_count => {
                let message = format!(
                    "call of {} passes {arg_count} arguments, it takes {}",
                    callee.name, callee.param_count
                );
                self.error(message);
            }
            Some(_) => {}
        }
    }

    /// The try-depth dataflow of the module doc.
    fn try_depths(&mut self) {
        let func = self.func;
        let blocks = &func.blocks;
        let mut depth_at: Vec<Option<u32>> = vec![None; blocks.len()];
        let mut reported: HashSet<BlockId> = HashSet::new();
        let mut todo = Vec::new();
        if !blocks.is_empty() {
            depth_at[0] = Some(0);
            todo.push(BlockId(0));
        }
        while let Some(at) = todo.pop() {
            let (Some(block), Some(Some(start))) =
                (blocks.get(at.index()), depth_at.get(at.index()).copied())
            else {
                continue;
            };
            let mut depth = start;
            let mut edges = Vec::new();
            for inst in &block.insts {
                match inst.kind {
                    InstKind::TryEnter { handler, .. } => {
                        edges.push((handler, depth));
                        depth += 1;
                    }
                    InstKind::TryExit if depth == 0 => {
                        self.error(format!("try_exit in {at} with no open try region"));
                    }
                    InstKind::TryExit => depth -= 1,
                    _ => {}
                }
            }
            match block.term.kind {
                TermKind::Jump(target) => edges.push((target, depth)),
                TermKind::Branch {
                    then_block,
                    else_block,
                    ..
                } => {
                    edges.push((then_block, depth));
                    edges.push((else_block, depth));
                }
                TermKind::Return(_) if depth != 0 => {
                    self.error(format!("ret in {at} inside {depth} open try region(s)"));
                }
                TermKind::Return(_) | TermKind::Throw(_) | TermKind::Unreachable => {}
            }
            for (target, depth) in edges {
                match depth_at.get_mut(target.index()) {
                    None => {}
                    Some(slot @ None) => {
                        *slot = Some(depth);
                        todo.push(target);
                    }
                    Some(Some(known)) if *known != depth && reported.insert(target) => {
                        let message = format!(
                            "{target} is entered with try depth {known} and {depth} (from {at})"
                        );
                        self.error(message);
                    }
                    Some(Some(_)) => {}
                }
            }
        }
    }
}

#[cfg(test)]
#[path = "verify_tests.rs"]
mod tests;
