;; rc.wat — reference counting of heap values.
;;
;; A value `(tag, bits)` with 4 <= tag <= 12 is a heap object at address `bits`; its first
;; i32 is the strong count. Objects in the data segments (string literals, static box
;; singletons) have a negative count and are never counted or freed. When a count drops to
;; zero the object is freed: a string owns nothing; a user box releases its fields first
;; (`instance.wat`).

;; Whether a value of this tag lives on the heap.
(func $is_heap (param $tag i32) (result i32)
  (i32.le_u (i32.sub (local.get $tag) (i32.const 4)) (i32.const 8)))

(func $retain (export "rt_retain") (param $tag i32) (param $bits i64)
  (local $obj i32) (local $rc i32)
  (if (call $is_heap (local.get $tag))
    (then
      (local.set $obj (i32.wrap_i64 (local.get $bits)))
      (local.set $rc (i32.load (local.get $obj)))
      (if (i32.ge_s (local.get $rc) (i32.const 0))
        (then (i32.store (local.get $obj) (i32.add (local.get $rc) (i32.const 1))))))))

(func $release (export "rt_release") (param $tag i32) (param $bits i64)
  (local $obj i32) (local $rc i32)
  (if (call $is_heap (local.get $tag))
    (then
      (local.set $obj (i32.wrap_i64 (local.get $bits)))
      (local.set $rc (i32.load (local.get $obj)))
      (if (i32.gt_s (local.get $rc) (i32.const 1))
        (then (i32.store (local.get $obj) (i32.sub (local.get $rc) (i32.const 1))))
        (else
          (if (i32.eq (local.get $rc) (i32.const 1))
            (then (call $free_object (local.get $obj)))))))))

;; Frees an object whose count reached zero (a user box frees what only it kept alive).
(func $free_object (param $obj i32)
  (if (i32.eq (i32.load offset=4 (local.get $obj)) (i32.const 8))
    (then (return (call $free_error (local.get $obj)))))
  ;; A FutureBox or ResultBox is taken apart on the work stack, as a user box is: a long
  ;; chain of them needs no native stack, and what it holds goes in its place in line.
  (if (i32.le_u (i32.sub (i32.load offset=4 (local.get $obj)) (i32.const 9)) (i32.const 1))
    (then (return (call $free_instance (local.get $obj)))))
  (if (i32.or (i32.ge_u (i32.load offset=4 (local.get $obj)) (i32.const 16))
              (i32.le_u (i32.sub (i32.load offset=4 (local.get $obj)) (i32.const 5)) (i32.const 1)))
    (then (call $free_instance (local.get $obj)))
    (else (call $free (local.get $obj)))))
