//! Linking: the runtime module and the generated code become one module.
//!
//! The runtime's types, imports, globals, function bodies and data are copied as they are
//! (bodies byte for byte), so their indices do not change; generated types, functions and
//! globals are appended after them, and the generated data segment is placed after the
//! runtime's data. The linker then:
//! - sets the runtime's address globals (`heap_base`, `sites`, `classes`, `symbols`, the
//!   universal methods' `Sym`s) to the values code generation gives;
//! - sizes the memory to hold the data, and the function table to hold the generated
//!   functions the runtime calls (slot 0: the program's start);
//! - exports only `_start` and `memory`;
//! - writes a `name` section with the runtime's names and the Nyash names of generated
//!   functions (`Main.fib`), and last the `nyash.sourcemap` section (`sourcemap.rs`).
//!
//! The module is written once into one buffer sized in advance: the generated bodies arrive
//! already encoded one after another ([`Code`]) and the generated data as one block, and each
//! is copied once, into its place; the positions of the bodies (for the source map) follow
//! from where the code section was written.

use std::collections::BTreeMap;

use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
use wasm_encoder::{
    ConstExpr, ElementSection, Elements, Encode, ExportKind, ExportSection, Function,
    FunctionSection, GlobalSection, GlobalType, ImportSection, MemorySection, MemoryType, NameMap,
    NameSection, RefType, Section, SectionId, TableSection, TableType, TypeSection, ValType,
};
use wasmparser::{Parser, Payload};

use crate::runtime::Runtime;
use crate::sourcemap::SourceMap;
use crate::CompileError;

/// A function of the generated code, body included (the start function).
pub(crate) struct GeneratedFunction {
    /// Index into [`Generated::types`].
    pub ty: u32,
    pub body: Function,
    pub name: String,
}

/// The type and name of a generated function; its body is in [`Generated::code`].
pub(crate) struct FunctionHead {
    /// Index into [`Generated::types`].
    pub ty: u32,
    pub name: String,
}

/// Function bodies (the generated ones, or the runtime's), in order, encoded as the code
/// section holds them: each its size (LEB128), then its locals and instructions.
#[derive(Default)]
pub(crate) struct Code {
    bytes: Vec<u8>,
    /// Where each body (after its size) starts in `bytes`.
    starts: Vec<u32>,
}

impl Code {
    /// Appends one raw body (locals and instructions).
    pub fn push(&mut self, body: &[u8]) {
        leb(&mut self.bytes, body.len() as u32);
        self.starts.push(self.bytes.len() as u32);
        self.bytes.extend_from_slice(body);
    }

    pub fn len(&self) -> u32 {
        self.starts.len() as u32
    }
}

/// Everything code generation produced, with indices relative to its own lists.
pub(crate) struct Generated {
    /// Function types `(params, results)`.
    pub types: Vec<(Vec<ValType>, Vec<ValType>)>,
    /// One head per body of `code`, in the same order.
    pub functions: Vec<FunctionHead>,
    pub code: Code,
    /// Globals of Nyash programs: type and initial value (all mutable).
    pub globals: Vec<(ValType, ConstExpr)>,
    /// The generated data segment, placed at `data_base`.
    pub data: Vec<u8>,
    pub data_base: u32,
    /// Values for the runtime's address globals, by export name.
    pub addresses: BTreeMap<&'static str, u32>,
    /// Generated functions (by position in `functions`) in the runtime's table, in order.
    pub table: Vec<u32>,
    /// Where the generated functions' code comes from.
    pub source_map: SourceMap,
}

fn reencode_error<E: std::fmt::Debug>(e: E) -> CompileError {
    CompileError::Internal(format!("cannot copy the runtime: {e:?}"))
}

