//! Built-in boxes in generated code: `new_builtin` and the dispatch of method calls to the
//! runtime's built-in methods (`runtime/array.wat`, `map.wat`, `string_methods.wat`,
//! `number_methods.wat`, `console.wat`, `math.wat`, `random.wat`, `time.wat`, `result.wat`),
//! also on the built-in parent of a user box (`begin_parent_methods`).
//!
//! A method call whose name belongs to some built-in box tests the receiver's tag once per
//! such box: a match goes to that box's runtime function with the method's code, its
//! `Box.method` text for error messages, the argument count and the first two arguments
//! (borrowed); any other receiver takes the user-box path of `boxes.rs`, which raises the
//! VM's `unknown method` error for values without that method. A program using a built-in
//! method the runtime does not have yet is refused.

use nyash_diagnostics::Span;
use nyash_mir::{BuiltinBox, InstKind, Reg};
use wasm_encoder::BlockType;

use super::FnEmitter;
use crate::{abi, CompileError};

/// Marks a method the runtime does not have yet.
const MISSING: i32 = -1;

/// A built-in box whose methods the runtime answers.
struct Receiver {
    tag: i32,
    /// The runtime function answering its methods.
    function: &'static str,
    box_name: &'static str,
    /// The box's methods in the order of the VM's `methods!` list.
    methods: &'static [&'static str],
    /// The runtime's code of each method, or `MISSING`.
    codes: &'static [i32],
    /// Whether the receiver goes to the runtime as its 64 bits (numbers, booleans) rather
    /// than as an object address.
    by_value: bool,
    /// Whether the method takes any number of arguments: they go to the runtime as a new
    /// array (in place of the receiver, which has no state) that it takes over.
    variadic: bool,
}

const STRING: Receiver = Receiver {
    tag: abi::tag::STRING,
    function: abi::func::STRING_METHOD,
    box_name: "StringBox",
    methods: &[
        "length",
        "substring",
        "get",
        "charAt",
        "find",
        "indexOf",
        "contains",
        "startsWith",
        "endsWith",
        "replace",
        "split",
        "trim",
        "toUpper",
        "toUpperCase",
        "toLower",
        "toLowerCase",
        "toInteger",
        "toFloat",
        "concat",
        "repeat",
    ],
    codes: &[
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
    ],
    by_value: false,
    variadic: false,
};

const ARRAY: Receiver = Receiver {
    tag: abi::tag::ARRAY,
    function: abi::func::ARRAY_METHOD,
    box_name: "ArrayBox",
    methods: &[
        "push", "pop", "length", "size", "get", "set", "remove", "insert", "indexOf", "contains",
        "clear", "join", "isEmpty", "sort", "reverse", "slice",
    ],
    codes: &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    by_value: false,
    variadic: false,
};

const MAP: Receiver = Receiver {
    tag: abi::tag::MAP,
    function: abi::func::MAP_METHOD,
    box_name: "MapBox",
    methods: &[
        "set",
        "get",
        "has",
        "containsKey",
        "containsValue",
        "delete",
        "remove",
        "keys",
        "values",
        "size",
        "clear",
        "isEmpty",
        "toJSON",
    ],
    codes: &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
    by_value: false,
    variadic: false,
};

const INTEGER: Receiver = Receiver {
    tag: abi::tag::INT,
    function: abi::func::NUMBER_METHOD,
    box_name: "IntegerBox",
    methods: &["abs", "max", "min", "pow", "toFloat", "isEven", "isOdd"],
    codes: &[0, 1, 2, 3, 4, 5, 6],
    by_value: true,
    variadic: false,
};

const FLOAT: Receiver = Receiver {
    tag: abi::tag::FLOAT,
    function: abi::func::NUMBER_METHOD,
    box_name: "FloatBox",
    methods: &[
        "abs",
        "floor",
        "ceil",
        "round",
        "toInteger",
        "max",
        "min",
        "pow",
        "sqrt",
        "sin",
        "cos",
        "tan",
        "log",
        "exp",
        "isNaN",
        "isInfinite",
        "isFinite",
    ],
    codes: &[
        10, 11, 12, 13, 14, 15, 16, 17, 18, 22, 23, 24, 25, 26, 19, 20, 21,
    ],
    by_value: true,
    variadic: false,
};

