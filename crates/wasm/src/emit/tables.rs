//! The tables the runtime reads about user boxes: one class record per class, the method
//! entries and field names they point to, and the names of all symbols
//! (`runtime/instance.wat` describes the layout; `abi::CLASS_RECORD`, `abi::METHOD_ENTRY`).
//!
//! A method entry is written for each method of a class's dispatch table that was compiled;
//! a method that was not compiled is one whose name no `call_method` uses, so no lookup can
//! ask for it. Entries keep the dispatch table's order (sorted by `Sym`).

use std::collections::BTreeMap;

use nyash_mir::Class;

use super::Context;
use crate::abi;

/// Writes the class records and the symbol table into the data; returns the values of the
/// runtime globals that locate them.
pub(super) fn write(cx: &mut Context) -> BTreeMap<&'static str, u32> {
    let module = cx.module;
    let symbols: Vec<u32> = module.symbols.iter().map(|s| cx.data.string(s)).collect();
    let symbol_table = cx.data.words(&symbols);
    let records: Vec<[u32; 8]> = module
        .classes
        .iter()
        .map(|class| class_record(cx, class))
        .collect();
    let flat: Vec<u32> = records.iter().flatten().copied().collect();
    debug_assert_eq!(flat.len() * 4, records.len() * abi::CLASS_RECORD as usize);
    let class_table = cx.data.words(&flat);
    let sym = |name: &str| module.find_symbol(name).map_or(u32::MAX, |s| s.0);
    BTreeMap::from([
        (abi::global::CLASSES, class_table),
        (abi::global::SYMBOLS, symbol_table),
        (abi::global::SYM_TO_STRING, sym("toString")),
        (abi::global::SYM_TYPE, sym("type")),
        (abi::global::SYM_EQUALS, sym("equals")),
    ])
}

/// The record of one class: name, field count, fields (Sym, weak bit), method entries,
/// method count, `toString` entry (or 0), `fini()` slot (or -1), a word of padding.
fn class_record(cx: &mut Context, class: &Class) -> [u32; 8] {
    let module = cx.module;
    let name = cx.data.string(&class.name);
    let fields: Vec<u32> = class
        .fields
        .iter()
        .map(|f| f.name.0 | if f.weak { abi::WEAK_FIELD } else { 0 })
        .collect();
    let field_table = cx.data.words(&fields);
    let to_string = module.find_symbol("toString");
    let mut entries = Vec::new();
    let mut to_string_index = None;
    for &(sym, func) in &class.methods {
        // `func_index` holds exactly the compiled functions.
        let (Some(&index), Some(function)) =
            (cx.func_index.get(&func), module.functions.get(func.index()))
        else {
            continue;
        };
        if Some(sym) == to_string {
            to_string_index = Some(entries.len() / 4);
        }
        let slot = index - cx.rt.func_count;
        let function_name = cx.data.string(&function.name);
        entries.extend([sym.0, slot, function.param_count, function_name]);
    }
    let count = (entries.len() / 4) as u32;
    let method_table = cx.data.words(&entries);
    let to_string_entry =
        to_string_index.map_or(0, |i| method_table + i as u32 * abi::METHOD_ENTRY);
    let fini_slot = class
        .fini
        .and_then(|f| cx.func_index.get(&f))
        .map_or(u32::MAX, |&index| index - cx.rt.func_count);
    [
        name,
        fields.len() as u32,
        field_table,
        method_table,
        count,
        to_string_entry,
        fini_slot,
        0,
    ]
}
