//! Inline fast paths of `object.field` and `object.field = value` on user box instances.
//!
//! Input: a `getfield` or `setfield` whose field name belongs to exactly one class of the
//! module (the only class whose instances can answer it, so its slot is known when compiling:
//! `runtime/instance.wat` puts field `i` of `Class::fields` at offset 32 + 16·i). When the
//! object is a live instance of that class (its kind word is the class id + 16, its flags are
//! not 2, finalized) and both the slot's old value and the value read or written are scalars
//! (null, bool, int, float: no counting, no weak cell), the slot is read or written in wasm.
//! Every other case — another kind of value, a finalized instance, a string, box or weak
//! reference in the slot or in the value — is the runtime call of `boxes.rs`, so counting,
//! `weak` semantics and error messages are the runtime's:
//!
//! ```text
//! block $done
//!   block $slow
//!     br_if $slow (object is not a live instance of the class, or a value is not a scalar)
//!     dst = slot value            ;; or: slot = value
//!     br $done
//!   end
//!   dst = object.field            ;; or: object.field = value (runtime call)
//! end
//! ```

use nyash_diagnostics::Span;
use nyash_mir::{ClassId, Module, Reg, Sym};
use wasm_encoder::{BlockType, MemArg, MemArgTarget};

use super::{FnEmitter, RegLocal};
use crate::{abi, CompileError};

/// Offset of the flags word in an instance; flags 2 marks a finalized instance.
const INSTANCE_FLAGS: u64 = 8;
const FINALIZED: i32 = 2;
/// Offset of the kind word (class id + `KIND_BASE`) in every object.
const KIND: u64 = 4;
const KIND_BASE: i32 = 16;
/// Size of a field slot, and offset of the bits inside it.
const SLOT_SIZE: u64 = 16;
const SLOT_BITS: u64 = 8;

fn at(offset: u64, align: u32) -> MemArg {
    MemArg {
        offset,
        align,
        target: MemArgTarget::Memory(0),
        ordering: None,
    }
}

/// Where a field lives when it is known at compile time.
#[derive(Clone, Copy)]
struct KnownSlot {
    /// The kind word of instances of the one class with this field.
    kind: i32,
    /// Offset of the field's slot from the start of the instance.
    offset: u64,
}

impl FnEmitter<'_, '_> {
    /// `dst = object.field`, inline for a scalar in a field of a known slot.
    pub(super) fn get_field_maybe_fast(
        &mut self,
        dst: Reg,
        object: Reg,
        field: Sym,
        span: Span,
    ) -> Result<(), CompileError> {
        let Some(known) = self.known_slot(object, field)? else {
            return self.get_field(dst, object, field, span);
        };
        self.sink().block(BlockType::Empty).block(BlockType::Empty);
        self.branch_unless_live_instance(object, known.kind)?;
        let (obj, tag) = (self.object, self.scratch_i32);
        self.sink()
            .local_get(obj)
            .i32_load(at(known.offset, 2))
            .local_tee(tag)
            .i32_const(abi::tag::STRING)
            .i32_ge_u()
            .br_if(0)
            .local_get(tag)
            .local_get(obj)
            .i64_load(at(known.offset + SLOT_BITS, 3));
        self.store_pair(dst)?;
        self.sink().br(1).end();
        self.slow_path(|emitter| emitter.get_field(dst, object, field, span))
    }

