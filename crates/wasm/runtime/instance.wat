;; instance.wat — user box instances: creation, fields, method lookup, the methods every box
;; has, and calls from the runtime into generated methods (their end: `lifecycle.wat`).
;;
;; Instance layout: rc i32 | kind i32 (class id + 16) | flags i32 | weak cell i32 |
;; built-in parent slot (16 bytes) | one 16-byte slot (tag i32, padding, bits i64) per field,
;; in `Class::fields` order. A null slot is all zeros, so a fresh instance is zero-filled.
;;
;; The compiler writes one 32-byte record per class at `$classes` (by class id):
;;   0 name (string object) | 4 field count | 8 fields (one i32 per field: its Sym, plus bit
;;   31 if it is weak) | 12 method entries | 16 method count | 20 the `toString` entry, or 0 |
;;   24 table slot of its `fini()`, or -1
;; A method entry is 16 bytes: Sym | table slot | parameter count (with `me`) | function
;; name (string object, `Dog.speak`), sorted by Sym. `$symbols` holds the string object of
;; each Sym (for error messages); `$sym_to_string`, `$sym_type` and `$sym_equals` are the Syms
;; of the methods every box has (-1 when the program never names them).

(global $classes (export "classes") (mut i32) (i32.const 0))
(global $symbols (export "symbols") (mut i32) (i32.const 0))
(global $sym_to_string (export "sym_to_string") (mut i32) (i32.const -1))
(global $sym_type (export "sym_type") (mut i32) (i32.const -1))
(global $sym_equals (export "sym_equals") (mut i32) (i32.const -1))

;; The record of an instance's class.
(func $class_record (param $obj i32) (result i32)
  (i32.add (global.get $classes)
           (i32.shl (i32.sub (i32.load offset=4 (local.get $obj)) (i32.const 16)) (i32.const 5))))

;; The name of a user box instance's class, as a string object.
(func $class_name (param $obj i32) (result i32)
  (i32.load (call $class_record (local.get $obj))))

;; A new instance of class `class` with every field null, count 1.
(func $new_instance (export "rt_new_instance") (param $class i32) (result i32)
  (local $size i32) (local $obj i32)
  (local.set $size
    (i32.add (i32.const 32)
             (i32.shl (i32.load offset=4 (i32.add (global.get $classes)
                                                 (i32.shl (local.get $class) (i32.const 5))))
                      (i32.const 4))))
  (local.set $obj (call $alloc (local.get $size)))
  (memory.fill (local.get $obj) (i32.const 0) (local.get $size))
  (i32.store (local.get $obj) (i32.const 1))
  (i32.store offset=4 (local.get $obj) (i32.add (local.get $class) (i32.const 16)))
  (local.get $obj))

;; Appends the name of a Sym.
(func $push_symbol (param $s i32) (param $sym i32) (result i32)
  (call $str_push_str (local.get $s)
    (i32.load (i32.add (global.get $symbols) (i32.shl (local.get $sym) (i32.const 2))))))

;; Appends `N argument` or `N arguments`.
(func $push_arguments (param $s i32) (param $n i32) (result i32)
  (local.set $s (call $str_push_value (local.get $s) (i32.const 2) (i64.extend_i32_s (local.get $n))))
  (local.set $s (call $str_push (local.get $s) (global.get $T_ARGUMENT) (i32.const 9)))
  (if (i32.ne (local.get $n) (i32.const 1))
    (then
      (i32.store8 (i32.const 64) (i32.const 115))
      (local.set $s (call $str_push (local.get $s) (i32.const 64) (i32.const 1)))))
  (local.get $s))

;; Raises `WHO takes N arguments, got G` where `$s` already holds WHO.
(func $raise_arity (param $site i32) (param $s i32) (param $takes i32) (param $given i32)
  (local.set $s (call $str_push (local.get $s) (global.get $T_TAKES) (i32.const 7)))
  (local.set $s (call $push_arguments (local.get $s) (local.get $takes)))
  (local.set $s (call $str_push (local.get $s) (global.get $T_GOT) (i32.const 6)))
  (local.set $s (call $str_push_value (local.get $s) (i32.const 2)
                                      (i64.extend_i32_s (local.get $given))))
  (call $raise (local.get $site) (local.get $s)))