const BOOL: Receiver = Receiver {
    tag: abi::tag::BOOL,
    function: abi::func::NUMBER_METHOD,
    box_name: "BoolBox",
    methods: &["not", "and", "or"],
    codes: &[30, 31, 32],
    by_value: true,
    variadic: false,
};

const CONSOLE: Receiver = Receiver {
    tag: abi::tag::CONSOLE,
    function: abi::func::CONSOLE_METHOD,
    box_name: "ConsoleBox",
    methods: &["log", "print", "println", "warn", "error", "readLine"],
    codes: &[0, 1, 2, 3, 4, 5],
    by_value: false,
    variadic: true,
};

/// StringBox's `toUpper`, `toUpperCase`, `toLower`, `toLowerCase`: they read the case tables.
const CASE_CODES: std::ops::RangeInclusive<i32> = 12..=15;

const MATH: Receiver = Receiver {
    tag: abi::tag::MATH,
    function: abi::func::MATH_METHOD,
    box_name: "MathBox",
    methods: &[
        "abs", "sqrt", "pow", "sin", "cos", "tan", "atan", "atan2", "log", "exp", "floor", "ceil",
        "round", "min", "max", "getPi", "getE",
    ],
    codes: &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16],
    by_value: true,
    variadic: false,
};

const RANDOM: Receiver = Receiver {
    tag: abi::tag::RANDOM,
    function: abi::func::RANDOM_METHOD,
    box_name: "RandomBox",
    methods: &[
        "seed", "random", "next", "randInt", "int", "choice", "shuffle",
    ],
    codes: &[0, 1, 2, 3, 4, 5, 6],
    by_value: false,
    variadic: false,
};

const TIME: Receiver = Receiver {
    tag: abi::tag::TIME,
    function: abi::func::TIME_METHOD,
    box_name: "TimeBox",
    methods: &["now", "elapsed", "sleep"],
    codes: &[0, 1, 2],
    by_value: false,
    variadic: false,
};

const RESULT: Receiver = Receiver {
    tag: abi::tag::RESULT,
    function: abi::func::RESULT_METHOD,
    box_name: "ResultBox",
    methods: &["isOk", "getValue", "getError"],
    codes: &[0, 1, 2],
    by_value: false,
    variadic: false,
};

/// Every built-in box with methods in the runtime, in the order the receiver is tested.
const RECEIVERS: [&Receiver; 11] = [
    &STRING, &ARRAY, &MAP, &INTEGER, &FLOAT, &BOOL, &CONSOLE, &MATH, &RANDOM, &TIME, &RESULT,
];

/// A method call being compiled.
#[derive(Clone, Copy)]
struct MethodCall<'a> {
    dst: Reg,
    receiver: Reg,
    name: &'a str,
    args: &'a [Reg],
    span: Span,
    /// Whether the method is called on the built-in parent of `receiver` (a user box).
    via_parent: bool,
}

