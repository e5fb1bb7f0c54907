//! Live-range splitting: a register that lowering reuses for unrelated values becomes one
//! register per value web, so each can get its own type.
//!
//! Lowering recycles the register of a dead temporary or local for the next one of the same
//! (lowering) type, and most are `Any` there: in `sieve`, one register holds the result of
//! `flags.push(1)` and later the loop counter `p`. Typed per register, `p` would be `Any`.
//!
//! A web is a set of definitions of one register that some read joins: the definitions
//! reaching a read are in one web. Writing a register also drops its old value, and `release`
//! drops it on purpose, so a write or a release joins the definitions reaching it as well:
//! the value is dropped by the same instruction in the split function as before. A read
//! reached by no definition (only the null a register starts with or a release left) may be
//! given any register of its origin that holds null there.
//!
//! [`split`] gives every web a register of its own (parameters keep theirs); [`regroup`] then
//! puts the webs of each register back together except those that can only hold scalars,
//! grouped by type. The webs that may hold boxes stay in the original register, so the values
//! dropped when a function returns (in register order) are dropped in the same order.
//!
//! Why renaming keeps the meaning: a register of a group is written only by the group's
//! definitions and releases, and any other write of the original register on a path from a
//! group definition would have joined the group. So wherever the original register held a
//! value of a group definition, that group's register holds the same value, and elsewhere it
//! holds null or a value no read of the group sees.

use std::ops::Range;

use super::flow::{self, Bits, Handler, Problem, Site};
use crate::{BlockId, Function, InstKind, Reg, TermKind, Type};

/// A function whose webs each have a register of their own.
pub(crate) struct Split {
    pub func: Function,
    /// The register of the input function each register of `func` comes from.
    pub origin: Vec<Reg>,
}

/// Whether an operand is read (or dropped by `release`) or written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Read,
    Write,
}

/// Gives every web of `func` a register of its own (see module doc).
pub(crate) fn split(func: &Function) -> Split {
    let defs = Defs::new(func);
    let mut webs = Webs {
        sets: Sets((0..defs.regs.len()).collect()),
        records: vec![None; defs.operand_count],
        term_records: vec![None; func.blocks.len()],
        defs,
    };
    let mut entry = Bits::new(webs.defs.regs.len());
    for param in 0..(func.param_count as usize).min(func.reg_count()) {
        if let Some(def) = webs.defs.param(param) {
            entry.insert(def);
        }
    }
    flow::solve(func, &mut webs, entry);
    webs.rename(func)
}

/// The definitions of a function: its parameters, and every instruction that writes a
/// register other than by `release`. A definition's number groups it with the other
/// definitions of its register (a parameter first, then in block order), so that the
/// definitions of one register are a range of numbers: finding those that reach a point, or
/// removing them all from a state, is then a few words of a [`Bits`] however many
/// definitions other registers have.
struct Defs {
    /// The register of each definition.
    regs: Vec<Reg>,
    /// The block of each definition (`None` for parameters).
    blocks: Vec<Option<BlockId>>,
    /// The definition made by each instruction, by block and index.
    at: Vec<Vec<Option<usize>>>,
    /// The definitions of each register.
    of: Vec<Range<usize>>,
    /// Every definition in the order of the function: parameters, then block order.
    in_order: Vec<usize>,
    /// Where the operands of each instruction (by block and index) start in
    /// [`Webs::records`].
    operands_at: Vec<Vec<usize>>,
    operand_count: usize,
}

/// The register an instruction defines (see [`Defs`]).
fn defined(inst: &InstKind, count: usize) -> Option<Reg> {
    match inst {
        InstKind::Release { .. } => None,
        other => other.dst().filter(|d| d.index() < count),
    }
}

