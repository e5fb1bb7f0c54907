;; error.wat — raised errors as ErrorBox objects, catching, and reporting an error nobody
;; catches, byte for byte as the VM's CLI does.
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
;; function, which the VM does not list as a caller. An ErrorBox copies slots d - 1 down to 2
;; when it is raised: the list the VM collects while unwinding, also after a catch and a
;; rethrow. As in the VM, eight callers are listed and the rest counted (`, ... and N more`).
;;
;; An ErrorBox is 32 bytes: header (rc, kind 8) | message (string object, owned) | site |
;; depth it was raised at | caller count | capacity | callers (address of a block of site
;; numbers, innermost first, or 0). As the VM records callers while unwinding, the callers
;; between the raising frame and the frame that catches are added when it is caught, and the
;; rest when it reaches the top; a rethrow (`throw e`, a failed `await`) raises a copy that
;; keeps the callers recorded so far.
;; A FutureBox is 32 bytes: header (rc, kind 9) | 1 if it failed | padding | value slot (tag,
;; padding, bits), the value or, when failed, the ErrorBox (tag 8).
;;
;; Raising sets `$pending` and returns; generated code tests `$pending` after everything that
;; can raise and branches to its handler or leaves the function. `$handlers` counts the
;; try regions entered and not yet left, in all frames: with none, nothing can catch, so
;; raising reports at once (and runtime code after a raise never runs in such programs).

(global $sites (export "sites") (mut i32) (i32.const 0))
(global $CALL_SITES i32 (i32.const 66560))
(global $MAX_LISTED_CALLERS i32 (i32.const 8))
(global $pending (export "pending") (mut i32) (i32.const 0))
(global $handlers (export "handlers") (mut i32) (i32.const 0))
(global $T_ERRORBOX i32 (i32.const 126976)) (data (i32.const 126976) "ErrorBox(") ;; 9 bytes
(global $T_FUTUREBOX i32 (i32.const 126992)) (data (i32.const 126992) "FutureBox(") ;; 10 bytes
(global $T_CLOSE i32 (i32.const 127008)) (data (i32.const 127008) ")") ;; 1 byte

;; Writes the (ptr, len) pair stored at `at` to standard error.
(func $err_pair (param $at i32)
  (call $err (i32.load (local.get $at)) (i32.load offset=4 (local.get $at))))

;; The site record of site number `site`.
(func $site_record (param $site i32) (result i32)
  (i32.add (global.get $sites) (i32.shl (local.get $site) (i32.const 5))))

;; A new ErrorBox (count 1) for `msg` (owned) raised at `site`, with no callers yet.
(func $new_error (param $site i32) (param $msg i32) (result i32)
  (local $e i32)
  (local.set $e (call $alloc (i32.const 32)))
  (i64.store (local.get $e) (i64.const 0x800000001))
  (i32.store offset=8 (local.get $e) (local.get $msg))
  (i32.store offset=12 (local.get $e) (local.get $site))
  (i64.store offset=16 (local.get $e) (i64.const 0))
  (i64.store offset=24 (local.get $e) (i64.const 0))
  (local.get $e))

;; A copy of the ErrorBox `e` (count 1): same message, site and callers so far.
(func $copy_error (param $e i32) (result i32)
  (local $c i32) (local $n i32)
  (call $retain (i32.const 4) (i64.extend_i32_u (i32.load offset=8 (local.get $e))))
  (local.set $c (call $new_error (i32.load offset=12 (local.get $e))
                                 (i32.load offset=8 (local.get $e))))
  (local.set $n (i32.load offset=20 (local.get $e)))
  (if (local.get $n)
    (then
      (i32.store offset=28 (local.get $c) (call $alloc (i32.shl (local.get $n) (i32.const 2))))
      (memory.copy (i32.load offset=28 (local.get $c)) (i32.load offset=28 (local.get $e))
                   (i32.shl (local.get $n) (i32.const 2)))
      (i32.store offset=20 (local.get $c) (local.get $n))
      (i32.store offset=24 (local.get $c) (local.get $n))))
  (local.get $c))

;; Appends one caller (a site number) to the ErrorBox `e`.
(func $push_caller (param $e i32) (param $site i32)
  (local $n i32) (local $cap i32) (local $list i32)
  (local.set $n (i32.load offset=20 (local.get $e)))
  (local.set $cap (i32.load offset=24 (local.get $e)))
  (if (i32.ge_u (local.get $n) (local.get $cap))
    (then
      (local.set $cap (i32.add (i32.shl (local.get $cap) (i32.const 1)) (i32.const 8)))
      (local.set $list (call $alloc (i32.shl (local.get $cap) (i32.const 2))))
      (if (local.get $n)
        (then
          (memory.copy (local.get $list) (i32.load offset=28 (local.get $e))
                       (i32.shl (local.get $n) (i32.const 2)))
          (call $free (i32.load offset=28 (local.get $e)))))
      (i32.store offset=28 (local.get $e) (local.get $list))
      (i32.store offset=24 (local.get $e) (local.get $cap))))
  (i32.store (i32.add (i32.load offset=28 (local.get $e)) (i32.shl (local.get $n) (i32.const 2)))
             (local.get $site))
  (i32.store offset=20 (local.get $e) (i32.add (local.get $n) (i32.const 1))))

