;; alloc.wat — the allocator over linear memory.
;;
;; Every block has an 8-byte prefix holding its size class (or, for large blocks, its size);
;; `$alloc` returns the address after the prefix. Requests of up to 4088 bytes use size
;; classes of 16, 32, … 4096 bytes (prefix included) with one free list each (heads at
;; 160 + 4 × class); larger blocks are rounded to 16 bytes and reused best-fit from one list
;; (head at 196; no splitting or coalescing). Best fit, not first fit: a growing array frees
;; blocks of doubling sizes, and first fit would hand the biggest one to the next small
;; request, so memory would grow on every round of a program that builds big arrays. New space comes from the bump pointer
;; `$heap_top`, whose start the linker sets after the module's data; pages are added with
;; `memory.grow`. When memory cannot grow, the program ends with `error: out of memory`.

(global $heap_top (export "heap_base") (mut i32) (i32.const 131072))

;; Index of the size class for a block of `total` bytes (16 → 0, 4096 → 8).
(func $size_class (param $total i32) (result i32)
  (local $class i32)
  (if (i32.le_u (local.get $total) (i32.const 16)) (then (return (i32.const 0))))
  ;; ceil(log2(total)) - 4
  (i32.sub (i32.sub (i32.const 32) (i32.clz (i32.sub (local.get $total) (i32.const 1))))
           (i32.const 4)))

;; `size` fresh bytes from the bump pointer, growing memory as needed.
(func $bump (param $size i32) (result i32)
  (local $block i32) (local $end i32) (local $have i32)
  (local.set $block (global.get $heap_top))
  (local.set $end (i32.add (local.get $block) (local.get $size)))
  (if (i32.lt_u (local.get $end) (local.get $block)) (then (call $out_of_memory)))
  (local.set $have (i32.shl (memory.size) (i32.const 16)))
  (if (i32.gt_u (local.get $end) (local.get $have))
    (then
      (if (i32.lt_s
            (memory.grow
              (i32.shr_u (i32.add (i32.sub (local.get $end) (local.get $have)) (i32.const 65535))
                         (i32.const 16)))
            (i32.const 0))
        (then (call $out_of_memory)))))
  (global.set $heap_top (local.get $end))
  (local.get $block))

(func $out_of_memory
  (call $flush)
  (call $err (global.get $T_OOM) (i32.const 21))
  (call $exit (i32.const 1)))

;; A block with room for `n` bytes; its contents are unspecified.
(func $alloc (export "rt_alloc") (param $n i32) (result i32)
  (local $total i32) (local $class i32) (local $head i32) (local $block i32)
  (if (i32.gt_u (local.get $n) (i32.const 0x7fff0000)) (then (call $out_of_memory)))
  (local.set $total (i32.add (local.get $n) (i32.const 8)))
  (if (i32.le_u (local.get $total) (i32.const 4096))
    (then
      (local.set $class (call $size_class (local.get $total)))
      (local.set $head (i32.add (i32.const 160) (i32.shl (local.get $class) (i32.const 2))))
      (local.set $block (i32.load (local.get $head)))
      (if (local.get $block)
        (then (i32.store (local.get $head) (i32.load offset=4 (local.get $block))))
        (else (local.set $block
                (call $bump (i32.shl (i32.const 16) (local.get $class))))))
      (i32.store (local.get $block) (i32.shl (i32.const 16) (local.get $class)))
      (return (i32.add (local.get $block) (i32.const 8)))))
  (local.set $total (i32.and (i32.add (local.get $total) (i32.const 15)) (i32.const -16)))
  (local.set $block (call $take_best_fit (local.get $total)))
  (if (local.get $block) (then (return (i32.add (local.get $block) (i32.const 8)))))
  (local.set $block (call $bump (local.get $total)))
  (i32.store (local.get $block) (local.get $total))
  (i32.add (local.get $block) (i32.const 8)))