impl Defs {
    fn new(func: &Function) -> Defs {
        let count = func.reg_count();
        let params = (func.param_count as usize).min(count);
        let mut per_reg = vec![0usize; count];
        per_reg.iter_mut().take(params).for_each(|n| *n = 1);
        for inst in func.blocks.iter().flat_map(|b| &b.insts) {
            if let Some(dst) = defined(&inst.kind, count) {
                per_reg[dst.index()] += 1;
            }
        }
        let mut of = Vec::with_capacity(count);
        let mut total = 0;
        for n in &per_reg {
            of.push(total..total + n);
            total += n;
        }
        let mut next: Vec<usize> = of.iter().map(|r| r.start).collect();
        let mut defs = Defs {
            regs: vec![Reg(0); total],
            blocks: vec![None; total],
            at: Vec::with_capacity(func.blocks.len()),
            of,
            in_order: Vec::with_capacity(total),
            operands_at: Vec::with_capacity(func.blocks.len()),
            operand_count: 0,
        };
        let mut define = |defs: &mut Defs, reg: Reg, block: Option<BlockId>| {
            let id = next[reg.index()];
            next[reg.index()] += 1;
            defs.regs[id] = reg;
            defs.blocks[id] = block;
            defs.in_order.push(id);
            id
        };
        for p in 0..params {
            define(&mut defs, Reg(p as u32), None);
        }
        for (b, block) in func.blocks.iter().enumerate() {
            let mut here = Vec::with_capacity(block.insts.len());
            let mut operands_here = Vec::with_capacity(block.insts.len());
            for inst in &block.insts {
                operands_here.push(defs.operand_count);
                operands(&inst.kind, &mut |_, _| defs.operand_count += 1);
                let def = defined(&inst.kind, count)
                    .map(|dst| define(&mut defs, dst, Some(BlockId(b as u32))));
                here.push(def);
            }
            defs.at.push(here);
            defs.operands_at.push(operands_here);
        }
        defs
    }

    /// The definition of parameter `param`.
    fn param(&self, param: usize) -> Option<usize> {
        self.of.get(param).map(|range| range.start)
    }

    /// The definitions of `reg`.
    fn of(&self, reg: Reg) -> Range<usize> {
        self.of.get(reg.index()).cloned().unwrap_or(0..0)
    }

    /// Where the operands of the instruction at `site` start in [`Webs::records`].
    fn operands_at(&self, site: Site) -> Option<usize> {
        self.operands_at
            .get(site.block.index())?
            .get(site.inst)
            .copied()
    }

    fn at(&self, site: Site) -> Option<usize> {
        let block = self.at.get(site.block.index())?;
        block.get(site.inst).copied().flatten()
    }

    /// The definitions of `reg` in `state`.
    fn reaching<'a>(&self, state: &'a Bits, reg: Reg) -> impl Iterator<Item = usize> + 'a {
        state.members_in(self.of(reg))
    }

    fn kill(&self, state: &mut Bits, reg: Reg) {
        state.remove_range(self.of(reg));
    }
}

/// The reaching-definitions walk, joining webs as it goes.
struct Webs {
    defs: Defs,
    sets: Sets,
    /// For each operand of each instruction (at [`Defs::operands_at`], in [`operands`]
    /// order): the definition it belongs with (`None`: only null reaches it, or its block was
    /// not walked).
    records: Vec<Option<usize>>,
    term_records: Vec<Option<Option<usize>>>,
}

/// Union-find over definitions.
struct Sets(Vec<usize>);

impl Sets {
    fn root(&mut self, mut d: usize) -> usize {
        while let Some(&up) = self.0.get(d).filter(|&&up| up != d) {
            let grand = self.0.get(up).copied().unwrap_or(up);
            if let Some(slot) = self.0.get_mut(d) {
                *slot = grand;
            }
            d = up;
        }
        d
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.root(a), self.root(b));
        if let Some(slot) = self.0.get_mut(a.max(b)) {
            *slot = a.min(b);
        }
    }

    /// Joins the definitions of `reg` reaching here (with `with`, if given); returns one.
    fn join_reaching(
        &mut self,
        defs: &Defs,
        state: &Bits,
        reg: Reg,
        with: Option<usize>,
    ) -> Option<usize> {
        let mut reaching = defs.reaching(state, reg);
        let first = with.or_else(|| reaching.next())?;
        for d in reaching {
            self.union(first, d);
        }
        Some(first)
    }
}

