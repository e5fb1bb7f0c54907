;; string.wat — StringBox objects: building, concatenation, comparison, equality.
;;
;; Layout: rc i32 | kind i32 (= 4) | len i32 (bytes) | chars i32 (-1: not counted yet) |
;; cap i32 | UTF-8 bytes from offset 20. A string being built is owned by its builder alone
;; (count 1), so it may grow in place; once stored in a register it is immutable, except that
;; `s = s + x` appends in place when `s` holds the only reference (as the VM does).

;; A new empty string with room for `cap` bytes, count 1.
(func $str_alloc (export "rt_str_alloc") (param $cap i32) (result i32)
  (local $s i32)
  (local.set $s (call $alloc (i32.add (local.get $cap) (i32.const 20))))
  (i32.store (local.get $s) (i32.const 1))
  (i32.store offset=4 (local.get $s) (i32.const 4))
  (i32.store offset=8 (local.get $s) (i32.const 0))
  (i32.store offset=12 (local.get $s) (i32.const -1))
  (i32.store offset=16 (local.get $s) (local.get $cap))
  (local.get $s))

;; Copies `len` bytes from `src` to `dst`, as `memory.copy` does. `memory.copy` is a call out
;; of the compiled code into the engine (a libc `memmove`), which costs more than copying the
;; few bytes of a typical string piece, so short forward copies are done here, 8 bytes at a
;; time and then byte by byte.
(func $copy_bytes (param $dst i32) (param $src i32) (param $len i32)
  (if (i32.or (i32.gt_u (local.get $len) (i32.const 32))
              ;; `dst` inside the source: a forward copy would read what it wrote.
              (i32.lt_u (i32.sub (local.get $dst) (local.get $src)) (local.get $len)))
    (then (memory.copy (local.get $dst) (local.get $src) (local.get $len)) (return)))
  (block $done
    (loop $words
      (br_if $done (i32.lt_u (local.get $len) (i32.const 8)))
      (i64.store (local.get $dst) (i64.load (local.get $src)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 8)))
      (local.set $src (i32.add (local.get $src) (i32.const 8)))
      (local.set $len (i32.sub (local.get $len) (i32.const 8)))
      (br $words)))
  (block $end
    (loop $bytes
      (br_if $end (i32.eqz (local.get $len)))
      (i32.store8 (local.get $dst) (i32.load8_u (local.get $src)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 1)))
      (local.set $src (i32.add (local.get $src) (i32.const 1)))
      (local.set $len (i32.sub (local.get $len) (i32.const 1)))
      (br $bytes))))

;; Appends bytes to `s` (owned, count 1); returns the string, moved if it had to grow.
(func $str_push (param $s i32) (param $ptr i32) (param $len i32) (result i32)
  (local $used i32) (local $need i32) (local $cap i32) (local $t i32)
  (local.set $used (i32.load offset=8 (local.get $s)))
  (local.set $need (i32.add (local.get $used) (local.get $len)))
  (if (i32.lt_u (local.get $need) (local.get $used)) (then (call $out_of_memory)))
  (local.set $cap (i32.load offset=16 (local.get $s)))
  (if (i32.gt_u (local.get $need) (local.get $cap))
    (then
      (local.set $cap (i32.shl (local.get $cap) (i32.const 1)))
      (if (i32.lt_u (local.get $cap) (local.get $need)) (then (local.set $cap (local.get $need))))
      (if (i32.lt_u (local.get $cap) (i32.const 16)) (then (local.set $cap (i32.const 16))))
      (local.set $t (call $str_alloc (local.get $cap)))
      (memory.copy (i32.add (local.get $t) (i32.const 20))
                   (i32.add (local.get $s) (i32.const 20)) (local.get $used))
      (i32.store (local.get $t) (i32.load (local.get $s)))
      (call $free (local.get $s))
      (local.set $s (local.get $t))))
  (call $copy_bytes (i32.add (i32.add (local.get $s) (i32.const 20)) (local.get $used))
                    (local.get $ptr) (local.get $len))
  (i32.store offset=8 (local.get $s) (local.get $need))
  (i32.store offset=12 (local.get $s) (i32.const -1))
  (local.get $s))

