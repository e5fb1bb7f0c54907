//! The contract between generated code and the runtime (`runtime/*.wat`): value tags, the
//! fixed memory map, object layouts and the names of the runtime's exported functions and
//! globals. docs/WASM-BACKEND.md describes the same ABI in prose; the `.wat` files repeat the
//! addresses, and a test checks that the runtime exports every name listed here.

/// Tags of the `(tag: i32, bits: i64)` value pair.
pub mod tag {
    pub const NULL: i32 = 0;
    pub const BOOL: i32 = 1;
    pub const INT: i32 = 2;
    pub const FLOAT: i32 = 3;
    pub const STRING: i32 = 4;
    pub const ARRAY: i32 = 5;
    pub const MAP: i32 = 6;
    pub const CONSOLE: i32 = 13;
    pub const INSTANCE: i32 = 7;
    pub const ERROR: i32 = 8;
    pub const FUTURE: i32 = 9;
    pub const RESULT: i32 = 10;
    pub const RANDOM: i32 = 11;
    pub const TIME: i32 = 12;
    pub const MATH: i32 = 14;
}

/// Tags `tag::STRING..=LAST_HEAP_TAG` are counted heap objects (`$is_heap` in `rc.wat`).
pub const LAST_HEAP_TAG: i32 = 12;

/// Object kinds of user box instances are the class id plus this.
pub const CLASS_KIND_BASE: i32 = 16;

/// Reference count of objects in data segments: never counted, never freed.
pub const STATIC_RC: i32 = -1;

/// Bytes of a string object before its UTF-8 bytes (rc, kind, len, chars, cap).
pub const STRING_HEADER: u32 = 20;

/// Bytes of an instance before its field slots (rc, kind, flags, weak cell, parent slot).
pub const INSTANCE_HEADER: u32 = 32;

/// Bytes of one value slot (tag, padding, bits).
pub const SLOT: u32 = 16;

/// Address of the call-site stack: slot `d` holds the site of the call made by the frame
/// at depth `d`.
pub const CALL_SITES: u64 = 66560;

/// Calls nested deeper than this raise `stack overflow` (the VM's limit).
pub const MAX_CALL_DEPTH: i32 = 10_000;

/// Bytes of one class record (`runtime/instance.wat`): name, field count, fields, method
/// entries, method count, `toString` entry, `fini()` slot.
pub const CLASS_RECORD: u32 = 32;

/// Marks a weak field in a class record's field list (the rest of the word is its Sym).
pub const WEAK_FIELD: u32 = 1 << 31;

/// Bytes of one method entry of a class record: Sym, table slot, parameter count, name.
pub const METHOD_ENTRY: u32 = 16;

/// Bytes of one record of the site table (four `(ptr, len)` pairs).
pub const SITE_RECORD: u32 = 32;

/// Runtime functions called by generated code, by export name.
pub mod func {
    pub const RETAIN: &str = "rt_retain";
    pub const RELEASE: &str = "rt_release";
    pub const PRINT: &str = "rt_print";
    pub const BINARY: &str = "rt_binary";
    pub const NEG: &str = "rt_neg";
    pub const TRUTHY: &str = "rt_truthy";
    pub const APPEND: &str = "rt_append";
    pub const FMOD: &str = "rt_fmod";
    pub const RAISE: &str = "rt_raise";
    pub const THROW: &str = "rt_throw";
    pub const NEW_INSTANCE: &str = "rt_new_instance";
    pub const GET_FIELD: &str = "rt_get_field";
    pub const SET_FIELD: &str = "rt_set_field";
    pub const RUN_FINIS: &str = "rt_run_finis";
    pub const FINI: &str = "rt_fini";
    pub const LOOKUP: &str = "rt_lookup";
    pub const COMMON: &str = "rt_common";
    pub const ARRAY_NEW: &str = "rt_array_new";
    pub const ARRAY_METHOD: &str = "rt_array_method";
    pub const STRING_METHOD: &str = "rt_string_method";
    pub const MAP_NEW: &str = "rt_map_new";
    pub const MAP_METHOD: &str = "rt_map_method";
    pub const NUMBER_METHOD: &str = "rt_number_method";
    pub const CONSOLE_METHOD: &str = "rt_console_method";
    pub const ARRAY_PUSH: &str = "rt_array_push";
    pub const CONSTRUCT_SCALAR: &str = "rt_construct_scalar";
    pub const PROGRAM_ARGS: &str = "rt_program_args";
    pub const STRING_CASE: &str = "rt_string_case";
    pub const START: &str = "_start";