impl Webs {
    fn root(&mut self, d: usize) -> usize {
        self.sets.root(d)
    }

    fn join_reaching(&mut self, state: &Bits, reg: Reg, with: Option<usize>) -> Option<usize> {
        self.sets.join_reaching(&self.defs, state, reg, with)
    }

    fn rename(mut self, func: &Function) -> Split {
        let mut names = Names::new(func, self.defs.regs.len());
        // Parameters keep their registers; then webs in the order of their first definition.
        for i in 0..self.defs.in_order.len() {
            let d = self.defs.in_order[i];
            if self.defined_in_walked_block(d) {
                let root = self.root(d);
                let reg = self.defs.regs.get(d).copied().unwrap_or_default();
                names.web(root, reg);
            }
        }
        let mut out = func.clone();
        let mut operand = 0;
        for (b, block) in out.blocks.iter_mut().enumerate() {
            for inst in &mut block.insts {
                operands_mut(&mut inst.kind, &mut |reg, _| {
                    let def = self.records.get(operand).copied().flatten();
                    operand += 1;
                    *reg = self.name(&mut names, def, *reg);
                });
            }
            let def = self.term_records.get(b).copied().flatten().flatten();
            term_operand_mut(&mut block.term.kind, &mut |reg| {
                *reg = self.name(&mut names, def, *reg);
            });
        }
        out.reg_types = names.origin.iter().map(|r| type_of(func, *r)).collect();
        Split {
            func: out,
            origin: names.origin,
        }
    }

    /// Whether definition `d` is a parameter or made in a block the walk reached (every
    /// walked block has its terminator recorded).
    fn defined_in_walked_block(&self, d: usize) -> bool {
        match self.defs.blocks.get(d) {
            Some(Some(b)) => self
                .term_records
                .get(b.index())
                .is_some_and(Option::is_some),
            Some(None) => true,
            None => false,
        }
    }

    fn name(&mut self, names: &mut Names, def: Option<usize>, original: Reg) -> Reg {
        match def {
            Some(d) => {
                let root = self.root(d);
                names.web(root, original)
            }
            None => names.leftover(original),
        }
    }
}

impl Problem for Webs {
    type State = Bits;

    fn join(into: &mut Bits, from: &Bits) -> bool {
        into.union(from)
    }

    fn inst(&mut self, state: &mut Bits, site: Site, inst: &InstKind) {
        let own = self.defs.at(site);
        let Webs {
            defs,
            sets,
            records,
            ..
        } = self;
        let mut operand = defs.operands_at(site).unwrap_or(usize::MAX);
        operands(inst, &mut |&reg, role| {
            let record = match (role, inst) {
                // The error register is written when the handler starts (see `catch`).
                (Role::Write, InstKind::TryEnter { .. }) => own,
                // A write drops the value it replaces.
                (Role::Write, _) => sets.join_reaching(defs, state, reg, own),
                (Role::Read, _) => sets.join_reaching(defs, state, reg, None),
            };
            if let Some(slot) = records.get_mut(operand) {
                *slot = record;
            }
            operand = operand.saturating_add(1);
        });
        match *inst {
            InstKind::Release { reg } => self.defs.kill(state, reg),
            InstKind::TryEnter { .. } => {}
            ref other => {
                if let (Some(dst), Some(def)) = (other.dst(), own) {
                    self.defs.kill(state, dst);
                    state.insert(def);
                }
            }
        }
    }

    fn catch(&mut self, state: &Bits, handler: &Handler) -> Bits {
        let mut caught = state.clone();
        if let Some(def) = self.defs.at(handler.enter) {
            self.join_reaching(state, handler.error, Some(def));
            self.defs.kill(&mut caught, handler.error);
            caught.insert(def);
        }
        caught
    }