;; Unlinks and returns the smallest block of the large list with at least `total` bytes (an
;; exact fit ends the search), or 0 when none is big enough.
(func $take_best_fit (param $total i32) (result i32)
  (local $link i32) (local $block i32) (local $size i32)
  (local $best i32) (local $best_link i32) (local $best_size i32)
  (local.set $link (i32.const 196))
  (local.set $block (i32.load (i32.const 196)))
  (block $done
    (loop $next
      (br_if $done (i32.eqz (local.get $block)))
      (local.set $size (i32.load (local.get $block)))
      (if (i32.and (i32.ge_u (local.get $size) (local.get $total))
                   (i32.or (i32.eqz (local.get $best))
                           (i32.lt_u (local.get $size) (local.get $best_size))))
        (then
          (local.set $best (local.get $block))
          (local.set $best_link (local.get $link))
          (local.set $best_size (local.get $size))
          (br_if $done (i32.eq (local.get $size) (local.get $total)))))
      (local.set $link (i32.add (local.get $block) (i32.const 4)))
      (local.set $block (i32.load offset=4 (local.get $block)))
      (br $next)))
  (if (local.get $best)
    (then (i32.store (local.get $best_link) (i32.load offset=4 (local.get $best)))))
  (local.get $best))

;; Whether the block at `p` (from `$alloc`) now holds `n` bytes, without moving: it already
;; has the room (best fit may have given a bigger block), or it ends at the bump pointer and
;; no free block is big enough, so it is extended there. A growing array then copies nothing
;; while it is the last block of the heap, and a freed big block is still reused first
;; (memory does not grow on every round of a program that builds big arrays).
(func $grow_in_place (param $p i32) (param $n i32) (result i32)
  (local $block i32) (local $size i32) (local $total i32)
  (local.set $block (i32.sub (local.get $p) (i32.const 8)))
  (local.set $size (i32.load (local.get $block)))
  (if (i32.gt_u (local.get $n) (i32.const 0x7fff0000)) (then (return (i32.const 0))))
  (local.set $total (i32.and (i32.add (local.get $n) (i32.const 23)) (i32.const -16)))
  (if (i32.le_u (local.get $total) (local.get $size)) (then (return (i32.const 1))))
  ;; Only a block that becomes large (over 4096 bytes) may take any size: `$free` files
  ;; smaller ones under their size class.
  (if (i32.le_u (local.get $total) (i32.const 4096)) (then (return (i32.const 0))))
  (if (i32.ne (i32.add (local.get $block) (local.get $size)) (global.get $heap_top))
    (then (return (i32.const 0))))
  (if (call $large_fit_exists (local.get $total)) (then (return (i32.const 0))))
  (drop (call $bump (i32.sub (local.get $total) (local.get $size))))
  (i32.store (local.get $block) (local.get $total))
  (i32.const 1))

;; Whether the large list has a block with at least `total` bytes.
(func $large_fit_exists (param $total i32) (result i32)
  (local $block i32)
  (local.set $block (i32.load (i32.const 196)))
  (block $done
    (loop $next
      (br_if $done (i32.eqz (local.get $block)))
      (if (i32.ge_u (i32.load (local.get $block)) (local.get $total)) (then (return (i32.const 1))))
      (local.set $block (i32.load offset=4 (local.get $block)))
      (br $next)))
  (i32.const 0))

;; Gives a block from `$alloc` back.
(func $free (export "rt_free") (param $p i32)
  (local $block i32) (local $size i32) (local $head i32)
  (local.set $block (i32.sub (local.get $p) (i32.const 8)))
  (local.set $size (i32.load (local.get $block)))
  (if (i32.le_u (local.get $size) (i32.const 4096))
    (then
      (local.set $head
        (i32.add (i32.const 160) (i32.shl (call $size_class (local.get $size)) (i32.const 2)))))
    (else (local.set $head (i32.const 196))))
  (i32.store offset=4 (local.get $block) (i32.load (local.get $head)))
  (i32.store (local.get $head) (local.get $block)))