;; Raises `use of finalised Dog instance` if `obj` is finalised.
(func $check_live (param $site i32) (param $obj i32)
  (local $s i32)
  (if (i32.eq (i32.load offset=8 (local.get $obj)) (i32.const 2))
    (then
      (local.set $s (call $str_push (call $str_alloc (i32.const 48)) (global.get $T_USE_OF) (i32.const 17)))
      (local.set $s (call $str_push_str (local.get $s) (call $class_name (local.get $obj))))
      (local.set $s (call $str_push (local.get $s) (global.get $T_INSTANCE) (i32.const 9)))
      (call $raise (local.get $site) (local.get $s)))))

;; The field entry (Sym and weak bit) of field `sym` of the value; raises unless it is a live
;; user box with that field. `$write` chooses the message for a value that is not a user box.
(func $field_entry
      (param $site i32) (param $write i32) (param $tag i32) (param $bits i64) (param $sym i32)
      (result i32)
  (local $obj i32) (local $record i32) (local $entry i32) (local $end i32) (local $s i32)
  (if (i32.ne (local.get $tag) (i32.const 7))
    (then
      (local.set $s (call $str_alloc (i32.const 48)))
      (if (local.get $write)
        (then (local.set $s (call $str_push (local.get $s) (global.get $T_CANNOT_SET) (i32.const 18))))
        (else (local.set $s (call $str_push (local.get $s) (global.get $T_CANNOT_READ) (i32.const 19)))))
      (local.set $s (call $push_symbol (local.get $s) (local.get $sym)))
      (local.set $s (call $str_push (local.get $s) (global.get $T_OF) (i32.const 5)))
      (local.set $s (call $push_type_name (local.get $s) (local.get $tag) (local.get $bits)))
      (call $raise (local.get $site) (local.get $s))
      (return (i32.const 0))))
  (local.set $obj (i32.wrap_i64 (local.get $bits)))
  (call $check_live (local.get $site) (local.get $obj))
  (if (global.get $pending) (then (return (i32.const 0))))
  (local.set $record (call $class_record (local.get $obj)))
  (local.set $entry (i32.load offset=8 (local.get $record)))
  (local.set $end (i32.add (local.get $entry)
                           (i32.shl (i32.load offset=4 (local.get $record)) (i32.const 2))))
  (block $missing
    (loop $next
      (br_if $missing (i32.ge_u (local.get $entry) (local.get $end)))
      (if (i32.eq (i32.and (i32.load (local.get $entry)) (i32.const 0x7fffffff)) (local.get $sym))
        (then (return (local.get $entry))))
      (local.set $entry (i32.add (local.get $entry) (i32.const 4)))
      (br $next)))
  ;; unknown field `f` on Dog
  (local.set $s (call $str_push (call $str_alloc (i32.const 48)) (global.get $T_UNKNOWN_FIELD) (i32.const 15)))
  (local.set $s (call $push_symbol (local.get $s) (local.get $sym)))
  (local.set $s (call $str_push (local.get $s) (global.get $T_ON) (i32.const 5)))
  (local.set $s (call $str_push_str (local.get $s) (i32.load (local.get $record))))
  (call $raise (local.get $site) (local.get $s))
  (i32.const 0))

;; The slot of an instance's field, given its field entry.
(func $slot_of (param $obj i32) (param $entry i32) (result i32)
  (local $record i32)
  (local.set $record (call $class_record (local.get $obj)))
  (i32.add (i32.add (local.get $obj) (i32.const 32))
           (i32.shl (i32.sub (local.get $entry) (i32.load offset=8 (local.get $record)))
                    (i32.const 2))))

;; `object.field` (owned result).
(func $get_field (export "rt_get_field")
      (param $site i32) (param $tag i32) (param $bits i64) (param $sym i32) (result i32 i64)
  (local $entry i32)
  (local.set $entry (call $field_entry (local.get $site) (i32.const 0)
                                       (local.get $tag) (local.get $bits) (local.get $sym)))
  (if (i32.eqz (local.get $entry)) (then (return (i32.const 0) (i64.const 0))))
  (call $read_slot (call $slot_of (i32.wrap_i64 (local.get $bits)) (local.get $entry))))

;; `object.field = value` (the caller keeps its reference to `value`).
(func $set_field (export "rt_set_field")
      (param $site i32) (param $tag i32) (param $bits i64) (param $sym i32)
      (param $vt i32) (param $vb i64)
  (local $entry i32)
  (local.set $entry (call $field_entry (local.get $site) (i32.const 1)
                                       (local.get $tag) (local.get $bits) (local.get $sym)))
  (if (i32.eqz (local.get $entry)) (then (return)))
  (call $write_slot (call $slot_of (i32.wrap_i64 (local.get $bits)) (local.get $entry))
                    (i32.shr_u (i32.load (local.get $entry)) (i32.const 31))
                    (local.get $vt) (local.get $vb)))

