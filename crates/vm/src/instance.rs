//! User box instances (SPEC §5): their fields, their built-in parent, and their life cycle.
//!
//! An [`Instance`] lives in an `Rc`, and reference counting is the whole memory model. When the
//! last strong reference goes away, `Drop` decides what happens:
//! - a box whose class has a `fini()` and that was not finalised yet is *revived*: its fields
//!   move into a fresh `Rc<Instance>` marked finalising, which is queued on the [`FiniQueue`];
//!   the VM runs its `fini()` right after the current instruction and then releases its strong
//!   fields ([`Instance::finish_finalise`]);
//! - otherwise its fields are released iteratively ([`release_all`]), so dropping a long chain
//!   (a linked list of a million nodes) does not recurse once per node.
//!
//! Weak fields hold a [`Weak`] reference; reading one whose target is gone or finalised gives null.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::{Rc, Weak};

use nyash_mir::ClassId;

use crate::value::{ResultData, Value};

/// One field of an instance.
#[derive(Clone)]
pub(crate) enum Slot {
    Value(Value),
    /// A `weak` field holding a user box.
    Weak(Weak<Instance>),
}

impl Slot {
    /// The field as Nyash sees it: a weak target that is gone or finalised reads as null.
    pub(crate) fn read(&self) -> Value {
        match self {
            Slot::Value(v) => crate::ops::clone_value(v),
            Slot::Weak(w) => match w.upgrade() {
                Some(target) if target.state() != State::Finalised => Value::Instance(target),
                _ => Value::Null,
            },
        }
    }
}

/// Where an instance is in its life cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum State {
    Live,
    /// Its `fini()` is running (or queued): fields and methods still work.
    Finalising,
    /// Finalised: only `fini()` (a no-op) may be called.
    Finalised,
}

/// An instance of a user-defined box (including static box singletons).
pub struct Instance {
    class: ClassId,
    state: Cell<State>,
    fields: RefCell<Box<[Slot]>>,
    /// The built-in parent box (`box Calc from MathBox`), released when the instance is dropped.
    parent: Option<Value>,
    /// Set when the class has a `fini()`: where the instance queues itself when dropped.
    queue: Option<Rc<FiniQueue>>,
}

impl Instance {
    /// A new live instance with every field null.
    pub(crate) fn new(
        class: ClassId,
        field_count: usize,
        parent: Option<Value>,
        queue: Option<Rc<FiniQueue>>,
    ) -> Instance {
        let fields = std::iter::repeat_with(|| Slot::Value(Value::Null))
            .take(field_count)
            .collect();
        Instance {
            class,
            state: Cell::new(State::Live),
            fields: RefCell::new(fields),
            parent,
            queue,
        }
    }

    pub fn class(&self) -> ClassId {
        self.class
    }

    pub(crate) fn state(&self) -> State {
        self.state.get()
    }

    pub(crate) fn parent(&self) -> Option<&Value> {
        self.parent.as_ref()
    }

    /// Field `index`; null if out of range (a finalised instance has no fields left).
    pub(crate) fn read_field(&self, index: usize) -> Value {
        self.fields
            .borrow()
            .get(index)
            .map_or(Value::Null, Slot::read)
    }

    /// What `read` picks out of field `index` (a number, for the interpreter's fast paths);
    /// `None` for a weak field or when `read` declines.
    #[inline]
    pub(crate) fn peek_field<T>(
        &self,
        index: usize,
        read: impl FnOnce(&Value) -> Option<T>,
    ) -> Option<T> {
        match self.fields.try_borrow().ok()?.get(index)? {
            Slot::Value(v) => read(v),
            Slot::Weak(_) => None,
        }
    }

    /// Lets `write` change field `index` in place (a number over a number of the same kind);
    /// false, with nothing changed, for a weak field or when `write` declines. `write` must not
    /// drop a box: nothing may run while the fields are borrowed.
    #[inline]
    pub(crate) fn poke_field(&self, index: usize, write: impl FnOnce(&mut Value) -> bool) -> bool {
        let Ok(mut fields) = self.fields.try_borrow_mut() else {
            return false;
        };
        match fields.get_mut(index) {
            Some(Slot::Value(v)) => write(v),
            _ => false,
        }
    }