;; Appends the bytes of string object `t`.
(func $str_push_str (param $s i32) (param $t i32) (result i32)
  (call $str_push (local.get $s) (i32.add (local.get $t) (i32.const 20))
                  (i32.load offset=8 (local.get $t))))

;; Appends `toString()` of a value (numbers, booleans, null, strings, and user boxes as
;; `<Name instance>`: `$display_push` calls a box's own `toString()` first); other kinds
;; cannot exist in modules this version compiles.
(func $str_push_value (param $s i32) (param $tag i32) (param $bits i64) (result i32)
  (block $other
    (block $instance
      (block $string
        (block $float
          (block $int
            (block $bool
              (block $null
                (br_table $null $bool $int $float $string $other $other $instance $other
                          (local.get $tag)))
              (return (call $str_push (local.get $s) (global.get $T_NULL) (i32.const 4))))
            (if (i64.eqz (local.get $bits))
              (then (return (call $str_push (local.get $s) (global.get $T_FALSE) (i32.const 5)))))
            (return (call $str_push (local.get $s) (global.get $T_TRUE) (i32.const 4))))
          (return (call $str_push (local.get $s) (i32.const 64)
                                  (call $fmt_i64 (local.get $bits) (i32.const 64)))))
        (return (call $str_push (local.get $s) (i32.const 64)
                                (call $fmt_f64 (f64.reinterpret_i64 (local.get $bits))
                                               (i32.const 64)))))
      (return (call $str_push_str (local.get $s) (i32.wrap_i64 (local.get $bits)))))
    ;; `<Name instance>`
    (i32.store8 (i32.const 64) (i32.const 60))
    (local.set $s (call $str_push (local.get $s) (i32.const 64) (i32.const 1)))
    (local.set $s (call $str_push_str (local.get $s)
                        (call $class_name (i32.wrap_i64 (local.get $bits)))))
    (return (call $str_push (local.get $s) (global.get $T_INSTANCE) (i32.const 10))))
  (unreachable))

;; `a + b` where one side is a string: a new string (count 1). A user box's own `toString()`
;; is called as if from `site`.
(func $concat (export "rt_concat") (param $site i32)
  (param $at i32) (param $ab i64) (param $bt i32) (param $bb i64) (result i32)
  (call $display_push
    (call $display_push (call $str_alloc (i32.const 32)) (local.get $site)
                        (local.get $at) (local.get $ab))
    (local.get $site) (local.get $bt) (local.get $bb)))

;; `s = s + b` for a string `s` whose reference the caller gives up: appends in place when
;; that was the only reference (and `b` is not `s` itself), else builds a new string.
(func $append (export "rt_append")
      (param $site i32) (param $s i32) (param $bt i32) (param $bb i64) (result i32)
  (local $t i32)
  (if (i32.and (i32.eq (i32.load (local.get $s)) (i32.const 1))
               (i32.eqz (i32.and (i32.eq (local.get $bt) (i32.const 4))
                                 (i64.eq (local.get $bb) (i64.extend_i32_u (local.get $s))))))
    (then (return (call $display_push (local.get $s) (local.get $site)
                                      (local.get $bt) (local.get $bb)))))
  (local.set $t (call $concat (local.get $site) (i32.const 4) (i64.extend_i32_u (local.get $s))
                              (local.get $bt) (local.get $bb)))
  (call $release (i32.const 4) (i64.extend_i32_u (local.get $s)))
  (local.get $t))

;; `toString()` of a value as a string object the caller owns (a user box's own
;; `toString()` is called as if from `site`).
(func $to_string (export "rt_to_string") (param $site i32) (param $tag i32) (param $bits i64)
      (result i32)
  (if (i32.eq (local.get $tag) (i32.const 4))
    (then
      (call $retain (local.get $tag) (local.get $bits))
      (return (i32.wrap_i64 (local.get $bits)))))
  (call $display_push (call $str_alloc (i32.const 24)) (local.get $site)
                      (local.get $tag) (local.get $bits)))

;; Byte-wise equality of two strings.
(func $str_eq (export "rt_str_eq") (param $a i32) (param $b i32) (result i32)
  (local $len i32) (local $i i32)
  (if (i32.eq (local.get $a) (local.get $b)) (then (return (i32.const 1))))
  (local.set $len (i32.load offset=8 (local.get $a)))
  (if (i32.ne (local.get $len) (i32.load offset=8 (local.get $b))) (then (return (i32.const 0))))
  (block $done
    (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
      (if (i32.ne (i32.load8_u offset=20 (i32.add (local.get $a) (local.get $i)))
                  (i32.load8_u offset=20 (i32.add (local.get $b) (local.get $i))))
        (then (return (i32.const 0))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
  (i32.const 1))

;; Byte-wise order of two strings: -1, 0 or 1.
(func $str_cmp (export "rt_str_cmp") (param $a i32) (param $b i32) (result i32)
  (local $la i32) (local $lb i32) (local $n i32) (local $i i32) (local $x i32) (local $y i32)
  (local.set $la (i32.load offset=8 (local.get $a)))
  (local.set $lb (i32.load offset=8 (local.get $b)))
  (local.set $n (select (local.get $la) (local.get $lb) (i32.lt_u (local.get $la) (local.get $lb))))
  (block $done
    (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $x (i32.load8_u offset=20 (i32.add (local.get $a) (local.get $i))))
      (local.set $y (i32.load8_u offset=20 (i32.add (local.get $b) (local.get $i))))
      (if (i32.ne (local.get $x) (local.get $y))
        (then (return (select (i32.const -1) (i32.const 1)
                              (i32.lt_u (local.get $x) (local.get $y))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
  (i32.sub (i32.gt_u (local.get $la) (local.get $lb)) (i32.lt_u (local.get $la) (local.get $lb))))

;; `s * count`: the string repeated; `$site` is where an error is reported.
(func $repeat (param $site i32) (param $s i32) (param $count i64) (result i32)
  (local $len i32) (local $t i32) (local $msg i32)
  (if (i64.lt_s (local.get $count) (i64.const 0))
    (then
      (local.set $msg (call $str_push (call $str_alloc (i32.const 48))
                                      (global.get $T_REPEAT) (i32.const 23)))
      (local.set $msg (call $str_push_value (local.get $msg) (i32.const 2) (local.get $count)))
      (local.set $msg (call $str_push (local.get $msg) (global.get $T_TIMES) (i32.const 6)))
      (call $raise (local.get $site) (local.get $msg))
      (return (call $str_alloc (i32.const 0)))))
  (local.set $len (i32.load offset=8 (local.get $s)))
  (if (i32.eqz (local.get $len)) (then (return (call $str_alloc (i32.const 0)))))
  (if (i64.gt_u (local.get $count)
                (i64.div_u (i64.const 1073741824) (i64.extend_i32_u (local.get $len))))
    (then
      (call $raise (local.get $site)
        (call $str_push (call $str_alloc (i32.const 16)) (global.get $T_TOOLONG) (i32.const 15)))
      (return (call $str_alloc (i32.const 0)))))
  (local.set $t (call $str_alloc
                  (i32.wrap_i64 (i64.mul (local.get $count) (i64.extend_i32_u (local.get $len))))))
  (block $done
    (loop $next
      (br_if $done (i64.eqz (local.get $count)))
      (local.set $t (call $str_push_str (local.get $t) (local.get $s)))
      (local.set $count (i64.sub (local.get $count) (i64.const 1)))
      (br $next)))
  (local.get $t))