    // MathBox, RandomBox, TimeBox, ResultBox and built-in parents (`math.wat`, `random.wat`,
    // `time.wat`, `result.wat`, `parent.wat`).
    pub const MATH_METHOD: &str = "rt_math_method";
    pub const RANDOM_NEW: &str = "rt_random_new";
    pub const RANDOM_METHOD: &str = "rt_random_method";
    pub const TIME_NEW: &str = "rt_time_new";
    pub const TIME_METHOD: &str = "rt_time_method";
    pub const RESULT_NEW: &str = "rt_result_new";
    pub const RESULT_METHOD: &str = "rt_result_method";
    pub const LOOKUP_PARENT: &str = "rt_lookup_parent";
    pub const BUILTIN_PARENT: &str = "rt_builtin_parent";
    pub const ERROR_NEW: &str = "rt_error_new";
    pub const FUTURE_OK: &str = "rt_future_ok";

    /// The names of the block above, for the same check as `ALL`.
    #[cfg(test)]
    pub const BOXES: [&str; 11] = [
        MATH_METHOD,
        RANDOM_NEW,
        RANDOM_METHOD,
        TIME_NEW,
        TIME_METHOD,
        RESULT_NEW,
        RESULT_METHOD,
        LOOKUP_PARENT,
        BUILTIN_PARENT,
        ERROR_NEW,
        FUTURE_OK,
    ];

    /// Every name above, for the check that the runtime exports them.
    #[cfg(test)]
    pub const ALL: [&str; 29] = [
        RETAIN,
        RELEASE,
        PRINT,
        BINARY,
        NEG,
        TRUTHY,
        APPEND,
        FMOD,
        RAISE,
        THROW,
        START,
        NEW_INSTANCE,
        GET_FIELD,
        SET_FIELD,
        RUN_FINIS,
        FINI,
        LOOKUP,
        COMMON,
        ARRAY_NEW,
        ARRAY_METHOD,
        STRING_METHOD,
        MAP_NEW,
        MAP_METHOD,
        NUMBER_METHOD,
        CONSOLE_METHOD,
        ARRAY_PUSH,
        CONSTRUCT_SCALAR,
        PROGRAM_ARGS,
        STRING_CASE,
    ];
}

/// Runtime globals, by export name.
pub mod global {
    /// Active Nyash frames (the entry function's frame is depth 1).
    pub const DEPTH: &str = "depth";
    /// First free byte of the heap; set by the linker after the data.
    pub const HEAP_BASE: &str = "heap_base";
    /// Address of the site table; set by the linker.
    pub const SITES: &str = "sites";
    /// Address of the class records (`CLASS_RECORD` bytes each, by class id).
    pub const CLASSES: &str = "classes";
    /// Address of the table of symbol names (string object addresses by `Sym`).
    pub const SYMBOLS: &str = "symbols";
    /// The `Sym`s of `toString`, `type` and `equals` (-1 when not interned).
    pub const SYM_TO_STRING: &str = "sym_to_string";
    pub const SYM_TYPE: &str = "sym_type";
    pub const SYM_EQUALS: &str = "sym_equals";
    /// Non-zero when an instance waits for its `fini()`.
    pub const FINI_PENDING: &str = "fini_pending";
    /// Address of the case tables (`case.rs`), set by generated code before changing case.
    pub const CASE_TABLES: &str = "case_tables";

    #[cfg(test)]
    pub const ALL: [&str; 10] = [
        DEPTH,
        HEAP_BASE,
        SITES,
        CLASSES,
        SYMBOLS,
        SYM_TO_STRING,
        SYM_TYPE,
        SYM_EQUALS,
        FINI_PENDING,
        CASE_TABLES,
    ];
}