    /// Writes field `index`, returning the old slot so the caller drops it after the borrow.
    pub(crate) fn write_field(&self, index: usize, slot: Slot) -> Option<Slot> {
        let mut fields = self.fields.borrow_mut();
        let target = fields.get_mut(index)?;
        Some(std::mem::replace(target, slot))
    }

    /// Starts an explicit `fini()`; false if the instance is already finalising or finalised.
    pub(crate) fn begin_finalise(&self) -> bool {
        if self.state.get() != State::Live {
            return false;
        }
        self.state.set(State::Finalising);
        true
    }

    /// Ends finalisation: marks the instance finalised and releases its strong fields.
    pub(crate) fn finish_finalise(&self) {
        self.state.set(State::Finalised);
        let fields = std::mem::take(&mut *self.fields.borrow_mut());
        release_all(slot_values(fields));
    }

    fn wants_fini(&self) -> bool {
        self.state.get() == State::Live && self.queue.as_ref().is_some_and(|q| !q.closed.get())
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        if self.wants_fini() {
            if let Some(queue) = self.queue.take() {
                let revived = Rc::new(Instance {
                    class: self.class,
                    state: Cell::new(State::Finalising),
                    fields: RefCell::new(std::mem::take(self.fields.get_mut())),
                    parent: self.parent.take(),
                    queue: Some(Rc::clone(&queue)),
                });
                queue.push(revived);
                return;
            }
        }
        let fields = std::mem::take(self.fields.get_mut());
        let parent = self.parent.take();
        if parent.is_none() && owns_nothing(&fields) {
            return;
        }
        release_all(slot_values(fields).chain(parent));
    }
}

/// Whether dropping `fields` can drop no other object: all are numbers, booleans, null or
/// weak references (the leaves of a tree: `new Node(null, null)`), so they need no work list.
fn owns_nothing(fields: &[Slot]) -> bool {
    fields.iter().all(|slot| match slot {
        Slot::Value(v) => crate::ops::is_scalar(v),
        Slot::Weak(_) => true,
    })
}

fn slot_values(fields: Box<[Slot]>) -> impl Iterator<Item = Value> {
    fields.into_vec().into_iter().filter_map(|slot| match slot {
        Slot::Value(v) => Some(v),
        Slot::Weak(_) => None,
    })
}

/// Drops `values`. Containers owned only here (instances, arrays, maps, ResultBoxes and
/// FutureBoxes) are taken apart on an explicit work list instead of by recursive `Drop`, so
/// the native stack stays flat however long a chain of objects is.
pub(crate) fn release_all(values: impl Iterator<Item = Value>) {
    let mut work = Vec::new();
    defer_in_order(values, &mut work);
    while let Some(value) = work.pop() {
        dismantle(value, &mut work);
    }
}

/// Defers `values` so that the first of them is taken apart first, in the order a recursive
/// drop would use (and so `fini()` of array elements runs in index order).
fn defer_in_order(values: impl Iterator<Item = Value>, work: &mut Vec<Value>) {
    let start = work.len();
    for value in values {
        defer_or_drop(value, work);
    }
    // Most objects defer none or one value (tree leaves, list cells).
    if work.len() > start + 1 {
        work[start..].reverse();
    }
}

/// [`defer_in_order`] for the fields and built-in parent of an instance taken apart (the
/// common case, written as a plain loop: the iterator chain compiled to slower code).
fn defer_fields(fields: Box<[Slot]>, parent: Option<Value>, work: &mut Vec<Value>) {
    let start = work.len();
    for slot in fields.into_vec() {
        if let Slot::Value(value) = slot {
            defer_or_drop(value, work);
        }
    }
    if let Some(parent) = parent {
        defer_or_drop(parent, work);
    }
    if work.len() > start + 1 {
        work[start..].reverse();
    }
}

fn defer_or_drop(value: Value, work: &mut Vec<Value>) {
    let unique = match &value {
        Value::Instance(rc) => Rc::strong_count(rc) == 1,
        Value::Array(rc) => Rc::strong_count(rc) == 1,
        Value::Map(rc) => Rc::strong_count(rc) == 1,
        Value::Result(rc) => Rc::strong_count(rc) == 1,
        Value::Future(rc) => Rc::strong_count(rc) == 1,
        _ => false,
    };
    if unique {
        work.push(value);
    }
}

