//! Load: MIR [`Module`] → [`Program`], once, before anything runs.
//!
//! Besides flattening blocks into linear code (see `code.rs`), loading checks every id the code
//! uses (registers, blocks, functions, classes, globals, symbols) so that the interpreter can
//! index its tables without ever panicking. A module that fails these checks is a bug in the
//! producer of the MIR; it is reported as an `invalid MIR` error instead of running.

use std::cell::Cell;

use nyash_mir::{
    BinaryOp, BuiltinBox, Const, Function, FunctionKind, InstKind, Module, Reg, Sym, TermKind,
    Type, UnaryOp,
};

use crate::builtins;
use crate::code::{Args, Bin, CmpBranch, Code, ConstBin, MethodHint, Op, Program, WellKnown};
use crate::value::Value;
use nyash_diagnostics::Span;

/// Translates and checks `module`; the error says what is malformed.
pub(crate) fn load(module: &Module) -> Result<Program, String> {
    let limits = Limits::of(module);
    check_classes(module, &limits)?;
    let functions = module
        .functions
        .iter()
        .map(|f| {
            load_function(f, &limits, &module.symbols).map_err(|e| format!("in {}: {e}", f.name))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let entry = limits.func(module.entry.0)?;
    let sym = |name: &str| module.find_symbol(name).unwrap_or(Sym(u32::MAX));
    Ok(Program {
        builtin_methods: builtin_method_table(module),
        functions,
        classes: module.classes.clone(),
        global_count: module.globals.len(),
        symbols: module.symbols.clone(),
        well_known: WellKnown {
            to_string: sym("toString"),
            type_name: sym("type"),
            equals: sym("equals"),
            fini: sym("fini"),
        },
        entry,
    })
}

/// The sizes every id is checked against.
struct Limits {
    functions: usize,
    classes: usize,
    globals: usize,
    symbols: usize,
}

impl Limits {
    fn of(module: &Module) -> Limits {
        Limits {
            functions: module.functions.len(),
            classes: module.classes.len(),
            globals: module.globals.len(),
            symbols: module.symbols.len(),
        }
    }

    fn func(&self, id: u32) -> Result<u32, String> {
        in_range(id, self.functions, "function")
    }

    fn class(&self, id: u32) -> Result<u32, String> {
        in_range(id, self.classes, "class")
    }

    fn sym(&self, sym: Sym) -> Result<Sym, String> {
        in_range(sym.0, self.symbols, "symbol").map(Sym)
    }
}

fn in_range(id: u32, len: usize, what: &str) -> Result<u32, String> {
    if (id as usize) < len {
        Ok(id)
    } else {
        Err(format!("{what} {id} out of range"))
    }
}

fn check_classes(module: &Module, limits: &Limits) -> Result<(), String> {
    for class in &module.classes {
        let context = |e: String| format!("in box {}: {e}", class.name);
        let receivers = class.methods.iter().map(|&(_, f)| f);
        let receivers = receivers
            .chain(class.ctors.iter().copied())
            .chain(class.fini)
            .chain(class.static_init);
        for func in receivers {
            limits.func(func.0).map_err(context)?;
            if module.function(func).param_count == 0 {
                return Err(context(format!("{} takes no `me`", func)));
            }
        }
        for &(sym, _) in &class.methods {
            limits.sym(sym).map_err(context)?;
        }
        for field in &class.fields {
            limits.sym(field.name).map_err(context)?;
        }
        if !class.methods.windows(2).all(|w| w[0].0 < w[1].0) {
            return Err(context("methods are not sorted by symbol".into()));
        }
    }
    Ok(())
}

/// `table[sym][kind]`: the built-in method each method name resolves to on each built-in box.
fn builtin_method_table(
    module: &Module,
) -> Vec<[Option<builtins::BuiltinMethod>; BuiltinBox::ALL.len()]> {
    module
        .symbols
        .iter()
        .map(|name| BuiltinBox::ALL.map(|kind| builtins::lookup_method(kind, name)))
        .collect()
}

fn load_function(function: &Function, limits: &Limits, symbols: &[String]) -> Result<Code, String> {
    if function.blocks.is_empty() {
        return Err("no blocks".into());
    }
    let reg_count = function.reg_count().max(function.param_count as usize);
    let mut loader = FunctionLoader {
        limits,
        symbols,
        reg_count: u32::try_from(reg_count).map_err(|_| "too many registers")?,
        block_starts: Vec::with_capacity(function.blocks.len()),
        arg_regs: Vec::new(),
    };
    let mut next = 0u32;
    for block in &function.blocks {
        loader.block_starts.push(next);
        next += block.insts.len() as u32 + 1;
    }
    let mut ops = Vec::with_capacity(next as usize);
    let mut spans = Vec::with_capacity(next as usize);
    for block in &function.blocks {
        for inst in &block.insts {
            ops.push(loader.inst(&inst.kind)?);
            spans.push(inst.span);
        }
        let block_ops = ops.len() - block.insts.len()..;
        let is_number = |reg: u32| {
            let ty = function.reg_types.get(reg as usize);
            matches!(ty, Some(Type::Int | Type::Float))
        };
        hoist_releases(
            &mut ops[block_ops.clone()],
            &mut spans[block_ops.clone()],
            is_number,
        );
        fuse_constants(&mut ops[block_ops]);
        let term = loader.term(&block.term.kind)?;
        if let Some(last) = ops.last_mut().filter(|_| !block.insts.is_empty()) {
            fuse_compare_branch(last, &term);
        }
        if block.insts.len() >= 2 {
            let at = ops.len() - 2;
            fuse_const_branch(&mut ops[at..]);
        }
        ops.push(term);
        spans.push(block.term.span);
    }
    thread_jumps(&mut ops, &mut spans);
    fuse_count_branches(&mut ops);
    Ok(Code {
        name: function.name.clone(),
        ops,
        spans,
        arg_regs: loader.arg_regs,
        box_regs: box_regs(function, loader.reg_count),
        reg_count: loader.reg_count,
        param_count: function.param_count,
        arity: match function.kind {
            FunctionKind::Method(_) | FunctionKind::Ctor(_) | FunctionKind::StaticInit(_) => {
                function.param_count.saturating_sub(1)
            }
            _ => function.param_count,
        },
    })
}

/// The registers whose type admits a box; registers without a type (parameters beyond
/// `reg_types`) may hold anything.
fn box_regs(function: &Function, reg_count: u32) -> Vec<u32> {
    (0..reg_count)
        .filter(|&r| {
            let ty = function.reg_types.get(r as usize).copied();
            !matches!(ty, Some(Type::Int | Type::Float | Type::Bool | Type::Null))
        })
        .collect()
}

/// Moves each `Release` of a block before the integer constants and the number arithmetic
/// just above it that do not involve its register: `k = k + 1` then the release of a loop
/// body's locals becomes the release then `k = k + 1`, which the loop's test can then join
/// ([`Op::CountBranch`]). Only ops that run no Nyash code and raise no error are passed over
/// (no division: its error must come before a `fini()` the release would run), so nothing
/// observable moves.
fn hoist_releases(ops: &mut [Op], spans: &mut [Span], is_number: impl Fn(u32) -> bool) {
    for i in 1..ops.len() {
        let Op::Release { reg } = ops[i] else {
            continue;
        };
        let mut at = i;
        while at > 0 && commutes_with_release(&ops[at - 1], reg, &is_number) {
            ops.swap(at - 1, at);
            spans.swap(at - 1, at);
            at -= 1;
        }
    }
}

/// Whether `op` may run after a release of `reg` instead of before it (see `hoist_releases`).
fn commutes_with_release(op: &Op, reg: u32, is_number: &impl Fn(u32) -> bool) -> bool {
    let pure = |bin: &Bin| {
        bin.dst != reg
            && bin.lhs != reg
            && bin.rhs != reg
            && is_number(bin.lhs)
            && is_number(bin.rhs)
    };
    match op {
        Op::ConstInt { dst, .. } => *dst != reg,
        Op::Add(bin)
        | Op::AddInPlace(bin)
        | Op::Sub(bin)
        | Op::Mul(bin)
        | Op::Lt(bin)
        | Op::Le(bin)
        | Op::Gt(bin)
        | Op::Ge(bin)
        | Op::Eq(bin)
        | Op::Ne(bin) => pure(bin),
        _ => false,
    }
}

/// Fuses each integer constant with an arithmetic op right after it, in one block's ops (no
/// jump lands between the two). The arithmetic op stays in place for the cases the fused op
/// leaves to it.
fn fuse_constants(ops: &mut [Op]) {
    for i in 1..ops.len() {
        let Op::ConstInt { dst: konst, value } = ops[i - 1] else {
            continue;
        };
        let fused = |bin: Bin| ConstBin { value, konst, bin };
        let reads_konst = |bin: &Bin| bin.lhs == konst || bin.rhs == konst;
        ops[i - 1] = match ops[i] {
            Op::Add(bin) | Op::AddInPlace(bin) if reads_konst(&bin) => Op::ConstAdd(fused(bin)),
            Op::Sub(bin) if reads_konst(&bin) => Op::ConstSub(fused(bin)),
            Op::Mul(bin) if reads_konst(&bin) => Op::ConstMul(fused(bin)),
            Op::Div(bin) if reads_konst(&bin) => Op::ConstDiv(fused(bin)),
            Op::Mod(bin) if reads_konst(&bin) => Op::ConstMod(fused(bin)),
            _ => continue,
        };
    }
}

/// Turns `last`, a block's last instruction, into a compare-and-branch when it is a comparison
/// whose result `term` branches on. The `Branch` stays after it: no jump targets move, and
/// nothing jumps to it (only block starts are targets).
fn fuse_compare_branch(last: &mut Op, term: &Op) {
    let Op::Branch {
        cond,
        then_pc,
        else_pc,
    } = *term
    else {
        return;
    };
    let fused = |bin: Bin| CmpBranch {
        bin,
        then_pc,
        else_pc,
    };
    *last = match *last {
        Op::Eq(bin) if bin.dst == cond => Op::BranchEq(fused(bin)),
        Op::Ne(bin) if bin.dst == cond => Op::BranchNe(fused(bin)),
        Op::Lt(bin) if bin.dst == cond => Op::BranchLt(fused(bin)),
        Op::Le(bin) if bin.dst == cond => Op::BranchLe(fused(bin)),
        Op::Gt(bin) if bin.dst == cond => Op::BranchGt(fused(bin)),
        Op::Ge(bin) if bin.dst == cond => Op::BranchGe(fused(bin)),
        _ => return,
    };
}

/// Turns `[ConstInt, compare-and-branch]`, the compare reading the constant on its right and
/// the constant fitting in 32 bits, into `[ConstBranch, compare-and-branch]`.
fn fuse_const_branch(pair: &mut [Op]) {
    let [Op::ConstInt { dst: konst, value }, branch] = pair else {
        return;
    };
    let (konst, value) = (*konst, *value);
    let (Some((cmp, fused)), Ok(value)) = (compare_branch(branch), i32::try_from(value)) else {
        return;
    };
    if fused.bin.rhs != konst || fused.bin.lhs == konst {
        return;
    }
    pair[0] = Op::ConstBranch {
        konst,
        value,
        lhs: fused.bin.lhs,
        cmp_dst: fused.bin.dst,
        cmp,
        then_pc: fused.then_pc,
        else_pc: fused.else_pc,
    };
}

/// Replaces each `Jump` to a compare-and-branch (a loop's back edge jumping to its test) with
/// a copy of that op and its span: the loop runs one op fewer per iteration. The copy
/// behaves exactly like the original, whose targets are absolute and which stays in place.
fn thread_jumps(ops: &mut [Op], spans: &mut [Span]) {
    for i in 0..ops.len() {
        let Op::Jump { target } = ops[i] else {
            continue;
        };
        let target = target as usize;
        let copy = match ops.get(target) {
            Some(Op::BranchEq(f)) => Op::BranchEq(*f),
            Some(Op::BranchNe(f)) => Op::BranchNe(*f),
            Some(Op::BranchLt(f)) => Op::BranchLt(*f),
            Some(Op::BranchLe(f)) => Op::BranchLe(*f),
            Some(Op::BranchGt(f)) => Op::BranchGt(*f),
            Some(Op::BranchGe(f)) => Op::BranchGe(*f),
            _ => continue,
        };
        ops[i] = copy;
        if let Some(&span) = spans.get(target) {
            spans[i] = span;
        }
    }
}

/// Turns each `ConstAdd` that steps a counter (`c = c + k`, `k` fitting in 32 bits) and is
/// followed, after the `Add` it skips, by a compare-and-branch of that counter into a
/// [`Op::CountBranch`]. Both following ops stay for the cases the fused op leaves to them.
fn fuse_count_branches(ops: &mut [Op]) {
    for i in 0..ops.len().saturating_sub(2) {
        let (Op::ConstAdd(add), Some(branch)) = (&ops[i], compare_branch(&ops[i + 2])) else {
            continue;
        };
        let (cmp, fused) = branch;
        let bin = add.bin;
        let counter = bin.dst;
        let steps_counter = bin.lhs == counter && bin.rhs == add.konst && counter != add.konst;
        let tests_counter = fused.bin.lhs == counter && fused.bin.rhs != counter;
        let Ok(step) = i32::try_from(add.value) else {
            continue;
        };
        if !steps_counter || !tests_counter || fused.bin.rhs == add.konst {
            continue;
        }
        ops[i] = Op::CountBranch {
            counter,
            konst: add.konst,
            step,
            bound: fused.bin.rhs,
            cmp_dst: fused.bin.dst,
            cmp,
            then_pc: fused.then_pc,
            else_pc: fused.else_pc,
        };
    }
}

/// The comparison and operands of a compare-and-branch op.
fn compare_branch(op: &Op) -> Option<(BinaryOp, CmpBranch)> {
    Some(match op {
        Op::BranchEq(f) => (BinaryOp::Eq, *f),
        Op::BranchNe(f) => (BinaryOp::Ne, *f),
        Op::BranchLt(f) => (BinaryOp::Lt, *f),
        Op::BranchLe(f) => (BinaryOp::Le, *f),
        Op::BranchGt(f) => (BinaryOp::Gt, *f),
        Op::BranchGe(f) => (BinaryOp::Ge, *f),
        _ => return None,
    })
}

struct FunctionLoader<'a> {
    limits: &'a Limits,
    /// The module's symbols (names of methods and fields), checked against `limits`.
    symbols: &'a [String],
    reg_count: u32,
    block_starts: Vec<u32>,
    arg_regs: Vec<u32>,
}

impl FunctionLoader<'_> {
    fn reg(&self, reg: Reg) -> Result<u32, String> {
        in_range(reg.0, self.reg_count as usize, "register")
    }

    fn block(&self, block: nyash_mir::BlockId) -> Result<u32, String> {
        self.block_starts
            .get(block.index())
            .copied()
            .ok_or_else(|| format!("block {block} out of range"))
    }

    fn method_hint(&self, method: Sym, arg_count: usize) -> MethodHint {
        let name = self.symbols.get(method.index()).map_or("", String::as_str);
        MethodHint::of(name, arg_count)
    }

    fn args(&mut self, regs: &[Reg]) -> Result<Args, String> {
        let start = self.arg_regs.len() as u32;
        for &reg in regs {
            let reg = self.reg(reg)?;
            self.arg_regs.push(reg);
        }
        Ok(Args {
            start,
            len: regs.len() as u32,
        })
    }

    fn bin(&self, op: BinaryOp, dst: Reg, lhs: Reg, rhs: Reg) -> Result<Op, String> {
        let bin = Bin {
            dst: self.reg(dst)?,
            lhs: self.reg(lhs)?,
            rhs: self.reg(rhs)?,
        };
        Ok(match op {
            BinaryOp::Add if dst == lhs && lhs != rhs => Op::AddInPlace(bin),
            BinaryOp::Add => Op::Add(bin),
            BinaryOp::Sub => Op::Sub(bin),
            BinaryOp::Mul => Op::Mul(bin),
            BinaryOp::Div => Op::Div(bin),
            BinaryOp::Mod => Op::Mod(bin),
            BinaryOp::Shr => Op::Shr(bin),
            BinaryOp::Eq => Op::Eq(bin),
            BinaryOp::Ne => Op::Ne(bin),
            BinaryOp::Lt => Op::Lt(bin),
            BinaryOp::Le => Op::Le(bin),
            BinaryOp::Gt => Op::Gt(bin),
            BinaryOp::Ge => Op::Ge(bin),
        })
    }

    fn inst(&mut self, kind: &InstKind) -> Result<Op, String> {
        let limits = self.limits;
        Ok(match kind {
            InstKind::Const {
                dst,
                value: Const::Int(n),
            } => Op::ConstInt {
                dst: self.reg(*dst)?,
                value: *n,
            },
            InstKind::Const { dst, value } => Op::Const {
                dst: self.reg(*dst)?,
                value: const_value(value),
            },
            InstKind::Copy { dst, src } => Op::Copy {
                dst: self.reg(*dst)?,
                src: self.reg(*src)?,
            },
            InstKind::Unary { dst, op, src } => {
                let (dst, src) = (self.reg(*dst)?, self.reg(*src)?);
                match op {
                    UnaryOp::Neg => Op::Neg { dst, src },
                    UnaryOp::Not => Op::Not { dst, src },
                    UnaryOp::Truthy => Op::Truthy { dst, src },
                }
            }
            InstKind::Binary { dst, op, lhs, rhs } => self.bin(*op, *dst, *lhs, *rhs)?,
            InstKind::LoadGlobal { dst, global } => Op::LoadGlobal {
                dst: self.reg(*dst)?,
                global: in_range(global.0, limits.globals, "global")?,
            },
            InstKind::StoreGlobal { global, src } => Op::StoreGlobal {
                global: in_range(global.0, limits.globals, "global")?,
                src: self.reg(*src)?,
            },
            InstKind::GetField { dst, object, field } => Op::GetField {
                dst: self.reg(*dst)?,
                object: self.reg(*object)?,
                field: limits.sym(*field)?,
                cache: Cell::new((0, 0)),
            },
            InstKind::SetField {
                object,
                field,
                value,
            } => Op::SetField {
                object: self.reg(*object)?,
                field: limits.sym(*field)?,
                value: self.reg(*value)?,
                cache: Cell::new((0, 0)),
            },
            InstKind::NewBox { dst, class, args } => Op::NewBox {
                dst: self.reg(*dst)?,
                class: nyash_mir::ClassId(limits.class(class.0)?),
                args: self.args(args)?,
            },
            InstKind::NewBuiltin { dst, kind, args } => Op::NewBuiltin {
                dst: self.reg(*dst)?,
                kind: *kind,
                args: self.args(args)?,
            },
            InstKind::StaticBox { dst, class } => Op::StaticBox {
                dst: self.reg(*dst)?,
                class: nyash_mir::ClassId(limits.class(class.0)?),
            },
            InstKind::Call { dst, func, args } => Op::Call {
                dst: self.reg(*dst)?,
                func: limits.func(func.0)?,
                args: self.args(args)?,
            },
            InstKind::CallMethod {
                dst,
                receiver,
                method,
                args,
            } => Op::CallMethod {
                dst: self.reg(*dst)?,
                receiver: self.reg(*receiver)?,
                method: limits.sym(*method)?,
                hint: self.method_hint(*method, args.len()),
                args: self.args(args)?,
                cache: Cell::new((0, 0)),
            },
            InstKind::CallBuiltin { dst, func, args } => Op::CallBuiltin {
                dst: self.reg(*dst)?,
                func: *func,
                args: self.args(args)?,
            },
            InstKind::GetBuiltinParent { dst, object } => Op::GetBuiltinParent {
                dst: self.reg(*dst)?,
                object: self.reg(*object)?,
            },
            InstKind::Print { value } => Op::Print {
                value: self.reg(*value)?,
            },
            InstKind::TryEnter { handler, error } => Op::TryEnter {
                handler: self.block(*handler)?,
                error: self.reg(*error)?,
            },
            InstKind::TryExit => Op::TryExit,
            InstKind::FutureOk { dst, value } => Op::FutureOk {
                dst: self.reg(*dst)?,
                value: self.reg(*value)?,
            },
            InstKind::FutureErr { dst, error } => Op::FutureErr {
                dst: self.reg(*dst)?,
                error: self.reg(*error)?,
            },
            InstKind::Await { dst, future } => Op::Await {
                dst: self.reg(*dst)?,
                future: self.reg(*future)?,
            },
            InstKind::Release { reg } => Op::Release {
                reg: self.reg(*reg)?,
            },
        })
    }

    fn term(&self, kind: &TermKind) -> Result<Op, String> {
        Ok(match kind {
            TermKind::Jump(target) => Op::Jump {
                target: self.block(*target)?,
            },
            TermKind::Branch {
                cond,
                then_block,
                else_block,
            } => Op::Branch {
                cond: self.reg(*cond)?,
                then_pc: self.block(*then_block)?,
                else_pc: self.block(*else_block)?,
            },
            TermKind::Return(reg) => Op::Return {
                src: self.reg(*reg)?,
            },
            TermKind::Throw(reg) => Op::Throw {
                src: self.reg(*reg)?,
            },
            TermKind::Unreachable => Op::Unreachable,
        })
    }
}