;; Records the callers the error passed on its way from where it was raised to the frame at
;; depth `$depth` (the entry, slot 1, is no caller), as the VM's unwinding does.
(func $commit_callers (param $e i32)
  (local $slot i32) (local $low i32)
  (local.set $slot (i32.sub (i32.load offset=16 (local.get $e)) (i32.const 1)))
  (local.set $low (global.get $depth))
  (if (i32.lt_s (local.get $low) (i32.const 2)) (then (local.set $low (i32.const 2))))
  (block $done
    (loop $next
      (br_if $done (i32.lt_s (local.get $slot) (local.get $low)))
      (call $push_caller (local.get $e)
        (i32.load (i32.add (global.get $CALL_SITES) (i32.shl (local.get $slot) (i32.const 2)))))
      (local.set $slot (i32.sub (local.get $slot) (i32.const 1)))
      (br $next)))
  (i32.store offset=16 (local.get $e) (global.get $depth)))

;; Frees an ErrorBox whose count reached zero.
(func $free_error (param $e i32)
  (call $release (i32.const 4) (i64.extend_i32_u (i32.load offset=8 (local.get $e))))
  (if (i32.load offset=28 (local.get $e)) (then (call $free (i32.load offset=28 (local.get $e)))))
  (call $free (local.get $e)))

;; Raises the ErrorBox `e` (owned) in the frame at depth `$depth`: reported at once when no
;; try region is open, else left in `$pending` for generated code to catch or pass on.
(func $raise_error (param $e i32)
  (i32.store offset=16 (local.get $e) (global.get $depth))
  (if (i32.eqz (global.get $handlers)) (then (call $report (local.get $e))))
  (global.set $pending (local.get $e)))

;; Raises the runtime error `msg` (a string object, owned) at `site`.
(func $raise (export "rt_raise") (param $site i32) (param $msg i32)
  (call $raise_error (call $new_error (local.get $site) (local.get $msg))))

;; Reports the ErrorBox `e` nobody caught and ends the program with exit code 1 (standard
;; output is flushed first).
(func $report (param $e i32)
  (local $record i32) (local $msg i32) (local $i i32) (local $n i32)
  (call $flush)
  (global.set $depth (i32.const 1))
  (call $commit_callers (local.get $e))
  (local.set $msg (i32.load offset=8 (local.get $e)))
  (call $err (global.get $T_ERROR) (i32.const 7))
  (call $err (i32.add (local.get $msg) (i32.const 20)) (i32.load offset=8 (local.get $msg)))
  (local.set $record (call $site_record (i32.load offset=12 (local.get $e))))
  (call $err_pair (i32.add (local.get $record) (i32.const 8)))
  (call $err (global.get $T_IN) (i32.const 3))
  (call $err_pair (local.get $record))
  (local.set $n (i32.load offset=20 (local.get $e)))
  (block $listed_all
    (loop $caller
      (br_if $listed_all (i32.ge_u (local.get $i) (local.get $n)))
      (br_if $listed_all (i32.ge_u (local.get $i) (global.get $MAX_LISTED_CALLERS)))
      (call $err (global.get $T_CALLED) (i32.const 14))
      (call $err_pair
        (i32.add
          (call $site_record
            (i32.load (i32.add (i32.load offset=28 (local.get $e))
                               (i32.shl (local.get $i) (i32.const 2)))))
          (i32.const 24)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $caller)))
  (if (i32.lt_u (local.get $i) (local.get $n))
    (then
      (call $err (global.get $T_MORE) (i32.const 10))
      (call $err (i32.const 64)
                 (call $fmt_i64 (i64.extend_i32_u (i32.sub (local.get $n) (local.get $i)))
                                (i32.const 64)))
      (call $err (global.get $T_MORE2) (i32.const 5))))
  (call $err_pair (i32.add (local.get $record) (i32.const 16)))
  (call $exit (i32.const 1)))

;; Reports the pending error, if any (an error that left the entry function).
(func $report_pending (export "rt_report_pending")
  (if (global.get $pending) (then (call $report (global.get $pending)))))

;; Takes the pending error for a handler in the frame at depth `$depth`: the ErrorBox
;; (owned) as the `bits` of a tag-8 value; the innermost open try region is left.
(func $catch (export "rt_catch") (result i64)
  (local $e i32)
  (local.set $e (global.get $pending))
  (global.set $pending (i32.const 0))
  (global.set $handlers (i32.sub (global.get $handlers) (i32.const 1)))
  (call $commit_callers (local.get $e))
  (i64.extend_i32_u (local.get $e)))

;; `message()` of an ErrorBox: its message (owned).
(func $error_message (export "rt_error_message") (param $e i32) (result i32)
  (call $retain (i32.const 4) (i64.extend_i32_u (i32.load offset=8 (local.get $e))))
  (i32.load offset=8 (local.get $e)))

;; Appends `ErrorBox(message)`.
(func $push_error (param $s i32) (param $e i32) (result i32)
  (local.set $s (call $str_push (local.get $s) (global.get $T_ERRORBOX) (i32.const 9)))
  (local.set $s (call $str_push_str (local.get $s) (i32.load offset=8 (local.get $e))))
  (call $str_push (local.get $s) (global.get $T_CLOSE) (i32.const 1)))

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

;; `throw value`: an ErrorBox is raised again as a copy (same message, site and callers);
;; any other value becomes `ErrorBox(value.toString())` raised at `site`.
(func $throw (export "rt_throw") (param $site i32) (param $tag i32) (param $bits i64)
  (local $msg i32)
  (if (i32.eq (local.get $tag) (i32.const 8))
    (then
      (call $raise_error (call $copy_error (i32.wrap_i64 (local.get $bits))))
      (return)))
  (local.set $msg (call $to_string (local.get $site) (local.get $tag) (local.get $bits)))
  (if (global.get $pending)
    (then
      ;; its own `toString()` raised: that error goes on instead
      (call $release (i32.const 4) (i64.extend_i32_u (local.get $msg)))
      (return)))
  (call $raise (local.get $site) (local.get $msg)))