;; The method entry answering `sym` in a class record, or 0.
(func $find_method (param $record i32) (param $sym i32) (result i32)
  (local $entry i32) (local $end i32)
  (local.set $entry (i32.load offset=12 (local.get $record)))
  (local.set $end (i32.add (local.get $entry)
                           (i32.shl (i32.load offset=16 (local.get $record)) (i32.const 4))))
  (block $missing
    (loop $next
      (br_if $missing (i32.ge_u (local.get $entry) (local.get $end)))
      (if (i32.eq (i32.load (local.get $entry)) (local.get $sym))
        (then (return (local.get $entry))))
      (local.set $entry (i32.add (local.get $entry) (i32.const 16)))
      (br $next)))
  (i32.const 0))

;; Raises `Dog.speak takes 0 arguments, got 1` unless the method of `entry` takes `given`
;; arguments besides `me`.
(func $check_arity (param $site i32) (param $entry i32) (param $given i32)
  (local $params i32)
  (local.set $params (i32.load offset=8 (local.get $entry)))
  (if (i32.ne (local.get $params) (i32.add (local.get $given) (i32.const 1)))
    (then
      (call $raise_arity (local.get $site)
        (call $str_push_str (call $str_alloc (i32.const 48)) (i32.load offset=12 (local.get $entry)))
        (i32.sub (local.get $params) (i32.const 1)) (local.get $given)))))

;; For a method every box has (`toString`, `type`, `equals`), checks the argument count; for
;; any other name raises `unknown method `m` on T`.
(func $check_common (param $site i32) (param $tag i32) (param $bits i64) (param $sym i32)
      (param $given i32)
  (local $takes i32) (local $s i32)
  (local.set $takes (i32.const -1))
  (if (i32.eq (local.get $sym) (global.get $sym_to_string)) (then (local.set $takes (i32.const 0))))
  (if (i32.eq (local.get $sym) (global.get $sym_type)) (then (local.set $takes (i32.const 0))))
  (if (i32.eq (local.get $sym) (global.get $sym_equals)) (then (local.set $takes (i32.const 1))))
  (if (i32.lt_s (local.get $takes) (i32.const 0))
    (then
      (local.set $s (call $str_push (call $str_alloc (i32.const 48)) (global.get $T_UNKNOWN_METHOD) (i32.const 16)))
      (local.set $s (call $push_symbol (local.get $s) (local.get $sym)))
      (local.set $s (call $str_push (local.get $s) (global.get $T_ON) (i32.const 5)))
      (local.set $s (call $push_type_name (local.get $s) (local.get $tag) (local.get $bits)))
      (call $raise (local.get $site) (local.get $s))
      (return)))
  (if (i32.ne (local.get $takes) (local.get $given))
    (then
      (local.set $s (call $push_type_name (call $str_alloc (i32.const 48)) (local.get $tag) (local.get $bits)))
      (local.set $s (call $str_push (local.get $s) (global.get $T_DOT) (i32.const 1)))
      (local.set $s (call $push_symbol (local.get $s) (local.get $sym)))
      (call $raise_arity (local.get $site) (local.get $s) (local.get $takes) (local.get $given)))))

;; `value.method(given arguments)`: the table slot of the user method to call, or -1 when a
;; method every box has answers (its argument count already checked). Raises the VM's
;; `unknown method` and argument-count errors.
(func $lookup (export "rt_lookup")
      (param $site i32) (param $tag i32) (param $bits i64) (param $sym i32) (param $given i32)
      (result i32)
  (local $entry i32)
  (if (i32.eq (local.get $tag) (i32.const 7))
    (then
      (call $check_live (local.get $site) (i32.wrap_i64 (local.get $bits)))
      (if (global.get $pending) (then (return (i32.const -1))))
      (local.set $entry (call $find_method (call $class_record (i32.wrap_i64 (local.get $bits)))
                                           (local.get $sym)))
      (if (local.get $entry)
        (then
          (call $check_arity (local.get $site) (local.get $entry) (local.get $given))
          (return (i32.load offset=4 (local.get $entry)))))))
  (call $check_common (local.get $site) (local.get $tag) (local.get $bits) (local.get $sym)
                      (local.get $given))
  (i32.const -1))

