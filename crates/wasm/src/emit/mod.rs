//! Code generation: MIR functions become wasm functions over the value ABI of `abi.rs`.
//!
//! [`generate`] compiles every function reachable from the entry through direct calls (in
//! `FuncId` order, so output is deterministic), plus a start function for table slot 0 that
//! calls the entry; it also fills the data segment (literals, static box singletons, class
//! names, the site table). The per-function work is done by [`FnEmitter`]: registers become
//! locals (a `(tag i32, bits i64)` pair, or one `i64`/`f64`/`i32` for registers typed
//! Int/Float/Bool), control flow comes from `stackify`, and instructions are emitted by
//! construct in `inst.rs`, `binary.rs` and `call.rs`.
//!
//! Ownership follows docs/WASM-BACKEND.md: every register owns one reference; writing a
//! register releases its old value; arguments are retained by the caller; `ret` releases
//! every other register. Counting is inline, and skipped for registers that never hold a
//! counted value (`heap.rs`). Fast paths for untyped operators and ArrayBox methods are in
//! `binary_fast.rs` and `array_fast.rs`.

mod array_fast;
mod binary;
mod binary_fast;
mod boxes;
mod builtins;
mod call;
mod field_fast;
mod heap;
mod inst;
mod nyashstd;
mod state_boxes;
mod tables;
mod try_;

use std::collections::BTreeMap;

use nyash_mir::{BlockId, ClassId, FuncId, Function, InstKind, Module, Reg, TermKind, Type};
use wasm_encoder::{BlockType, InstructionSink, ValType};

use crate::data::Data;
use crate::link::{Code, FunctionHead, Generated};
use crate::rotate;
use crate::runtime::Runtime;
use crate::sites::Sites;
use crate::stackify::Item;
use crate::{abi, CompileError, SourceFiles};

/// State shared by the functions of one module.
pub(crate) struct Context<'m> {
    pub module: &'m Module,
    pub rt: &'static Runtime,
    pub data: Data,
    pub sites: Sites<'m>,
    /// Absolute wasm index of each compiled MIR function.
    pub func_index: BTreeMap<FuncId, u32>,
    /// Absolute index of the first generated global (two per Nyash global: tag, bits).
    pub first_global: u32,
    /// Function types by parameter count: `(i32 i64)* -> (i32 i64)`.
    types: BTreeMap<u32, u32>,
    type_list: Vec<(Vec<ValType>, Vec<ValType>)>,
    /// Singletons of static boxes by class.
    statics: BTreeMap<ClassId, u32>,
    /// Absolute indices of the "`static { }` has run" flags, by class.
    static_flags: BTreeMap<ClassId, u32>,
    /// Whether some class has a `fini()`: then generated code looks for queued finalisers
    /// after every instruction.
    pub has_fini: bool,
    /// Whether some function of the module opens a try region (`try_::module_catches`,
    /// found once: every function needs it).
    pub catches: bool,
    /// Tags of the built-in parents of the module's boxes (`state_boxes::parent_tags`).
    pub parent_tags: Vec<i32>,
    /// For each field name (by `Sym`), the one class having a field of that name and its
    /// index there; `None` if no class or several have it (`field_fast.rs`).
    pub field_owners: Vec<Option<(ClassId, usize)>>,
    /// Where the code of each instruction of the function being emitted starts (offset in
    /// its body) and its span, for the source map (`sourcemap.rs`).
    pub locations: Vec<(u32, nyash_diagnostics::Span)>,
    /// The buffer each function's body is written into, reused from one function to the next.
    body_buffer: Vec<u8>,
}

