//! The allocator's in-place growth (`runtime/alloc.wat`, `$grow_in_place`), which growing
//! arrays use: a block keeps its address while it has the room or is the last block of the
//! heap, and a freed block big enough is reused before the heap grows.
//!
//! `alloc.wat` is assembled alone with stand-ins for the output functions it calls when
//! memory runs out, and its functions are called from wasmtime.

use wasmtime::{Engine, Instance, Module, Store, TypedFunc};

/// `alloc.wat` with stand-ins for what it needs from the rest of the runtime, exporting the
/// functions under test.
fn module_source() -> String {
    let mut text = String::from("(module\n(memory (export \"memory\") 4)\n");
    text.push_str("(global $T_OOM i32 (i32.const 0))\n");
    text.push_str("(func $flush)\n(func $err (param i32) (param i32))\n");
    text.push_str("(func $exit (param i32) (unreachable))\n");
    text.push_str(include_str!("../runtime/alloc.wat"));
    text.push_str(
        "(func (export \"grow\") (param i32) (param i32) (result i32)
           (call $grow_in_place (local.get 0) (local.get 1)))
         (func (export \"top\") (result i32) (global.get $heap_top))\n)\n",
    );
    text
}

struct Heap {
    store: Store<()>,
    alloc: TypedFunc<i32, i32>,
    free: TypedFunc<i32, ()>,
    grow: TypedFunc<(i32, i32), i32>,
    top: TypedFunc<(), i32>,
}

impl Heap {
    fn new() -> Heap {
        let engine = Engine::default();
        let bytes = wat::parse_str(module_source()).expect("alloc.wat assembles");
        let module = Module::new(&engine, bytes).expect("the module compiles");
        let mut store = Store::new(&engine, ());
        let instance = Instance::new(&mut store, &module, &[]).expect("the module instantiates");
        let alloc = instance
            .get_typed_func(&mut store, "rt_alloc")
            .expect("rt_alloc");
        let free = instance
            .get_typed_func(&mut store, "rt_free")
            .expect("rt_free");
        let grow = instance.get_typed_func(&mut store, "grow").expect("grow");
        let top = instance.get_typed_func(&mut store, "top").expect("top");
        Heap {
            store,
            alloc,
            free,
            grow,
            top,
        }
    }

    fn alloc(&mut self, n: i32) -> i32 {
        self.alloc.call(&mut self.store, n).expect("alloc")
    }

    fn free(&mut self, p: i32) {
        self.free.call(&mut self.store, p).expect("free");
    }

    fn grow(&mut self, p: i32, n: i32) -> bool {
        self.grow.call(&mut self.store, (p, n)).expect("grow") != 0
    }

    fn top(&mut self) -> i32 {
        self.top.call(&mut self.store, ()).expect("top")
    }
}

#[test]
fn the_last_block_grows_where_it_is() {
    let mut heap = Heap::new();
    let block = heap.alloc(8192);
    assert!(heap.grow(block, 16384));
    assert_eq!(heap.top(), block + 16384 + 8);
    // Room it already has needs nothing.
    assert!(heap.grow(block, 100));
    assert_eq!(heap.top(), block + 16384 + 8);
}

#[test]
fn a_block_with_a_neighbour_above_does_not_grow() {
    let mut heap = Heap::new();
    let block = heap.alloc(8192);
    heap.alloc(16);
    assert!(!heap.grow(block, 16384));
}

#[test]
fn small_blocks_grow_only_into_large_ones() {
    let mut heap = Heap::new();
    let block = heap.alloc(100);
    // Within its size class (128 bytes with the prefix).
    assert!(heap.grow(block, 120));
    // Beyond it but still small: `$free` would file it under the wrong class.
    assert!(!heap.grow(block, 200));
    assert!(heap.grow(block, 5000));
    heap.free(block);
    assert_eq!(heap.alloc(4990), block);
}

#[test]
fn a_free_block_that_fits_is_reused_first() {
    let mut heap = Heap::new();
    let big = heap.alloc(1 << 20);
    let last = heap.alloc(8192);
    heap.free(big);
    // The last block could grow, but the freed one is taken instead (the caller moves).
    assert!(!heap.grow(last, 1 << 19));
    assert_eq!(heap.alloc(1 << 19), big);
    // With no free block that fits, the last block grows again.
    assert!(heap.grow(last, 1 << 19));
}