impl FnEmitter<'_, '_> {
    /// `dst = new K(args)` for a built-in box.
    pub(super) fn new_builtin(
        &mut self,
        dst: Reg,
        kind: BuiltinBox,
        args: &[Reg],
        span: Span,
    ) -> Result<(), CompileError> {
        let scalar = match kind {
            BuiltinBox::String => Some(0),
            BuiltinBox::Integer => Some(1),
            BuiltinBox::Float => Some(2),
            BuiltinBox::Bool => Some(3),
            _ => None,
        };
        if let (Some(code), 0..=1) = (scalar, args.len()) {
            return self.construct_scalar(dst, kind, code, args, span);
        }
        if matches!(
            kind,
            BuiltinBox::Math
                | BuiltinBox::Random
                | BuiltinBox::Time
                | BuiltinBox::Result
                | BuiltinBox::Error
                | BuiltinBox::Future
        ) {
            return self.new_state_box(dst, kind, args, span);
        }
        if kind == BuiltinBox::Null && args.is_empty() {
            self.sink().i32_const(abi::tag::NULL).i64_const(0);
            return self.store_pair(dst);
        }
        let (tag, create) = match kind {
            BuiltinBox::Array => (abi::tag::ARRAY, abi::func::ARRAY_NEW),
            BuiltinBox::Map => (abi::tag::MAP, abi::func::MAP_NEW),
            BuiltinBox::Console if args.is_empty() => {
                self.sink().i32_const(abi::tag::CONSOLE).i64_const(0);
                return self.store_pair(dst);
            }
            // Only the argument-count error remains for these.
            BuiltinBox::Console
            | BuiltinBox::Null
            | BuiltinBox::String
            | BuiltinBox::Integer
            | BuiltinBox::Float
            | BuiltinBox::Bool => (abi::tag::NULL, abi::func::ARRAY_NEW),
            _ => {
                return Err(
                    self.unsupported(format!("built-in box creation (`new {}`)", kind.name()))
                )
            }
        };
        if !args.is_empty() {
            let noun = if args.len() == 1 {
                "argument"
            } else {
                "arguments"
            };
            let site = self.site(span);
            let message = format!(
                "no constructor of {} takes {} {noun}",
                kind.name(),
                args.len()
            );
            return self.raise(site, &message);
        }
        let create = self.cx.rt.func(create)?;
        self.sink().i32_const(tag).call(create).i64_extend_i32_u();
        self.store_pair(dst)
    }

    /// `new StringBox(x)`, `new IntegerBox(x)`, `new FloatBox(x)`, `new BoolBox(x)` (with
    /// at most one argument): `rt_construct_scalar`; `dst` is not written if it raises.
    fn construct_scalar(
        &mut self,
        dst: Reg,
        kind: BuiltinBox,
        code: i32,
        args: &[Reg],
        span: Span,
    ) -> Result<(), CompileError> {
        let construct = self.cx.rt.func(abi::func::CONSTRUCT_SCALAR)?;
        let who = self.cx.data.string(&format!("new {}", kind.name()));
        let site = self.site(span);
        self.sink()
            .i32_const(site)
            .i32_const(code)
            .i32_const(who as i32)
            .i32_const(args.len() as i32);
        match args.first() {
            Some(&arg) => self.push_value(arg)?,
            None => {
                self.sink().i32_const(abi::tag::NULL).i64_const(0);
            }
        }
        self.sink().call(construct);
        self.check_pending_keeping_pair()?;
        self.store_pair(dst)
    }

    /// For a call of a built-in method `name` (on a receiver that is not `me`), opens one
    /// `if receiver is a K { rt_K_method } else` per built-in box K with that method, which
    /// the caller closes after emitting the user-box path; returns how many it opened.
    /// Refuses names of built-in methods the runtime does not have yet.
    pub(super) fn begin_builtin_methods(
        &mut self,
        dst: Reg,
        receiver: Reg,
        name: &str,
        args: &[Reg],
        span: Span,
    ) -> Result<usize, CompileError> {
        // A receiver certainly made by `new K()` needs only K's methods: `c.log(x)` on a
        // ConsoleBox does not depend on FloatBox's `log`.
        let certain = self.certain_builtin_tag(receiver, &mut Vec::new());
        let found: Vec<(&Receiver, i32)> = RECEIVERS
            .iter()
            .filter(|kind| certain.is_none_or(|tag| tag == kind.tag))
            .filter_map(|kind| {
                let position = kind.methods.iter().position(|m| *m == name)?;
                Some((*kind, kind.codes.get(position).copied().unwrap_or(MISSING)))
            })
            .collect();
        if found.iter().any(|&(_, code)| code == MISSING) {
            return Err(self.unsupported(format!("built-in methods (`{name}`)")));
        }
        let call = MethodCall {
            dst,
            receiver,
            name,
            args,
            span,
            via_parent: false,
        };
        for (opened, &(kind, code)) in found.iter().enumerate() {
            self.begin_method_of(kind, code, &call, opened)?;
        }
        Ok(found.len())
    }