/// One module holding the runtime and `generated`.
pub(crate) fn link(rt: &Runtime, generated: Generated) -> Result<Vec<u8>, CompileError> {
    let mut copier = RoundtripReencoder;
    let mut types = TypeSection::new();
    let mut imports = ImportSection::new();
    let mut functions = FunctionSection::new();
    let mut globals = GlobalSection::new();
    let mut runtime_code = Code::default();
    let mut runtime_data = None;
    let overrides: BTreeMap<u32, u32> = generated
        .addresses
        .iter()
        .map(|(name, value)| Ok((rt.global(name)?, *value)))
        .collect::<Result<_, CompileError>>()?;
    let mut global_index = 0;
    for payload in Parser::new(0).parse_all(&rt.bytes) {
        match payload.map_err(reencode_error)? {
            Payload::TypeSection(reader) => copier
                .parse_type_section(&mut types, reader)
                .map_err(reencode_error)?,
            Payload::ImportSection(reader) => copier
                .parse_import_section(&mut imports, reader)
                .map_err(reencode_error)?,
            Payload::FunctionSection(reader) => copier
                .parse_function_section(&mut functions, reader)
                .map_err(reencode_error)?,
            Payload::GlobalSection(reader) => {
                for global in reader {
                    let global = global.map_err(reencode_error)?;
                    match overrides.get(&global_index) {
                        Some(&value) => {
                            let ty = copier.global_type(global.ty).map_err(reencode_error)?;
                            globals.global(ty, &ConstExpr::i32_const(value as i32));
                        }
                        None => copier
                            .parse_global(&mut globals, global)
                            .map_err(reencode_error)?,
                    }
                    global_index += 1;
                }
            }
            Payload::CodeSectionEntry(body) => {
                let range = body.range();
                runtime_code.push(&rt.bytes[range.start as usize..range.end as usize]);
            }
            Payload::DataSection(reader) => {
                // The segments follow the count: copied as they are.
                let segments = reader.original_position() as usize..reader.range().end as usize;
                runtime_data = Some((reader.count(), segments));
            }
            _ => {}
        }
    }
    let first_function = rt.func_count;
    for (params, results) in &generated.types {
        types
            .ty()
            .function(params.iter().copied(), results.iter().copied());
    }
    for function in &generated.functions {
        functions.function(rt.type_count + function.ty);
    }
    for (ty, init) in &generated.globals {
        let ty = GlobalType {
            val_type: *ty,
            mutable: true,
            shared: false,
        };
        globals.global(ty, init);
    }
    let heap_base = generated
        .addresses
        .get(crate::abi::global::HEAP_BASE)
        .copied()
        .unwrap_or(0);
    let mut memory = MemorySection::new();
    memory.memory(MemoryType {
        minimum: u64::from(heap_base / 65536 + 1),
        maximum: Some(65536),
        memory64: false,
        shared: false,
        page_size_log2: None,
    });
    let mut table = TableSection::new();
    let slots = generated.table.len().max(1) as u64;
    table.table(TableType {
        element_type: RefType::FUNCREF,
        table64: false,
        minimum: slots,
        maximum: Some(slots),
        shared: false,
    });
    let mut exports = ExportSection::new();
    exports.export("memory", ExportKind::Memory, 0);
    exports.export(
        "_start",
        ExportKind::Func,
        rt.func(crate::abi::func::START)?,
    );
    let mut elements = ElementSection::new();
    let slot_functions: Vec<u32> = generated
        .table
        .iter()
        .map(|&f| first_function + f)
        .collect();
    elements.active(
        Some(0),
        &ConstExpr::i32_const(0),
        Elements::Functions(slot_functions.into()),
    );

    let mut names = NameMap::new();
    for (index, name) in &rt.names {
        names.append(*index, name);
    }
    for (i, function) in generated.functions.iter().enumerate() {
        names.append(first_function + i as u32, &function.name);
    }
    let mut name_section = NameSection::new();
    name_section.functions(&names);

    let (data_count, data_segments) = runtime_data.unwrap_or((0, 0..0));
    let runtime_data = rt.bytes.get(data_segments).ok_or_else(|| {
        CompileError::Internal("the runtime's data section is out of bounds".into())
    })?;
    let mut out = Vec::with_capacity(
        rt.bytes.len() + generated.code.bytes.len() + generated.data.len() + (1 << 20),
    );
    out.extend_from_slice(&wasm_encoder::Module::HEADER);
    for section in [
        &types as &dyn Section,
        &imports,
        &functions,
        &table,
        &memory,
        &globals,
        &exports,
        &elements,
    ] {
        out.push(section.id());
        section.encode(&mut out);
    }
    let body_starts = write_code(&mut out, &runtime_code, &generated.code);
    write_data(&mut out, (data_count, runtime_data), &generated);
    out.push(name_section.id());
    name_section.encode(&mut out);
    append_source_map(&mut out, &generated, first_function, &body_starts);
    Ok(out)
}

/// Writes the code section: the runtime's bodies, then the generated ones. Returns the
/// module offset of each generated body.
fn write_code(out: &mut Vec<u8>, runtime: &Code, generated: &Code) -> Vec<u32> {
    let mut count = Vec::new();
    leb(&mut count, runtime.len() + generated.len());
    out.push(SectionId::Code as u8);
    leb(
        out,
        (count.len() + runtime.bytes.len() + generated.bytes.len()) as u32,
    );
    out.extend_from_slice(&count);
    out.extend_from_slice(&runtime.bytes);
    let base = out.len() as u32;
    out.extend_from_slice(&generated.bytes);
    generated.starts.iter().map(|start| base + start).collect()
}

/// Writes the data section: the runtime's segments (`count` of them, already encoded), then
/// the generated data as one active segment at `data_base`.
fn write_data(out: &mut Vec<u8>, (count, runtime): (u32, &[u8]), generated: &Generated) {
    let mut head = Vec::new();
    leb(&mut head, count + 1);
    head.push(0); // active, memory 0
    ConstExpr::i32_const(generated.data_base as i32).encode(&mut head);
    leb(&mut head, generated.data.len() as u32);
    out.push(SectionId::Data as u8);
    leb(
        out,
        (head.len() + runtime.len() + generated.data.len()) as u32,
    );
    // The count first, then the runtime's segments, then the new segment's head and bytes.
    let count_len = leb_len(count + 1);
    out.extend_from_slice(&head[..count_len]);
    out.extend_from_slice(runtime);
    out.extend_from_slice(&head[count_len..]);
    out.extend_from_slice(&generated.data);
}

/// Appends the `nyash.sourcemap` section to the finished module `out`; `body_starts` are the
/// module offsets of the generated bodies (a custom section at the end moves no code).
fn append_source_map(
    out: &mut Vec<u8>,
    generated: &Generated,
    first_function: u32,
    body_starts: &[u32],
) {
    let bodies: Vec<(u32, &str, u32)> = generated
        .functions
        .iter()
        .zip(body_starts)
        .enumerate()
        .map(|(i, (f, &start))| (first_function + i as u32, f.name.as_str(), start))
        .collect();
    let section = wasm_encoder::CustomSection {
        name: crate::sourcemap::SECTION.into(),
        data: generated.source_map.payload(&bodies).into(),
    };
    // Custom sections have id 0; `encode` writes the size and contents.
    out.push(0);
    section.encode(out);
}

/// Appends `n` as unsigned LEB128.
fn leb(out: &mut Vec<u8>, n: u32) {
    n.encode(out);
}

/// How many bytes `n` takes as unsigned LEB128.
fn leb_len(n: u32) -> usize {
    (32 - n.leading_zeros()).max(1).div_ceil(7) as usize
}
