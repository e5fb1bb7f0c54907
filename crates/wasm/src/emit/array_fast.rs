//! Inline fast paths of `get`, `set`, `push`, `length` and `size` on an ArrayBox.
//!
//! Input: a `callmethod` whose name and argument count are one of those. When the receiver
//! is an ArrayBox (tag 5) and, for `get`/`set`, the index is an integer inside the array,
//! the element slot (`runtime/array.wat`: the object holds `len` at offset 8, `cap` at 12 and
//! the address of its 16-byte slots at offset 16) is read or written in wasm with inline
//! counting; `push` is inline while the array has room (`len < cap`).
//! Every other case — another box, a user method of that name, a non-integer or
//! out-of-range index — is the ordinary method call of `boxes.rs`, so results and errors
//! are the runtime's:
//!
//! ```text
//! block $done
//!   block $slow
//!     br_if $slow (receiver is not an ArrayBox, index not an integer in 0..len, no room)
//!     dst = slot value            ;; or: slot = value, dst = null; dst = len
//!     br $done
//!   end
//!   dst = receiver.method(args)   ;; the general call
//! end
//! ```

use nyash_diagnostics::Span;
use nyash_mir::{Reg, Sym};
use wasm_encoder::{BlockType, MemArg, MemArgTarget};

use super::{FnEmitter, RegLocal};
use crate::{abi, CompileError};

/// Offsets in an array object (`runtime/array.wat`).
const ARRAY_LEN: u64 = 8;
const ARRAY_CAP: u64 = 12;
const ARRAY_ITEMS: u64 = 16;

/// Offset of the bits in a value slot (after the tag and its padding).
const SLOT_BITS: u64 = 8;

fn at(offset: u64, align: u32) -> MemArg {
    MemArg {
        offset,
        align,
        target: MemArgTarget::Memory(0),
        ordering: None,
    }
}

/// The array methods with a fast path.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fast {
    Get,
    Set,
    Push,
    Length,
}

impl FnEmitter<'_, '_> {
    /// `dst = receiver.method(args)` with the ArrayBox fast path when the method has one.
    pub(super) fn call_method_maybe_array(
        &mut self,
        dst: Reg,
        receiver: Reg,
        method: Sym,
        args: &[Reg],
        span: Span,
    ) -> Result<(), CompileError> {
        let Some(fast) = self.array_fast_path(dst, receiver, method, args)? else {
            return self.call_method(dst, receiver, method, args, span);
        };
        self.sink().block(BlockType::Empty).block(BlockType::Empty);
        self.branch_unless_array(receiver)?;
        match fast {
            Fast::Length => self.array_length(dst, receiver)?,
            Fast::Push => {
                let value = *args
                    .first()
                    .ok_or_else(|| CompileError::Internal("array push without a value".into()))?;
                self.array_push(dst, receiver, value)?;
            }
            Fast::Get | Fast::Set => {
                let index = *args.first().ok_or_else(|| {
                    CompileError::Internal("array method without an index".into())
                })?;
                self.array_slot(receiver, index)?;
                match (fast, args.get(1)) {
                    (Fast::Set, Some(&value)) => self.array_store(dst, value)?,
                    _ => self.array_load(dst)?,
                }
            }
        }
        self.sink().br(1).end();
        // The general call sits inside the outer block.
        self.tries.nesting += 1;
        self.call_method(dst, receiver, method, args, span)?;
        self.tries.nesting -= 1;
        self.sink().end();
        Ok(())
    }

    /// Which fast path fits this call, if any: an untyped receiver, the method's argument
    /// count, an index that may be an integer, a destination that can take the result.
    fn array_fast_path(
        &self,
        dst: Reg,
        receiver: Reg,
        method: Sym,
        args: &[Reg],
    ) -> Result<Option<Fast>, CompileError> {
        let name = self
            .cx
            .module
            .symbols
            .get(method.index())
            .map(String::as_str);
        let fast = match (name, args.len()) {
            (Some("get"), 1) => Fast::Get,
            (Some("set"), 2) => Fast::Set,
            (Some("push"), 1) => Fast::Push,
            (Some("length" | "size"), 0) => Fast::Length,
            _ => return Ok(None),
        };
        if !matches!(self.reg(receiver)?, RegLocal::Dyn { .. }) {
            return Ok(None);
        }
        if let (Some(&index), Fast::Get | Fast::Set) = (args.first(), fast) {
            if !matches!(self.reg(index)?, RegLocal::Dyn { .. } | RegLocal::Int(_)) {
                return Ok(None);
            }
        }
        let dst_ok = match self.reg(dst)? {
            RegLocal::Dyn { .. } => true,
            RegLocal::Int(_) => fast == Fast::Length,
            _ => false,
        };
        Ok(dst_ok.then_some(fast))
    }

    /// Branches to the slow path (label 0) unless `receiver` holds an ArrayBox.
    fn branch_unless_array(&mut self, receiver: Reg) -> Result<(), CompileError> {
        let RegLocal::Dyn { tag, .. } = self.reg(receiver)? else {
            return Err(CompileError::Internal("typed array receiver".into()));
        };
        self.sink()
            .local_get(tag)
            .i32_const(abi::tag::ARRAY)
            .i32_ne()
            .br_if(0);
        Ok(())
    }

    /// Pushes the address of the receiver's array object (its tag was checked).
    fn push_array(&mut self, receiver: Reg) -> Result<(), CompileError> {
        let RegLocal::Dyn { bits, .. } = self.reg(receiver)? else {
            return Err(CompileError::Internal("typed array receiver".into()));
        };
        self.sink().local_get(bits).i32_wrap_i64();
        Ok(())
    }