    /// The built-in boxes among `parents` (tags of the module's built-in parents) that have
    /// a method `name`, with its runtime code; refuses a method the runtime lacks.
    pub(super) fn parent_methods(
        &self,
        name: &str,
        parents: &[i32],
    ) -> Result<Vec<(i32, i32)>, CompileError> {
        let found: Vec<(i32, i32)> = RECEIVERS
            .iter()
            .filter(|kind| parents.contains(&kind.tag))
            .filter_map(|kind| {
                let position = kind.methods.iter().position(|m| *m == name)?;
                Some((
                    kind.tag,
                    kind.codes.get(position).copied().unwrap_or(MISSING),
                ))
            })
            .collect();
        if found.iter().any(|&(_, code)| code == MISSING) {
            return Err(self.unsupported(format!("built-in methods (`{name}`)")));
        }
        Ok(found)
    }

    /// For a method of the built-in parent of the user box in `receiver` (`found`: from
    /// `parent_methods`), opens one `if parent is a K { dst = rt_K_method(...) } else` per
    /// box K (`tries.nesting` counts the labels the call opened before); returns how many
    /// it opened.
    pub(super) fn begin_parent_methods(
        &mut self,
        dst: Reg,
        receiver: Reg,
        name: &str,
        args: &[Reg],
        span: Span,
        found: &[(i32, i32)],
    ) -> Result<usize, CompileError> {
        let call = MethodCall {
            dst,
            receiver,
            name,
            args,
            span,
            via_parent: true,
        };
        for (opened, &(tag, code)) in found.iter().enumerate() {
            let Some(kind) = RECEIVERS.iter().find(|k| k.tag == tag) else {
                return Err(CompileError::Internal(format!(
                    "no built-in box of tag {tag}"
                )));
            };
            self.begin_method_of(kind, code, &call, opened)?;
        }
        Ok(found.len())
    }

    /// The tag of the box `reg` certainly holds: every write to it in this function is `new`
    /// of the same built-in box with methods in the runtime (ArrayBox, MathBox, ...), or
    /// `new C(...)` of any user box (`tag::INSTANCE`: then no built-in method applies),
    /// directly or through copies; `None` when unknown (a parameter, a field, a call result).
    fn certain_builtin_tag(&self, reg: Reg, seen: &mut Vec<Reg>) -> Option<i32> {
        if reg.index() < self.func.param_count as usize || seen.contains(&reg) {
            return None;
        }
        seen.push(reg);
        let writes = self.writes.get(reg.index())?;
        let mut tag = None;
        for &write in writes {
            let this = match write {
                InstKind::NewBuiltin { kind, .. } => super::state_boxes::parent_tag(*kind)?,
                // `new C()` gives a user box (or raises): no built-in method applies.
                InstKind::NewBox { .. } => abi::tag::INSTANCE,
                InstKind::Copy { src, .. } => self.certain_builtin_tag(*src, seen)?,
                _ => return None,
            };
            if tag.is_some_and(|t| t != this) {
                return None;
            }
            tag = Some(this);
        }
        tag
    }

