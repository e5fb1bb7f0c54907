;; string_methods.wat — StringBox methods, exactly as the VM's `builtins/string.rs`.
;;
;; Strings are indexed by characters (Unicode scalar values), not bytes: character counts and
;; offsets are found by skipping UTF-8 continuation bytes. Methods are numbered as in the VM's
;; `StringMethod` list: length 0, substring 1, get 2, charAt 3, find 4, indexOf 5, contains 6,
;; startsWith 7, endsWith 8, replace 9, split 10, trim 11, toUpper 12, toUpperCase 13,
;; toLower 14, toLowerCase 15, toInteger 16, toFloat 17, concat 18, repeat 19 (the case
;; mappings are in `case.wat`, `toFloat` in `parse_float.wat`). Arguments arrive borrowed; results are owned.

;; Argument count of each method (255: `substring`, which takes 1 or 2).
(global $S_ARITY i32 (i32.const 114880))
(data (i32.const 114880) "\00\ff\01\01\01\01\01\01\01\02\01\00\00\00\00\00\00\00\01\01")
(global $S_NEGATIVE i32 (i32.const 115008)) (data (i32.const 115008) " count must not be negative, got ") ;; 33 bytes
(global $S_TOO_LONG i32 (i32.const 115048)) (data (i32.const 115048) " result would be longer than 1073741824 bytes") ;; 45 bytes

(func $str_bytes (param $s i32) (result i32)
  (i32.add (local.get $s) (i32.const 20)))

(func $str_len (param $s i32) (result i32)
  (i32.load offset=8 (local.get $s)))

