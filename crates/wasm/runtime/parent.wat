;; parent.wat — built-in parents (`box Stack from ArrayBox`): every instance of such a box owns
;; one built-in box, created with no arguments with the instance and kept in the instance's
;; parent slot (offset 16: tag, padding, bits), which answers the methods the box does not
;; have, after `toString`, `type` and `equals` (the VM's `universal_method`). The slot is
;; released after the fields (`lifecycle.wat`).

;; `rt_lookup` for a method name that some built-in boxes have: `mask` has bit `t` set for
;; each such box's tag `t`. Gives -2 when a live user box without that method (and the name
;; not one every box has) owns a built-in parent of such a tag: the caller then calls the
;; parent's method. Otherwise exactly `rt_lookup`.
(func $lookup_parent (export "rt_lookup_parent")
      (param $site i32) (param $tag i32) (param $bits i64) (param $sym i32) (param $given i32)
      (param $mask i32) (result i32)
  (local $obj i32)
  (if (i32.eq (local.get $tag) (i32.const 7))
    (then
      (local.set $obj (i32.wrap_i64 (local.get $bits)))
      (if (i32.and
            (i32.and (i32.ne (i32.load offset=8 (local.get $obj)) (i32.const 2))
                     (i32.ne (i32.and (local.get $mask)
                                      (i32.shl (i32.const 1) (i32.load offset=16 (local.get $obj))))
                             (i32.const 0)))
            (i32.and (i32.eqz (call $find_method (call $class_record (local.get $obj))
                                                 (local.get $sym)))
                     (i32.eqz (call $is_common_sym (local.get $sym)))))
        (then (return (i32.const -2))))))
  (call $lookup (local.get $site) (local.get $tag) (local.get $bits) (local.get $sym)
                (local.get $given)))

;; Whether `sym` is `toString`, `type` or `equals`.
(func $is_common_sym (param $sym i32) (result i32)
  (i32.or (i32.eq (local.get $sym) (global.get $sym_to_string))
          (i32.or (i32.eq (local.get $sym) (global.get $sym_type))
                  (i32.eq (local.get $sym) (global.get $sym_equals)))))

;; `from P.m()` reaches the built-in parent of `me`: the parent box (owned), or null for a
;; value that is not a user box.
(func $builtin_parent (export "rt_builtin_parent") (param $tag i32) (param $bits i64)
      (result i32 i64)
  (local $obj i32)
  (if (i32.ne (local.get $tag) (i32.const 7)) (then (return (i32.const 0) (i64.const 0))))
  (local.set $obj (i32.wrap_i64 (local.get $bits)))
  (call $retain (i32.load offset=16 (local.get $obj)) (i64.load offset=24 (local.get $obj)))
  (i32.load offset=16 (local.get $obj))
  (i64.load offset=24 (local.get $obj)))