;; `type()` of a value, as a string object the caller owns.
(func $type_string (param $tag i32) (param $bits i64) (result i32)
  (if (i32.eq (local.get $tag) (i32.const 7))
    (then (return (call $class_name (i32.wrap_i64 (local.get $bits))))))
  (call $push_type_name (call $str_alloc (i32.const 16)) (local.get $tag) (local.get $bits)))

;; The methods every box has: `toString()` (0), `type()` (1), `equals(x)` (2); owned result.
(func $common (export "rt_common")
      (param $which i32) (param $site i32) (param $tag i32) (param $bits i64)
      (param $xt i32) (param $xb i64) (result i32 i64)
  (if (i32.eqz (local.get $which))
    (then (return (i32.const 4) (i64.extend_i32_u
      (call $to_string (local.get $site) (local.get $tag) (local.get $bits))))))
  (if (i32.eq (local.get $which) (i32.const 1))
    (then (return (i32.const 4) (i64.extend_i32_u
      (call $type_string (local.get $tag) (local.get $bits))))))
  (i32.const 1)
  (i64.extend_i32_u (call $equals (local.get $tag) (local.get $bits) (local.get $xt) (local.get $xb))))

;; Calls the generated function in table slot `slot` with `me` (owned) as its only argument,
;; as a call made at `site`: the depth limit, the call-site stack and `$depth` are kept as
;; generated calls keep them.
(func $call_method0 (param $site i32) (param $slot i32) (param $tag i32) (param $bits i64)
      (result i32 i64)
  (local $rt i32) (local $rb i64)
  (if (i32.ge_u (global.get $depth) (i32.const 10000))
    (then (call $raise_text (local.get $site) (global.get $T_OVERFLOW) (i32.const 14))
          (return (i32.const 0) (i64.const 0))))
  (i32.store (i32.add (global.get $CALL_SITES) (i32.shl (global.get $depth) (i32.const 2)))
             (local.get $site))
  (global.set $depth (i32.add (global.get $depth) (i32.const 1)))
  (call_indirect $generated (type $method0) (local.get $tag) (local.get $bits) (local.get $slot))
  (local.set $rb)
  (local.set $rt)
  (global.set $depth (i32.sub (global.get $depth) (i32.const 1)))
  (local.get $rt)
  (local.get $rb))

;; Appends `value.toString()` as `print` shows it: a user box with its own `toString()` is
;; shown by calling it (and what that returns is shown the same way); errors and calls are
;; reported at `site`.
(func $display_push (param $s i32) (param $site i32) (param $tag i32) (param $bits i64)
      (result i32)
  (local $entry i32) (local $rt i32) (local $rb i64)
  (if (i32.or (i32.le_u (i32.sub (local.get $tag) (i32.const 5)) (i32.const 1))
              (i32.ge_u (local.get $tag) (i32.const 13)))
    (then (return (call $container_show (local.get $s) (local.get $site) (local.get $tag) (local.get $bits)))))
  (if (i32.eq (local.get $tag) (i32.const 7))
    (then
      (local.set $entry (i32.load offset=20 (call $class_record (i32.wrap_i64 (local.get $bits)))))
      (if (local.get $entry)
        (then
          (call $check_live (local.get $site) (i32.wrap_i64 (local.get $bits)))
          (call $check_arity (local.get $site) (local.get $entry) (i32.const 0))
          (if (global.get $pending) (then (return (local.get $s))))
          (call $retain (local.get $tag) (local.get $bits))
          (call $call_method0 (local.get $site) (i32.load offset=4 (local.get $entry))
                              (local.get $tag) (local.get $bits))
          (local.set $rb)
          (local.set $rt)
          (if (global.get $pending) (then (return (local.get $s))))
          (local.set $s (call $display_push (local.get $s) (local.get $site)
                                            (local.get $rt) (local.get $rb)))
          (call $release (local.get $rt) (local.get $rb))
          (return (local.get $s))))))
  (if (i32.eq (local.get $tag) (i32.const 8))
    (then (return (call $push_error (local.get $s) (i32.wrap_i64 (local.get $bits))))))
  (if (i32.eq (local.get $tag) (i32.const 9))
    (then (return (call $push_future (local.get $s) (local.get $site)
                                     (i32.wrap_i64 (local.get $bits))))))
  (if (i32.le_u (i32.sub (local.get $tag) (i32.const 10)) (i32.const 2))
    (then (return (call $outcome_show (local.get $s) (local.get $site)
                                      (local.get $tag) (local.get $bits)))))
  (call $str_push_value (local.get $s) (local.get $tag) (local.get $bits)))