;; Characters among `len` bytes at `ptr`.
(func $count_chars (param $ptr i32) (param $len i32) (result i32)
  (local $end i32) (local $n i32)
  (local.set $end (i32.add (local.get $ptr) (local.get $len)))
  (block $done
    (loop $next
      (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
      (if (i32.ne (i32.and (i32.load8_u (local.get $ptr)) (i32.const 0xc0)) (i32.const 0x80))
        (then (local.set $n (i32.add (local.get $n) (i32.const 1)))))
      (local.set $ptr (i32.add (local.get $ptr) (i32.const 1)))
      (br $next)))
  (local.get $n))

;; Character count of `s`, cached in its `chars` word (-1 until first asked; `$str_push`
;; resets it) so that `length()` and `substring` in a loop do not rescan the whole string.
(func $str_chars (param $s i32) (result i32)
  (local $n i32)
  (local.set $n (i32.load offset=12 (local.get $s)))
  (if (i32.ge_s (local.get $n) (i32.const 0)) (then (return (local.get $n))))
  (local.set $n (call $count_chars (call $str_bytes (local.get $s)) (call $str_len (local.get $s))))
  (i32.store offset=12 (local.get $s) (local.get $n))
  (local.get $n))

;; Byte offset of character `index` (at most the character count). In an all-ASCII string
;; (as many characters as bytes) that is the index itself; otherwise characters are counted
;; from the start.
(func $byte_offset (param $s i32) (param $index i32) (result i32)
  (local $i i32) (local $len i32)
  (local.set $len (call $str_len (local.get $s)))
  (if (i32.eq (call $str_chars (local.get $s)) (local.get $len))
    (then (return (select (local.get $index) (local.get $len)
                          (i32.lt_u (local.get $index) (local.get $len))))))
  (block $done
    (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
      (if (i32.ne (i32.and (i32.load8_u (i32.add (call $str_bytes (local.get $s)) (local.get $i)))
                           (i32.const 0xc0))
                  (i32.const 0x80))
        (then
          (br_if $done (i32.eqz (local.get $index)))
          (local.set $index (i32.sub (local.get $index) (i32.const 1)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
  (local.get $i))

;; A new string of `len` bytes at `ptr`.
(func $str_from (param $ptr i32) (param $len i32) (result i32)
  (call $str_push (call $str_alloc (local.get $len)) (local.get $ptr) (local.get $len)))

;; Byte position of the first `needle` in `s` at or after byte `from`, or -1.
(func $str_find_from (param $s i32) (param $needle i32) (param $from i32) (result i32)
  (local $last i32) (local $n i32)
  (local.set $n (call $str_len (local.get $needle)))
  (if (i32.gt_u (local.get $n) (call $str_len (local.get $s))) (then (return (i32.const -1))))
  (local.set $last (i32.sub (call $str_len (local.get $s)) (local.get $n)))
  (block $done
    (loop $next
      (br_if $done (i32.gt_s (local.get $from) (local.get $last)))
      (if (call $bytes_equal (i32.add (call $str_bytes (local.get $s)) (local.get $from))
                             (call $str_bytes (local.get $needle)) (local.get $n))
        (then (return (local.get $from))))
      (local.set $from (i32.add (local.get $from) (i32.const 1)))
      (br $next)))
  (i32.const -1))

(func $bytes_equal (param $a i32) (param $b i32) (param $n i32) (result i32)
  (block $differ
    (loop $next
      (br_if $differ (i32.eqz (local.get $n)))
      (if (i32.ne (i32.load8_u (local.get $a)) (i32.load8_u (local.get $b))) (then (return (i32.const 0))))
      (local.set $a (i32.add (local.get $a) (i32.const 1)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $next)))
  (i32.const 1))

;; A StringBox argument.
(func $arg_str (param $site i32) (param $who i32) (param $tag i32) (param $bits i64) (result i32)
  (if (i32.ne (local.get $tag) (i32.const 4))
    (then (call $raise_wrong_type (local.get $site) (local.get $who) (global.get $A_EXPECTS_STR)
                                  (i32.const 26) (local.get $tag) (local.get $bits))))
  (i32.wrap_i64 (local.get $bits)))

;; `s.method(x, y)` with `given` arguments (`who` is the string `StringBox.method`).
(func $string_method (export "rt_string_method")
      (param $site i32) (param $which i32) (param $who i32) (param $given i32) (param $s i32)
      (param $xt i32) (param $xb i64) (param $yt i32) (param $yb i64) (result i32 i64)
  (local $i i32) (local $t i32) (local $p i32) (local $takes i32)
  ;; 255: one or two arguments (see `check_arity_in`).
  (local.set $takes (i32.load8_u (i32.add (global.get $S_ARITY) (local.get $which))))
  (if (i32.and (i32.ne (local.get $takes) (local.get $given))
               (i32.or (i32.ne (local.get $takes) (i32.const 255))
                       (i32.gt_u (i32.sub (local.get $given) (i32.const 1)) (i32.const 1))))
    (then (call $check_arity_in (global.get $S_ARITY) (local.get $site) (local.get $which)
                                (local.get $who) (local.get $given))))
  (if (global.get $pending) (then (return (i32.const 0) (i64.const 0))))
  ;; toUpper, toUpperCase, toLower, toLowerCase (`case.wat`)
  (if (i32.le_u (i32.sub (local.get $which) (i32.const 12)) (i32.const 3))
    (then (return (i32.const 4) (i64.extend_i32_u
      (call $case_map (local.get $s) (i32.lt_u (local.get $which) (i32.const 14)))))))
  ;; toFloat (`parse_float.wat`)
  (if (i32.eq (local.get $which) (i32.const 17)) (then (return (call $parse_float (local.get $s)))))
  (block $repeat (block $to_integer (block $trim (block $concat (block $split (block $replace (block $ends (block $starts (block $contains
  (block $find (block $get (block $substring (block $length
    (br_table $length $substring $get $get $find $find $contains $starts $ends $replace $split
              $trim $concat $concat $concat $concat $to_integer $concat $concat $repeat
              (local.get $which)))
    (return (i32.const 2) (i64.extend_i32_u (call $str_chars (local.get $s)))))
    ;; substring
    (return (i32.const 4) (i64.extend_i32_u (call $substring (local.get $site) (local.get $who)
      (local.get $given) (local.get $s) (local.get $xt) (local.get $xb) (local.get $yt) (local.get $yb)))))
    ;; get, charAt
    (local.set $i (call $index_in
      (call $arg_int (local.get $site) (local.get $who) (local.get $xt) (local.get $xb))
      (call $str_chars (local.get $s))))
    (if (global.get $pending) (then (return (i32.const 0) (i64.const 0))))
    (if (i32.lt_s (local.get $i) (i32.const 0)) (then (return (i32.const 0) (i64.const 0))))
    (local.set $p (call $byte_offset (local.get $s) (local.get $i)))
    (return (i32.const 4) (i64.extend_i32_u (call $str_from
      (i32.add (call $str_bytes (local.get $s)) (local.get $p))
      (i32.sub (call $byte_offset (local.get $s) (i32.add (local.get $i) (i32.const 1))) (local.get $p))))))
    ;; find, indexOf: the character position
    (local.set $t (call $arg_str (local.get $site) (local.get $who) (local.get $xt) (local.get $xb)))
    (if (global.get $pending) (then (return (i32.const 0) (i64.const 0))))
    (local.set $p (call $str_find_from (local.get $s) (local.get $t) (i32.const 0)))
    (if (i32.lt_s (local.get $p) (i32.const 0)) (then (return (i32.const 2) (i64.const -1))))
    (return (i32.const 2) (i64.extend_i32_u
      (call $count_chars (call $str_bytes (local.get $s)) (local.get $p)))))
    ;; contains
    (local.set $t (call $arg_str (local.get $site) (local.get $who) (local.get $xt) (local.get $xb)))
    (if (global.get $pending) (then (return (i32.const 0) (i64.const 0))))
    (return (i32.const 1) (i64.extend_i32_u (i32.ge_s
      (call $str_find_from (local.get $s) (local.get $t) (i32.const 0)) (i32.const 0)))))
    ;; startsWith
    (local.set $t (call $arg_str (local.get $site) (local.get $who) (local.get $xt) (local.get $xb)))
    (if (global.get $pending) (then (return (i32.const 0) (i64.const 0))))
    (if (i32.gt_u (call $str_len (local.get $t)) (call $str_len (local.get $s)))
      (then (return (i32.const 1) (i64.const 0))))
    (return (i32.const 1) (i64.extend_i32_u (call $bytes_equal (call $str_bytes (local.get $s))
      (call $str_bytes (local.get $t)) (call $str_len (local.get $t))))))
    ;; endsWith
    (local.set $t (call $arg_str (local.get $site) (local.get $who) (local.get $xt) (local.get $xb)))
    (if (global.get $pending) (then (return (i32.const 0) (i64.const 0))))
    (if (i32.gt_u (call $str_len (local.get $t)) (call $str_len (local.get $s)))
      (then (return (i32.const 1) (i64.const 0))))
    (return (i32.const 1) (i64.extend_i32_u (call $bytes_equal
      (i32.add (call $str_bytes (local.get $s))
               (i32.sub (call $str_len (local.get $s)) (call $str_len (local.get $t))))
      (call $str_bytes (local.get $t)) (call $str_len (local.get $t))))))
    ;; replace
    (local.set $t (call $arg_str (local.get $site) (local.get $who) (local.get $xt) (local.get $xb)))
    (if (global.get $pending) (then (return (i32.const 0) (i64.const 0))))
    (local.set $p (call $arg_str (local.get $site) (local.get $who) (local.get $yt) (local.get $yb)))
    (if (global.get $pending) (then (return (i32.const 0) (i64.const 0))))
    (return (i32.const 4) (i64.extend_i32_u (call $replace (local.get $s) (local.get $t) (local.get $p)))))
    ;; split
    (local.set $t (call $arg_str (local.get $site) (local.get $who) (local.get $xt) (local.get $xb)))
    (if (global.get $pending) (then (return (i32.const 0) (i64.const 0))))
    (return (i32.const 5) (i64.extend_i32_u (call $split (local.get $s) (local.get $t)))))
    ;; concat: the argument as `toString()` shows it
    (return (i32.const 4)
      (i64.extend_i32_u (call $display_push (call $str_from (call $str_bytes (local.get $s))
                                                            (call $str_len (local.get $s)))
                                            (local.get $site) (local.get $xt) (local.get $xb)))))
    ;; trim
    (return (i32.const 4) (i64.extend_i32_u (call $trim (local.get $s)))))
    ;; toInteger
    (local.set $t (call $trim (local.get $s)))
    (call $parse_int (local.get $t))
    (call $release (i32.const 4) (i64.extend_i32_u (local.get $t)))
    (return))
  ;; repeat
  (i32.const 4)
  (i64.extend_i32_u (call $string_repeat (local.get $site) (local.get $who) (local.get $s)
                                         (local.get $xt) (local.get $xb))))

;; `repeat(n)`, with the VM's errors for a negative count and a result over 2^30 bytes.
(func $string_repeat (param $site i32) (param $who i32) (param $s i32) (param $nt i32) (param $nb i64)
      (result i32)
  (local $n i64) (local $m i32)
  (local.set $n (call $arg_int (local.get $site) (local.get $who) (local.get $nt) (local.get $nb)))
  (if (global.get $pending) (then (return (i32.const 0))))
  (if (i64.lt_s (local.get $n) (i64.const 0))
    (then
      (local.set $m (call $str_push (call $str_push_str (call $str_alloc (i32.const 64)) (local.get $who))
                                    (global.get $S_NEGATIVE) (i32.const 33)))
      (call $raise (local.get $site) (call $str_push_value (local.get $m) (i32.const 2) (local.get $n)))
      (return (i32.const 0))))
  (if (i32.eqz (call $str_len (local.get $s))) (then (return (call $str_alloc (i32.const 0)))))
  (if (i64.gt_u (local.get $n) (i64.div_u (i64.const 1073741824)
                                          (i64.extend_i32_u (call $str_len (local.get $s)))))
    (then
      (call $raise (local.get $site)
        (call $str_push (call $str_push_str (call $str_alloc (i32.const 64)) (local.get $who))
                        (global.get $S_TOO_LONG) (i32.const 45)))
      (return (i32.const 0))))
  (call $repeat (local.get $site) (local.get $s) (local.get $n)))

;; Rust's `str::parse::<i64>`: an optional sign, then one or more ASCII digits, in range;
;; null otherwise.
(func $parse_int (param $s i32) (result i32 i64)
  (local $p i32) (local $end i32) (local $negative i32) (local $n i64) (local $d i64)
  (local.set $p (call $str_bytes (local.get $s)))
  (local.set $end (i32.add (local.get $p) (call $str_len (local.get $s))))
  (if (i32.lt_u (local.get $p) (local.get $end))
    (then
      (if (i32.eq (i32.load8_u (local.get $p)) (i32.const 45))
        (then (local.set $negative (i32.const 1)) (local.set $p (i32.add (local.get $p) (i32.const 1))))
        (else (if (i32.eq (i32.load8_u (local.get $p)) (i32.const 43))
          (then (local.set $p (i32.add (local.get $p) (i32.const 1)))))))))
  (if (i32.ge_u (local.get $p) (local.get $end)) (then (return (i32.const 0) (i64.const 0))))
  ;; Accumulate negatively, so that the minimum fits.
  (block $done
    (loop $next
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (local.set $d (i64.extend_i32_u (i32.sub (i32.load8_u (local.get $p)) (i32.const 48))))
      (if (i64.gt_u (local.get $d) (i64.const 9)) (then (return (i32.const 0) (i64.const 0))))
      (if (i64.lt_s (local.get $n) (i64.const -922337203685477580))
        (then (return (i32.const 0) (i64.const 0))))
      (local.set $n (i64.mul (local.get $n) (i64.const 10)))
      (if (i64.lt_s (local.get $n) (i64.add (i64.const -9223372036854775808) (local.get $d)))
        (then (return (i32.const 0) (i64.const 0))))
      (local.set $n (i64.sub (local.get $n) (local.get $d)))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $next)))
  (if (local.get $negative) (then (return (i32.const 2) (local.get $n))))
  (if (i64.eq (local.get $n) (i64.const -9223372036854775808)) (then (return (i32.const 0) (i64.const 0))))
  (i32.const 2)
  (i64.sub (i64.const 0) (local.get $n)))

;; The code point of the UTF-8 character at `p`.
(func $decode (param $p i32) (result i32)
  (local $b i32)
  (local.set $b (i32.load8_u (local.get $p)))
  (if (i32.lt_u (local.get $b) (i32.const 0x80)) (then (return (local.get $b))))
  (if (i32.lt_u (local.get $b) (i32.const 0xe0))
    (then (return (i32.or (i32.shl (i32.and (local.get $b) (i32.const 0x1f)) (i32.const 6))
                          (i32.and (i32.load8_u offset=1 (local.get $p)) (i32.const 0x3f))))))
  (if (i32.lt_u (local.get $b) (i32.const 0xf0))
    (then (return (i32.or (i32.or
      (i32.shl (i32.and (local.get $b) (i32.const 0x0f)) (i32.const 12))
      (i32.shl (i32.and (i32.load8_u offset=1 (local.get $p)) (i32.const 0x3f)) (i32.const 6)))
      (i32.and (i32.load8_u offset=2 (local.get $p)) (i32.const 0x3f))))))
  (i32.or (i32.or (i32.or
    (i32.shl (i32.and (local.get $b) (i32.const 0x07)) (i32.const 18))
    (i32.shl (i32.and (i32.load8_u offset=1 (local.get $p)) (i32.const 0x3f)) (i32.const 12)))
    (i32.shl (i32.and (i32.load8_u offset=2 (local.get $p)) (i32.const 0x3f)) (i32.const 6)))
    (i32.and (i32.load8_u offset=3 (local.get $p)) (i32.const 0x3f))))

;; Whether `len` bytes at `p` are well-formed UTF-8 (what Rust's `str::from_utf8` accepts:
;; no overlong forms, no surrogates, nothing above U+10FFFF).
(func $utf8_valid (param $p i32) (param $len i32) (result i32)
  (local $end i32) (local $b i32) (local $n i32) (local $c i32) (local $min i32)
  (local.set $end (i32.add (local.get $p) (local.get $len)))
  (block $bad
    (loop $next
      (if (i32.ge_u (local.get $p) (local.get $end)) (then (return (i32.const 1))))
      (local.set $b (i32.load8_u (local.get $p)))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $b) (i32.const 0x80)))
      (br_if $bad (i32.lt_u (local.get $b) (i32.const 0xc2)))
      (br_if $bad (i32.ge_u (local.get $b) (i32.const 0xf5)))
      (if (i32.lt_u (local.get $b) (i32.const 0xe0))
        (then (local.set $n (i32.const 1)) (local.set $c (i32.and (local.get $b) (i32.const 0x1f)))
              (local.set $min (i32.const 0x80)))
        (else
          (if (i32.lt_u (local.get $b) (i32.const 0xf0))
            (then (local.set $n (i32.const 2)) (local.set $c (i32.and (local.get $b) (i32.const 0x0f)))
                  (local.set $min (i32.const 0x800)))
            (else (local.set $n (i32.const 3)) (local.set $c (i32.and (local.get $b) (i32.const 0x07)))
                  (local.set $min (i32.const 0x10000))))))
      (br_if $bad (i32.gt_u (local.get $n) (i32.sub (local.get $end) (local.get $p))))
      (block $read
        (loop $more
          (br_if $read (i32.eqz (local.get $n)))
          (local.set $b (i32.load8_u (local.get $p)))
          (br_if $bad (i32.ne (i32.and (local.get $b) (i32.const 0xc0)) (i32.const 0x80)))
          (local.set $c (i32.or (i32.shl (local.get $c) (i32.const 6)) (i32.and (local.get $b) (i32.const 0x3f))))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $more)))
      (br_if $bad (i32.lt_u (local.get $c) (local.get $min)))
      (br_if $bad (i32.lt_u (i32.sub (local.get $c) (i32.const 0xd800)) (i32.const 0x800)))
      (br_if $bad (i32.gt_u (local.get $c) (i32.const 0x10ffff)))
      (br $next)))
  (i32.const 0))

;; Rust's `char::is_whitespace` (the Unicode White_Space property).
(func $is_space (param $c i32) (result i32)
  (i32.or (i32.or (i32.or
    (i32.le_u (i32.sub (local.get $c) (i32.const 0x09)) (i32.const 4))
    (i32.or (i32.eq (local.get $c) (i32.const 0x20)) (i32.eq (local.get $c) (i32.const 0x85))))
    (i32.or (i32.or (i32.eq (local.get $c) (i32.const 0xa0)) (i32.eq (local.get $c) (i32.const 0x1680)))
            (i32.le_u (i32.sub (local.get $c) (i32.const 0x2000)) (i32.const 10))))
    (i32.or (i32.or (i32.eq (local.get $c) (i32.const 0x2028)) (i32.eq (local.get $c) (i32.const 0x2029)))
            (i32.or (i32.or (i32.eq (local.get $c) (i32.const 0x202f)) (i32.eq (local.get $c) (i32.const 0x205f)))
                    (i32.eq (local.get $c) (i32.const 0x3000))))))

;; `trim()`: without leading and trailing white space.
(func $trim (param $s i32) (result i32)
  (local $start i32) (local $end i32) (local $p i32)
  (local.set $start (call $str_bytes (local.get $s)))
  (local.set $end (i32.add (local.get $start) (call $str_len (local.get $s))))
  (block $done
    (loop $next
      (br_if $done (i32.ge_u (local.get $start) (local.get $end)))
      (br_if $done (i32.eqz (call $is_space (call $decode (local.get $start)))))
      (local.set $start (i32.add (local.get $start) (call $char_bytes (local.get $start))))
      (br $next)))
  (block $done
    (loop $next
      (br_if $done (i32.ge_u (local.get $start) (local.get $end)))
      ;; The start of the last character.
      (local.set $p (i32.sub (local.get $end) (i32.const 1)))
      (block $found
        (loop $back
          (br_if $found (i32.ne (i32.and (i32.load8_u (local.get $p)) (i32.const 0xc0)) (i32.const 0x80)))
          (local.set $p (i32.sub (local.get $p) (i32.const 1)))
          (br $back)))
      (br_if $done (i32.eqz (call $is_space (call $decode (local.get $p)))))
      (local.set $end (local.get $p))
      (br $next)))
  (call $str_from (local.get $start) (i32.sub (local.get $end) (local.get $start))))

;; `substring(start)` / `substring(start, end)`: bounds clamped into `0..=length`.
(func $substring (param $site i32) (param $who i32) (param $given i32) (param $s i32)
      (param $xt i32) (param $xb i64) (param $yt i32) (param $yb i64) (result i32)
  (local $start i64) (local $end i64) (local $length i32) (local $from i32) (local $to i32)
  (local.set $start (call $arg_int (local.get $site) (local.get $who) (local.get $xt) (local.get $xb)))
  (if (global.get $pending) (then (return (i32.const 0))))
  (local.set $length (call $str_chars (local.get $s)))
  (local.set $end (i64.extend_i32_u (local.get $length)))
  (if (i32.eq (local.get $given) (i32.const 2))
    (then (local.set $end (call $arg_int (local.get $site) (local.get $who) (local.get $yt) (local.get $yb)))))
  (if (global.get $pending) (then (return (i32.const 0))))
  (local.set $from (call $clamp_index (local.get $start) (local.get $length)))
  (local.set $to (call $clamp_index (local.get $end) (local.get $length)))
  (if (i32.ge_u (local.get $from) (local.get $to)) (then (return (call $str_alloc (i32.const 0)))))
  (local.set $from (call $byte_offset (local.get $s) (local.get $from)))
  (local.set $to (call $byte_offset (local.get $s) (local.get $to)))
  (call $str_from (i32.add (call $str_bytes (local.get $s)) (local.get $from))
                  (i32.sub (local.get $to) (local.get $from))))

;; Length in bytes of the character starting at `ptr`.
(func $char_bytes (param $ptr i32) (result i32)
  (local $b i32)
  (local.set $b (i32.load8_u (local.get $ptr)))
  (if (i32.lt_u (local.get $b) (i32.const 0x80)) (then (return (i32.const 1))))
  (if (i32.lt_u (local.get $b) (i32.const 0xe0)) (then (return (i32.const 2))))
  (if (i32.lt_u (local.get $b) (i32.const 0xf0)) (then (return (i32.const 3))))
  (i32.const 4))

;; `replace(from, to)`: every non-overlapping `from`, left to right; an empty `from` puts
;; `to` before every character and at the end (as Rust's `str::replace`).
(func $replace (param $s i32) (param $from i32) (param $to i32) (result i32)
  (local $out i32) (local $at i32) (local $p i32) (local $n i32)
  (local.set $out (call $str_alloc (call $str_len (local.get $s))))
  (if (i32.eqz (call $str_len (local.get $from)))
    (then
      (block $done
        (loop $next
          (local.set $out (call $str_push_str (local.get $out) (local.get $to)))
          (br_if $done (i32.ge_u (local.get $at) (call $str_len (local.get $s))))
          (local.set $n (call $char_bytes (i32.add (call $str_bytes (local.get $s)) (local.get $at))))
          (local.set $out (call $str_push (local.get $out)
                                          (i32.add (call $str_bytes (local.get $s)) (local.get $at))
                                          (local.get $n)))
          (local.set $at (i32.add (local.get $at) (local.get $n)))
          (br $next)))
      (return (local.get $out))))
  (block $done
    (loop $next
      (local.set $p (call $str_find_from (local.get $s) (local.get $from) (local.get $at)))
      (br_if $done (i32.lt_s (local.get $p) (i32.const 0)))
      (local.set $out (call $str_push (local.get $out)
                                      (i32.add (call $str_bytes (local.get $s)) (local.get $at))
                                      (i32.sub (local.get $p) (local.get $at))))
      (local.set $out (call $str_push_str (local.get $out) (local.get $to)))
      (local.set $at (i32.add (local.get $p) (call $str_len (local.get $from))))
      (br $next)))
  (call $str_push (local.get $out) (i32.add (call $str_bytes (local.get $s)) (local.get $at))
                  (i32.sub (call $str_len (local.get $s)) (local.get $at))))

;; `split(sep)`: an array of strings; an empty separator splits into characters.
(func $split (param $s i32) (param $sep i32) (result i32)
  (local $out i32) (local $at i32) (local $p i32) (local $n i32)
  (local.set $out (call $array_new))
  (if (i32.eqz (call $str_len (local.get $sep)))
    (then
      (block $done
        (loop $next
          (br_if $done (i32.ge_u (local.get $at) (call $str_len (local.get $s))))
          (local.set $n (call $char_bytes (i32.add (call $str_bytes (local.get $s)) (local.get $at))))
          (call $push_part (local.get $out) (local.get $s) (local.get $at) (local.get $n))
          (local.set $at (i32.add (local.get $at) (local.get $n)))
          (br $next)))
      (return (local.get $out))))
  (block $done
    (loop $next
      (local.set $p (call $str_find_from (local.get $s) (local.get $sep) (local.get $at)))
      (br_if $done (i32.lt_s (local.get $p) (i32.const 0)))
      (call $push_part (local.get $out) (local.get $s) (local.get $at)
                       (i32.sub (local.get $p) (local.get $at)))
      (local.set $at (i32.add (local.get $p) (call $str_len (local.get $sep))))
      (br $next)))
  (call $push_part (local.get $out) (local.get $s) (local.get $at)
                   (i32.sub (call $str_len (local.get $s)) (local.get $at)))
  (local.get $out))

;; Appends a new string of `len` bytes of `s` from byte `at` to the array `a`.
(func $push_part (param $a i32) (param $s i32) (param $at i32) (param $len i32)
  (local $part i32)
  (local.set $part (call $str_from (i32.add (call $str_bytes (local.get $s)) (local.get $at))
                                   (local.get $len)))
  (call $array_push (local.get $a) (i32.const 4) (i64.extend_i32_u (local.get $part)))
  (call $release (i32.const 4) (i64.extend_i32_u (local.get $part))))
