;; io.wat — the module's only contact with the outside world (WASI preview1), the memory and
;; the entry point.
;;
;; Assembled first: the imports must precede every definition. Standard output is buffered in
;; linear memory (64 KiB at $OUT_BUF) and flushed when full and at exit; standard error is
;; written unbuffered (only error reports use it). `_start` sets the call depth to 1 (the
;; entry function's frame), calls the generated entry through table slot 0, flushes and
;; returns (exit code 0).
;;
;; `readLine()` reads standard input through its own buffer and `rt_program_args` builds the
;; entry's `args` from `args_get` (without `argv[0]`, the module's name, as the VM).
;;
;; Fixed memory map (shared with `abi.rs`, keep both in sync):
;;   16..24      iovec for fd_write        24..28   bytes written
;;   32..48      clock and poll results (`time.wat`)
;;   64..160     number text buffer        160..200 allocator free-list heads
;;   256..896    four big integers         1024..   stdout buffer (65536 bytes)
;;   66560..     call-site stack (10001 × i32)
;;   129024..129944  scratch arrays and tables of `libm.wat` (huge trig arguments)
;;   110592..    runtime texts (below); generated data follows the runtime's data.

(import "wasi_snapshot_preview1" "fd_write"
  (func $fd_write (param i32 i32 i32 i32) (result i32)))
