;; parse_float.wat — `toFloat()` of a StringBox: Rust's `str::parse::<f64>` after `trim()`,
;; as the VM does, correctly rounded (round half to even), null for what Rust refuses.
;;
;; Accepted: an optional sign, then `inf`, `infinity` or `nan` in any case, or a decimal:
;; digits, an optional `.` and digits (at least one digit in all), an optional exponent
;; (`e` or `E`, an optional sign, at least one digit). Up to 800 significant digits are kept;
;; if a non-zero digit is dropped a `1` is appended instead, which rounds the same way (Rust
;; keeps 768). Short inputs (at most 15 digits, decimal exponent within ±22) take one exact
;; f64 multiplication or division; the others are divided exactly with big integers
;; (136 limbs of 32 bits, enough for 10^1144 shifted by 64 bits): the quotient's 64 leading
;; bits and a sticky bit for the remainder are rounded to the double's precision.

(global $PF_LIMBS i32 (i32.const 136))
(global $PF_MAX_DIGITS i32 (i32.const 800))
;; Three big integers and the digit buffer, allocated on first use.
(global $pf_a (mut i32) (i32.const 0))
(global $pf_b (mut i32) (i32.const 0))
(global $pf_c (mut i32) (i32.const 0))
(global $pf_digits (mut i32) (i32.const 0))
(global $PF_WORDS i32 (i32.const 123904)) (data (i32.const 123904) "infinityinfnan") ;; 14 bytes

;; ---- big integers of PF_LIMBS little-endian limbs

(func $pf_zero (param $p i32)
  (memory.fill (local.get $p) (i32.const 0) (i32.shl (global.get $PF_LIMBS) (i32.const 2))))

;; p = p * m + add (m, add < 2^32)
(func $pf_mul_add (param $p i32) (param $m i64) (param $add i64)
  (local $i i32) (local $x i64) (local $a i32)
  (loop $limb
    (local.set $a (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))))
    (local.set $x (i64.add (i64.mul (i64.load32_u (local.get $a)) (local.get $m)) (local.get $add)))
    (i64.store32 (local.get $a) (local.get $x))
    (local.set $add (i64.shr_u (local.get $x) (i64.const 32)))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br_if $limb (i32.lt_u (local.get $i) (global.get $PF_LIMBS)))))

;; p *= 10^n
(func $pf_mul_pow10 (param $p i32) (param $n i32)
  (block $done
    (loop $chunk
      (br_if $done (i32.lt_u (local.get $n) (i32.const 9)))
      (call $pf_mul_add (local.get $p) (i64.const 1000000000) (i64.const 0))
      (local.set $n (i32.sub (local.get $n) (i32.const 9)))
      (br $chunk)))
  (block $end
    (loop $one
      (br_if $end (i32.eqz (local.get $n)))
      (call $pf_mul_add (local.get $p) (i64.const 10) (i64.const 0))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $one))))

;; The limb `i` of p, 0 outside the number.
(func $pf_limb (param $p i32) (param $i i32) (result i64)
  (if (i32.or (i32.lt_s (local.get $i) (i32.const 0)) (i32.ge_s (local.get $i) (global.get $PF_LIMBS)))
    (then (return (i64.const 0))))
  (i64.load32_u (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2)))))

;; p <<= n bits (bits shifted past the top are lost; callers stay below it).
(func $pf_shl (param $p i32) (param $n i32)
  (local $i i32) (local $limbs i32) (local $bits i64) (local $pair i64)
  (local.set $limbs (i32.shr_u (local.get $n) (i32.const 5)))
  (local.set $bits (i64.extend_i32_u (i32.and (local.get $n) (i32.const 31))))
  (local.set $i (global.get $PF_LIMBS))
  (loop $limb
    (local.set $i (i32.sub (local.get $i) (i32.const 1)))
    (local.set $pair (i64.or
      (i64.shl (call $pf_limb (local.get $p) (i32.sub (local.get $i) (local.get $limbs))) (i64.const 32))
      (call $pf_limb (local.get $p) (i32.sub (i32.sub (local.get $i) (local.get $limbs)) (i32.const 1)))))
    (i64.store32 (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2)))
                 (i64.shr_u (local.get $pair) (i64.sub (i64.const 32) (local.get $bits))))
    (br_if $limb (local.get $i))))

