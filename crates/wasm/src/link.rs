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
//!   functions (`Main.fib`), and last the `nyash.sourcemap` section (`sourcemap.rs`), whose
//!   code offsets are read back from the finished module.

use std::collections::BTreeMap;

use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
use wasm_encoder::{
    CodeSection, ConstExpr, DataSection, ElementSection, Elements, ExportKind, ExportSection,
    Function, FunctionSection, GlobalSection, GlobalType, ImportSection, MemorySection, MemoryType,
    NameMap, NameSection, RefType, TableSection, TableType, TypeSection, ValType,
};
use wasmparser::{Parser, Payload};

use crate::runtime::Runtime;
use crate::sourcemap::SourceMap;
use crate::CompileError;

/// A function of the generated code.
pub(crate) struct GeneratedFunction {
    /// Index into [`Generated::types`].
    pub ty: u32,
    pub body: Function,
    pub name: String,
}

/// Everything code generation produced, with indices relative to its own lists.
pub(crate) struct Generated {
    /// Function types `(params, results)`.
    pub types: Vec<(Vec<ValType>, Vec<ValType>)>,
    pub functions: Vec<GeneratedFunction>,
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
    let mut code = CodeSection::new();
    let mut data = DataSection::new();
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
                code.raw(&rt.bytes[range.start as usize..range.end as usize]);
            }
            Payload::DataSection(reader) => copier
                .parse_data_section(&mut data, reader)
                .map_err(reencode_error)?,
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
        code.function(&function.body);
    }
    for (ty, init) in &generated.globals {
        let ty = GlobalType {
            val_type: *ty,
            mutable: true,
            shared: false,
        };
        globals.global(ty, init);
    }
    data.active(
        0,
        &ConstExpr::i32_const(generated.data_base as i32),
        generated.data.iter().copied(),
    );

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

    let mut module = wasm_encoder::Module::new();
    module
        .section(&types)
        .section(&imports)
        .section(&functions)
        .section(&table)
        .section(&memory)
        .section(&globals)
        .section(&exports)
        .section(&elements)
        .section(&code)
        .section(&data)
        .section(&name_section);
    let mut bytes = module.finish();
    append_source_map(&mut bytes, &generated, first_function)?;
    Ok(bytes)
}

/// Appends the `nyash.sourcemap` section to the finished module `bytes` (a custom section
/// at the end moves no code, so the offsets found in `bytes` stay true).
fn append_source_map(
    bytes: &mut Vec<u8>,
    generated: &Generated,
    first_function: u32,
) -> Result<(), CompileError> {
    let mut body_starts = Vec::new();
    let mut index = 0u32;
    let mut imported = 0u32;
    for payload in Parser::new(0).parse_all(bytes) {
        match payload.map_err(reencode_error)? {
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    if matches!(
                        import.map_err(reencode_error)?.ty,
                        wasmparser::TypeRef::Func(_)
                    ) {
                        imported += 1;
                    }
                }
            }
            Payload::CodeSectionEntry(body) => {
                if imported + index >= first_function {
                    body_starts.push(body.range().start as u32);
                }
                index += 1;
            }
            _ => {}
        }
    }
    let bodies: Vec<(u32, &str, u32)> = generated
        .functions
        .iter()
        .zip(body_starts)
        .enumerate()
        .map(|(i, (f, start))| (first_function + i as u32, f.name.as_str(), start))
        .collect();
    let section = wasm_encoder::CustomSection {
        name: crate::sourcemap::SECTION.into(),
        data: generated.source_map.payload(&bodies).into(),
    };
    // Custom sections have id 0; `encode` writes the size and contents.
    bytes.push(0);
    wasm_encoder::Encode::encode(&section, bytes);
    Ok(())
}
