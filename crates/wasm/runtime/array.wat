;; array.wat — ArrayBox: the object, its methods, printing and equality, exactly as the VM's
;; `builtins/array.rs`, `display.rs` and `equality.rs`.
;;
;; Object: rc | kind (5) | len | cap | items, where items is the address of `cap` 16-byte
;; slots (tag, padding, bits) or 0. Every slot owns one reference. When the last reference
;; to an array goes it is taken apart on the lifecycle work stack like a user box
;; (`$array_dismantle`, the VM's `defer_in_order`), so `fini()` order matches the VM's.
;;
;; Methods are numbered as in the VM's `ArrayMethod` list: push 0, pop 1, length 2, size 3,
;; get 4, set 5, remove 6, insert 7, indexOf 8, contains 9, clear 10, join 11, isEmpty 12,
;; sort 13, reverse 14, slice 15. Arguments arrive borrowed; results are owned.

(global $A_EXPECTS_INT i32 (i32.const 114688)) (data (i32.const 114688) " expects an IntegerBox, got ") ;; 28 bytes
(global $A_INDEX i32 (i32.const 114720)) (data (i32.const 114720) "index ") ;; 6 bytes
(global $A_RANGE i32 (i32.const 114728)) (data (i32.const 114728) " out of range for ArrayBox of length ") ;; 37 bytes
(global $A_CYCLE i32 (i32.const 114768)) (data (i32.const 114768) "[...]") ;; 5 bytes
(global $A_SEP i32 (i32.const 114776)) (data (i32.const 114776) ", ") ;; 2 bytes
(global $A_OPEN i32 (i32.const 114780)) (data (i32.const 114780) "[]") ;; 1 byte each
(global $A_ONE_OR_TWO i32 (i32.const 114784)) (data (i32.const 114784) " takes 1 or 2 arguments, got ") ;; 29 bytes
(global $A_EXPECTS_STR i32 (i32.const 114816)) (data (i32.const 114816) " expects a StringBox, got ") ;; 26 bytes
(global $A_SORTABLE i32 (i32.const 115280)) (data (i32.const 115280) " expects IntegerBox, FloatBox or StringBox elements, got ") ;; 57 bytes
;; Argument count of each method (255: `slice`, which takes 1 or 2).
(global $A_ARITY i32 (i32.const 114848))
(data (i32.const 114848) "\01\00\00\00\01\02\01\02\01\01\00\01\00\00\00\ff")

;; Containers being printed (addresses), from `$show_base` for the current printer, and
;; pairs of arrays being compared (the VM's `open` lists); both stop at 1000 levels.
(global $show (mut i32) (i32.const 0))
(global $show_len (mut i32) (i32.const 0))
(global $show_cap (mut i32) (i32.const 0))
(global $show_base (mut i32) (i32.const 0))
(global $pairs (mut i32) (i32.const 0))
(global $pairs_len (mut i32) (i32.const 0))

(func $array_new (export "rt_array_new") (result i32)
  (local $a i32)
  (local.set $a (call $alloc (i32.const 20)))
  (i32.store (local.get $a) (i32.const 1))
  (i32.store offset=4 (local.get $a) (i32.const 5))
  (i32.store offset=8 (local.get $a) (i32.const 0))
  (i32.store offset=12 (local.get $a) (i32.const 0))
  (i32.store offset=16 (local.get $a) (i32.const 0))
  (local.get $a))

(func $array_len (param $a i32) (result i32)
  (i32.load offset=8 (local.get $a)))

;; The loops below read the length word (offset 8) and compute slot addresses inline, or
;; keep the length in a local when nothing in the loop can change it: wasm calls are not
;; inlined by the engine, and these loops run once per element.

(func $array_slot (param $a i32) (param $i i32) (result i32)
  (i32.add (i32.load offset=16 (local.get $a)) (i32.shl (local.get $i) (i32.const 4))))

;; Makes room for one more element.
(func $array_reserve (param $a i32)
  (local $len i32) (local $cap i32) (local $items i32)
  (local.set $len (i32.load offset=8 (local.get $a)))
  (local.set $cap (i32.load offset=12 (local.get $a)))
  (if (i32.lt_u (local.get $len) (local.get $cap)) (then (return)))
  (local.set $cap (select (i32.shl (local.get $cap) (i32.const 1)) (i32.const 4) (local.get $cap)))
  (if (i32.load offset=16 (local.get $a))
    (then
      (if (call $grow_in_place (i32.load offset=16 (local.get $a)) (i32.shl (local.get $cap) (i32.const 4)))
        (then
          (i32.store offset=12 (local.get $a) (local.get $cap))
          (return)))))
  (local.set $items (call $alloc (i32.shl (local.get $cap) (i32.const 4))))
  (if (i32.load offset=16 (local.get $a))
    (then
      (memory.copy (local.get $items) (i32.load offset=16 (local.get $a))
                   (i32.shl (local.get $len) (i32.const 4)))
      (call $free (i32.load offset=16 (local.get $a)))))
  (i32.store offset=12 (local.get $a) (local.get $cap))
  (i32.store offset=16 (local.get $a) (local.get $items)))

;; Inserts a value (retained) before element `i` (0 <= i <= len).
(func $array_insert (param $a i32) (param $i i32) (param $tag i32) (param $bits i64)
  (local $slot i32) (local $len i32)
  (call $array_reserve (local.get $a))
  (local.set $len (i32.load offset=8 (local.get $a)))
  (local.set $slot (call $array_slot (local.get $a) (local.get $i)))
  (if (i32.lt_u (local.get $i) (local.get $len))
    (then
      (memory.copy (i32.add (local.get $slot) (i32.const 16)) (local.get $slot)
                   (i32.shl (i32.sub (local.get $len) (local.get $i)) (i32.const 4)))))
  (call $retain (local.get $tag) (local.get $bits))
  (i32.store (local.get $slot) (local.get $tag))
  (i64.store offset=8 (local.get $slot) (local.get $bits))
  (i32.store offset=8 (local.get $a) (i32.add (local.get $len) (i32.const 1))))

(func $array_push (export "rt_array_push") (param $a i32) (param $tag i32) (param $bits i64)
  (call $array_insert (local.get $a) (i32.load offset=8 (local.get $a)) (local.get $tag) (local.get $bits)))

;; Takes element `i` (0 <= i < len) out; its reference goes to the caller.
(func $array_take (param $a i32) (param $i i32) (result i32 i64)
  (local $slot i32) (local $tag i32) (local $bits i64) (local $len i32)
  (local.set $slot (call $array_slot (local.get $a) (local.get $i)))
  (local.set $tag (i32.load (local.get $slot)))
  (local.set $bits (i64.load offset=8 (local.get $slot)))
  (local.set $len (i32.sub (i32.load offset=8 (local.get $a)) (i32.const 1)))
  (i32.store offset=8 (local.get $a) (local.get $len))
  (memory.copy (local.get $slot) (i32.add (local.get $slot) (i32.const 16))
               (i32.shl (i32.sub (local.get $len) (local.get $i)) (i32.const 4)))
  (local.get $tag)
  (local.get $bits))

;; The last reference to `a` is gone (from the work stack): its elements are deferred or
;; dropped in order, the first deferred one taken apart first, then it is freed.
(func $array_dismantle (param $a i32)
  (local $start i32) (local $low i32) (local $high i32) (local $t i32)
  (local $slot i32) (local $end i32)
  (local.set $start (global.get $work_len))
  ;; Nothing can reach the array any more, so its slots are walked from first to last with
  ;; the end computed once.
  (local.set $slot (i32.load offset=16 (local.get $a)))
  (local.set $end (i32.add (local.get $slot) (i32.shl (i32.load offset=8 (local.get $a)) (i32.const 4))))
  (block $done
    (loop $next
      (br_if $done (i32.ge_u (local.get $slot) (local.get $end)))
      ;; Scalars own nothing: only heap values (tags 4..12, weak references included) go
      ;; further.
      (local.set $t (i32.load (local.get $slot)))
      (if (i32.le_u (i32.sub (local.get $t) (i32.const 4)) (i32.const 8))
        (then (call $defer_or_drop (local.get $t) (i64.load offset=8 (local.get $slot)))))
      (local.set $slot (i32.add (local.get $slot) (i32.const 16)))
      (br $next)))
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
      (br $swap)))
  (if (i32.load offset=16 (local.get $a)) (then (call $free (i32.load offset=16 (local.get $a)))))
  (call $free (local.get $a)))