;; p >>= 1
(func $pf_shr1 (param $p i32)
  (local $i i32) (local $a i32)
  (loop $limb
    (local.set $a (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))))
    (i32.store (local.get $a)
      (i32.wrap_i64 (i64.shr_u (i64.or (i64.shl (call $pf_limb (local.get $p) (i32.add (local.get $i) (i32.const 1)))
                                                (i64.const 32))
                                       (i64.load32_u (local.get $a)))
                               (i64.const 1))))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br_if $limb (i32.lt_u (local.get $i) (global.get $PF_LIMBS)))))

;; Number of significant bits of p (0 for zero).
(func $pf_bitlen (param $p i32) (result i32)
  (local $i i32) (local $x i32)
  (local.set $i (global.get $PF_LIMBS))
  (block $zero
    (loop $limb
      (br_if $zero (i32.eqz (local.get $i)))
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (local.set $x (i32.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2)))))
      (br_if $limb (i32.eqz (local.get $x)))
      (return (i32.add (i32.shl (local.get $i) (i32.const 5)) (i32.sub (i32.const 32) (i32.clz (local.get $x)))))))
  (i32.const 0))

;; -1, 0 or 1 as a <, =, > b
(func $pf_cmp (param $a i32) (param $b i32) (result i32)
  (local $i i32) (local $x i32) (local $y i32)
  (local.set $i (global.get $PF_LIMBS))
  (loop $limb
    (local.set $i (i32.sub (local.get $i) (i32.const 1)))
    (local.set $x (i32.load (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 2)))))
    (local.set $y (i32.load (i32.add (local.get $b) (i32.shl (local.get $i) (i32.const 2)))))
    (if (i32.ne (local.get $x) (local.get $y))
      (then (return (select (i32.const -1) (i32.const 1) (i32.lt_u (local.get $x) (local.get $y))))))
    (br_if $limb (local.get $i)))
  (i32.const 0))

;; a -= b (a >= b)
(func $pf_sub (param $a i32) (param $b i32)
  (local $i i32) (local $borrow i64) (local $x i64) (local $o i32)
  (loop $limb
    (local.set $o (i32.shl (local.get $i) (i32.const 2)))
    (local.set $x (i64.sub (i64.sub (i64.load32_u (i32.add (local.get $a) (local.get $o)))
                                    (i64.load32_u (i32.add (local.get $b) (local.get $o))))
                           (local.get $borrow)))
    (i64.store32 (i32.add (local.get $a) (local.get $o)) (local.get $x))
    (local.set $borrow (i64.and (i64.shr_u (local.get $x) (i64.const 63)) (i64.const 1)))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br_if $limb (i32.lt_u (local.get $i) (global.get $PF_LIMBS)))))

;; ---- parsing