    fn term(&mut self, state: &Bits, block: BlockId, term: &TermKind) {
        let record = flow::term_use(term).and_then(|reg| self.join_reaching(state, reg, None));
        if let Some(slot) = self.term_records.get_mut(block.index()) {
            *slot = Some(record);
        }
    }
}

/// New register numbers: webs by root definition, and the leftover register of each original
/// register for reads only null reaches.
struct Names {
    /// The original register of each new one.
    origin: Vec<Reg>,
    /// Whether each original register's number is in use.
    taken: Vec<bool>,
    /// The register of each web, by root definition.
    by_root: Vec<Option<Reg>>,
    /// The leftover register of each original register.
    leftover: Vec<Option<Reg>>,
}

impl Names {
    fn new(func: &Function, defs: usize) -> Names {
        let count = func.reg_count();
        Names {
            origin: (0..count).map(|r| Reg(r as u32)).collect(),
            taken: vec![false; count],
            by_root: vec![None; defs],
            leftover: vec![None; count],
        }
    }

    /// The register of the web `root` of `original`: the original number if still free.
    fn web(&mut self, root: usize, original: Reg) -> Reg {
        if let Some(&Some(reg)) = self.by_root.get(root) {
            return reg;
        }
        let reg = self.claim(original);
        if let Some(slot) = self.by_root.get_mut(root) {
            *slot = Some(reg);
        }
        reg
    }

    fn leftover(&mut self, original: Reg) -> Reg {
        if let Some(&Some(reg)) = self.leftover.get(original.index()) {
            return reg;
        }
        let reg = self.claim(original);
        if let Some(slot) = self.leftover.get_mut(original.index()) {
            *slot = Some(reg);
        }
        reg
    }

    fn claim(&mut self, original: Reg) -> Reg {
        match self.taken.get_mut(original.index()) {
            Some(taken) if !*taken => {
                *taken = true;
                original
            }
            _ => {
                self.origin.push(original);
                Reg(self.origin.len() as u32 - 1)
            }
        }
    }
}

fn type_of(func: &Function, reg: Reg) -> Type {
    func.reg_types.get(reg.index()).copied().unwrap_or_default()
}

/// Puts the webs of each original register back together, except those typed as scalars
/// (`scalar[r]` is `Some(type)` for them), which go into one register per type; the webs
/// that may hold boxes keep the original register. `original` is the function before
/// [`split`].
pub(crate) fn regroup(split: Split, scalar: &[Option<Type>], original: &Function) -> Function {
    let count = original.reg_count();
    let params = (original.param_count as usize).min(count);
    // For each original register, its groups: (scalar type or None for boxes, new register).
    let mut groups: Vec<Vec<(Option<Type>, Reg)>> = vec![Vec::new(); count];
    let group_of = |s: usize| scalar.get(s).copied().flatten();
    for (s, &r) in split.origin.iter().enumerate() {
        if let Some(list) = groups.get_mut(r.index()) {
            let key = group_of(s);
            if !list.iter().any(|&(k, _)| k == key) {
                list.push((key, r));
            }
        }
    }
    let mut next = count as u32;
    for (r, list) in groups.iter_mut().enumerate() {
        let param_key = (r < params).then(|| group_of(r));
        let boxes = list.iter().any(|&(k, _)| k.is_none());
        let home = match (param_key, boxes) {
            // A scalar parameter register also holding boxes elsewhere: one register.
            (Some(Some(_)), true) => {
                list.iter_mut().for_each(|g| g.0 = None);
                None
            }
            (Some(key), _) => key,
            (None, true) => None,
            (None, false) => list.first().and_then(|g| g.0),
        };
        for group in list.iter_mut() {
            if group.0 != home {
                group.1 = Reg(next);
                next += 1;
            }
        }
    }
    let map: Vec<Reg> = (0..split.origin.len())
        .map(|s| {
            let r = split.origin.get(s).copied().unwrap_or_default();
            let key = group_of(s);
            let list = groups.get(r.index()).map_or(&[][..], Vec::as_slice);
            let found = list.iter().find(|g| g.0 == key).or(list.first());
            found.map_or(r, |g| g.1)
        })
        .collect();
    let mut out = split.func;
    for block in &mut out.blocks {
        for inst in &mut block.insts {
            operands_mut(&mut inst.kind, &mut |reg, _| {
                *reg = map.get(reg.index()).copied().unwrap_or(*reg);
            });
        }
        term_operand_mut(&mut block.term.kind, &mut |reg| {
            *reg = map.get(reg.index()).copied().unwrap_or(*reg);
        });
    }
    let mut types = original.reg_types.clone();
    types.resize(next as usize, Type::Any);
    for (s, &to) in map.iter().enumerate() {
        if to.index() >= count {
            let from = split.origin.get(s).copied().unwrap_or_default();
            if let Some(slot) = types.get_mut(to.index()) {
                *slot = type_of(original, from);
            }
        }
    }
    out.reg_types = types;
    out
}

