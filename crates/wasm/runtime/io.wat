;; io.wat — the module's only contact with the outside world (WASI preview1), the memory and
;; the entry point.
;;
;; Assembled first: the imports must precede every definition. Standard output is buffered in
;; linear memory (64 KiB at $OUT_BUF) and flushed when full and at exit; standard error is
;; written unbuffered (only error reports use it). `_start` sets the call depth to 1 (the
;; entry function's frame), calls the generated entry through table slot 0, flushes and
;; returns (exit code 0).
;;
;; Fixed memory map (shared with `abi.rs`, keep both in sync):
;;   16..24      iovec for fd_write        24..28   bytes written
;;   64..160     number text buffer        160..200 allocator free-list heads
;;   256..896    four big integers         1024..   stdout buffer (65536 bytes)
;;   66560..     call-site stack (10001 × i32)
;;   110592..    runtime texts (below); generated data follows the runtime's data.

(import "wasi_snapshot_preview1" "fd_write"
  (func $fd_write (param i32 i32 i32 i32) (result i32)))
(import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))

(memory (export "memory") 2)
;; Functions of the generated code the runtime calls; the linker sizes and fills it.
(table $generated 1 funcref)
(type $void (func))
;; A generated method taking only `me` (a user `toString()`).
(type $method0 (func (param i32 i64) (result i32 i64)))

(global $OUT_BUF i32 (i32.const 1024))
(global $OUT_CAP i32 (i32.const 65536))
(global $out_len (mut i32) (i32.const 0))

;; Number of active Nyash frames; generated code increments it around every call.
(global $depth (export "depth") (mut i32) (i32.const 0))

(func $start (export "_start")
  (global.set $depth (i32.const 1))
  (call_indirect $generated (type $void) (i32.const 0))
  (call $flush))

;; Writes all of memory[ptr..ptr+len] to `fd`, retrying partial writes; gives up on an error.
(func $write_fd (param $fd i32) (param $ptr i32) (param $len i32)
  (block $done
    (loop $again
      (br_if $done (i32.le_s (local.get $len) (i32.const 0)))
      (i32.store (i32.const 16) (local.get $ptr))
      (i32.store (i32.const 20) (local.get $len))
      (br_if $done
        (call $fd_write (local.get $fd) (i32.const 16) (i32.const 1) (i32.const 24)))
      (br_if $done (i32.eqz (i32.load (i32.const 24))))
      (local.set $ptr (i32.add (local.get $ptr) (i32.load (i32.const 24))))
      (local.set $len (i32.sub (local.get $len) (i32.load (i32.const 24))))
      (br $again))))

;; Writes the buffered standard output.
(func $flush
  (call $write_fd (i32.const 1) (global.get $OUT_BUF) (global.get $out_len))
  (global.set $out_len (i32.const 0)))

;; Appends bytes to standard output.
(func $out (param $ptr i32) (param $len i32)
  (if (i32.gt_u (local.get $len)
                (i32.sub (global.get $OUT_CAP) (global.get $out_len)))
    (then (call $flush)))
  (if (i32.ge_u (local.get $len) (global.get $OUT_CAP))
    (then
      (call $write_fd (i32.const 1) (local.get $ptr) (local.get $len))
      (return)))
  (memory.copy (i32.add (global.get $OUT_BUF) (global.get $out_len))
               (local.get $ptr) (local.get $len))
  (global.set $out_len (i32.add (global.get $out_len) (local.get $len))))

;; Writes bytes to standard error (unbuffered).
(func $err (param $ptr i32) (param $len i32)
  (call $write_fd (i32.const 2) (local.get $ptr) (local.get $len)))

;; `print(value)`: the value's text and a newline on standard output; a user box's own
;; `toString()` is called as if from `site`.
(func $print (export "rt_print") (param $site i32) (param $tag i32) (param $bits i64)
  (local $s i32)
  (if (i32.eq (local.get $tag) (i32.const 4))
    (then
      (local.set $s (i32.wrap_i64 (local.get $bits)))
      (call $out (i32.add (local.get $s) (i32.const 20)) (i32.load offset=8 (local.get $s))))
    (else
      (local.set $s (call $display_push (call $str_alloc (i32.const 24))
                                        (local.get $site) (local.get $tag) (local.get $bits)))
      (call $out (i32.add (local.get $s) (i32.const 20)) (i32.load offset=8 (local.get $s)))
      (call $free (local.get $s))))
  (i32.store8 (i32.const 64) (i32.const 10))
  (call $out (i32.const 64) (i32.const 1)))

;; Ends the program with `code` after flushing standard output.
(func $exit (param $code i32)
  (call $flush)
  (call $proc_exit (local.get $code))
  (unreachable))