/// Drops one uniquely owned container, moving its contents to `work`.
fn dismantle(value: Value, work: &mut Vec<Value>) {
    match value {
        Value::Instance(rc) => {
            if let Ok(mut instance) = Rc::try_unwrap(rc) {
                // An instance that will be revived for its `fini()` keeps its fields.
                if !instance.wants_fini() {
                    let fields = std::mem::take(instance.fields.get_mut());
                    let parent = instance.parent.take();
                    if parent.is_some() || !owns_nothing(&fields) {
                        defer_fields(fields, parent, work);
                    }
                }
            }
        }
        Value::Array(rc) => {
            if let Ok(items) = Rc::try_unwrap(rc) {
                defer_in_order(items.into_inner().into_iter(), work);
            }
        }
        Value::Map(rc) => {
            if let Ok(map) = Rc::try_unwrap(rc) {
                defer_in_order(map.into_inner().into_values(), work);
            }
        }
        // A ResultBox or FutureBox holds one value: taken apart here too, so the objects
        // in it are released where the box stands among its siblings, not before them.
        Value::Result(rc) => {
            if let Ok(ResultData::Ok(value) | ResultData::Err(value)) = Rc::try_unwrap(rc) {
                defer_or_drop(value, work);
            }
        }
        Value::Future(rc) => {
            if let Ok(future) = Rc::try_unwrap(rc) {
                if let Ok(value) = future.result {
                    defer_or_drop(value, work);
                }
            }
        }
        _ => {}
    }
}

/// Instances whose `fini()` must run, in the order their last reference went away.
#[derive(Default)]
pub(crate) struct FiniQueue {
    pending: RefCell<VecDeque<Rc<Instance>>>,
    /// Mirrors `!pending.is_empty()`, so the VM's per-instruction check is one load.
    has_pending: Cell<bool>,
    /// Set when the program ends: objects dropped after that are not finalised.
    closed: Cell<bool>,
}

impl FiniQueue {
    #[inline(always)]
    pub(crate) fn has_pending(&self) -> bool {
        self.has_pending.get()
    }

    fn push(&self, instance: Rc<Instance>) {
        self.pending.borrow_mut().push_back(instance);
        self.has_pending.set(true);
    }

    pub(crate) fn pop(&self) -> Option<Rc<Instance>> {
        let mut pending = self.pending.borrow_mut();
        let next = pending.pop_front();
        self.has_pending.set(!pending.is_empty());
        next
    }

    /// Stops finalisation (end of the program) and drops what is still queued.
    pub(crate) fn close(&self) {
        self.closed.set(true);
        let pending = std::mem::take(&mut *self.pending.borrow_mut());
        self.has_pending.set(false);
        drop(pending);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(next: Value) -> Value {
        let instance = Instance::new(ClassId(0), 1, None, None);
        instance.write_field(0, Slot::Value(next));
        Value::Instance(Rc::new(instance))
    }

    #[test]
    fn dropping_a_long_chain_does_not_overflow_the_stack() {
        let mut head = Value::Null;
        for _ in 0..1_000_000 {
            head = node(head);
        }
        drop(head);
    }

    #[test]
    fn dropped_instance_with_fini_is_queued_once() {
        let queue = Rc::new(FiniQueue::default());
        let instance = Rc::new(Instance::new(ClassId(0), 1, None, Some(Rc::clone(&queue))));
        instance.write_field(0, Slot::Value(Value::Int(7)));
        drop(instance);
        assert!(queue.has_pending());
        let revived = queue.pop().expect("queued");
        assert_eq!(revived.state(), State::Finalising);
        assert!(matches!(revived.read_field(0), Value::Int(7)));
        revived.finish_finalise();
        assert_eq!(revived.state(), State::Finalised);
        drop(revived);
        assert!(!queue.has_pending());
    }

    #[test]
    fn weak_slot_reads_null_after_target_is_gone() {
        let target = Rc::new(Instance::new(ClassId(0), 0, None, None));
        let slot = Slot::Weak(Rc::downgrade(&target));
        assert!(matches!(slot.read(), Value::Instance(_)));
        drop(target);
        assert!(matches!(slot.read(), Value::Null));
    }
}
