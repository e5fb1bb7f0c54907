;; case.wat — `toUpper()` / `toLower()` (and `string.upper` / `string.lower` of `nyashstd`)
;; with Rust's full Unicode case mapping, as the VM's `str::to_uppercase` / `to_lowercase`.
;;
;; The tables come from the compiler (`src/case.rs`, built from Rust's own `char` methods)
;; and sit in the data segment of modules that change case; generated code stores their
;; address in `case_tables` before each call. Layout, in little-endian words: counts U, L, C;
;; U upper-case then L lower-case entries (character, up to three mapped characters, 0 for
;; none; sorted; characters mapping to themselves are absent); C ranges (first, last, class)
;; of the final-sigma classes: 1 case-ignorable, 2 cased. `Σ` lower-cases to `ς` when a cased
;; character precedes it and none follows it, case-ignorable ones skipped both ways.

(global $case_tables (export "case_tables") (mut i32) (i32.const 0))

;; Address of the 16-byte entry for `c` among `n` sorted entries at `t`, or 0.
(func $case_entry (param $t i32) (param $n i32) (param $c i32) (result i32)
  (local $lo i32) (local $hi i32) (local $mid i32) (local $at i32)
  (local.set $hi (local.get $n))
  (block $absent
    (loop $halve
      (br_if $absent (i32.ge_u (local.get $lo) (local.get $hi)))
      (local.set $mid (i32.shr_u (i32.add (local.get $lo) (local.get $hi)) (i32.const 1)))
      (local.set $at (i32.add (local.get $t) (i32.shl (local.get $mid) (i32.const 4))))
      (if (i32.eq (i32.load (local.get $at)) (local.get $c)) (then (return (local.get $at))))
      (if (i32.lt_u (i32.load (local.get $at)) (local.get $c))
        (then (local.set $lo (i32.add (local.get $mid) (i32.const 1))))
        (else (local.set $hi (local.get $mid))))
      (br $halve)))
  (i32.const 0))

;; The final-sigma class of `c`: 1 case-ignorable, 2 cased, 0 neither.
(func $sigma_class (param $c i32) (result i32)
  (local $t i32) (local $lo i32) (local $hi i32) (local $mid i32) (local $at i32)
  (local.set $t (global.get $case_tables))
  (local.set $at (i32.add (i32.add (local.get $t) (i32.const 12))
                          (i32.shl (i32.add (i32.load (local.get $t)) (i32.load offset=4 (local.get $t)))
                                   (i32.const 4))))
  (local.set $t (local.get $at))
  (local.set $hi (i32.load offset=8 (global.get $case_tables)))
  (block $absent
    (loop $halve
      (br_if $absent (i32.ge_u (local.get $lo) (local.get $hi)))
      (local.set $mid (i32.shr_u (i32.add (local.get $lo) (local.get $hi)) (i32.const 1)))
      (local.set $at (i32.add (local.get $t) (i32.mul (local.get $mid) (i32.const 12))))
      (if (i32.lt_u (local.get $c) (i32.load (local.get $at)))
        (then (local.set $hi (local.get $mid)))
        (else
          (if (i32.le_u (local.get $c) (i32.load offset=4 (local.get $at)))
            (then (return (i32.load offset=8 (local.get $at)))))
          (local.set $lo (i32.add (local.get $mid) (i32.const 1)))))
      (br $halve)))
  (i32.const 0))

;; Appends the UTF-8 form of character `c` to `s` (owned); returns the string.
(func $push_char (param $s i32) (param $c i32) (result i32)
  (local $n i32)
  (if (i32.lt_u (local.get $c) (i32.const 0x80))
    (then (i32.store8 (i32.const 64) (local.get $c)) (local.set $n (i32.const 1)))
    (else (if (i32.lt_u (local.get $c) (i32.const 0x800))
      (then
        (i32.store8 (i32.const 64) (i32.or (i32.const 0xc0) (i32.shr_u (local.get $c) (i32.const 6))))
        (local.set $n (i32.const 2)))
      (else (if (i32.lt_u (local.get $c) (i32.const 0x10000))
        (then
          (i32.store8 (i32.const 64) (i32.or (i32.const 0xe0) (i32.shr_u (local.get $c) (i32.const 12))))
          (local.set $n (i32.const 3)))
        (else
          (i32.store8 (i32.const 64) (i32.or (i32.const 0xf0) (i32.shr_u (local.get $c) (i32.const 18))))
          (local.set $n (i32.const 4))))))))
  ;; Continuation bytes, last first.
  (block $done
    (loop $next
      (br_if $done (i32.le_u (local.get $n) (i32.const 1)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (i32.store8 (i32.add (i32.const 64) (local.get $n))
                  (i32.or (i32.const 0x80) (i32.and (local.get $c) (i32.const 0x3f))))
      (local.set $c (i32.shr_u (local.get $c) (i32.const 6)))
      (br $next)))
  (call $str_push (local.get $s) (i32.const 64) (call $char_bytes (i32.const 64))))

;; Whether a cased character comes first among the characters from byte `p` towards `end`
;; (backwards when `step` is -1), case-ignorable ones skipped.
(func $cased_neighbour (param $p i32) (param $end i32) (param $step i32) (result i32)
  (local $class i32)
  (block $none
    (loop $next
      (if (i32.lt_s (local.get $step) (i32.const 0))
        (then
          (br_if $none (i32.le_u (local.get $p) (local.get $end)))
          ;; Back to the first byte of the previous character.
          (loop $back
            (local.set $p (i32.sub (local.get $p) (i32.const 1)))
            (br_if $back (i32.eq (i32.and (i32.load8_u (local.get $p)) (i32.const 0xc0))
                                 (i32.const 0x80)))))
        (else (br_if $none (i32.ge_u (local.get $p) (local.get $end)))))
      (local.set $class (call $sigma_class (call $decode (local.get $p))))
      (if (i32.ge_s (local.get $step) (i32.const 0))
        (then (local.set $p (i32.add (local.get $p) (call $char_bytes (local.get $p))))))
      (br_if $next (i32.eq (local.get $class) (i32.const 1)))
      (return (i32.eq (local.get $class) (i32.const 2)))))
  (i32.const 0))

;; `s` upper-cased (`upper` = 1) or lower-cased: a new string.
(func $case_map (param $s i32) (param $upper i32) (result i32)
  (local $out i32) (local $p i32) (local $end i32) (local $c i32) (local $n i32)
  (local $table i32) (local $count i32) (local $entry i32)
  (local.set $table (i32.add (global.get $case_tables) (i32.const 12)))
  (local.set $count (i32.load (global.get $case_tables)))
  (if (i32.eqz (local.get $upper))
    (then
      (local.set $table (i32.add (local.get $table) (i32.shl (local.get $count) (i32.const 4))))
      (local.set $count (i32.load offset=4 (global.get $case_tables)))))
  (local.set $p (call $str_bytes (local.get $s)))
  (local.set $end (i32.add (local.get $p) (call $str_len (local.get $s))))
  (local.set $out (call $str_alloc (call $str_len (local.get $s))))
  (block $done
    (loop $next
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (local.set $c (call $decode (local.get $p)))
      (local.set $n (call $char_bytes (local.get $p)))
      (block $mapped
        (if (i32.and (i32.eqz (local.get $upper)) (i32.eq (local.get $c) (i32.const 0x3a3)))
          (then
            (local.set $out (call $push_char (local.get $out)
              (select (i32.const 0x3c2) (i32.const 0x3c3)
                (i32.and
                  (call $cased_neighbour (local.get $p) (call $str_bytes (local.get $s)) (i32.const -1))
                  (i32.eqz (call $cased_neighbour (i32.add (local.get $p) (local.get $n))
                                                  (local.get $end) (i32.const 1)))))))
            (br $mapped)))
        (local.set $entry (call $case_entry (local.get $table) (local.get $count) (local.get $c)))
        (if (i32.eqz (local.get $entry))
          (then
            (local.set $out (call $str_push (local.get $out) (local.get $p) (local.get $n)))
            (br $mapped)))
        (local.set $out (call $push_char (local.get $out) (i32.load offset=4 (local.get $entry))))
        (if (i32.load offset=8 (local.get $entry))
          (then (local.set $out (call $push_char (local.get $out) (i32.load offset=8 (local.get $entry))))))
        (if (i32.load offset=12 (local.get $entry))
          (then (local.set $out (call $push_char (local.get $out) (i32.load offset=12 (local.get $entry)))))))
      (local.set $p (i32.add (local.get $p) (local.get $n)))
      (br $next)))
  (local.get $out))

;; `string.upper(s)` / `string.lower(s)`: `who` names the function for the type error.
(func $string_case (export "rt_string_case")
      (param $site i32) (param $who i32) (param $upper i32) (param $tag i32) (param $bits i64)
      (result i32 i64)
  (local $s i32)
  (local.set $s (call $arg_str (local.get $site) (local.get $who) (local.get $tag) (local.get $bits)))
  (if (global.get $pending) (then (return (i32.const 0) (i64.const 0))))
  (i32.const 4)
  (i64.extend_i32_u (call $case_map (local.get $s) (local.get $upper))))