/// The body of [`operands_mut`] and [`operands`]: the same match binds `&mut Reg` or `&Reg`
/// depending on the reference it is given.
macro_rules! for_each_operand {
    ($kind:expr, $f:expr) => {{
        use InstKind::*;
        let f = $f;
        let read = Role::Read;
        match $kind {
            Const { dst, .. } | LoadGlobal { dst, .. } | StaticBox { dst, .. } => {
                f(dst, Role::Write)
            }
            Copy { dst, src } | Unary { dst, src, .. } => {
                f(src, read);
                f(dst, Role::Write);
            }
            Binary { dst, lhs, rhs, .. } => {
                f(lhs, read);
                f(rhs, read);
                f(dst, Role::Write);
            }
            StoreGlobal { src, .. } => f(src, read),
            GetField { dst, object, .. } | GetBuiltinParent { dst, object } => {
                f(object, read);
                f(dst, Role::Write);
            }
            SetField { object, value, .. } => {
                f(object, read);
                f(value, read);
            }
            NewBox { dst, args, .. }
            | NewBuiltin { dst, args, .. }
            | Call { dst, args, .. }
            | CallBuiltin { dst, args, .. } => {
                for arg in args {
                    f(arg, read);
                }
                f(dst, Role::Write);
            }
            CallMethod {
                dst,
                receiver,
                args,
                ..
            } => {
                f(receiver, read);
                for arg in args {
                    f(arg, read);
                }
                f(dst, Role::Write);
            }
            Print { value } => f(value, read),
            TryEnter { error, .. } => f(error, Role::Write),
            TryExit => {}
            FutureOk { dst, value } => {
                f(value, read);
                f(dst, Role::Write);
            }
            FutureErr { dst, error } => {
                f(error, read);
                f(dst, Role::Write);
            }
            Await { dst, future } => {
                f(future, read);
                f(dst, Role::Write);
            }
            Release { reg } => f(reg, read),
        }
    }};
}

/// Calls `f` on every register operand of `kind`: first those it reads (in
/// [`InstKind::uses`] order, and the register a `release` drops), then the one it writes.
fn operands_mut(kind: &mut InstKind, f: &mut impl FnMut(&mut Reg, Role)) {
    for_each_operand!(kind, f);
}

/// [`operands_mut`] for reading.
fn operands(kind: &InstKind, f: &mut impl FnMut(&Reg, Role)) {
    for_each_operand!(kind, f);
}

fn term_operand_mut(term: &mut TermKind, f: &mut impl FnMut(&mut Reg)) {
    match term {
        TermKind::Branch { cond, .. } => f(cond),
        TermKind::Return(reg) | TermKind::Throw(reg) => f(reg),
        TermKind::Jump(_) | TermKind::Unreachable => {}
    }
}
