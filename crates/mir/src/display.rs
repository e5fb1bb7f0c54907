//! The MIR text printer: what `nyash --dump-mir` shows.
//!
//! Input: a [`Module`] (verified or not: ids out of range print as raw ids like `f9`, never
//! panic). Output: readable text, one item per line:
//!
//! ```text
//! global counter
//!
//! class Dog from Animal {
//!   field name
//!   field weak owner
//!   method speak -> Dog.speak
//!   ctor Dog.birth
//! }
//!
//! fn Main.fib(r0, r1) [method of Main] {
//!   types: r2: Int
//! bb0:
//!   r3 = add r1, r2
//!   r4 = call Main.fib(r1)
//!   br r3, bb1, bb2
//! }
//! ```
//!
//! Functions, classes, globals and symbols are printed by name wherever the module knows it.
//! `impl Display for Function` exists for a function on its own; it prints raw ids instead.

use std::fmt::{self, Display, Formatter, Write as _};

use crate::{
    BinaryOp, Block, Class, ClassId, Const, FuncId, Function, FunctionKind, GlobalId, Inst,
    InstKind, Module, Reg, Sym, TermKind, Terminator, Type, UnaryOp,
};

impl Display for Module {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let names = Names::Module(self);
        for global in &self.globals {
            writeln!(f, "global {}", global.name)?;
        }
        // Items are separated by one blank line.
        let mut first = self.globals.is_empty();
        for class in &self.classes {
            if !std::mem::take(&mut first) {
                writeln!(f)?;
            }
            write_class(f, names, class)?;
        }
        for (index, function) in self.functions.iter().enumerate() {
            if !std::mem::take(&mut first) {
                writeln!(f)?;
            }
            if FuncId(index as u32) == self.entry {
                writeln!(f, "; entry")?;
            }
            write_function(f, names, function)?;
        }
        Ok(())
    }
}

impl Display for Function {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write_function(f, Names::Raw, self)
    }
}

impl Module {
    /// One function of the module, printed with the module's names (`call Main.fib(r1)`).
    pub fn display_function(&self, id: FuncId) -> impl Display + '_ {
        FunctionDisplay { module: self, id }
    }
}

struct FunctionDisplay<'a> {
    module: &'a Module,
    id: FuncId,
}

impl Display for FunctionDisplay<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.module.functions.get(self.id.index()) {
            Some(function) => write_function(f, Names::Module(self.module), function),
            None => write!(f, "; no function {}", self.id),
        }
    }
}

/// Where names of ids come from: the module, or nowhere (raw ids).
#[derive(Clone, Copy)]
enum Names<'a> {
    Module(&'a Module),
    Raw,
}

impl Names<'_> {
    fn function(self, id: FuncId) -> String {
        match self {
            Names::Module(m) => m.functions.get(id.index()).map(|f| f.name.clone()),
            Names::Raw => None,
        }
        .unwrap_or_else(|| id.to_string())
    }

    fn class(self, id: ClassId) -> String {
        match self {
            Names::Module(m) => m.classes.get(id.index()).map(|c| c.name.clone()),
            Names::Raw => None,
        }
        .unwrap_or_else(|| id.to_string())
    }

    fn global(self, id: GlobalId) -> String {
        match self {
            Names::Module(m) => m.globals.get(id.index()).map(|g| g.name.clone()),
            Names::Raw => None,
        }
        .unwrap_or_else(|| id.to_string())
    }

    fn symbol(self, sym: Sym) -> String {
        match self {
            Names::Module(m) => m.symbols.get(sym.index()).cloned(),
            Names::Raw => None,
        }
        .unwrap_or_else(|| sym.to_string())
    }
}

fn write_class(f: &mut Formatter<'_>, names: Names, class: &Class) -> fmt::Result {
    if class.is_static {
        write!(f, "static ")?;
    }
    write!(f, "class {}", class.name)?;
    let mut parents: Vec<String> = class.parents.iter().map(|&p| names.class(p)).collect();
    if let Some(builtin) = class.builtin_parent {
        parents.push(format!("builtin {}", builtin.name()));
    }
    if !parents.is_empty() {
        write!(f, " from {}", parents.join(", "))?;
    }
    writeln!(f, " {{")?;
    for field in &class.fields {
        let weak = if field.weak { "weak " } else { "" };
        writeln!(f, "  field {weak}{}", names.symbol(field.name))?;
    }
    for &(sym, func) in &class.methods {
        writeln!(
            f,
            "  method {} -> {}",
            names.symbol(sym),
            names.function(func)
        )?;
    }
    for &ctor in &class.ctors {
        writeln!(f, "  ctor {}", names.function(ctor))?;
    }
    if let Some(fini) = class.fini {
        writeln!(f, "  fini {}", names.function(fini))?;
    }
    if let Some(init) = class.static_init {
        writeln!(f, "  static_init {}", names.function(init))?;
    }
    writeln!(f, "}}")
}

fn write_function(f: &mut Formatter<'_>, names: Names, function: &Function) -> fmt::Result {
    let params: Vec<String> = (0..function.param_count)
        .map(|i| Reg(i).to_string())
        .collect();
    write!(f, "fn {}({})", function.name, params.join(", "))?;
    writeln!(f, " [{}] {{", kind_text(names, function.kind))?;
    let typed: Vec<String> = function
        .reg_types
        .iter()
        .enumerate()
        .filter(|(_, ty)| **ty != Type::Any)
        .map(|(i, ty)| format!("r{i}: {ty:?}"))
        .collect();
    if !typed.is_empty() {
        writeln!(f, "  types: {}", typed.join(", "))?;
    }
    for (index, block) in function.blocks.iter().enumerate() {
        write_block(f, names, index, block)?;
    }
    writeln!(f, "}}")
}