;; Whether the `n` bytes at `p` are the `n` bytes at `word`, ASCII case ignored.
(func $pf_word (param $p i32) (param $n i32) (param $word i32) (param $len i32) (result i32)
  (if (i32.ne (local.get $n) (local.get $len)) (then (return (i32.const 0))))
  (block $differ
    (loop $next
      (br_if $differ (i32.eqz (local.get $n)))
      (if (i32.ne (i32.or (i32.load8_u (local.get $p)) (i32.const 0x20)) (i32.load8_u (local.get $word)))
        (then (return (i32.const 0))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (local.set $word (i32.add (local.get $word) (i32.const 1)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $next)))
  (i32.const 1))

;; The digit at `p` (before `end`), or -1.
(func $pf_digit (param $p i32) (param $end i32) (result i32)
  (local $d i32)
  (if (i32.ge_u (local.get $p) (local.get $end)) (then (return (i32.const -1))))
  (local.set $d (i32.sub (i32.load8_u (local.get $p)) (i32.const 48)))
  (select (local.get $d) (i32.const -1) (i32.lt_u (local.get $d) (i32.const 10))))

;; `toFloat()`: the FloatBox `s` denotes after trimming, or null.
(func $parse_float (param $s i32) (result i32 i64)
  (local $t i32)
  (local.set $t (call $trim (local.get $s)))
  (call $parse_trimmed (call $str_bytes (local.get $t))
                       (i32.add (call $str_bytes (local.get $t)) (call $str_len (local.get $t))))
  (call $release (i32.const 4) (i64.extend_i32_u (local.get $t))))

(func $parse_trimmed (param $p i32) (param $end i32) (result i32 i64)
  (local $negative i32) (local $d i32) (local $nd i32) (local $any i32) (local $dropped i32)
  (local $adjust i32) (local $exp i32) (local $exp_negative i32) (local $x f64)
  (if (i32.eqz (global.get $pf_digits))
    (then
      (global.set $pf_digits (call $alloc (i32.add (global.get $PF_MAX_DIGITS) (i32.const 1))))
      (global.set $pf_a (call $alloc (i32.shl (global.get $PF_LIMBS) (i32.const 2))))
      (global.set $pf_b (call $alloc (i32.shl (global.get $PF_LIMBS) (i32.const 2))))
      (global.set $pf_c (call $alloc (i32.shl (global.get $PF_LIMBS) (i32.const 2))))))
  (if (i32.lt_u (local.get $p) (local.get $end))
    (then
      (if (i32.eq (i32.load8_u (local.get $p)) (i32.const 45))
        (then (local.set $negative (i32.const 1)) (local.set $p (i32.add (local.get $p) (i32.const 1))))
        (else (if (i32.eq (i32.load8_u (local.get $p)) (i32.const 43))
          (then (local.set $p (i32.add (local.get $p) (i32.const 1)))))))))
  ;; inf, infinity, nan
  (if (i32.or (call $pf_word (local.get $p) (i32.sub (local.get $end) (local.get $p)) (global.get $PF_WORDS) (i32.const 8))
              (call $pf_word (local.get $p) (i32.sub (local.get $end) (local.get $p))
                             (i32.add (global.get $PF_WORDS) (i32.const 8)) (i32.const 3)))
    (then (return (i32.const 3) (i64.reinterpret_f64
      (select (f64.const -inf) (f64.const inf) (local.get $negative))))))
  (if (call $pf_word (local.get $p) (i32.sub (local.get $end) (local.get $p))
                     (i32.add (global.get $PF_WORDS) (i32.const 11)) (i32.const 3))
    (then (return (i32.const 3) (i64.reinterpret_f64 (f64.const nan)))))
  ;; The integer part, then the fraction: significant digits into the buffer.
  (block $int_done
    (loop $int
      (local.set $d (call $pf_digit (local.get $p) (local.get $end)))
      (br_if $int_done (i32.lt_s (local.get $d) (i32.const 0)))
      (local.set $any (i32.const 1))
      (if (i32.or (local.get $d) (local.get $nd))
        (then
          (if (i32.lt_u (local.get $nd) (global.get $PF_MAX_DIGITS))
            (then
              (i32.store8 (i32.add (global.get $pf_digits) (local.get $nd)) (local.get $d))
              (local.set $nd (i32.add (local.get $nd) (i32.const 1))))
            (else
              (local.set $adjust (i32.add (local.get $adjust) (i32.const 1)))
              (local.set $dropped (i32.or (local.get $dropped) (local.get $d)))))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $int)))
  (if (i32.lt_u (local.get $p) (local.get $end))
    (then
      (if (i32.eq (i32.load8_u (local.get $p)) (i32.const 46))
        (then
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (block $frac_done
            (loop $frac
              (local.set $d (call $pf_digit (local.get $p) (local.get $end)))
              (br_if $frac_done (i32.lt_s (local.get $d) (i32.const 0)))
              (local.set $any (i32.const 1))
              (if (i32.lt_u (local.get $nd) (global.get $PF_MAX_DIGITS))
                (then
                  (if (i32.or (local.get $d) (local.get $nd))
                    (then
                      (i32.store8 (i32.add (global.get $pf_digits) (local.get $nd)) (local.get $d))
                      (local.set $nd (i32.add (local.get $nd) (i32.const 1)))))
                  (local.set $adjust (i32.sub (local.get $adjust) (i32.const 1))))
                (else (local.set $dropped (i32.or (local.get $dropped) (local.get $d)))))
              (local.set $p (i32.add (local.get $p) (i32.const 1)))
              (br $frac)))))))
  (if (i32.eqz (local.get $any)) (then (return (i32.const 0) (i64.const 0))))
  ;; The exponent, saturated far beyond any double.
  (if (i32.lt_u (local.get $p) (local.get $end))
    (then
      (if (i32.ne (i32.or (i32.load8_u (local.get $p)) (i32.const 0x20)) (i32.const 101))
        (then (return (i32.const 0) (i64.const 0))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (if (i32.lt_u (local.get $p) (local.get $end))
        (then
          (if (i32.eq (i32.load8_u (local.get $p)) (i32.const 45))
            (then (local.set $exp_negative (i32.const 1)) (local.set $p (i32.add (local.get $p) (i32.const 1))))
            (else (if (i32.eq (i32.load8_u (local.get $p)) (i32.const 43))
              (then (local.set $p (i32.add (local.get $p) (i32.const 1)))))))))
      (if (i32.lt_s (call $pf_digit (local.get $p) (local.get $end)) (i32.const 0))
        (then (return (i32.const 0) (i64.const 0))))
      (block $exp_done
        (loop $exp_digit
          (local.set $d (call $pf_digit (local.get $p) (local.get $end)))
          (br_if $exp_done (i32.lt_s (local.get $d) (i32.const 0)))
          (if (i32.lt_u (local.get $exp) (i32.const 100000))
            (then (local.set $exp (i32.add (i32.mul (local.get $exp) (i32.const 10)) (local.get $d)))))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $exp_digit)))))
  (if (i32.lt_u (local.get $p) (local.get $end)) (then (return (i32.const 0) (i64.const 0))))
  (if (local.get $exp_negative) (then (local.set $exp (i32.sub (i32.const 0) (local.get $exp)))))
  (local.set $x (call $pf_value (local.get $nd) (i32.add (local.get $exp) (local.get $adjust))
                                (local.get $dropped)))
  (i32.const 3)
  (i64.reinterpret_f64 (select (f64.neg (local.get $x)) (local.get $x) (local.get $negative))))

;; The double nearest to the `nd` digits in the buffer times 10^e (plus a little when
;; `dropped`: digits beyond the buffer were not all zero).
(func $pf_value (param $nd i32) (param $e i32) (param $dropped i32) (result f64)
  (local $i i32) (local $n i64) (local $scale f64)
  (if (i32.eqz (local.get $nd)) (then (return (f64.const 0))))
  (if (local.get $dropped)
    (then
      (i32.store8 (i32.add (global.get $pf_digits) (local.get $nd)) (i32.const 1))
      (local.set $nd (i32.add (local.get $nd) (i32.const 1)))
      (local.set $e (i32.sub (local.get $e) (i32.const 1)))))
  (if (i32.gt_s (i32.add (local.get $nd) (local.get $e)) (i32.const 310)) (then (return (f64.const inf))))
  (if (i32.lt_s (i32.add (local.get $nd) (local.get $e)) (i32.const -343)) (then (return (f64.const 0))))
  (if (i32.and (i32.le_u (local.get $nd) (i32.const 15))
               (i32.le_u (i32.add (local.get $e) (i32.const 22)) (i32.const 44)))
    (then
      (block $done
        (loop $next
          (br_if $done (i32.ge_u (local.get $i) (local.get $nd)))
          (local.set $n (i64.add (i64.mul (local.get $n) (i64.const 10))
                                 (i64.load8_u (i32.add (global.get $pf_digits) (local.get $i)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
      (local.set $scale (f64.const 1))
      (local.set $i (select (local.get $e) (i32.sub (i32.const 0) (local.get $e))
                            (i32.ge_s (local.get $e) (i32.const 0))))
      (block $done
        (loop $next
          (br_if $done (i32.eqz (local.get $i)))
          (local.set $scale (f64.mul (local.get $scale) (f64.const 10)))
          (local.set $i (i32.sub (local.get $i) (i32.const 1)))
          (br $next)))
      (if (i32.ge_s (local.get $e) (i32.const 0))
        (then (return (f64.mul (f64.convert_i64_u (local.get $n)) (local.get $scale)))))
      (return (f64.div (f64.convert_i64_u (local.get $n)) (local.get $scale)))))
  (call $pf_exact (local.get $nd) (local.get $e)))

;; The slow path of `$pf_value`: A = digits, B = 1, scaled by 10^e on one side; then the 64
;; leading bits of A / B and whether a remainder is left.
(func $pf_exact (param $nd i32) (param $e i32) (result f64)
  (local $i i32) (local $k i32) (local $q i64) (local $sticky i32)
  (call $pf_zero (global.get $pf_a))
  (call $pf_zero (global.get $pf_b))
  (i32.store (global.get $pf_b) (i32.const 1))
  (block $done
    (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $nd)))
      (call $pf_mul_add (global.get $pf_a) (i64.const 10)
                        (i64.load8_u (i32.add (global.get $pf_digits) (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
  (if (i32.ge_s (local.get $e) (i32.const 0))
    (then (call $pf_mul_pow10 (global.get $pf_a) (local.get $e)))
    (else (call $pf_mul_pow10 (global.get $pf_b) (i32.sub (i32.const 0) (local.get $e)))))
  ;; Align so that 2^63 <= A / B < 2^64 after the shift by k.
  (local.set $k (i32.sub (i32.sub (call $pf_bitlen (global.get $pf_a)) (call $pf_bitlen (global.get $pf_b)))
                         (i32.const 63)))
  (if (i32.gt_s (local.get $k) (i32.const 0))
    (then (call $pf_shl (global.get $pf_b) (local.get $k)))
    (else (call $pf_shl (global.get $pf_a) (i32.sub (i32.const 0) (local.get $k)))))
  (memory.copy (global.get $pf_c) (global.get $pf_b) (i32.shl (global.get $PF_LIMBS) (i32.const 2)))
  (call $pf_shl (global.get $pf_c) (i32.const 63))
  (if (i32.lt_s (call $pf_cmp (global.get $pf_a) (global.get $pf_c)) (i32.const 0))
    (then
      (call $pf_shl (global.get $pf_a) (i32.const 1))
      (local.set $k (i32.sub (local.get $k) (i32.const 1)))))
  ;; Restoring division, one quotient bit per step.
  (local.set $i (i32.const 0))
  (block $done
    (loop $bit
      (br_if $done (i32.ge_u (local.get $i) (i32.const 64)))
      (local.set $q (i64.shl (local.get $q) (i64.const 1)))
      (if (i32.ge_s (call $pf_cmp (global.get $pf_a) (global.get $pf_c)) (i32.const 0))
        (then
          (call $pf_sub (global.get $pf_a) (global.get $pf_c))
          (local.set $q (i64.or (local.get $q) (i64.const 1)))))
      (call $pf_shr1 (global.get $pf_c))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $bit)))
  (local.set $sticky (i32.ne (call $pf_bitlen (global.get $pf_a)) (i32.const 0)))
  (call $pf_round (local.get $q) (local.get $sticky) (i32.add (local.get $k) (i32.const 63))))

;; The double nearest to (q + sticky fraction) * 2^(e2 - 63), q in [2^63, 2^64): the value
;; lies in [2^e2, 2^(e2+1)). Round half to even; subnormals keep fewer bits.
(func $pf_round (param $q i64) (param $sticky i32) (param $e2 i32) (result f64)
  (local $m i32) (local $shift i64) (local $mant i64) (local $rem i64) (local $half i64)
  (if (i32.gt_s (local.get $e2) (i32.const 1023)) (then (return (f64.const inf))))
  (local.set $m (select (i32.const 53) (i32.add (local.get $e2) (i32.const 1075))
                        (i32.ge_s (local.get $e2) (i32.const -1022))))
  (if (i32.lt_s (local.get $m) (i32.const 0)) (then (return (f64.const 0))))
  (if (i32.eqz (local.get $m))
    ;; In [2^-1075, 2^-1074): the smallest subnormal unless exactly half of it.
    (then (return (select (f64.const 0) (f64.const 0x1p-1074)
                          (i32.and (i64.eq (local.get $q) (i64.const 0x8000000000000000))
                                   (i32.eqz (local.get $sticky)))))))
  (local.set $shift (i64.extend_i32_u (i32.sub (i32.const 64) (local.get $m))))
  (local.set $mant (i64.shr_u (local.get $q) (local.get $shift)))
  (local.set $rem (i64.and (local.get $q) (i64.sub (i64.shl (i64.const 1) (local.get $shift)) (i64.const 1))))
  (local.set $half (i64.shl (i64.const 1) (i64.sub (local.get $shift) (i64.const 1))))
  (if (i32.or (i64.gt_u (local.get $rem) (local.get $half))
              (i32.and (i64.eq (local.get $rem) (local.get $half))
                       (i32.or (local.get $sticky) (i32.wrap_i64 (i64.and (local.get $mant) (i64.const 1))))))
    (then (local.set $mant (i64.add (local.get $mant) (i64.const 1)))))
  (if (i32.lt_u (local.get $m) (i32.const 53))
    ;; Subnormal: the bits are the mantissa (2^52 is the smallest normal's pattern).
    (then (return (f64.reinterpret_i64 (local.get $mant)))))
  (if (i64.eq (local.get $mant) (i64.const 0x20000000000000))
    (then
      (local.set $mant (i64.const 0x10000000000000))
      (local.set $e2 (i32.add (local.get $e2) (i32.const 1)))))
  (if (i32.gt_s (local.get $e2) (i32.const 1023)) (then (return (f64.const inf))))
  (f64.reinterpret_i64
    (i64.or (i64.shl (i64.extend_i32_u (i32.add (local.get $e2) (i32.const 1023))) (i64.const 52))
            (i64.and (local.get $mant) (i64.const 0xfffffffffffff)))))
