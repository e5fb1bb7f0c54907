;; error.wat — reporting a runtime error nobody catches, byte for byte as the VM's CLI does.
;;
;; Generated code numbers every place that can fail (a *site*). The linker places a table of
;; 32-byte site records at `$sites` (the address is set when linking):
;;   function name (ptr, len) | text between the message and the note text (ptr, len) |
;;   text after the note text (ptr, len) | the site as a caller, `Main.main (app.nyash:4:9)`
;; The texts are cut out of what `nyash_diagnostics::render_to_string` prints for an error
;; at that site, so the output is the renderer's by construction.
;;
;; The call stack comes from the call-site stack: before each call, generated code stores the
;; call's site number in slot `$depth` (at 66560 + 4 × depth) and increments `$depth`; the
;; frame at depth d was called from the site in slot d - 1. Slot 1 belongs to the entry
;; function, which the VM does not list as a caller. As in the VM, eight callers are listed
;; and the rest counted (`, ... and N more`).

(global $sites (export "sites") (mut i32) (i32.const 0))
(global $CALL_SITES i32 (i32.const 66560))
(global $MAX_LISTED_CALLERS i32 (i32.const 8))

;; Writes the (ptr, len) pair stored at `at` to standard error.
(func $err_pair (param $at i32)
  (call $err (i32.load (local.get $at)) (i32.load offset=4 (local.get $at))))

;; Reports the error `msg` (a string object) raised at `site` and ends the program with exit
;; code 1 (standard output is flushed first).
(func $raise (export "rt_raise") (param $site i32) (param $msg i32)
  (local $record i32) (local $slot i32) (local $listed i32)
  (call $flush)
  (call $err (global.get $T_ERROR) (i32.const 7))
  (call $err (i32.add (local.get $msg) (i32.const 20)) (i32.load offset=8 (local.get $msg)))
  (local.set $record (i32.add (global.get $sites) (i32.shl (local.get $site) (i32.const 5))))
  (call $err_pair (i32.add (local.get $record) (i32.const 8)))
  (call $err (global.get $T_IN) (i32.const 3))
  (call $err_pair (local.get $record))
  (local.set $slot (i32.sub (global.get $depth) (i32.const 1)))
  (block $listed_all
    (loop $caller
      (br_if $listed_all (i32.lt_s (local.get $slot) (i32.const 2)))
      (br_if $listed_all (i32.ge_u (local.get $listed) (global.get $MAX_LISTED_CALLERS)))
      (call $err (global.get $T_CALLED) (i32.const 14))
      (call $err_pair
        (i32.add
          (i32.add (global.get $sites)
                   (i32.shl (i32.load (i32.add (global.get $CALL_SITES)
                                               (i32.shl (local.get $slot) (i32.const 2))))
                            (i32.const 5)))
          (i32.const 24)))
      (local.set $listed (i32.add (local.get $listed) (i32.const 1)))
      (local.set $slot (i32.sub (local.get $slot) (i32.const 1)))
      (br $caller)))
  (if (i32.ge_s (local.get $slot) (i32.const 2))
    (then
      (call $err (global.get $T_MORE) (i32.const 10))
      (call $err (i32.const 64)
                 (call $fmt_i64 (i64.extend_i32_s (i32.sub (local.get $slot) (i32.const 1)))
                                (i32.const 64)))
      (call $err (global.get $T_MORE2) (i32.const 5))))
  (call $err_pair (i32.add (local.get $record) (i32.const 16)))
  (call $exit (i32.const 1)))

;; Appends the type name of a value (`IntegerBox`, or the class of a user box).
(func $push_type_name (param $s i32) (param $tag i32) (param $bits i64) (result i32)
  (local $entry i32)
  (if (i32.eq (local.get $tag) (i32.const 7))
    (then (return (call $str_push_str (local.get $s)
                        (call $class_name (i32.wrap_i64 (local.get $bits)))))))
  (local.set $entry (i32.add (global.get $TYPE_NAMES) (i32.shl (local.get $tag) (i32.const 4))))
  (call $str_push (local.get $s) (i32.add (local.get $entry) (i32.const 1))
                  (i32.load8_u (local.get $entry))))

;; Raises `unsupported operand types for OP: A and B`.
(func $unsupported_binary (param $op i32) (param $site i32)
      (param $at i32) (param $ab i64) (param $bt i32) (param $bb i64)
  (local $s i32) (local $sym i32)
  (local.set $sym (i32.add (global.get $OPS) (i32.shl (local.get $op) (i32.const 2))))
  (local.set $s (call $str_push (call $str_alloc (i32.const 64)) (global.get $T_UNSUP2) (i32.const 30)))
  (local.set $s (call $str_push (local.get $s) (i32.add (local.get $sym) (i32.const 1))
                                (i32.load8_u (local.get $sym))))
  (local.set $s (call $str_push (local.get $s) (global.get $T_COLON) (i32.const 2)))
  (local.set $s (call $push_type_name (local.get $s) (local.get $at) (local.get $ab)))
  (local.set $s (call $str_push (local.get $s) (global.get $T_AND) (i32.const 5)))
  (local.set $s (call $push_type_name (local.get $s) (local.get $bt) (local.get $bb)))
  (call $raise (local.get $site) (local.get $s)))

;; Raises the string of any value (`throw value`).
(func $throw (export "rt_throw") (param $site i32) (param $tag i32) (param $bits i64)
  (call $raise (local.get $site)
              (call $to_string (local.get $site) (local.get $tag) (local.get $bits))))