/// A function kind as the printer shows it (`method of Main`), for the verifier's messages.
pub(crate) fn describe_kind(module: &Module, kind: FunctionKind) -> String {
    kind_text(Names::Module(module), kind)
}

fn kind_text(names: Names, kind: FunctionKind) -> String {
    match kind {
        FunctionKind::Entry => "entry".to_string(),
        FunctionKind::TopLevel => "top-level".to_string(),
        FunctionKind::Function => "function".to_string(),
        FunctionKind::Method(c) => format!("method of {}", names.class(c)),
        FunctionKind::Ctor(c) => format!("ctor of {}", names.class(c)),
        FunctionKind::StaticInit(c) => format!("static init of {}", names.class(c)),
    }
}

fn write_block(f: &mut Formatter<'_>, names: Names, index: usize, block: &Block) -> fmt::Result {
    writeln!(f, "bb{index}:")?;
    for inst in &block.insts {
        writeln!(f, "  {}", inst_text(names, inst))?;
    }
    writeln!(f, "  {}", term_text(&block.term))
}

fn inst_text(names: Names, inst: &Inst) -> String {
    use InstKind::*;
    match &inst.kind {
        Const { dst, value } => format!("{dst} = const {}", const_text(value)),
        Copy { dst, src } => format!("{dst} = copy {src}"),
        Unary { dst, op, src } => format!("{dst} = {} {src}", unary_name(*op)),
        Binary { dst, op, lhs, rhs } => format!("{dst} = {} {lhs}, {rhs}", binary_name(*op)),
        LoadGlobal { dst, global } => format!("{dst} = load_global {}", names.global(*global)),
        StoreGlobal { global, src } => format!("store_global {} = {src}", names.global(*global)),
        GetField { dst, object, field } => {
            format!("{dst} = getfield {object}.{}", names.symbol(*field))
        }
        SetField {
            object,
            field,
            value,
        } => format!("setfield {object}.{} = {value}", names.symbol(*field)),
        NewBox { dst, class, args } => {
            format!("{dst} = new {}({})", names.class(*class), regs(args))
        }
        NewBuiltin { dst, kind, args } => {
            format!("{dst} = new_builtin {}({})", kind.name(), regs(args))
        }
        StaticBox { dst, class } => format!("{dst} = static_box {}", names.class(*class)),
        Call { dst, func, args } => {
            format!("{dst} = call {}({})", names.function(*func), regs(args))
        }
        CallMethod {
            dst,
            receiver,
            method,
            args,
        } => format!(
            "{dst} = callmethod {receiver}.{}({})",
            names.symbol(*method),
            regs(args)
        ),
        CallBuiltin { dst, func, args } => {
            let (namespace, name) = func.path();
            format!("{dst} = callbuiltin {namespace}.{name}({})", regs(args))
        }
        GetBuiltinParent { dst, object } => format!("{dst} = builtin_parent {object}"),
        Print { value } => format!("print {value}"),
        TryEnter { handler, error } => format!("try_enter {handler} -> {error}"),
        TryExit => "try_exit".to_string(),
        FutureOk { dst, value } => format!("{dst} = future_ok {value}"),
        FutureErr { dst, error } => format!("{dst} = future_err {error}"),
        Await { dst, future } => format!("{dst} = await {future}"),
        Release { reg } => format!("release {reg}"),
    }
}

fn term_text(term: &Terminator) -> String {
    match &term.kind {
        TermKind::Jump(target) => format!("jump {target}"),
        TermKind::Branch {
            cond,
            then_block,
            else_block,
        } => format!("br {cond}, {then_block}, {else_block}"),
        TermKind::Return(value) => format!("ret {value}"),
        TermKind::Throw(value) => format!("throw {value}"),
        TermKind::Unreachable => "unreachable".to_string(),
    }
}

fn regs(list: &[Reg]) -> String {
    let texts: Vec<String> = list.iter().map(Reg::to_string).collect();
    texts.join(", ")
}

fn unary_name(op: UnaryOp) -> &'static str {
    match op {
        UnaryOp::Neg => "neg",
        UnaryOp::Not => "not",
        UnaryOp::Truthy => "truthy",
    }
}

fn binary_name(op: BinaryOp) -> &'static str {
    match op {
        BinaryOp::Add => "add",
        BinaryOp::Sub => "sub",
        BinaryOp::Mul => "mul",
        BinaryOp::Div => "div",
        BinaryOp::Mod => "mod",
        BinaryOp::Shr => "shr",
        BinaryOp::Eq => "eq",
        BinaryOp::Ne => "ne",
        BinaryOp::Lt => "lt",
        BinaryOp::Le => "le",
        BinaryOp::Gt => "gt",
        BinaryOp::Ge => "ge",
    }
}

fn const_text(value: &Const) -> String {
    match value {
        Const::Int(n) => n.to_string(),
        // `{:?}` keeps a decimal point (`2.0`), so floats never look like integers.
        Const::Float(x) => format!("{x:?}"),
        Const::Bool(b) => b.to_string(),
        Const::Null => "null".to_string(),
        Const::Str(s) => quote(s),
    }
}

/// `s` in double quotes with the escapes of Nyash source (`\n \t \r \\ \"`); other control
/// characters as `\u{..}`.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// MIR builders shared by the printer's and the verifier's tests.
#[cfg(test)]
#[path = "testing.rs"]
pub(crate) mod testing;

#[cfg(test)]
#[path = "display_tests.rs"]
mod tests;
