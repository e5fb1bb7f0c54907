//! The runtime every module carries: the `.wat` sources under `runtime/`, assembled once per
//! process with the `wat` crate and parsed into what the linker needs.
//!
//! The files are one module's fields split by concern; they are concatenated (imports first,
//! as the text format requires) and assembled together, so they refer to each other by
//! `$name`. Generated code reaches runtime functions and globals through their export names
//! (see `abi.rs`); the linker keeps only the `_start` and `memory` exports in the output.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;
use wasmparser::{DataKind, ExternalKind, KnownCustom, Name, Operator, Parser, Payload, TypeRef};

use crate::CompileError;

/// The runtime sources, in assembly order.
const SOURCES: [(&str, &str); 26] = [
    ("io.wat", include_str!("../runtime/io.wat")),
    ("texts.wat", include_str!("../runtime/texts.wat")),
    ("alloc.wat", include_str!("../runtime/alloc.wat")),
    ("rc.wat", include_str!("../runtime/rc.wat")),
    ("string.wat", include_str!("../runtime/string.wat")),
    ("number.wat", include_str!("../runtime/number.wat")),
    ("libm.wat", include_str!("../runtime/libm.wat")),
    ("libm_trig.wat", include_str!("../runtime/libm_trig.wat")),
    ("error.wat", include_str!("../runtime/error.wat")),
    ("future.wat", include_str!("../runtime/future.wat")),
    ("ops.wat", include_str!("../runtime/ops.wat")),
    ("instance.wat", include_str!("../runtime/instance.wat")),
    ("lifecycle.wat", include_str!("../runtime/lifecycle.wat")),
    ("array.wat", include_str!("../runtime/array.wat")),
    (
        "string_methods.wat",
        include_str!("../runtime/string_methods.wat"),
    ),
    ("map.wat", include_str!("../runtime/map.wat")),
    (
        "number_methods.wat",
        include_str!("../runtime/number_methods.wat"),
    ),
    ("console.wat", include_str!("../runtime/console.wat")),
    ("case.wat", include_str!("../runtime/case.wat")),
    (
        "parse_float.wat",
        include_str!("../runtime/parse_float.wat"),
    ),
    ("json.wat", include_str!("../runtime/json.wat")),
    ("math.wat", include_str!("../runtime/math.wat")),
    ("random.wat", include_str!("../runtime/random.wat")),
    ("time.wat", include_str!("../runtime/time.wat")),
    ("result.wat", include_str!("../runtime/result.wat")),
    ("parent.wat", include_str!("../runtime/parent.wat")),
];

/// The assembled runtime and the facts about it the linker and code generator use.
pub(crate) struct Runtime {
    pub bytes: Vec<u8>,
    pub type_count: u32,
    /// Imported functions plus defined functions.
    pub func_count: u32,
    pub global_count: u32,
    /// First byte after the runtime's data segments.
    pub data_end: u32,
    /// Exported functions by name.
    /// (Looked up for every runtime call generated, never iterated.)
    pub funcs: FxHashMap<String, u32>,
    /// Exported globals by name.
    pub globals: FxHashMap<String, u32>,
    /// Names of the runtime's functions (from its name section), by index.
    pub names: Vec<(u32, String)>,
}

impl Runtime {
    /// The runtime, assembled on first use.
    pub fn get() -> Result<&'static Runtime, CompileError> {
        static RUNTIME: OnceLock<Result<Runtime, String>> = OnceLock::new();
        RUNTIME
            .get_or_init(build)
            .as_ref()
            .map_err(|e| CompileError::Internal(e.clone()))
    }

    /// Index of the exported runtime function `name`.
    pub fn func(&self, name: &str) -> Result<u32, CompileError> {
        self.funcs
            .get(name)
            .copied()
            .ok_or_else(|| CompileError::Internal(format!("runtime has no function `{name}`")))
    }

    /// Index of the exported runtime global `name`.
    pub fn global(&self, name: &str) -> Result<u32, CompileError> {
        self.globals
            .get(name)
            .copied()
            .ok_or_else(|| CompileError::Internal(format!("runtime has no global `{name}`")))
    }
}

/// The whole runtime as one module text.
pub(crate) fn source() -> String {
    let mut text = String::from("(module\n");
    for (name, body) in SOURCES {
        text.push_str(&format!(";; ---- {name}\n"));
        text.push_str(body);
        text.push('\n');
    }
    text.push_str(")\n");
    text
}

fn build() -> Result<Runtime, String> {
    let bytes = wat::parse_str(source()).map_err(|e| format!("runtime does not assemble: {e}"))?;
    let mut runtime = Runtime {
        bytes: Vec::new(),
        type_count: 0,
        func_count: 0,
        global_count: 0,
        data_end: 0,
        funcs: FxHashMap::default(),
        globals: FxHashMap::default(),
        names: Vec::new(),
    };
    scan(&bytes, &mut runtime).map_err(|e| format!("runtime does not parse: {e}"))?;
    runtime.bytes = bytes;
    Ok(runtime)
}

fn scan(bytes: &[u8], rt: &mut Runtime) -> wasmparser::Result<()> {
    for payload in Parser::new(0).parse_all(bytes) {
        match payload? {
            Payload::TypeSection(reader) => rt.type_count = reader.count(),
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    if matches!(import?.ty, TypeRef::Func(_)) {
                        rt.func_count += 1;
                    }
                }
            }
            Payload::FunctionSection(reader) => rt.func_count += reader.count(),
            Payload::GlobalSection(reader) => rt.global_count = reader.count(),
            Payload::ExportSection(reader) => {
                for export in reader {
                    let export = export?;
                    let map = match export.kind {
                        ExternalKind::Func => &mut rt.funcs,
                        ExternalKind::Global => &mut rt.globals,
                        _ => continue,
                    };
                    map.insert(export.name.to_string(), export.index);
                }
            }
            Payload::DataSection(reader) => {
                for data in reader {
                    let data = data?;
                    if let DataKind::Active { offset_expr, .. } = data.kind {
                        if let Operator::I32Const { value } =
                            offset_expr.get_operators_reader().read()?
                        {
                            let end = (value as u32).saturating_add(data.data.len() as u32);
                            rt.data_end = rt.data_end.max(end);
                        }
                    }
                }
            }
            Payload::CustomSection(reader) => {
                if let KnownCustom::Name(names) = reader.as_known() {
                    for name in names {
                        if let Name::Function(map) = name? {
                            for naming in map {
                                let naming = naming?;
                                rt.names.push((naming.index, naming.name.to_string()));
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abi;

    #[test]
    fn runtime_assembles_and_validates() {
        let rt = Runtime::get().unwrap_or_else(|e| panic!("{e}"));
        wasmparser::validate(&rt.bytes).expect("runtime is a valid module");
        assert!(rt.data_end > 110_592, "texts are placed at 110592");
    }

    #[test]
    fn runtime_exports_every_name_of_the_abi() {
        let rt = Runtime::get().unwrap_or_else(|e| panic!("{e}"));
        for name in abi::func::ALL {
            assert!(rt.funcs.contains_key(name), "missing function {name}");
        }
        for name in abi::func::BOXES {
            assert!(rt.funcs.contains_key(name), "missing function {name}");
        }
        for name in abi::global::ALL {
            assert!(rt.globals.contains_key(name), "missing global {name}");
        }
    }
}