;; ---- printing

(func $show_push (param $a i32)
  (local $bigger i32)
  (if (i32.eq (global.get $show_len) (global.get $show_cap))
    (then
      (global.set $show_cap (select (i32.shl (global.get $show_cap) (i32.const 1)) (i32.const 64)
                                    (global.get $show_cap)))
      (local.set $bigger (call $alloc (i32.shl (global.get $show_cap) (i32.const 2))))
      (if (global.get $show)
        (then
          (memory.copy (local.get $bigger) (global.get $show)
                       (i32.shl (global.get $show_len) (i32.const 2)))
          (call $free (global.get $show))))
      (global.set $show (local.get $bigger))))
  (i32.store (i32.add (global.get $show) (i32.shl (global.get $show_len) (i32.const 2)))
             (local.get $a))
  (global.set $show_len (i32.add (global.get $show_len) (i32.const 1))))

;; Whether the current printer may open `a`: not already open, and fewer than 1000 open.
(func $show_may_enter (param $a i32) (result i32)
  (local $i i32)
  (if (i32.ge_u (i32.sub (global.get $show_len) (global.get $show_base)) (i32.const 1000))
    (then (return (i32.const 0))))
  (local.set $i (global.get $show_base))
  (block $done
    (loop $next
      (br_if $done (i32.ge_u (local.get $i) (global.get $show_len)))
      (if (i32.eq (i32.load (i32.add (global.get $show) (i32.shl (local.get $i) (i32.const 2))))
                  (local.get $a))
        (then (return (i32.const 0))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
  (i32.const 1))

;; Appends an array or map as a new printer shows it (`$display_push` of a container), or
;; a ConsoleBox or MathBox.
(func $container_show (param $s i32) (param $site i32) (param $tag i32) (param $bits i64)
      (result i32)
  (local $saved i32)
  (if (i32.eq (local.get $tag) (i32.const 13))
    (then (return (call $str_push (local.get $s) (global.get $C_CONSOLE) (i32.const 12)))))
  (if (i32.eq (local.get $tag) (i32.const 14))
    (then (return (call $str_push (local.get $s) (global.get $C_MATH) (i32.const 9)))))
  (local.set $saved (global.get $show_base))
  (global.set $show_base (global.get $show_len))
  (local.set $s (call $show_value (local.get $s) (local.get $site) (local.get $tag) (local.get $bits)))
  (global.set $show_len (global.get $show_base))
  (global.set $show_base (local.get $saved))
  (local.get $s))

;; Appends an element as the current printer shows it.
(func $show_value (param $s i32) (param $site i32) (param $tag i32) (param $bits i64) (result i32)
  (if (i32.eq (local.get $tag) (i32.const 5))
    (then (return (call $array_write (local.get $s) (local.get $site) (i32.wrap_i64 (local.get $bits))))))
  (if (i32.eq (local.get $tag) (i32.const 6))
    (then (return (call $map_write (local.get $s) (local.get $site) (i32.wrap_i64 (local.get $bits))))))
  (if (i32.eq (local.get $tag) (i32.const 10))
    (then (return (call $result_write (local.get $s) (local.get $site) (i32.wrap_i64 (local.get $bits))))))
  (call $display_push (local.get $s) (local.get $site) (local.get $tag) (local.get $bits)))

;; `[1, x, [2]]`; a container already being printed shows as `[...]`. Elements are read one
;; at a time and kept alive while they print: a user `toString()` may change the array.
(func $array_write (param $s i32) (param $site i32) (param $a i32) (result i32)
  (local $i i32) (local $tag i32) (local $bits i64)
  (if (i32.eqz (call $show_may_enter (local.get $a)))
    (then (return (call $str_push (local.get $s) (global.get $A_CYCLE) (i32.const 5)))))
  (call $show_push (local.get $a))
  (local.set $s (call $str_push (local.get $s) (global.get $A_OPEN) (i32.const 1)))
  (block $done
    (loop $next
      (br_if $done (i32.ge_u (local.get $i) (call $array_len (local.get $a))))
      (if (local.get $i)
        (then (local.set $s (call $str_push (local.get $s) (global.get $A_SEP) (i32.const 2)))))
      (local.set $tag (i32.load (call $array_slot (local.get $a) (local.get $i))))
      (local.set $bits (i64.load offset=8 (call $array_slot (local.get $a) (local.get $i))))
      (call $retain (local.get $tag) (local.get $bits))
      (local.set $s (call $show_value (local.get $s) (local.get $site) (local.get $tag) (local.get $bits)))
      (call $release (local.get $tag) (local.get $bits))
      (br_if $done (global.get $pending))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
  (global.set $show_len (i32.sub (global.get $show_len) (i32.const 1)))
  (call $str_push (local.get $s) (i32.add (global.get $A_OPEN) (i32.const 1)) (i32.const 1)))

;; ---- equality

;; Starts comparing two containers: 0 when they count as equal without looking (the same
;; container, or a pair already being compared: a cycle), 1 when nested too deeply (they
;; differ), 2 when the pair is now open (the caller compares, then calls `$pair_leave`).
(func $pair_enter (param $x i32) (param $y i32) (result i32)
  (local $i i32) (local $p i32)
  (if (i32.eq (local.get $x) (local.get $y)) (then (return (i32.const 0))))
  (block $done
    (loop $next
      (br_if $done (i32.ge_u (local.get $i) (global.get $pairs_len)))
      (local.set $p (i32.add (global.get $pairs) (i32.shl (local.get $i) (i32.const 3))))
      (if (i32.and (i32.eq (i32.load (local.get $p)) (local.get $x))
                   (i32.eq (i32.load offset=4 (local.get $p)) (local.get $y)))
        (then (return (i32.const 0))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
  (if (i32.ge_u (global.get $pairs_len) (i32.const 1000)) (then (return (i32.const 1))))
  (if (i32.eqz (global.get $pairs)) (then (global.set $pairs (call $alloc (i32.const 8000)))))
  (local.set $p (i32.add (global.get $pairs) (i32.shl (global.get $pairs_len) (i32.const 3))))
  (i32.store (local.get $p) (local.get $x))
  (i32.store offset=4 (local.get $p) (local.get $y))
  (global.set $pairs_len (i32.add (global.get $pairs_len) (i32.const 1)))
  (i32.const 2))

(func $pair_leave
  (global.set $pairs_len (i32.sub (global.get $pairs_len) (i32.const 1))))

;; Arrays are equal when their elements are.
(func $array_equals (param $x i32) (param $y i32) (result i32)
  (local $i i32) (local $equal i32) (local $open i32) (local $xs i32) (local $ys i32)
  (local.set $open (call $pair_enter (local.get $x) (local.get $y)))
  (if (i32.lt_u (local.get $open) (i32.const 2)) (then (return (i32.eqz (local.get $open)))))
  (local.set $equal (i32.eq (call $array_len (local.get $x)) (call $array_len (local.get $y))))
  (block $differ
    (loop $next
      (br_if $differ (i32.eqz (local.get $equal)))
      (br_if $differ (i32.ge_u (local.get $i) (i32.load offset=8 (local.get $x))))
      (local.set $xs (i32.add (i32.load offset=16 (local.get $x)) (i32.shl (local.get $i) (i32.const 4))))
      (local.set $ys (i32.add (i32.load offset=16 (local.get $y)) (i32.shl (local.get $i) (i32.const 4))))
      (local.set $equal (call $equals (i32.load (local.get $xs)) (i64.load offset=8 (local.get $xs))
                                      (i32.load (local.get $ys)) (i64.load offset=8 (local.get $ys))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
  (call $pair_leave)
  (local.get $equal))

;; ---- methods

;; Raises `WHO expects EXPECTED, got T`.
(func $raise_wrong_type (param $site i32) (param $who i32) (param $text i32) (param $len i32)
      (param $tag i32) (param $bits i64)
  (local $s i32)
  (local.set $s (call $str_push_str (call $str_alloc (i32.const 64)) (local.get $who)))
  (local.set $s (call $str_push (local.get $s) (local.get $text) (local.get $len)))
  (local.set $s (call $push_type_name (local.get $s) (local.get $tag) (local.get $bits)))
  (call $raise (local.get $site) (local.get $s)))

;; An IntegerBox argument.
(func $arg_int (param $site i32) (param $who i32) (param $tag i32) (param $bits i64) (result i64)
  (if (i32.ne (local.get $tag) (i32.const 2))
    (then (call $raise_wrong_type (local.get $site) (local.get $who) (global.get $A_EXPECTS_INT)
                                  (i32.const 28) (local.get $tag) (local.get $bits))))
  (local.get $bits))

;; Raises `index I out of range for ArrayBox of length N`.
(func $raise_out_of_range (param $site i32) (param $index i64) (param $len i32)
  (local $s i32)
  (local.set $s (call $str_push (call $str_alloc (i32.const 64)) (global.get $A_INDEX) (i32.const 6)))
  (local.set $s (call $str_push_value (local.get $s) (i32.const 2) (local.get $index)))
  (local.set $s (call $str_push (local.get $s) (global.get $A_RANGE) (i32.const 37)))
  (local.set $s (call $str_push_value (local.get $s) (i32.const 2) (i64.extend_i32_u (local.get $len))))
  (call $raise (local.get $site) (local.get $s)))

;; A Nyash index in `0..len` as an i32, or -1.
(func $index_in (param $i i64) (param $len i32) (result i32)
  (if (result i32) (i64.lt_u (local.get $i) (i64.extend_i32_u (local.get $len)))
    (then (i32.wrap_i64 (local.get $i)))
    (else (i32.const -1))))

;; A Nyash bound clamped into `0..=len`.
(func $clamp_index (param $i i64) (param $len i32) (result i32)
  (if (i64.le_s (local.get $i) (i64.const 0)) (then (return (i32.const 0))))
  (if (i64.gt_s (local.get $i) (i64.extend_i32_u (local.get $len))) (then (return (local.get $len))))
  (i32.wrap_i64 (local.get $i)))

;; Checks the argument count of method `which` against the byte table at `table`. Callers
;; first compare the count with the table inline and call this only when they differ (a
;; method that takes one or two arguments, 255, then also comes here and passes): wasm calls
;; are not inlined by the engine, and this check runs on every method call.
(func $check_arity_in (param $table i32) (param $site i32) (param $which i32) (param $who i32)
      (param $given i32)
  (local $takes i32) (local $s i32)
  (local.set $takes (i32.load8_u (i32.add (local.get $table) (local.get $which))))
  (if (i32.eq (local.get $takes) (i32.const 255))
    (then
      (if (i32.le_u (i32.sub (local.get $given) (i32.const 1)) (i32.const 1)) (then (return)))
      (local.set $s (call $str_push_str (call $str_alloc (i32.const 64)) (local.get $who)))
      (local.set $s (call $str_push (local.get $s) (global.get $A_ONE_OR_TWO) (i32.const 29)))
      (local.set $s (call $str_push_value (local.get $s) (i32.const 2)
                                          (i64.extend_i32_u (local.get $given))))
      (call $raise (local.get $site) (local.get $s))
      (return)))
  (if (i32.ne (local.get $takes) (local.get $given))
    (then (call $raise_arity (local.get $site)
                             (call $str_push_str (call $str_alloc (i32.const 64)) (local.get $who))
                             (local.get $takes) (local.get $given)))))

;; `a.method(x, y)` with `given` arguments (`who` is the string `ArrayBox.method`).
(func $array_method (export "rt_array_method")
      (param $site i32) (param $which i32) (param $who i32) (param $given i32) (param $a i32)
      (param $xt i32) (param $xb i64) (param $yt i32) (param $yb i64) (result i32 i64)
  (local $i i32) (local $n i64) (local $tag i32) (local $bits i64) (local $takes i32)
  ;; 255: one or two arguments (see `check_arity_in`).
  (local.set $takes (i32.load8_u (i32.add (global.get $A_ARITY) (local.get $which))))
  (if (i32.and (i32.ne (local.get $takes) (local.get $given))
               (i32.or (i32.ne (local.get $takes) (i32.const 255))
                       (i32.gt_u (i32.sub (local.get $given) (i32.const 1)) (i32.const 1))))
    (then (call $check_arity_in (global.get $A_ARITY) (local.get $site) (local.get $which)
                                (local.get $who) (local.get $given))))
  (if (global.get $pending) (then (return (i32.const 0) (i64.const 0))))
  (block $slice (block $reverse (block $sort (block $is_empty (block $join (block $clear
  (block $contains (block $index_of (block $insert (block $remove (block $set (block $get
  (block $length (block $pop (block $push
    (br_table $push $pop $length $length $get $set $remove $insert $index_of $contains
              $clear $join $is_empty $sort $reverse $slice (local.get $which)))
    ;; push
    (call $array_push (local.get $a) (local.get $xt) (local.get $xb))
    (return (i32.const 0) (i64.const 0)))
    ;; pop
    (if (i32.eqz (call $array_len (local.get $a))) (then (return (i32.const 0) (i64.const 0))))
    (return (call $array_take (local.get $a) (i32.sub (call $array_len (local.get $a)) (i32.const 1)))))
    ;; length, size
    (return (i32.const 2) (i64.extend_i32_u (call $array_len (local.get $a)))))
    ;; get
    (local.set $i (call $index_in (call $arg_int (local.get $site) (local.get $who) (local.get $xt) (local.get $xb))
                                  (call $array_len (local.get $a))))
    (if (global.get $pending) (then (return (i32.const 0) (i64.const 0))))
    (if (i32.lt_s (local.get $i) (i32.const 0)) (then (return (i32.const 0) (i64.const 0))))
    (return (call $read_element (local.get $a) (local.get $i))))
    ;; set
    (local.set $n (call $arg_int (local.get $site) (local.get $who) (local.get $xt) (local.get $xb)))
    (if (global.get $pending) (then (return (i32.const 0) (i64.const 0))))
    (local.set $i (call $index_in (local.get $n) (call $array_len (local.get $a))))
    (if (i32.lt_s (local.get $i) (i32.const 0))
      (then
        (call $raise_out_of_range (local.get $site) (local.get $n) (call $array_len (local.get $a)))
        (return (i32.const 0) (i64.const 0))))
    (local.set $tag (i32.load (call $array_slot (local.get $a) (local.get $i))))
    (local.set $bits (i64.load offset=8 (call $array_slot (local.get $a) (local.get $i))))
    (call $retain (local.get $yt) (local.get $yb))
    (i32.store (call $array_slot (local.get $a) (local.get $i)) (local.get $yt))
    (i64.store offset=8 (call $array_slot (local.get $a) (local.get $i)) (local.get $yb))
    (call $release (local.get $tag) (local.get $bits))
    (return (i32.const 0) (i64.const 0)))
    ;; remove
    (local.set $n (call $arg_int (local.get $site) (local.get $who) (local.get $xt) (local.get $xb)))
    (if (global.get $pending) (then (return (i32.const 0) (i64.const 0))))
    (local.set $i (call $index_in (local.get $n) (call $array_len (local.get $a))))
    (if (i32.lt_s (local.get $i) (i32.const 0))
      (then
        (call $raise_out_of_range (local.get $site) (local.get $n) (call $array_len (local.get $a)))
        (return (i32.const 0) (i64.const 0))))
    (return (call $array_take (local.get $a) (local.get $i))))
    ;; insert
    (local.set $n (call $arg_int (local.get $site) (local.get $who) (local.get $xt) (local.get $xb)))
    (if (global.get $pending) (then (return (i32.const 0) (i64.const 0))))
    (local.set $i (call $index_in (local.get $n) (i32.add (call $array_len (local.get $a)) (i32.const 1))))
    (if (i32.lt_s (local.get $i) (i32.const 0))
      (then
        (call $raise_out_of_range (local.get $site) (local.get $n) (call $array_len (local.get $a)))
        (return (i32.const 0) (i64.const 0))))
    (call $array_insert (local.get $a) (local.get $i) (local.get $yt) (local.get $yb))
    (return (i32.const 0) (i64.const 0)))
    ;; indexOf
    (return (i32.const 2) (i64.extend_i32_s
      (call $array_find (local.get $a) (local.get $xt) (local.get $xb)))))
    ;; contains
    (return (i32.const 1) (i64.extend_i32_u (i32.ge_s
      (call $array_find (local.get $a) (local.get $xt) (local.get $xb)) (i32.const 0)))))
    ;; clear
    (call $array_clear (local.get $a))
    (return (i32.const 0) (i64.const 0)))
    ;; join
    (return (i32.const 4) (i64.extend_i32_u (call $array_join (local.get $site) (local.get $who)
                                              (local.get $a) (local.get $xt) (local.get $xb)))))
    ;; isEmpty
    (return (i32.const 1) (i64.extend_i32_u (i32.eqz (call $array_len (local.get $a))))))
    ;; sort
    (call $array_sort (local.get $site) (local.get $who) (local.get $a))
    (return (i32.const 0) (i64.const 0)))
    ;; reverse
    (call $array_reverse (local.get $a))
    (return (i32.const 0) (i64.const 0)))
  ;; slice
  (i32.const 5)
  (i64.extend_i32_u (call $array_slice (local.get $site) (local.get $who) (local.get $given) (local.get $a)
                                       (local.get $xt) (local.get $xb) (local.get $yt) (local.get $yb))))

;; Element `i` (in range), retained.
(func $read_element (param $a i32) (param $i i32) (result i32 i64)
  (local $tag i32) (local $bits i64)
  (local.set $tag (i32.load (call $array_slot (local.get $a) (local.get $i))))
  (local.set $bits (i64.load offset=8 (call $array_slot (local.get $a) (local.get $i))))
  (call $retain (local.get $tag) (local.get $bits))
  (local.get $tag)
  (local.get $bits))

;; Position of the first element equal (`==`) to the value, or -1.
(func $array_find (param $a i32) (param $tag i32) (param $bits i64) (result i32)
  (local $i i32) (local $slot i32)
  (block $done
    (loop $next
      (br_if $done (i32.ge_u (local.get $i) (i32.load offset=8 (local.get $a))))
      (local.set $slot (i32.add (i32.load offset=16 (local.get $a)) (i32.shl (local.get $i) (i32.const 4))))
      (if (call $equals (i32.load (local.get $slot)) (i64.load offset=8 (local.get $slot))
                        (local.get $tag) (local.get $bits))
        (then (return (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
  (i32.const -1))

;; Empties the array first, then drops the old elements in order (as the VM drops its Vec).
(func $array_clear (param $a i32)
  (local $items i32) (local $len i32) (local $i i32)
  (local.set $items (i32.load offset=16 (local.get $a)))
  (local.set $len (call $array_len (local.get $a)))
  (i32.store offset=8 (local.get $a) (i32.const 0))
  (i32.store offset=12 (local.get $a) (i32.const 0))
  (i32.store offset=16 (local.get $a) (i32.const 0))
  (block $done
    (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
      (call $release (i32.load (i32.add (local.get $items) (i32.shl (local.get $i) (i32.const 4))))
                     (i64.load offset=8 (i32.add (local.get $items) (i32.shl (local.get $i) (i32.const 4)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
  (if (local.get $items) (then (call $free (local.get $items)))))

(func $array_reverse (param $a i32)
  (local $low i32) (local $high i32) (local $tag i32) (local $bits i64)
  (if (i32.eqz (call $array_len (local.get $a))) (then (return)))
  (local.set $low (call $array_slot (local.get $a) (i32.const 0)))
  (local.set $high (call $array_slot (local.get $a) (i32.sub (call $array_len (local.get $a)) (i32.const 1))))
  (block $done
    (loop $next
      (br_if $done (i32.ge_u (local.get $low) (local.get $high)))
      (local.set $tag (i32.load (local.get $low)))
      (local.set $bits (i64.load offset=8 (local.get $low)))
      (i32.store (local.get $low) (i32.load (local.get $high)))
      (i64.store offset=8 (local.get $low) (i64.load offset=8 (local.get $high)))
      (i32.store (local.get $high) (local.get $tag))
      (i64.store offset=8 (local.get $high) (local.get $bits))
      (local.set $low (i32.add (local.get $low) (i32.const 16)))
      (local.set $high (i32.sub (local.get $high) (i32.const 16)))
      (br $next))))

;; `join(sep)`: each element as `toString()` shows it, by a new printer.
(func $array_join (param $site i32) (param $who i32) (param $a i32) (param $st i32) (param $sb i64)
      (result i32)
  (local $s i32) (local $i i32) (local $tag i32) (local $bits i64) (local $sep i32)
  (if (i32.ne (local.get $st) (i32.const 4))
    (then (call $raise_wrong_type (local.get $site) (local.get $who) (global.get $A_EXPECTS_STR)
                                  (i32.const 26) (local.get $st) (local.get $sb))
          (return (i32.const 0))))
  (local.set $sep (i32.wrap_i64 (local.get $sb)))
  (call $retain (i32.const 4) (local.get $sb))
  (local.set $s (call $str_alloc (i32.const 32)))
  (block $done
    (loop $next
      (br_if $done (i32.ge_u (local.get $i) (call $array_len (local.get $a))))
      (if (local.get $i) (then (local.set $s (call $str_push_str (local.get $s) (local.get $sep)))))
      (local.set $tag (i32.load (call $array_slot (local.get $a) (local.get $i))))
      (local.set $bits (i64.load offset=8 (call $array_slot (local.get $a) (local.get $i))))
      (call $retain (local.get $tag) (local.get $bits))
      (local.set $s (call $display_push (local.get $s) (local.get $site) (local.get $tag) (local.get $bits)))
      (call $release (local.get $tag) (local.get $bits))
      ;; A user `toString()` raised: the partial text is dropped.
      (if (global.get $pending)
        (then
          (call $free (local.get $s))
          (call $release (i32.const 4) (local.get $sb))
          (return (i32.const 0))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
  (call $release (i32.const 4) (local.get $sb))
  (local.get $s))

;; `slice(start)` / `slice(start, end)`: a new array; bounds clamped.
(func $array_slice (param $site i32) (param $who i32) (param $given i32) (param $a i32)
      (param $xt i32) (param $xb i64) (param $yt i32) (param $yb i64) (result i32)
  (local $start i32) (local $end i32) (local $out i32)
  (local.set $start (call $clamp_index
    (call $arg_int (local.get $site) (local.get $who) (local.get $xt) (local.get $xb))
    (call $array_len (local.get $a))))
  (if (global.get $pending) (then (return (i32.const 0))))
  (local.set $end (call $array_len (local.get $a)))
  (if (i32.eq (local.get $given) (i32.const 2))
    (then (local.set $end (call $clamp_index
      (call $arg_int (local.get $site) (local.get $who) (local.get $yt) (local.get $yb))
      (call $array_len (local.get $a))))))
  (if (global.get $pending) (then (return (i32.const 0))))
  (local.set $out (call $array_new))
  (block $done
    (loop $next
      (br_if $done (i32.ge_u (local.get $start) (local.get $end)))
      (call $array_push (local.get $out)
                        (i32.load (call $array_slot (local.get $a) (local.get $start)))
                        (i64.load offset=8 (call $array_slot (local.get $a) (local.get $start))))
      (local.set $start (i32.add (local.get $start) (i32.const 1)))
      (br $next)))
  (local.get $out))
;; ---- sorting

;; The sort order of two elements: numbers by value (NaN last) before strings by bytes.
(func $sort_cmp (param $x i32) (param $y i32) (result i32)
  (local $xt i32) (local $yt i32) (local $xb i64) (local $yb i64) (local $xn i32) (local $yn i32)
  (local.set $xt (i32.load (local.get $x)))
  (local.set $yt (i32.load (local.get $y)))
  (local.set $xb (i64.load offset=8 (local.get $x)))
  (local.set $yb (i64.load offset=8 (local.get $y)))
  (if (i32.and (i32.eq (local.get $xt) (i32.const 4)) (i32.eq (local.get $yt) (i32.const 4)))
    (then (return (call $str_cmp (i32.wrap_i64 (local.get $xb)) (i32.wrap_i64 (local.get $yb))))))
  (if (i32.eq (local.get $xt) (i32.const 4)) (then (return (i32.const 1))))
  (if (i32.eq (local.get $yt) (i32.const 4)) (then (return (i32.const -1))))
  (local.set $xn (call $is_nan_value (local.get $xt) (local.get $xb)))
  (local.set $yn (call $is_nan_value (local.get $yt) (local.get $yb)))
  (if (i32.or (local.get $xn) (local.get $yn))
    (then (return (i32.sub (local.get $xn) (local.get $yn)))))
  (call $cmp_numbers (local.get $xt) (local.get $xb) (local.get $yt) (local.get $yb)))

(func $copy_slot (param $to i32) (param $from i32)
  (i64.store (local.get $to) (i64.load (local.get $from)))
  (i64.store offset=8 (local.get $to) (i64.load offset=8 (local.get $from))))

;; `sort()`: a stable bottom-up merge sort; any element other than a number or string is
;; an error (the array is left as it was).
(func $array_sort (param $site i32) (param $who i32) (param $a i32)
  (local $n i32) (local $i i32) (local $slot i32) (local $src i32) (local $dst i32) (local $t i32)
  (local $width i32) (local $lo i32) (local $mid i32) (local $hi i32) (local $j i32) (local $k i32)
  (local $left i32)
  (local.set $n (call $array_len (local.get $a)))
  (block $checked
    (loop $next
      (br_if $checked (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $slot (call $array_slot (local.get $a) (local.get $i)))
      (if (i32.gt_u (i32.sub (i32.load (local.get $slot)) (i32.const 2)) (i32.const 2))
        (then
          (call $raise_wrong_type (local.get $site) (local.get $who) (global.get $A_SORTABLE)
                                  (i32.const 57) (i32.load (local.get $slot))
                                  (i64.load offset=8 (local.get $slot)))
          (return)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
  (if (i32.lt_u (local.get $n) (i32.const 2)) (then (return)))
  (local.set $src (i32.load offset=16 (local.get $a)))
  (local.set $dst (call $alloc (i32.shl (local.get $n) (i32.const 4))))
  (local.set $width (i32.const 1))
  (block $sorted
    (loop $pass
      (br_if $sorted (i32.ge_u (local.get $width) (local.get $n)))
      (local.set $lo (i32.const 0))
      (block $passed
        (loop $run
          (br_if $passed (i32.ge_u (local.get $lo) (local.get $n)))
          (local.set $mid (select (local.get $n) (i32.add (local.get $lo) (local.get $width))
                                  (i32.gt_u (i32.add (local.get $lo) (local.get $width)) (local.get $n))))
          (local.set $hi (select (local.get $n) (i32.add (local.get $mid) (local.get $width))
                                 (i32.gt_u (i32.add (local.get $mid) (local.get $width)) (local.get $n))))
          (local.set $i (local.get $lo))
          (local.set $j (local.get $mid))
          (local.set $k (local.get $lo))
          (block $merged
            (loop $take
              (br_if $merged (i32.ge_u (local.get $k) (local.get $hi)))
              ;; Take from the left run unless it is used up or its head is after the right's.
              (local.set $left (i32.lt_u (local.get $i) (local.get $mid)))
              (if (i32.and (local.get $left) (i32.lt_u (local.get $j) (local.get $hi)))
                (then (local.set $left (i32.le_s (call $sort_cmp
                  (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 4)))
                  (i32.add (local.get $src) (i32.shl (local.get $j) (i32.const 4))))
                  (i32.const 0)))))
              (if (local.get $left)
                (then
                  (call $copy_slot (i32.add (local.get $dst) (i32.shl (local.get $k) (i32.const 4)))
                                   (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 4))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1))))
                (else
                  (call $copy_slot (i32.add (local.get $dst) (i32.shl (local.get $k) (i32.const 4)))
                                   (i32.add (local.get $src) (i32.shl (local.get $j) (i32.const 4))))
                  (local.set $j (i32.add (local.get $j) (i32.const 1)))))
              (local.set $k (i32.add (local.get $k) (i32.const 1)))
              (br $take)))
          (local.set $lo (local.get $hi))
          (br $run)))
      (local.set $t (local.get $src))
      (local.set $src (local.get $dst))
      (local.set $dst (local.get $t))
      (local.set $width (i32.shl (local.get $width) (i32.const 1)))
      (br $pass)))
  ;; The sorted elements are in `src`; the other buffer is spare.
  (if (i32.ne (local.get $src) (i32.load offset=16 (local.get $a)))
    (then
      (memory.copy (i32.load offset=16 (local.get $a)) (local.get $src) (i32.shl (local.get $n) (i32.const 4)))
      (call $free (local.get $src)))
    (else (call $free (local.get $dst)))))