impl Context<'_> {
    /// Index (among generated types) of the type of a function with `params` parameters.
    pub fn function_type(&mut self, params: u32) -> u32 {
        if let Some(&ty) = self.types.get(&params) {
            return ty;
        }
        let mut list = Vec::new();
        for _ in 0..params {
            list.extend([ValType::I32, ValType::I64]);
        }
        let ty = self.type_list.len() as u32;
        self.type_list
            .push((list, vec![ValType::I32, ValType::I64]));
        self.types.insert(params, ty);
        ty
    }

    /// The wasm global (i32) that says whether `static { }` of `class` has run.
    pub fn static_flag(&mut self, class: ClassId) -> u32 {
        let next = self.first_global
            + 2 * self.module.globals.len() as u32
            + self.static_flags.len() as u32;
        *self.static_flags.entry(class).or_insert(next)
    }

    /// Address of the singleton of static box `class`.
    pub fn static_instance(&mut self, class: ClassId) -> u32 {
        if let Some(&address) = self.statics.get(&class) {
            return address;
        }
        let fields = self
            .module
            .classes
            .get(class.index())
            .map_or(0, |c| c.fields.len());
        let address = self.data.instance(class.0, fields);
        self.statics.insert(class, address);
        address
    }
}

/// Functions reachable from the entry, in `FuncId` order: through `call`, the constructors,
/// `fini()` and `static { }` of boxes created, the methods any class answers to a name used in a
/// `call_method`, and every class's `toString()` (printing calls it).
fn reachable_functions(module: &Module) -> Vec<FuncId> {
    let mut seen = vec![false; module.functions.len()];
    // A method name adds the same functions wherever it is called: look it up once.
    let mut methods_seen = vec![false; module.symbols.len()];
    let mut work = vec![module.entry];
    if let Some(to_string) = module.find_symbol("toString") {
        work.extend(module.classes.iter().filter_map(|c| c.lookup(to_string)));
    }
    while let Some(id) = work.pop() {
        let Some(function) = module.functions.get(id.index()) else {
            continue;
        };
        if std::mem::replace(&mut seen[id.index()], true) {
            continue;
        }
        for block in &function.blocks {
            for inst in &block.insts {
                match inst.kind {
                    InstKind::Call { func, .. } => work.push(func),
                    InstKind::NewBox { class, .. } => {
                        if let Some(class) = module.classes.get(class.index()) {
                            work.extend(&class.ctors);
                            work.extend(class.fini);
                        }
                    }
                    InstKind::StaticBox { class, .. } => {
                        if let Some(class) = module.classes.get(class.index()) {
                            work.extend(class.static_init);
                            work.extend(class.fini);
                        }
                    }
                    InstKind::CallMethod { method, .. } => {
                        let first_use = methods_seen
                            .get_mut(method.index())
                            .is_none_or(|seen| !std::mem::replace(seen, true));
                        if first_use {
                            work.extend(module.classes.iter().filter_map(|c| c.lookup(method)));
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    (0..module.functions.len())
        .filter(|&i| seen[i])
        .map(|i| FuncId(i as u32))
        .collect()
}

/// Compiles the module's code and data, ready for linking.
pub(crate) fn generate(module: &Module, files: &SourceFiles) -> Result<Generated, CompileError> {
    let rt = Runtime::get()?;
    let data_base = rt.data_end.next_multiple_of(16);
    let compiled = reachable_functions(module);
    // Rotated copies of the functions that have loops to rotate (`rotate.rs`), by position in
    // `compiled`; the others are compiled as they are.
    let rotated: Vec<Option<Function>> = compiled
        .iter()
        .map(|id| {
            module
                .functions
                .get(id.index())
                .and_then(rotate::rotate_loops)
        })
        .collect();
    if module.functions.get(module.entry.index()).is_none() {
        return Err(CompileError::Internal(
            "the module has no entry function".into(),
        ));
    }
    let mut cx = Context {
        module,
        rt,
        data: Data::new(data_base),
        sites: Sites::new(files),
        func_index: BTreeMap::new(),
        first_global: rt.global_count,
        types: BTreeMap::new(),
        type_list: Vec::new(),
        statics: BTreeMap::new(),
        static_flags: BTreeMap::new(),
        has_fini: module.classes.iter().any(|c| c.fini.is_some()),
        catches: try_::module_catches(module),
        parent_tags: state_boxes::parent_tags(module),
        field_owners: field_fast::field_owners(module),
        locations: Vec::new(),
        body_buffer: Vec::new(),
    };
    // Generated function 0 is the start function; Nyash functions follow.
    for (position, &id) in compiled.iter().enumerate() {
        cx.func_index
            .insert(id, rt.func_count + 1 + position as u32);
    }
    let start = call::start_function(&mut cx)?;
    let mut code = Code::default();
    code.push(&start.body.into_raw_body());
    let mut functions = vec![FunctionHead {
        ty: start.ty,
        name: start.name,
    }];
    let mut locations = vec![Vec::new()];
    for (&id, rotated) in compiled.iter().zip(&rotated) {
        let function = rotated.as_ref().unwrap_or(&module.functions[id.index()]);
        let body = FnEmitter::new(&mut cx, function)?.emit()?;
        code.push(&body);
        cx.body_buffer = body;
        locations.push(std::mem::take(&mut cx.locations));
        functions.push(FunctionHead {
            ty: cx.function_type(function.param_count),
            name: function.name.clone(),
        });
    }
    let mut addresses = tables::write(&mut cx);
    let site_table = cx.sites.write(&mut cx.data)?;
    let heap_base = cx.data.end().next_multiple_of(16);
    let mut globals: Vec<_> = (0..module.globals.len())
        .flat_map(|_| {
            [
                (ValType::I32, wasm_encoder::ConstExpr::i32_const(0)),
                (ValType::I64, wasm_encoder::ConstExpr::i64_const(0)),
            ]
        })
        .collect();
    globals.extend(
        (0..cx.static_flags.len()).map(|_| (ValType::I32, wasm_encoder::ConstExpr::i32_const(0))),
    );
    addresses.insert(abi::global::HEAP_BASE, heap_base);
    addresses.insert(abi::global::SITES, site_table);
    let mut type_list = std::mem::take(&mut cx.type_list);
    // The start function's type, `[] -> []`, goes last.
    let start_type = type_list.len() as u32;
    type_list.push((Vec::new(), Vec::new()));
    functions[0].ty = start_type;
    Ok(Generated {
        types: type_list,
        functions,
        code,
        globals,
        data_base,
        data: cx.data.into_bytes(),
        addresses,
        // Every generated function has a table slot: its position (0 is the start function).
        table: (0..=compiled.len() as u32).collect(),
        source_map: crate::sourcemap::SourceMap::new(files, locations),
    })
}

/// `buffer`, emptied, holding the declaration of locals of types `declared` (runs of one type
/// as one entry), as `wasm_encoder::Function::new_with_locals_types` writes it.
fn body_with_locals(mut buffer: Vec<u8>, declared: &[ValType]) -> Vec<u8> {
    use wasm_encoder::Encode;
    let mut runs: Vec<(u32, ValType)> = Vec::new();
    for &ty in declared {
        match runs.last_mut() {
            Some((count, last)) if *last == ty => *count += 1,
            _ => runs.push((1, ty)),
        }
    }
    buffer.clear();
    (runs.len() as u32).encode(&mut buffer);
    for (count, ty) in runs {
        count.encode(&mut buffer);
        ty.encode(&mut buffer);
    }
    buffer
}

/// The reference count, at offset 0 of every heap object.
const RC: wasm_encoder::MemArg = wasm_encoder::MemArg {
    offset: 0,
    align: 2,
    target: wasm_encoder::MemArgTarget::Memory(0),
    ordering: None,
};

/// Where a register lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RegLocal {
    /// A dynamic value: tag and bits locals.
    Dyn {
        tag: u32,
        bits: u32,
    },
    Int(u32),
    Float(u32),
    Bool(u32),
}

/// Compiles one MIR function.
pub(crate) struct FnEmitter<'c, 'm> {
    cx: &'c mut Context<'m>,
    func: &'m Function,
    regs: Vec<RegLocal>,
    /// Whether each register may ever hold a heap value (`heap.rs`); the others are never
    /// retained or released.
    heap: Vec<bool>,
    /// The static box whose singleton `me` always is, if known (`heap::constant_me`): `me`
    /// is then pushed as a constant.
    constant_me: Option<ClassId>,
    /// The instructions that write each register (`Function::writes_by_register`).
    writes: Vec<Vec<&'m InstKind>>,
    /// Scratch for the object address inside an inline retain or release.
    rc_object: u32,
    /// The call depth saved around a call (`call.rs`).
    saved_depth: u32,
    /// Scratch for the address of an array slot (`array_fast.rs`).
    slot: u32,
    /// Scratch locals for reordering the stack.
    scratch_i32: u32,
    scratch_i64: u32,
    /// Scratch for an object address or table slot (user boxes).
    object: u32,
    /// Try regions and where a raised error goes (`try_.rs`).
    tries: try_::TryState,
    /// The body being written: locals, then instructions (as `wasm_encoder::Function`).
    body: Vec<u8>,
}

impl<'c, 'm> FnEmitter<'c, 'm> {
    fn new(cx: &'c mut Context<'m>, func: &'m Function) -> Result<Self, CompileError> {
        let params = func.param_count as usize;
        if params > func.reg_count() {
            return Err(CompileError::Internal(format!(
                "{} has more parameters than registers",
                func.name
            )));
        }
        let mut declared = Vec::new();
        let mut next = 2 * params as u32;
        let mut local = |ty: ValType, declared: &mut Vec<ValType>| {
            declared.push(ty);
            next += 1;
            next - 1
        };
        let mut regs = Vec::with_capacity(func.reg_count());
        for (i, ty) in func.reg_types.iter().enumerate() {
            let reg = match ty {
                Type::Int => RegLocal::Int(local(ValType::I64, &mut declared)),
                Type::Float => RegLocal::Float(local(ValType::F64, &mut declared)),
                Type::Bool => RegLocal::Bool(local(ValType::I32, &mut declared)),
                Type::Any | Type::Str | Type::Null if i < params => RegLocal::Dyn {
                    tag: 2 * i as u32,
                    bits: 2 * i as u32 + 1,
                },
                Type::Any | Type::Str | Type::Null => RegLocal::Dyn {
                    tag: local(ValType::I32, &mut declared),
                    bits: local(ValType::I64, &mut declared),
                },
            };
            regs.push(reg);
        }
        let scratch_i32 = local(ValType::I32, &mut declared);
        let scratch_i64 = local(ValType::I64, &mut declared);
        let object = local(ValType::I32, &mut declared);
        let rc_object = local(ValType::I32, &mut declared);
        let saved_depth = local(ValType::I32, &mut declared);
        let slot = local(ValType::I32, &mut declared);
        let catches = cx.catches;
        let heap = heap::heap_registers(cx.module, func);
        let constant_me = heap::constant_me(cx.module, func);
        let body = body_with_locals(std::mem::take(&mut cx.body_buffer), &declared);
        Ok(FnEmitter {
            cx,
            func,
            regs,
            heap,
            constant_me,
            writes: func.writes_by_register(),
            rc_object,
            saved_depth,
            slot,
            scratch_i32,
            scratch_i64,
            object,
            tries: try_::TryState::new(catches),
            body,
        })
    }

    fn sink(&mut self) -> InstructionSink<'_> {
        InstructionSink::new(&mut self.body)
    }

    fn reg(&self, reg: Reg) -> Result<RegLocal, CompileError> {
        self.regs.get(reg.index()).copied().ok_or_else(|| {
            CompileError::Internal(format!("{reg} out of range in {}", self.func.name))
        })
    }

    fn unsupported(&self, what: impl Into<String>) -> CompileError {
        CompileError::Unsupported {
            what: what.into(),
            function: self.func.name.clone(),
        }
    }

    /// Numbers an error site at `span` in this function.
    fn site(&mut self, span: nyash_diagnostics::Span) -> i32 {
        self.cx.sites.add(&self.func.name, span)
    }

    /// Emits the function; returns its body (locals and instructions).
    fn emit(mut self) -> Result<Vec<u8>, CompileError> {
        self.prologue()?;
        let func = self.func;
        let items = self.structure()?;
        self.open_unwind_exit();
        for item in items {
            match item {
                Item::Block => {
                    self.tries.labels += 1;
                    self.sink().block(BlockType::Empty);
                }
                Item::Loop => {
                    self.tries.labels += 1;
                    self.sink().loop_(BlockType::Empty);
                }
                Item::If(block) => {
                    self.push_branch_condition(block)?;
                    self.tries.labels += 1;
                    self.sink().if_(BlockType::Empty);
                }
                Item::Else => {
                    self.sink().else_();
                }
                Item::End => {
                    self.tries.labels = self.tries.labels.saturating_sub(1);
                    self.sink().end();
                }
                Item::Br(depth) => {
                    self.sink().br(depth);
                }
                Item::BrIf(block, depth) => {
                    self.push_branch_condition(block)?;
                    self.sink().br_if(depth);
                }
                Item::Body(block) => {
                    self.begin_body(block);
                    for inst in &func.blocks[block.index()].insts {
                        let offset = self.body.len() as u32;
                        self.cx.locations.push((offset, inst.span));
                        self.inst(inst)?;
                        if self.may_raise(inst) {
                            self.check_pending()?;
                        }
                        self.run_queued_finis(inst.span)?;
                    }
                }
                Item::Exit(block) => self.exit(&func.blocks[block.index()].term)?,
            }
        }
        // Every path has left through `ret`, `throw` or `unreachable`.
        self.sink().unreachable();
        self.close_unwind_exit()?;
        self.sink().end();
        Ok(self.body)
    }

    /// Typed parameters arrive as value pairs; copy them into their typed locals.
    fn prologue(&mut self) -> Result<(), CompileError> {
        for i in 0..self.func.param_count {
            let reg = Reg(i);
            if !matches!(self.reg(reg)?, RegLocal::Dyn { .. }) {
                self.sink().local_get(2 * i).local_get(2 * i + 1);
                self.store_pair(reg)?;
            }
        }
        Ok(())
    }

    /// Pushes the truth of the condition of `block`'s branch (for `if` and `br_if`).
    fn push_branch_condition(&mut self, block: BlockId) -> Result<(), CompileError> {
        let term = self.func.blocks.get(block.index()).map(|b| &b.term.kind);
        let Some(&TermKind::Branch { cond, .. }) = term else {
            return Err(CompileError::Internal(format!("{block} ends in no branch")));
        };
        self.push_truthy(cond)
    }

    /// Pushes a register's value as a `(tag, bits)` pair (no retain).
    fn push_value(&mut self, reg: Reg) -> Result<(), CompileError> {
        if let (Reg(0), Some(class)) = (reg, self.constant_me) {
            let address = self.cx.static_instance(class);
            self.sink()
                .i32_const(abi::tag::INSTANCE)
                .i64_const(i64::from(address));
            return Ok(());
        }
        match self.reg(reg)? {
            RegLocal::Dyn { tag, bits } => self.sink().local_get(tag).local_get(bits),
            RegLocal::Int(l) => self.sink().i32_const(abi::tag::INT).local_get(l),
            RegLocal::Float(l) => self
                .sink()
                .i32_const(abi::tag::FLOAT)
                .local_get(l)
                .i64_reinterpret_f64(),
            RegLocal::Bool(l) => self
                .sink()
                .i32_const(abi::tag::BOOL)
                .local_get(l)
                .i64_extend_i32_u(),
        };
        Ok(())
    }

    /// The locals of a register that may hold a heap value somewhere in this function.
    fn heap_locals(&self, reg: Reg) -> Result<Option<(u32, u32)>, CompileError> {
        match self.reg(reg)? {
            RegLocal::Dyn { tag, bits } if self.heap.get(reg.index()) != Some(&false) => {
                Ok(Some((tag, bits)))
            }
            _ => Ok(None),
        }
    }

    /// Retains a register's value if it may be a heap object.
    fn retain(&mut self, reg: Reg) -> Result<(), CompileError> {
        if let Some((tag, bits)) = self.heap_locals(reg)? {
            self.retain_pair(tag, bits);
        }
        Ok(())
    }

    /// Releases a register's value if it may be a heap object (the register keeps it).
    fn release(&mut self, reg: Reg) -> Result<(), CompileError> {
        if let Some((tag, bits)) = self.heap_locals(reg)? {
            self.release_pair(tag, bits)?;
        }
        Ok(())
    }

    /// Pushes whether the value in the `tag` local is a counted heap object (`$is_heap`).
    fn push_is_heap(&mut self, tag: u32) {
        self.sink()
            .local_get(tag)
            .i32_const(abi::tag::STRING)
            .i32_sub()
            .i32_const(abi::LAST_HEAP_TAG - abi::tag::STRING)
            .i32_le_u();
    }

    /// `rt_retain` inline: scalars cost one compare; objects in data segments (negative
    /// count) are not counted.
    fn retain_pair(&mut self, tag: u32, bits: u32) {
        let object = self.rc_object;
        self.push_is_heap(tag);
        self.sink()
            .if_(BlockType::Empty)
            .local_get(bits)
            .i32_wrap_i64()
            .local_tee(object)
            .i32_load(RC)
            .i32_const(0)
            .i32_ge_s()
            .if_(BlockType::Empty)
            .local_get(object)
            .local_get(object)
            .i32_load(RC)
            .i32_const(1)
            .i32_add()
            .i32_store(RC)
            .end()
            .end();
    }

    /// `rt_release` inline: a count above one is decremented here; the runtime is called
    /// only to free an object whose last reference goes.
    fn release_pair(&mut self, tag: u32, bits: u32) -> Result<(), CompileError> {
        let release = self.cx.rt.func(abi::func::RELEASE)?;
        let object = self.rc_object;
        self.push_is_heap(tag);
        self.sink()
            .if_(BlockType::Empty)
            .local_get(bits)
            .i32_wrap_i64()
            .local_tee(object)
            .i32_load(RC)
            .i32_const(1)
            .i32_gt_s()
            .if_(BlockType::Empty)
            .local_get(object)
            .local_get(object)
            .i32_load(RC)
            .i32_const(1)
            .i32_sub()
            .i32_store(RC)
            .else_()
            .local_get(object)
            .i32_load(RC)
            .i32_const(1)
            .i32_eq()
            .if_(BlockType::Empty)
            .local_get(tag)
            .local_get(bits)
            .call(release)
            .end()
            .end()
            .end();
        Ok(())
    }

    /// Stores the owned `(tag, bits)` pair on the stack into `dst`, releasing its old value.
    fn store_pair(&mut self, dst: Reg) -> Result<(), CompileError> {
        let (s32, s64) = (self.scratch_i32, self.scratch_i64);
        match self.reg(dst)? {
            RegLocal::Dyn { tag, bits } => {
                self.sink().local_set(s64).local_set(s32);
                self.release(dst)?;
                self.sink()
                    .local_get(s32)
                    .local_set(tag)
                    .local_get(s64)
                    .local_set(bits);
            }
            RegLocal::Int(l) => {
                self.sink().local_set(l).drop();
            }
            RegLocal::Float(l) => {
                self.sink().f64_reinterpret_i64().local_set(l).drop();
            }
            RegLocal::Bool(l) => {
                self.sink().i32_wrap_i64().local_set(l).drop();
            }
        }
        Ok(())
    }

    /// Stores the `i64` on the stack, an integer, into `dst`.
    fn store_int(&mut self, dst: Reg) -> Result<(), CompileError> {
        match self.reg(dst)? {
            RegLocal::Int(l) => {
                self.sink().local_set(l);
            }
            RegLocal::Dyn { .. } => {
                let s64 = self.scratch_i64;
                self.sink()
                    .local_set(s64)
                    .i32_const(abi::tag::INT)
                    .local_get(s64);
                self.store_pair(dst)?;
            }
            _ => return Err(self.type_mismatch(dst, "an integer")),
        }
        Ok(())
    }

    /// Stores the `f64` on the stack into `dst`.
    fn store_float(&mut self, dst: Reg) -> Result<(), CompileError> {
        match self.reg(dst)? {
            RegLocal::Float(l) => {
                self.sink().local_set(l);
            }
            RegLocal::Dyn { .. } => {
                let s64 = self.scratch_i64;
                self.sink()
                    .i64_reinterpret_f64()
                    .local_set(s64)
                    .i32_const(abi::tag::FLOAT)
                    .local_get(s64);
                self.store_pair(dst)?;
            }
            _ => return Err(self.type_mismatch(dst, "a float")),
        }
        Ok(())
    }

    /// Stores the `i32` (0 or 1) on the stack, a boolean, into `dst`.
    fn store_bool(&mut self, dst: Reg) -> Result<(), CompileError> {
        match self.reg(dst)? {
            RegLocal::Bool(l) => {
                self.sink().local_set(l);
            }
            RegLocal::Dyn { .. } => {
                let s32 = self.scratch_i32;
                self.sink()
                    .local_set(s32)
                    .i32_const(abi::tag::BOOL)
                    .local_get(s32)
                    .i64_extend_i32_u();
                self.store_pair(dst)?;
            }
            _ => return Err(self.type_mismatch(dst, "a boolean")),
        }
        Ok(())
    }

    fn type_mismatch(&self, dst: Reg, what: &str) -> CompileError {
        CompileError::Internal(format!(
            "{dst} of {} has type {:?} but receives {what}",
            self.func.name,
            self.func.reg_types.get(dst.index())
        ))
    }

    /// Pushes the truthiness (SPEC §4) of a register as an `i32`.
    fn push_truthy(&mut self, reg: Reg) -> Result<(), CompileError> {
        match self.reg(reg)? {
            RegLocal::Bool(l) => {
                self.sink().local_get(l);
            }
            RegLocal::Int(l) => {
                self.sink().local_get(l).i64_const(0).i64_ne();
            }
            RegLocal::Float(l) => {
                self.sink().local_get(l).f64_const(0.0.into()).f64_ne();
            }
            RegLocal::Dyn { tag, bits } => {
                // Conditions are mostly booleans: those are tested inline.
                let truthy = self.cx.rt.func(abi::func::TRUTHY)?;
                self.sink()
                    .local_get(tag)
                    .i32_const(abi::tag::BOOL)
                    .i32_eq()
                    .if_(BlockType::Result(ValType::I32))
                    .local_get(bits)
                    .i64_const(0)
                    .i64_ne()
                    .else_()
                    .local_get(tag)
                    .local_get(bits)
                    .call(truthy)
                    .end();
            }
        }
        Ok(())
    }

    /// Runs the `fini()`s queued by what came before (as the VM does before each
    /// instruction), as if called from the instruction at `span`.
    fn run_queued_finis(&mut self, span: nyash_diagnostics::Span) -> Result<(), CompileError> {
        if !self.cx.has_fini {
            return Ok(());
        }
        let pending = self.cx.rt.global(abi::global::FINI_PENDING)?;
        let run = self.cx.rt.func(abi::func::RUN_FINIS)?;
        let site = self.site(span);
        self.sink()
            .global_get(pending)
            .if_(BlockType::Empty)
            .i32_const(site)
            .call(run);
        // A `fini()` that raised passes its error on from here, as the VM's queued frame does.
        self.tries.nesting += 1;
        self.check_pending()?;
        self.tries.nesting -= 1;
        self.sink().end();
        Ok(())
    }

    /// Raises the runtime error `message` at `site`.
    fn raise(&mut self, site: i32, message: &str) -> Result<(), CompileError> {
        let text = self.cx.data.string(message);
        let raise = self.cx.rt.func(abi::func::RAISE)?;
        self.sink()
            .i32_const(site)
            .i32_const(text as i32)
            .call(raise);
        Ok(())
    }
}