    fn array_length(&mut self, dst: Reg, receiver: Reg) -> Result<(), CompileError> {
        self.push_array(receiver)?;
        self.sink().i32_load(at(ARRAY_LEN, 2)).i64_extend_i32_u();
        self.store_int(dst)
    }

    /// Branches to the slow path unless `index` is an integer in `0..len`; then leaves the
    /// address of its slot in the `slot` local.
    fn array_slot(&mut self, receiver: Reg, index: Reg) -> Result<(), CompileError> {
        let value = match self.reg(index)? {
            RegLocal::Int(local) => local,
            RegLocal::Dyn { tag, bits } => {
                self.sink()
                    .local_get(tag)
                    .i32_const(abi::tag::INT)
                    .i32_ne()
                    .br_if(0);
                bits
            }
            _ => return Err(CompileError::Internal("array index of a typed kind".into())),
        };
        // Unsigned: a negative index is out of range too.
        self.sink().local_get(value);
        self.push_array(receiver)?;
        self.sink()
            .i32_load(at(ARRAY_LEN, 2))
            .i64_extend_i32_u()
            .i64_ge_u()
            .br_if(0);
        self.push_array(receiver)?;
        let slot = self.slot;
        self.sink()
            .i32_load(at(ARRAY_ITEMS, 2))
            .local_get(value)
            .i32_wrap_i64()
            .i32_const(4)
            .i32_shl()
            .i32_add()
            .local_set(slot);
        Ok(())
    }

    /// `push(value)` while there is room: the value (retained) goes in slot `len`, then
    /// `dst = null`, as `$array_insert` at the end.
    fn array_push(&mut self, dst: Reg, receiver: Reg, value: Reg) -> Result<(), CompileError> {
        let slot = self.slot;
        self.push_array(receiver)?;
        self.sink().i32_load(at(ARRAY_LEN, 2));
        self.push_array(receiver)?;
        self.sink().i32_load(at(ARRAY_CAP, 2)).i32_ge_u().br_if(0);
        self.push_array(receiver)?;
        self.sink().i32_load(at(ARRAY_ITEMS, 2));
        self.push_array(receiver)?;
        self.sink()
            .i32_load(at(ARRAY_LEN, 2))
            .i32_const(4)
            .i32_shl()
            .i32_add()
            .local_set(slot);
        self.write_slot(value)?;
        self.push_array(receiver)?;
        self.push_array(receiver)?;
        self.sink()
            .i32_load(at(ARRAY_LEN, 2))
            .i32_const(1)
            .i32_add()
            .i32_store(at(ARRAY_LEN, 2))
            .i32_const(abi::tag::NULL)
            .i64_const(0);
        self.store_pair(dst)
    }

    /// `dst = element` (retained), as `$read_element`.
    fn array_load(&mut self, dst: Reg) -> Result<(), CompileError> {
        let (slot, tag, bits) = (self.slot, self.scratch_i32, self.scratch_i64);
        self.sink()
            .local_get(slot)
            .i32_load(at(0, 2))
            .local_set(tag)
            .local_get(slot)
            .i64_load(at(SLOT_BITS, 3))
            .local_set(bits);
        self.retain_pair(tag, bits);
        self.sink().local_get(tag).local_get(bits);
        self.store_pair(dst)
    }

    /// `element = value` (retained; the old element released after), then `dst = null`, in
    /// the order of the runtime's `set`.
    fn array_store(&mut self, dst: Reg, value: Reg) -> Result<(), CompileError> {
        let (slot, old_tag, old_bits) = (self.slot, self.scratch_i32, self.scratch_i64);
        self.sink()
            .local_get(slot)
            .i32_load(at(0, 2))
            .local_set(old_tag)
            .local_get(slot)
            .i64_load(at(SLOT_BITS, 3))
            .local_set(old_bits);
        self.write_slot(value)?;
        self.release_pair(old_tag, old_bits)?;
        self.sink().i32_const(abi::tag::NULL).i64_const(0);
        self.store_pair(dst)
    }

    /// Retains `value` and writes it into the slot at the `slot` local.
    fn write_slot(&mut self, value: Reg) -> Result<(), CompileError> {
        let slot = self.slot;
        self.retain(value)?;
        self.sink().local_get(slot);
        self.push_part(value, false)?;
        self.sink().i32_store(at(0, 2)).local_get(slot);
        self.push_part(value, true)?;
        self.sink().i64_store(at(SLOT_BITS, 3));
        Ok(())
    }

    /// Pushes the tag (`bits` false) or the bits of a register's value pair.
    fn push_part(&mut self, reg: Reg, bits: bool) -> Result<(), CompileError> {
        let local = self.reg(reg)?;
        let mut sink = self.sink();
        match (local, bits) {
            (RegLocal::Dyn { tag, .. }, false) => sink.local_get(tag),
            (RegLocal::Dyn { bits, .. }, true) => sink.local_get(bits),
            (RegLocal::Int(_), false) => sink.i32_const(abi::tag::INT),
            (RegLocal::Int(l), true) => sink.local_get(l),
            (RegLocal::Float(_), false) => sink.i32_const(abi::tag::FLOAT),
            (RegLocal::Float(l), true) => sink.local_get(l).i64_reinterpret_f64(),
            (RegLocal::Bool(_), false) => sink.i32_const(abi::tag::BOOL),
            (RegLocal::Bool(l), true) => sink.local_get(l).i64_extend_i32_u(),
        };
        Ok(())
    }
}
