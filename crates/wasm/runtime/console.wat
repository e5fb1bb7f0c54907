;; console.wat — ConsoleBox, exactly as the VM's `builtins/console.rs`: `log`, `warn` and
;; `error` print their arguments' `toString()`s separated by one space and end the line (`log`
;; on standard output, `warn` and `error` on standard error); `print(x)` writes without a
;; line end, `println(x)` / `println()` with one. A ConsoleBox has no state (tag 13, bits 0).
;;
;; Methods are numbered as in the VM's `ConsoleMethod` list: log 0, print 1, println 2,
;; warn 3, error 4, readLine 5 (`rt_read_line` in `io.wat`: a line without its ending, or
;; null at the end of input). The arguments, any number of them, arrive as an array the
;; function takes over.

(global $C_ZERO_OR_ONE i32 (i32.const 115200)) (data (i32.const 115200) " takes 0 or 1 arguments, got ") ;; 29 bytes
(global $C_NEWLINE i32 (i32.const 115232)) (data (i32.const 115232) "\0a")
(global $C_CONSOLE i32 (i32.const 115240)) (data (i32.const 115240) "<ConsoleBox>") ;; 12 bytes
(global $C_MATH i32 (i32.const 115256)) (data (i32.const 115256) "<MathBox>") ;; 9 bytes

(func $console_method (export "rt_console_method")
      (param $site i32) (param $code i32) (param $who i32) (param $given i32) (param $args i32)
      (param $xt i32) (param $xb i64) (param $yt i32) (param $yb i64) (result i32 i64)
  (local $s i32) (local $i i32)
  (if (i32.eq (local.get $code) (i32.const 5))
    (then
      (call $release (i32.const 5) (i64.extend_i32_u (local.get $args)))
      (if (local.get $given)
        (then
          (call $raise_arity (local.get $site)
                             (call $str_push_str (call $str_alloc (i32.const 64)) (local.get $who))
                             (i32.const 0) (local.get $given))
          (return (i32.const 0) (i64.const 0))))
      (local.set $s (call $read_line))
      (if (i32.eqz (local.get $s)) (then (return (i32.const 0) (i64.const 0))))
      (return (i32.const 4) (i64.extend_i32_u (local.get $s)))))
  (if (i32.and (i32.eq (local.get $code) (i32.const 1)) (i32.ne (local.get $given) (i32.const 1)))
    (then
      (call $raise_arity (local.get $site)
                         (call $str_push_str (call $str_alloc (i32.const 64)) (local.get $who))
                         (i32.const 1) (local.get $given))))
  (if (i32.and (i32.eq (local.get $code) (i32.const 2)) (i32.gt_u (local.get $given) (i32.const 1)))
    (then
      (local.set $s (call $str_push_str (call $str_alloc (i32.const 64)) (local.get $who)))
      (local.set $s (call $str_push (local.get $s) (global.get $C_ZERO_OR_ONE) (i32.const 29)))
      (call $raise (local.get $site)
                   (call $str_push_value (local.get $s) (i32.const 2)
                                         (i64.extend_i32_u (local.get $given))))))
  (if (global.get $pending)
    (then
      (call $release (i32.const 5) (i64.extend_i32_u (local.get $args)))
      (return (i32.const 0) (i64.const 0))))
  (local.set $s (call $str_alloc (i32.const 32)))
  (block $done
    (loop $next
      (br_if $done (i32.ge_u (local.get $i) (call $array_len (local.get $args))))
      (if (local.get $i)
        (then (local.set $s (call $str_push (local.get $s) (i32.add (global.get $A_SEP) (i32.const 1))
                                            (i32.const 1)))))
      (local.set $s (call $display_push (local.get $s) (local.get $site)
        (i32.load (call $array_slot (local.get $args) (local.get $i)))
        (i64.load offset=8 (call $array_slot (local.get $args) (local.get $i)))))
      (if (global.get $pending)
        (then
          (call $free (local.get $s))
          (call $release (i32.const 5) (i64.extend_i32_u (local.get $args)))
          (return (i32.const 0) (i64.const 0))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
  (if (i32.ne (local.get $code) (i32.const 1))
    (then (local.set $s (call $str_push (local.get $s) (global.get $C_NEWLINE) (i32.const 1)))))
  (if (i32.ge_u (local.get $code) (i32.const 3))
    (then (call $err (call $str_bytes (local.get $s)) (call $str_len (local.get $s))))
    (else (call $out (call $str_bytes (local.get $s)) (call $str_len (local.get $s)))))
  (call $free (local.get $s))
  (call $release (i32.const 5) (i64.extend_i32_u (local.get $args)))
  (i32.const 0)
  (i64.const 0))