    /// Opens `if receiver is a K { dst = rt_K_method(...) } else` inside `open` such ifs.
    /// As the VM leaves it, `dst` is not written when the method raises.
    fn begin_method_of(
        &mut self,
        kind: &Receiver,
        code: i32,
        call: &MethodCall,
        open: usize,
    ) -> Result<(), CompileError> {
        let MethodCall {
            dst,
            receiver,
            name,
            args,
            span,
            via_parent,
        } = *call;
        let function = self.cx.rt.func(kind.function)?;
        let who = self.cx.data.string(&format!("{}.{name}", kind.box_name));
        let site = self.site(span);
        if kind.tag == abi::tag::STRING && CASE_CODES.contains(&code) {
            self.set_case_tables()?;
        }
        let bits = self.scratch_i64;
        if via_parent {
            self.push_parent(receiver)?;
        } else {
            self.push_value(receiver)?;
        }
        self.sink()
            .local_set(bits)
            .i32_const(kind.tag)
            .i32_eq()
            .if_(BlockType::Empty)
            .i32_const(site)
            .i32_const(code)
            .i32_const(who as i32)
            .i32_const(args.len() as i32);
        if kind.variadic {
            return self.finish_variadic_call(function, args, dst, open);
        }
        self.sink().local_get(bits);
        if !kind.by_value {
            self.sink().i32_wrap_i64();
        }
        for position in 0..2 {
            match args.get(position) {
                Some(&arg) => self.push_value(arg)?,
                None => {
                    self.sink().i32_const(abi::tag::NULL).i64_const(0);
                }
            }
        }
        self.sink().call(function);
        self.store_method_result(dst, open)
    }

    /// Passes every argument in a new array, then calls the runtime function.
    fn finish_variadic_call(
        &mut self,
        function: u32,
        args: &[Reg],
        dst: Reg,
        open: usize,
    ) -> Result<(), CompileError> {
        let new_array = self.cx.rt.func(abi::func::ARRAY_NEW)?;
        let push = self.cx.rt.func(abi::func::ARRAY_PUSH)?;
        let array = self.object;
        self.sink().call(new_array).local_set(array);
        for &arg in args {
            self.sink().local_get(array);
            self.push_value(arg)?;
            self.sink().call(push);
        }
        self.sink()
            .local_get(array)
            .i32_const(abi::tag::NULL)
            .i64_const(0)
            .i32_const(abi::tag::NULL)
            .i64_const(0)
            .call(function);
        self.store_method_result(dst, open)
    }

    /// Stores a built-in method's result in `dst` unless it raised, and opens the `else`.
    fn store_method_result(&mut self, dst: Reg, open: usize) -> Result<(), CompileError> {
        let nesting = open as u32 + 1;
        self.tries.nesting += nesting;
        self.check_pending_keeping_pair()?;
        self.tries.nesting -= nesting;
        self.store_pair(dst)?;
        self.sink().else_();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The method names of the first `methods!` list of one of the VM's built-in files.
    fn declared_methods(file: &str, list: usize) -> Vec<String> {
        let path = format!("{}/../vm/src/builtins/{file}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let block = text.split("methods! {").nth(list + 1).unwrap_or_default();
        let block = block.split("\n}").next().unwrap_or_default();
        block
            .lines()
            .filter_map(|line| line.trim().split_once("= \"").map(|(_, q)| q))
            .filter_map(|q| q.split('"').next())
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn method_lists_follow_the_vms_lists() {
        for (kind, file, list) in [
            (&STRING, "string.rs", 0),
            (&ARRAY, "array.rs", 0),
            (&MAP, "map.rs", 0),
            (&INTEGER, "number.rs", 0),
            (&FLOAT, "number.rs", 1),
            (&BOOL, "boolean.rs", 0),
            (&CONSOLE, "console.rs", 0),
            (&MATH, "math.rs", 0),
            (&RANDOM, "random.rs", 0),
            (&TIME, "time.rs", 0),
            (&RESULT, "outcome.rs", 2),
        ] {
            assert_eq!(
                declared_methods(file, list),
                kind.methods,
                "{}",
                kind.box_name
            );
            assert_eq!(kind.methods.len(), kind.codes.len(), "{}", kind.box_name);
        }
    }

    #[test]
    fn every_scalar_method_name_has_a_receiver() {
        for name in super::super::boxes::SCALAR_METHODS {
            assert!(
                [&STRING, &INTEGER, &FLOAT]
                    .iter()
                    .any(|k| k.methods.contains(&name)),
                "{name}"
            );
        }
    }
}