(import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
;; The clocks (RandomBox seeds, TimeBox) and sleeping (`TimeBox.sleep`, `time.wat`).
(import "wasi_snapshot_preview1" "clock_time_get"
  (func $clock_time_get (param i32 i64 i32) (result i32)))
(import "wasi_snapshot_preview1" "poll_oneoff"
  (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
(import "wasi_snapshot_preview1" "fd_read"
  (func $fd_read (param i32 i32 i32 i32) (result i32)))
(import "wasi_snapshot_preview1" "args_sizes_get"
  (func $args_sizes_get (param i32 i32) (result i32)))
(import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))

(memory (export "memory") 2)
;; Functions of the generated code the runtime calls; the linker sizes and fills it.
(table $generated 1 funcref)
(type $void (func))
;; A generated method taking only `me` (a user `toString()`).
(type $method0 (func (param i32 i64) (result i32 i64)))

(global $OUT_BUF i32 (i32.const 1024))
(global $OUT_CAP i32 (i32.const 65536))
(global $out_len (mut i32) (i32.const 0))

;; Standard input, read through a buffer of IN_CAP bytes allocated on the first `readLine()`.
(global $IN_CAP i32 (i32.const 4096))
(global $in_buf (mut i32) (i32.const 0))
(global $in_pos (mut i32) (i32.const 0))
(global $in_len (mut i32) (i32.const 0))
(global $in_eof (mut i32) (i32.const 0))

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
;; ---- program arguments

;; `main(args)`: an ArrayBox of the program's arguments (WASI `argv` without `argv[0]`), as
;; the host gives their bytes (hosts pass Rust or JavaScript strings: UTF-8).
(func $program_args (export "rt_program_args") (result i32)
  (local $a i32) (local $count i32) (local $ptrs i32) (local $buf i32) (local $i i32)
  (local $p i32) (local $s i32)
  (local.set $a (call $array_new))
  (if (call $args_sizes_get (i32.const 16) (i32.const 20)) (then (return (local.get $a))))
  (local.set $count (i32.load (i32.const 16)))
  (local.set $ptrs (call $alloc (i32.shl (i32.add (local.get $count) (i32.const 1)) (i32.const 2))))
  (local.set $buf (call $alloc (i32.add (i32.load (i32.const 20)) (i32.const 1))))
  (if (i32.eqz (call $args_get (local.get $ptrs) (local.get $buf)))
    (then
      (local.set $i (i32.const 1))
      (block $done
        (loop $next
          (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
          (local.set $p (i32.load (i32.add (local.get $ptrs) (i32.shl (local.get $i) (i32.const 2)))))
          (local.set $s (call $str_from (local.get $p) (call $c_strlen (local.get $p))))
          (call $array_push (local.get $a) (i32.const 4) (i64.extend_i32_u (local.get $s)))
          (call $release (i32.const 4) (i64.extend_i32_u (local.get $s)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))))
  (call $free (local.get $ptrs))
  (call $free (local.get $buf))
  (local.get $a))

;; Length of the NUL-terminated bytes at `p`.
(func $c_strlen (param $p i32) (result i32)
  (local $n i32)
  (block $done
    (loop $next
      (br_if $done (i32.eqz (i32.load8_u (i32.add (local.get $p) (local.get $n)))))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $next)))
  (local.get $n))

;; ---- standard input

;; The next byte of standard input, or -1 at its end (or on a read error).
(func $in_byte (result i32)
  (local $b i32)
  (if (i32.ge_u (global.get $in_pos) (global.get $in_len))
    (then
      (if (global.get $in_eof) (then (return (i32.const -1))))
      (if (i32.eqz (global.get $in_buf)) (then (global.set $in_buf (call $alloc (global.get $IN_CAP)))))
      (i32.store (i32.const 16) (global.get $in_buf))
      (i32.store (i32.const 20) (global.get $IN_CAP))
      (global.set $in_pos (i32.const 0))
      (global.set $in_len (i32.const 0))
      ;; Hosts that give a non-blocking pipe (Node) answer AGAIN (6) until data comes.
      (block $read
        (loop $again
          (local.set $b (call $fd_read (i32.const 0) (i32.const 16) (i32.const 1) (i32.const 24)))
          (br_if $read (i32.eqz (local.get $b)))
          (br_if $again (i32.eq (local.get $b) (i32.const 6)))
          (global.set $in_eof (i32.const 1))
          (return (i32.const -1))))
      (global.set $in_len (i32.load (i32.const 24)))
      (if (i32.eqz (global.get $in_len))
        (then (global.set $in_eof (i32.const 1)) (return (i32.const -1))))))
  (local.set $b (i32.load8_u (i32.add (global.get $in_buf) (global.get $in_pos))))
  (global.set $in_pos (i32.add (global.get $in_pos) (i32.const 1)))
  (local.get $b))

;; `readLine()`: the next line of standard input without its `\n` or `\r\n` (a string,
;; owned), or 0 at the end of input. A line that is not UTF-8 is consumed and gives 0, as the
;; VM's `read_line` fails on it. Standard output is flushed first, so prompts show.
(func $read_line (export "rt_read_line") (result i32)
  (local $s i32) (local $b i32) (local $any i32)
  (call $flush)
  (local.set $s (call $str_alloc (i32.const 64)))
  (block $done
    (loop $next
      (local.set $b (call $in_byte))
      (br_if $done (i32.lt_s (local.get $b) (i32.const 0)))
      (local.set $any (i32.const 1))
      (br_if $done (i32.eq (local.get $b) (i32.const 10)))
      (i32.store8 (i32.const 64) (local.get $b))
      (local.set $s (call $str_push (local.get $s) (i32.const 64) (i32.const 1)))
      (br $next)))
  (if (i32.or (i32.eqz (local.get $any))
              (i32.eqz (call $utf8_valid (i32.add (local.get $s) (i32.const 20))
                                         (i32.load offset=8 (local.get $s)))))
    (then (call $free (local.get $s)) (return (i32.const 0))))
  (if (i32.eq (local.get $b) (i32.const 10))
    (then
      (if (i32.load offset=8 (local.get $s))
        (then
          (if (i32.eq (i32.load8_u (i32.add (i32.add (local.get $s) (i32.const 19))
                                            (i32.load offset=8 (local.get $s))))
                      (i32.const 13))
            (then (i32.store offset=8 (local.get $s)
                    (i32.sub (i32.load offset=8 (local.get $s)) (i32.const 1)))))))))
  (local.get $s))