    /// `object.field = value`, inline when the old and the new value are scalars.
    pub(super) fn set_field_maybe_fast(
        &mut self,
        object: Reg,
        field: Sym,
        value: Reg,
        span: Span,
    ) -> Result<(), CompileError> {
        let Some(known) = self.known_slot(object, field)? else {
            return self.set_field(object, field, value, span);
        };
        let (obj, tag, bits) = (self.object, self.scratch_i32, self.scratch_i64);
        self.sink().block(BlockType::Empty).block(BlockType::Empty);
        self.branch_unless_live_instance(object, known.kind)?;
        self.push_value(value)?;
        self.sink()
            .local_set(bits)
            .local_tee(tag)
            .i32_const(abi::tag::STRING)
            .i32_ge_u()
            .br_if(0)
            // The old value is dropped by the store: only a scalar needs no release.
            .local_get(obj)
            .i32_load(at(known.offset, 2))
            .i32_const(abi::tag::STRING)
            .i32_ge_u()
            .br_if(0)
            .local_get(obj)
            .local_get(tag)
            .i32_store(at(known.offset, 2))
            .local_get(obj)
            .local_get(bits)
            .i64_store(at(known.offset + SLOT_BITS, 3))
            .br(1)
            .end();
        self.slow_path(|emitter| emitter.set_field(object, field, value, span))
    }

    /// Emits the general path inside the outer block of a fast path, then closes it.
    fn slow_path(
        &mut self,
        emit: impl FnOnce(&mut Self) -> Result<(), CompileError>,
    ) -> Result<(), CompileError> {
        self.tries.nesting += 1;
        let result = emit(self);
        self.tries.nesting -= 1;
        result?;
        self.sink().end();
        Ok(())
    }

    /// The slot of `field` when exactly one class has a field of that name and `object` is an
    /// untyped register (a typed one cannot hold an instance).
    fn known_slot(&self, object: Reg, field: Sym) -> Result<Option<KnownSlot>, CompileError> {
        if !matches!(self.reg(object)?, RegLocal::Dyn { .. }) {
            return Ok(None);
        }
        let Some(&Some((class, index))) = self.cx.field_owners.get(field.index()) else {
            return Ok(None);
        };
        let (Ok(id), Ok(index)) = (i32::try_from(class.0), u64::try_from(index)) else {
            return Ok(None);
        };
        Ok(Some(KnownSlot {
            kind: id + KIND_BASE,
            offset: u64::from(abi::INSTANCE_HEADER) + index * SLOT_SIZE,
        }))
    }

    /// Branches to the slow path (label 0) unless `object` holds a live instance whose kind
    /// word is `kind`; then leaves its address in the `object` local.
    fn branch_unless_live_instance(&mut self, object: Reg, kind: i32) -> Result<(), CompileError> {
        let RegLocal::Dyn { tag, bits } = self.reg(object)? else {
            return Err(CompileError::Internal("typed field object".into()));
        };
        let obj = self.object;
        self.sink()
            .local_get(tag)
            .i32_const(abi::tag::INSTANCE)
            .i32_ne()
            .br_if(0)
            .local_get(bits)
            .i32_wrap_i64()
            .local_tee(obj)
            .i32_load(at(KIND, 2))
            .i32_const(kind)
            .i32_ne()
            .br_if(0)
            .local_get(obj)
            .i32_load(at(INSTANCE_FLAGS, 2))
            .i32_const(FINALIZED)
            .i32_eq()
            .br_if(0);
        Ok(())
    }
}

/// For each field name (by `Sym`) of `module`, the one class having a field of that name
/// and the field's index there; `None` when no class or several have one.
pub(super) fn field_owners(module: &Module) -> Vec<Option<(ClassId, usize)>> {
    #[derive(Clone, Copy)]
    enum Owner {
        Nobody,
        One(ClassId, usize),
        Several,
    }
    let mut owners = vec![Owner::Nobody; module.symbols.len()];
    for (id, class) in module.classes.iter().enumerate() {
        let id = ClassId(id as u32);
        for (index, field) in class.fields.iter().enumerate() {
            let Some(owner) = owners.get_mut(field.name.index()) else {
                continue;
            };
            *owner = match *owner {
                Owner::Nobody => Owner::One(id, index),
                // A second field of the same name in one class: the first one counts.
                Owner::One(class, _) if class == id => continue,
                Owner::One(..) | Owner::Several => Owner::Several,
            };
        }
    }
    owners
        .into_iter()
        .map(|owner| match owner {
            Owner::One(class, index) => Some((class, index)),
            Owner::Nobody | Owner::Several => None,
        })
        .collect()
}