fn const_value(value: &Const) -> Value {
    match value {
        Const::Int(n) => Value::Int(*n),
        Const::Float(f) => Value::Float(*f),
        Const::Bool(b) => Value::Bool(*b),
        Const::Null => Value::Null,
        Const::Str(s) => Value::str(s.as_str()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bin(dst: u32) -> Bin {
        Bin {
            dst,
            lhs: 0,
            rhs: 1,
        }
    }

    #[test]
    fn a_jump_to_a_loop_test_becomes_a_copy_of_the_test() {
        let test = CmpBranch {
            bin: bin(2),
            then_pc: 2,
            else_pc: 4,
        };
        let mut ops = vec![
            Op::BranchLt(test),
            Op::Branch {
                cond: 2,
                then_pc: 2,
                else_pc: 4,
            },
            Op::Add(bin(0)),
            Op::Jump { target: 0 },
            Op::Jump { target: 2 },
        ];
        let span = |start| Span::new(nyash_diagnostics::FileId(0), start, start + 1);
        let mut spans: Vec<Span> = (0..ops.len() as u32).map(span).collect();
        thread_jumps(&mut ops, &mut spans);
        assert!(matches!(
            ops[3],
            Op::BranchLt(CmpBranch {
                then_pc: 2,
                else_pc: 4,
                ..
            })
        ));
        // An error raised by the copy points at the test it copies.
        assert_eq!(spans[3], spans[0]);
        // A jump to anything else stays a jump.
        assert!(matches!(ops[4], Op::Jump { target: 2 }));
    }

    /// `r0 = r0 + 1` (constant in r3) followed by `r2 = r0 < r1; br` becomes one op; the
    /// step through another register, or a test of another register, does not.
    #[test]
    fn a_counter_step_before_its_test_becomes_one_op() {
        let test = |lhs, rhs| {
            Op::BranchLt(CmpBranch {
                bin: Bin { dst: 2, lhs, rhs },
                then_pc: 0,
                else_pc: 9,
            })
        };
        let step = |lhs, value| {
            Op::ConstAdd(ConstBin {
                value,
                konst: 3,
                bin: Bin {
                    dst: 0,
                    lhs,
                    rhs: 3,
                },
            })
        };
        let add = Op::Add(Bin {
            dst: 0,
            lhs: 0,
            rhs: 3,
        });
        let fused = |ops: &mut Vec<Op>| {
            fuse_count_branches(ops);
            matches!(
                ops[0],
                Op::CountBranch {
                    counter: 0,
                    konst: 3,
                    step: 1,
                    bound: 1,
                    cmp_dst: 2,
                    cmp: BinaryOp::Lt,
                    then_pc: 0,
                    else_pc: 9,
                }
            )
        };
        assert!(fused(&mut vec![step(0, 1), add, test(0, 1)]));
        let add = || {
            Op::Add(Bin {
                dst: 0,
                lhs: 0,
                rhs: 3,
            })
        };
        assert!(!fused(&mut vec![step(4, 1), add(), test(0, 1)]));
        assert!(!fused(&mut vec![step(0, 1), add(), test(1, 0)]));
        assert!(!fused(&mut vec![step(0, 1 << 40), add(), test(0, 1)]));
    }

    /// A release moves above number arithmetic and constants that do not touch its register,
    /// and stops at a division (which may raise an error) or an op reading its register.
    #[test]
    fn releases_move_above_number_arithmetic_only() {
        let span = |start| Span::new(nyash_diagnostics::FileId(0), start, start + 1);
        let is_number = |reg: u32| reg < 4;
        let mut ops = vec![
            Op::Div(Bin {
                dst: 0,
                lhs: 0,
                rhs: 1,
            }),
            Op::ConstInt { dst: 2, value: 1 },
            Op::Add(Bin {
                dst: 0,
                lhs: 0,
                rhs: 2,
            }),
            Op::Release { reg: 5 },
            Op::Add(Bin {
                dst: 3,
                lhs: 3,
                rhs: 6,
            }),
            Op::Release { reg: 6 },
        ];
        let mut spans: Vec<Span> = (0..ops.len() as u32).map(span).collect();
        hoist_releases(&mut ops, &mut spans, is_number);
        assert!(matches!(ops[1], Op::Release { reg: 5 }));
        assert!(matches!(ops[2], Op::ConstInt { dst: 2, .. }));
        assert!(matches!(ops[4], Op::Add(Bin { dst: 3, .. })));
        assert!(matches!(ops[5], Op::Release { reg: 6 }));
        assert_eq!(spans[1], span(3));
    }

    /// `r1 = const 2; br r0 < r1` becomes one op before the compare, which stays; a constant
    /// on the left of the compare, or too large for 32 bits, does not.
    #[test]
    fn a_constant_before_its_test_becomes_one_op() {
        let test = |lhs, rhs| {
            Op::BranchLt(CmpBranch {
                bin: Bin { dst: 2, lhs, rhs },
                then_pc: 5,
                else_pc: 7,
            })
        };
        let mut pair = [Op::ConstInt { dst: 1, value: 2 }, test(0, 1)];
        fuse_const_branch(&mut pair);
        assert!(matches!(
            pair,
            [
                Op::ConstBranch {
                    konst: 1,
                    value: 2,
                    lhs: 0,
                    cmp_dst: 2,
                    cmp: BinaryOp::Lt,
                    then_pc: 5,
                    else_pc: 7,
                },
                Op::BranchLt(_)
            ]
        ));
        let mut pair = [Op::ConstInt { dst: 1, value: 2 }, test(1, 0)];
        fuse_const_branch(&mut pair);
        assert!(matches!(pair[0], Op::ConstInt { .. }));
        let mut pair = [
            Op::ConstInt {
                dst: 1,
                value: 1 << 40,
            },
            test(0, 1),
        ];
        fuse_const_branch(&mut pair);
        assert!(matches!(pair[0], Op::ConstInt { .. }));
    }

    /// The interpreter's ops stay four words: fusing must not make every op bigger.
    #[test]
    fn ops_are_32_bytes() {
        assert_eq!(std::mem::size_of::<Op>(), 32);
    }
}
