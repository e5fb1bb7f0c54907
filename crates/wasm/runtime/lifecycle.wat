;; lifecycle.wat — the end of a user box's life, exactly in the VM's order
;; (`crates/vm/src/instance.rs`): releasing, `fini()`, weak references.
;;
;; Instance state (word at offset 8): 0 live, 1 finalising (its `fini()` runs or waits),
;; 2 finalised. When the last strong reference to an instance goes:
;; - if its class has `fini()` and it is live, it becomes finalising and waits on the FIFO
;;   queue, which keeps it (count 1); generated code checks `$fini_pending` after every
;;   instruction and calls `rt_run_finis`;
;; - otherwise its fields are released and it is freed.
;; Either way its weak cell dies. Objects are taken apart on an explicit work stack (the
;; VM's `release_all`/`defer_in_order`): the fields of one object are looked at in order —
;; a user box held only there is deferred, anything else loses one reference — and the
;; deferred ones are taken apart first-field-first, depth first. So the order in which
;; objects reach the queue is the VM's, and a chain of a million nodes needs no stack.
;;
;; A weak field holding a user box stores tag 7 with bits = its weak cell's address plus
;; bit 32. A weak cell is 12 bytes: rc | alive | target; the target's header points at it
;; (offset 12) and holds one reference to it.

(global $WEAK_BIT i64 (i64.const 0x100000000))
;; The work stack: addresses of instances whose last reference is being dropped.
(global $work (mut i32) (i32.const 0))
(global $work_len (mut i32) (i32.const 0))
(global $work_cap (mut i32) (i32.const 0))
;; The queue of instances waiting for their `fini()`: nodes of (next, instance).
(global $queue_head (mut i32) (i32.const 0))
(global $queue_tail (mut i32) (i32.const 0))
(global $fini_pending (export "fini_pending") (mut i32) (i32.const 0))
;; Whether a queued `fini()` is running (with whatever it calls): then no other queued
;; `fini()` starts; they run one after another.
(global $fini_running (mut i32) (i32.const 0))

(func $work_push (param $obj i32)
  (local $bigger i32)
  (if (i32.eq (global.get $work_len) (global.get $work_cap))
    (then
      (global.set $work_cap (select (i32.shl (global.get $work_cap) (i32.const 1)) (i32.const 64)
                                    (global.get $work_cap)))
      (local.set $bigger (call $alloc (i32.shl (global.get $work_cap) (i32.const 2))))
      (if (global.get $work)
        (then
          (memory.copy (local.get $bigger) (global.get $work)
                       (i32.shl (global.get $work_len) (i32.const 2)))
          (call $free (global.get $work))))
      (global.set $work (local.get $bigger))))
  (i32.store (i32.add (global.get $work) (i32.shl (global.get $work_len) (i32.const 2)))
             (local.get $obj))
  (global.set $work_len (i32.add (global.get $work_len) (i32.const 1))))

;; Drops one reference held by a field slot or register: a user box whose last reference
;; this is is deferred on the work stack; anything else is counted down (and freed at zero).
(func $defer_or_drop (param $tag i32) (param $bits i64)
  (local $obj i32) (local $rc i32)
  (if (i32.and (i32.eq (local.get $tag) (i32.const 7))
               (i64.ne (i64.and (local.get $bits) (global.get $WEAK_BIT)) (i64.const 0)))
    (then
      (call $release_cell (i32.wrap_i64 (local.get $bits)))
      (return)))
  (if (i32.eqz (call $is_heap (local.get $tag))) (then (return)))
  (local.set $obj (i32.wrap_i64 (local.get $bits)))
  (local.set $rc (i32.load (local.get $obj)))
  (if (i32.gt_s (local.get $rc) (i32.const 1))
    (then
      (i32.store (local.get $obj) (i32.sub (local.get $rc) (i32.const 1)))
      (return)))
  (if (i32.eq (local.get $rc) (i32.const 1))
    (then
      ;; User boxes, arrays, maps, futures and results are containers (the VM's
      ;; `defer_or_drop`).
      (if (i32.or (i32.or (i32.eq (local.get $tag) (i32.const 7))
                          (i32.le_u (i32.sub (local.get $tag) (i32.const 5)) (i32.const 1)))
                  (i32.le_u (i32.sub (local.get $tag) (i32.const 9)) (i32.const 1)))
        (then (call $work_push (local.get $obj)))
        (else (call $free_object (local.get $obj)))))))

;; Empties every field of `obj` in order (deferring or dropping what they held), then with
;; `with_parent` its built-in parent slot (an instance keeps its parent until it is freed, as
;; the VM's), so that the first deferred object is taken apart first.
(func $defer_fields (param $obj i32) (param $with_parent i32)
  (local $slot i32) (local $end i32) (local $start i32) (local $low i32) (local $high i32)
  (local $t i32)
  (local.set $start (global.get $work_len))
  (local.set $slot (i32.add (local.get $obj) (i32.const 32)))
  (local.set $end (i32.add (local.get $slot)
    (i32.shl (i32.load offset=4 (call $class_record (local.get $obj))) (i32.const 4))))
  (block $done
    (loop $next
      (br_if $done (i32.ge_u (local.get $slot) (local.get $end)))
      (call $defer_or_drop (i32.load (local.get $slot)) (i64.load offset=8 (local.get $slot)))
      (i32.store (local.get $slot) (i32.const 0))
      (i64.store offset=8 (local.get $slot) (i64.const 0))
      (local.set $slot (i32.add (local.get $slot) (i32.const 16)))
      (br $next)))
  (if (local.get $with_parent)
    (then
      (call $defer_or_drop (i32.load offset=16 (local.get $obj)) (i64.load offset=24 (local.get $obj)))
      (i32.store offset=16 (local.get $obj) (i32.const 0))
      (i64.store offset=24 (local.get $obj) (i64.const 0))))
  ;; Reverse the new part of the stack: the first field's object is popped first.
  (local.set $low (i32.add (global.get $work) (i32.shl (local.get $start) (i32.const 2))))
  (local.set $high (i32.add (global.get $work)
                            (i32.shl (i32.sub (global.get $work_len) (i32.const 1)) (i32.const 2))))
  (block $reversed
    (loop $swap
      (br_if $reversed (i32.ge_s (local.get $low) (local.get $high)))
      (local.set $t (i32.load (local.get $low)))
      (i32.store (local.get $low) (i32.load (local.get $high)))
      (i32.store (local.get $high) (local.get $t))
      (local.set $low (i32.add (local.get $low) (i32.const 4)))
      (local.set $high (i32.sub (local.get $high) (i32.const 4)))
      (br $swap))))

;; The last strong reference to `obj` is gone: queue it for its `fini()`, or take it apart.
(func $last_reference (param $obj i32)
  (local $node i32)
  (call $kill_cell (local.get $obj))
  (if (i32.and (i32.eqz (i32.load offset=8 (local.get $obj)))
               (i32.ge_s (i32.load offset=24 (call $class_record (local.get $obj))) (i32.const 0)))
    (then
      (i32.store offset=8 (local.get $obj) (i32.const 1))
      (i32.store (local.get $obj) (i32.const 1))
      (local.set $node (call $alloc (i32.const 8)))
      (i32.store (local.get $node) (i32.const 0))
      (i32.store offset=4 (local.get $node) (local.get $obj))
      (if (global.get $queue_tail)
        (then (i32.store (global.get $queue_tail) (local.get $node)))
        (else (global.set $queue_head (local.get $node))))
      (global.set $queue_tail (local.get $node))
      (global.set $fini_pending (i32.const 1))
      (return)))
  (call $defer_fields (local.get $obj) (i32.const 1))
  (call $free (local.get $obj)))

;; Takes apart everything deferred on the work stack.
(func $run_work
  (local $obj i32)
  (block $empty
    (loop $next
      (br_if $empty (i32.eqz (global.get $work_len)))
      (global.set $work_len (i32.sub (global.get $work_len) (i32.const 1)))
      (local.set $obj (i32.load (i32.add (global.get $work)
                                         (i32.shl (global.get $work_len) (i32.const 2)))))
      (block $taken
        (if (i32.eq (i32.load offset=4 (local.get $obj)) (i32.const 5))
          (then (call $array_dismantle (local.get $obj)) (br $taken)))
        (if (i32.eq (i32.load offset=4 (local.get $obj)) (i32.const 6))
          (then (call $map_dismantle (local.get $obj)) (br $taken)))
        (if (i32.le_u (i32.sub (i32.load offset=4 (local.get $obj)) (i32.const 9)) (i32.const 1))
          (then (call $holder_dismantle (local.get $obj)) (br $taken)))
        (call $last_reference (local.get $obj)))
      (br $next))))

;; A FutureBox or ResultBox whose last reference went: freed, and the one value it holds
;; (at offset 16, as tag and bits) deferred or dropped in its place.
(func $holder_dismantle (param $obj i32)
  (local $tag i32) (local $bits i64)
  (local.set $tag (i32.load offset=16 (local.get $obj)))
  (local.set $bits (i64.load offset=24 (local.get $obj)))
  (call $free (local.get $obj))
  (call $defer_or_drop (local.get $tag) (local.get $bits)))

;; An instance's (or a FutureBox's or ResultBox's) count reached zero (from `rt_release`).
(func $free_instance (param $obj i32)
  (call $work_push (local.get $obj))
  (call $run_work))

;; Marks `obj` finalised and releases its fields (the end of its `fini()`).
(func $finish_finalise (param $obj i32)
  (i32.store offset=8 (local.get $obj) (i32.const 2))
  (call $defer_fields (local.get $obj) (i32.const 0))
  (call $run_work))

;; Runs the queued `fini()`s, one after another in queue order, as if called from `site` —
;; unless a queued `fini()` is running already (the queue waits until it has returned).
(func $run_finis (export "rt_run_finis") (param $site i32)
  (local $node i32) (local $obj i32) (local $rt i32) (local $rb i64)
  (if (global.get $fini_running) (then (return)))
  (block $empty
    (loop $next
      ;; A `fini()` raised: the error goes on first; the rest of the queue waits.
      (br_if $empty (global.get $pending))
      (local.set $node (global.get $queue_head))
      (br_if $empty (i32.eqz (local.get $node)))
      (global.set $queue_head (i32.load (local.get $node)))
      (if (i32.eqz (global.get $queue_head)) (then (global.set $queue_tail (i32.const 0))))
      (global.set $fini_pending (i32.ne (global.get $queue_head) (i32.const 0)))
      (local.set $obj (i32.load offset=4 (local.get $node)))
      (call $free (local.get $node))
      (global.set $fini_running (i32.const 1))
      (call $retain (i32.const 7) (i64.extend_i32_u (local.get $obj)))
      (call $call_method0 (local.get $site)
                          (i32.load offset=24 (call $class_record (local.get $obj)))
                          (i32.const 7) (i64.extend_i32_u (local.get $obj)))
      (local.set $rb)
      (local.set $rt)
      (global.set $fini_running (i32.const 0))
      (call $finish_finalise (local.get $obj))
      (call $release (i32.const 7) (i64.extend_i32_u (local.get $obj)))
      (call $release (local.get $rt) (local.get $rb))
      (br $next))))

;; `x.fini()` called at `site` with `given` arguments (`sym` is `fini`): runs the box's
;; `fini()` once, then releases its fields; later calls do nothing.
(func $fini (export "rt_fini")
      (param $site i32) (param $tag i32) (param $bits i64) (param $sym i32) (param $given i32)
  (local $obj i32) (local $slot i32) (local $rt i32) (local $rb i64) (local $s i32)
  (if (i32.ne (local.get $tag) (i32.const 7))
    (then (call $check_common (local.get $site) (local.get $tag) (local.get $bits)
                              (local.get $sym) (local.get $given))
          (return)))
  (local.set $obj (i32.wrap_i64 (local.get $bits)))
  (if (local.get $given)
    (then
      (local.set $s (call $str_push_str (call $str_alloc (i32.const 48))
                                        (call $class_name (local.get $obj))))
      (local.set $s (call $str_push (local.get $s) (global.get $T_DOT) (i32.const 1)))
      (local.set $s (call $push_symbol (local.get $s) (local.get $sym)))
      (call $raise_arity (local.get $site) (local.get $s) (i32.const 0) (local.get $given))
      (return)))
  (if (i32.load offset=8 (local.get $obj)) (then (return)))
  (i32.store offset=8 (local.get $obj) (i32.const 1))
  (local.set $slot (i32.load offset=24 (call $class_record (local.get $obj))))
  (if (i32.lt_s (local.get $slot) (i32.const 0))
    (then
      (call $finish_finalise (local.get $obj))
      (return)))
  (call $retain (local.get $tag) (local.get $bits))
  (call $call_method0 (local.get $site) (local.get $slot) (local.get $tag) (local.get $bits))
  (local.set $rb)
  (local.set $rt)
  (call $finish_finalise (local.get $obj))
  (call $release (local.get $rt) (local.get $rb)))

;; The weak cell of `obj`, created on first use.
(func $weak_cell (param $obj i32) (result i32)
  (local $cell i32)
  (local.set $cell (i32.load offset=12 (local.get $obj)))
  (if (i32.eqz (local.get $cell))
    (then
      (local.set $cell (call $alloc (i32.const 12)))
      ;; One reference for the target's header.
      (i32.store (local.get $cell) (i32.const 1))
      (i32.store offset=4 (local.get $cell) (i32.const 1))
      (i32.store offset=8 (local.get $cell) (local.get $obj))
      (i32.store offset=12 (local.get $obj) (local.get $cell))))
  (local.get $cell))

(func $release_cell (param $cell i32)
  (local $rc i32)
  (local.set $rc (i32.sub (i32.load (local.get $cell)) (i32.const 1)))
  (i32.store (local.get $cell) (local.get $rc))
  (if (i32.eqz (local.get $rc)) (then (call $free (local.get $cell)))))

;; The last strong reference to `obj` is gone: weak fields pointing at it read null from now.
(func $kill_cell (param $obj i32)
  (local $cell i32)
  (local.set $cell (i32.load offset=12 (local.get $obj)))
  (if (local.get $cell)
    (then
      (i32.store offset=4 (local.get $cell) (i32.const 0))
      (i32.store offset=12 (local.get $obj) (i32.const 0))
      (call $release_cell (local.get $cell)))))

;; What a field slot gives when read: a weak reference reads as its target while that is
;; alive and not finalised, else null. The result is owned.
(func $read_slot (param $slot i32) (result i32 i64)
  (local $tag i32) (local $bits i64) (local $cell i32) (local $target i32)
  (local.set $tag (i32.load (local.get $slot)))
  (local.set $bits (i64.load offset=8 (local.get $slot)))
  (if (i32.and (i32.eq (local.get $tag) (i32.const 7))
               (i64.ne (i64.and (local.get $bits) (global.get $WEAK_BIT)) (i64.const 0)))
    (then
      (local.set $cell (i32.wrap_i64 (local.get $bits)))
      (local.set $target (i32.load offset=8 (local.get $cell)))
      (if (i32.or (i32.eqz (i32.load offset=4 (local.get $cell)))
                  (i32.eq (i32.load offset=8 (local.get $target)) (i32.const 2)))
        (then (return (i32.const 0) (i64.const 0))))
      (local.set $bits (i64.extend_i32_u (local.get $target)))))
  (call $retain (local.get $tag) (local.get $bits))
  (local.get $tag)
  (local.get $bits))

;; Stores a value (the caller's reference is not taken: the slot retains its own) into a
;; field slot, weakly if the field is weak and the value a user box; then drops the old one.
(func $write_slot (param $slot i32) (param $weak i32) (param $tag i32) (param $bits i64)
  (local $old_tag i32) (local $old_bits i64) (local $cell i32)
  (local.set $old_tag (i32.load (local.get $slot)))
  (local.set $old_bits (i64.load offset=8 (local.get $slot)))
  (if (i32.and (local.get $weak) (i32.eq (local.get $tag) (i32.const 7)))
    (then
      (local.set $cell (call $weak_cell (i32.wrap_i64 (local.get $bits))))
      (i32.store (local.get $cell) (i32.add (i32.load (local.get $cell)) (i32.const 1)))
      (local.set $bits (i64.or (i64.extend_i32_u (local.get $cell)) (global.get $WEAK_BIT))))
    (else (call $retain (local.get $tag) (local.get $bits))))
  (i32.store (local.get $slot) (local.get $tag))
  (i64.store offset=8 (local.get $slot) (local.get $bits))
  (call $defer_or_drop (local.get $old_tag) (local.get $old_bits))
  (call $run_work))
