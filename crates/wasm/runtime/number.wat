;; number.wat — integers and floats as text, and the float remainder.
;;
;; `$fmt_i64` writes an integer in decimal. `$fmt_f64` writes a float exactly as the VM's
;; `format_float` does (docs/LANGUAGE.md): the shortest digits that read back as the same
;; float, chosen by exact big-integer arithmetic (the free-format digit generation of Steele &
;; White / Dragon4, with the same boundary, scaling and rounding decisions as Rust's
;; `flt2dec` shortest mode, so ties and carries come out identically), then laid out like
;; JavaScript's `Number.prototype.toString`; `NaN`, `inf`, `-inf`, `0`, `-0` are special.
;;
;; Big integers are 38 little-endian 32-bit limbs (1216 bits; the largest value the
;; algorithm meets is below 2^1090) at fixed addresses: R (remainder) 256, S (scale) 408,
;; M- 560, M+ 712, T (scratch) 864. Digits are generated at 128..152; callers pass an output
;; buffer of at least 32 bytes that does not overlap those (the runtime uses 64..96).

(global $BIG_LIMBS i32 (i32.const 38))
(global $R i32 (i32.const 256))
(global $S i32 (i32.const 408))
(global $MM i32 (i32.const 560))
(global $MP i32 (i32.const 712))
(global $T i32 (i32.const 864))
(global $DIG i32 (i32.const 128))

;; Writes `v` in decimal at `out`; returns the length.
(func $fmt_i64 (export "rt_fmt_i64") (param $v i64) (param $out i32) (result i32)
  (local $p i32) (local $u i64) (local $t i64) (local $n i32) (local $i i32)
  (local.set $p (local.get $out))
  (local.set $u (local.get $v))
  (if (i64.lt_s (local.get $v) (i64.const 0))
    (then
      (i32.store8 (local.get $p) (i32.const 45))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (local.set $u (i64.sub (i64.const 0) (local.get $v)))))
  (local.set $n (i32.const 1))
  (local.set $t (local.get $u))
  (block $counted
    (loop $more
      (br_if $counted (i64.lt_u (local.get $t) (i64.const 10)))
      (local.set $t (i64.div_u (local.get $t) (i64.const 10)))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $more)))
  (local.set $i (local.get $n))
  (loop $digit
    (local.set $i (i32.sub (local.get $i) (i32.const 1)))
    (i32.store8 (i32.add (local.get $p) (local.get $i))
                (i32.add (i32.const 48) (i32.wrap_i64 (i64.rem_u (local.get $u) (i64.const 10)))))
    (local.set $u (i64.div_u (local.get $u) (i64.const 10)))
    (br_if $digit (local.get $i)))
  (i32.sub (i32.add (local.get $p) (local.get $n)) (local.get $out)))

;; ---- big integers -------------------------------------------------------------------------

(func $big_set (param $p i32) (param $v i64)
  (memory.fill (local.get $p) (i32.const 0) (i32.const 152))
  (i64.store (local.get $p) (local.get $v)))

;; p *= m (m < 2^31)
(func $big_mul_small (param $p i32) (param $m i32)
  (local $i i32) (local $carry i64) (local $x i64) (local $a i32)
  (loop $limb
    (local.set $a (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))))
    (local.set $x (i64.add (i64.mul (i64.load32_u (local.get $a)) (i64.extend_i32_u (local.get $m)))
                           (local.get $carry)))
    (i64.store32 (local.get $a) (local.get $x))
    (local.set $carry (i64.shr_u (local.get $x) (i64.const 32)))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br_if $limb (i32.lt_u (local.get $i) (global.get $BIG_LIMBS)))))

;; p *= 2^n
(func $big_shl (param $p i32) (param $n i32)
  (block $done
    (loop $chunk
      (br_if $done (i32.lt_u (local.get $n) (i32.const 30)))
      (call $big_mul_small (local.get $p) (i32.const 0x40000000))
      (local.set $n (i32.sub (local.get $n) (i32.const 30)))
      (br $chunk)))
  (call $big_mul_small (local.get $p) (i32.shl (i32.const 1) (local.get $n))))

;; p *= 10^n
(func $big_mul_pow10 (param $p i32) (param $n i32)
  (block $done
    (loop $chunk
      (br_if $done (i32.lt_u (local.get $n) (i32.const 9)))
      (call $big_mul_small (local.get $p) (i32.const 1000000000))
      (local.set $n (i32.sub (local.get $n) (i32.const 9)))
      (br $chunk)))
  (block $end
    (loop $one
      (br_if $end (i32.eqz (local.get $n)))
      (call $big_mul_small (local.get $p) (i32.const 10))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $one))))

;; d = a + b
(func $big_add (param $d i32) (param $a i32) (param $b i32)
  (local $i i32) (local $carry i64) (local $x i64) (local $o i32)
  (loop $limb
    (local.set $o (i32.shl (local.get $i) (i32.const 2)))
    (local.set $x (i64.add (i64.add (i64.load32_u (i32.add (local.get $a) (local.get $o)))
                                    (i64.load32_u (i32.add (local.get $b) (local.get $o))))
                           (local.get $carry)))
    (i64.store32 (i32.add (local.get $d) (local.get $o)) (local.get $x))
    (local.set $carry (i64.shr_u (local.get $x) (i64.const 32)))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br_if $limb (i32.lt_u (local.get $i) (global.get $BIG_LIMBS)))))

;; a -= b (a >= b)
(func $big_sub (param $a i32) (param $b i32)
  (local $i i32) (local $borrow i64) (local $x i64) (local $o i32)
  (loop $limb
    (local.set $o (i32.shl (local.get $i) (i32.const 2)))
    (local.set $x (i64.sub (i64.sub (i64.load32_u (i32.add (local.get $a) (local.get $o)))
                                    (i64.load32_u (i32.add (local.get $b) (local.get $o))))
                           (local.get $borrow)))
    (i64.store32 (i32.add (local.get $a) (local.get $o)) (local.get $x))
    (local.set $borrow (i64.and (i64.shr_u (local.get $x) (i64.const 63)) (i64.const 1)))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br_if $limb (i32.lt_u (local.get $i) (global.get $BIG_LIMBS)))))

;; -1, 0 or 1 as a <, =, > b
(func $big_cmp (param $a i32) (param $b i32) (result i32)
  (local $i i32) (local $x i32) (local $y i32)
  (local.set $i (global.get $BIG_LIMBS))
  (loop $limb
    (local.set $i (i32.sub (local.get $i) (i32.const 1)))
    (local.set $x (i32.load (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 2)))))
    (local.set $y (i32.load (i32.add (local.get $b) (i32.shl (local.get $i) (i32.const 2)))))
    (if (i32.ne (local.get $x) (local.get $y))
      (then (return (select (i32.const -1) (i32.const 1) (i32.lt_u (local.get $x) (local.get $y))))))
    (br_if $limb (local.get $i)))
  (i32.const 0))

;; Whether S is below R + M+ (or equal, when the boundaries are inclusive): the digits so far,
;; rounded up, are within the upper half-way point.
(func $past_high (param $inclusive i32) (result i32)
  (local $c i32)
  (call $big_add (global.get $T) (global.get $R) (global.get $MP))
  (local.set $c (call $big_cmp (global.get $S) (global.get $T)))
  (select (i32.le_s (local.get $c) (i32.const 0)) (i32.lt_s (local.get $c) (i32.const 0))
          (local.get $inclusive)))

;; ---- shortest float digits ---------------------------------------------------------------

;; Generates the shortest digits of the positive finite float `x` at $DIG; returns
;; (count, point) with x ≈ 0.d1d2… × 10^point.
(func $shortest_digits (param $x f64) (result i32 i32)
  (local $bits i64) (local $mant i64) (local $exp i32) (local $biased i32)
  (local $minus i64) (local $plus i64) (local $incl i32) (local $k i32) (local $n i32)
  (local $d i32) (local $down i32) (local $up i32) (local $grew i32) (local $c i32)
  (local.set $bits (i64.reinterpret_f64 (local.get $x)))
  (local.set $biased (i32.wrap_i64 (i64.and (i64.shr_u (local.get $bits) (i64.const 52))
                                             (i64.const 0x7ff))))
  (local.set $mant (i64.and (local.get $bits) (i64.const 0xfffffffffffff)))
  (if (local.get $biased)
    (then
      (local.set $mant (i64.or (local.get $mant) (i64.const 0x10000000000000)))
      (local.set $exp (i32.sub (local.get $biased) (i32.const 1075))))
    (else (local.set $exp (i32.const -1074))))
  (local.set $incl (i64.eqz (i64.and (local.get $mant) (i64.const 1))))
  ;; The neighbours: below a power of two they are twice as close.
  (if (i64.eq (local.get $mant) (i64.const 0x10000000000000))
    (then
      (local.set $mant (i64.shl (local.get $mant) (i64.const 2)))
      (local.set $minus (i64.const 1))
      (local.set $plus (i64.const 2))
      (local.set $exp (i32.sub (local.get $exp) (i32.const 2))))
    (else
      (local.set $mant (i64.shl (local.get $mant) (i64.const 1)))
      (local.set $minus (i64.const 1))
      (local.set $plus (i64.const 1))
      (local.set $exp (i32.sub (local.get $exp) (i32.const 1)))))
  ;; k estimate: floor((bits of mant + plus, plus exp) × log10 2), at most one too small.
  (local.set $k
    (i32.wrap_i64
      (i64.shr_s
        (i64.mul
          (i64.add (i64.sub (i64.const 64)
                            (i64.clz (i64.sub (i64.add (local.get $mant) (local.get $plus))
                                              (i64.const 1))))
                   (i64.extend_i32_s (local.get $exp)))
          (i64.const 1292913986))
        (i64.const 32))))
  (call $big_set (global.get $R) (local.get $mant))
  (call $big_set (global.get $MM) (local.get $minus))
  (call $big_set (global.get $MP) (local.get $plus))
  (call $big_set (global.get $S) (i64.const 1))
  (if (i32.lt_s (local.get $exp) (i32.const 0))
    (then (call $big_shl (global.get $S) (i32.sub (i32.const 0) (local.get $exp))))
    (else
      (call $big_shl (global.get $R) (local.get $exp))
      (call $big_shl (global.get $MM) (local.get $exp))
      (call $big_shl (global.get $MP) (local.get $exp))))
  (if (i32.ge_s (local.get $k) (i32.const 0))
    (then (call $big_mul_pow10 (global.get $S) (local.get $k)))
    (else
      (call $big_mul_pow10 (global.get $R) (i32.sub (i32.const 0) (local.get $k)))
      (call $big_mul_pow10 (global.get $MM) (i32.sub (i32.const 0) (local.get $k)))
      (call $big_mul_pow10 (global.get $MP) (i32.sub (i32.const 0) (local.get $k)))))
  ;; Fix the estimate: the first digit must be below 10.
  (if (call $past_high (local.get $incl))
    (then (local.set $k (i32.add (local.get $k) (i32.const 1))))
    (else
      (call $big_mul_small (global.get $R) (i32.const 10))
      (call $big_mul_small (global.get $MM) (i32.const 10))
      (call $big_mul_small (global.get $MP) (i32.const 10))))
  (block $stop
    (loop $digit
      (local.set $d (i32.const 0))
      (block $divided
        (loop $subtract
          (br_if $divided (i32.lt_s (call $big_cmp (global.get $R) (global.get $S)) (i32.const 0)))
          (call $big_sub (global.get $R) (global.get $S))
          (local.set $d (i32.add (local.get $d) (i32.const 1)))
          (br $subtract)))
      (i32.store8 (i32.add (global.get $DIG) (local.get $n)) (i32.add (i32.const 48) (local.get $d)))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (local.set $c (call $big_cmp (global.get $R) (global.get $MM)))
      (local.set $down (select (i32.le_s (local.get $c) (i32.const 0))
                               (i32.lt_s (local.get $c) (i32.const 0)) (local.get $incl)))
      (local.set $up (call $past_high (local.get $incl)))
      (br_if $stop (i32.or (local.get $down) (local.get $up)))
      (br_if $stop (i32.ge_u (local.get $n) (i32.const 20)))
      (call $big_mul_small (global.get $R) (i32.const 10))
      (call $big_mul_small (global.get $MM) (i32.const 10))
      (call $big_mul_small (global.get $MP) (i32.const 10))
      (br $digit)))
  ;; Round the last digit up when only rounding up stays in range, or when the rest is at
  ;; least one half.
  (if (local.get $up)
    (then
      (if (i32.eqz (local.get $down))
        (then (local.set $c (i32.const 1)))
        (else
          (call $big_add (global.get $T) (global.get $R) (global.get $R))
          (local.set $c (i32.ge_s (call $big_cmp (global.get $T) (global.get $S)) (i32.const 0)))))
      (if (local.get $c)
        (then
          (local.set $grew (call $round_up (local.get $n)))
          (local.set $k (i32.add (local.get $k) (local.get $grew)))
          (local.set $n (i32.add (local.get $n) (local.get $grew)))))))
  (local.get $n) (local.get $k))

;; Adds one unit in the last of `n` digits at $DIG; returns 1 (and extends the digits by a
;; zero) when every digit was 9, else 0.
(func $round_up (param $n i32) (result i32)
  (local $i i32)
  (local.set $i (local.get $n))
  (block $found
    (loop $scan
      (br_if $found (i32.eqz (local.get $i)))
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (if (i32.ne (i32.load8_u (i32.add (global.get $DIG) (local.get $i))) (i32.const 57))
        (then
          (i32.store8 (i32.add (global.get $DIG) (local.get $i))
                      (i32.add (i32.load8_u (i32.add (global.get $DIG) (local.get $i))) (i32.const 1)))
          (memory.fill (i32.add (i32.add (global.get $DIG) (local.get $i)) (i32.const 1))
                       (i32.const 48) (i32.sub (i32.sub (local.get $n) (local.get $i)) (i32.const 1)))
          (return (i32.const 0))))
      (br $scan)))
  ;; 99…9 becomes 100…0 with one more digit, one place higher.
  (i32.store8 (global.get $DIG) (i32.const 49))
  (memory.fill (i32.add (global.get $DIG) (i32.const 1)) (i32.const 48) (local.get $n))
  (i32.const 1))

;; Writes `x` as `toString()` shows it at `out`; returns the length.
(func $fmt_f64 (export "rt_fmt_f64") (param $x f64) (param $out i32) (result i32)
  (local $p i32) (local $n i32) (local $point i32) (local $e i32)
  (local.set $p (local.get $out))
  (if (f64.ne (local.get $x) (local.get $x))
    (then (memory.copy (local.get $p) (global.get $T_NAN) (i32.const 3)) (return (i32.const 3))))
  (if (i64.lt_s (i64.reinterpret_f64 (local.get $x)) (i64.const 0))
    (then
      (i32.store8 (local.get $p) (i32.const 45))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (local.set $x (f64.neg (local.get $x)))))
  (if (f64.eq (local.get $x) (f64.const inf))
    (then (memory.copy (local.get $p) (global.get $T_INF) (i32.const 3))
          (return (i32.sub (i32.add (local.get $p) (i32.const 3)) (local.get $out)))))
  (if (f64.eq (local.get $x) (f64.const 0))
    (then (i32.store8 (local.get $p) (i32.const 48))
          (return (i32.sub (i32.add (local.get $p) (i32.const 1)) (local.get $out)))))
  (call $shortest_digits (local.get $x))
  (local.set $point)
  (local.set $n)
  (if (i32.and (i32.le_s (local.get $n) (local.get $point)) (i32.le_s (local.get $point) (i32.const 21)))
    (then
      ;; 123000
      (memory.copy (local.get $p) (global.get $DIG) (local.get $n))
      (memory.fill (i32.add (local.get $p) (local.get $n)) (i32.const 48)
                   (i32.sub (local.get $point) (local.get $n)))
      (return (i32.sub (i32.add (local.get $p) (local.get $point)) (local.get $out)))))
  (if (i32.and (i32.gt_s (local.get $point) (i32.const 0)) (i32.le_s (local.get $point) (i32.const 21)))
    (then
      ;; 12.345
      (memory.copy (local.get $p) (global.get $DIG) (local.get $point))
      (i32.store8 (i32.add (local.get $p) (local.get $point)) (i32.const 46))
      (memory.copy (i32.add (i32.add (local.get $p) (local.get $point)) (i32.const 1))
                   (i32.add (global.get $DIG) (local.get $point))
                   (i32.sub (local.get $n) (local.get $point)))
      (return (i32.sub (i32.add (i32.add (local.get $p) (local.get $n)) (i32.const 1))
                       (local.get $out)))))
  (if (i32.and (i32.gt_s (local.get $point) (i32.const -6)) (i32.le_s (local.get $point) (i32.const 0)))
    (then
      ;; 0.00012
      (i32.store16 (local.get $p) (i32.const 0x2e30))
      (local.set $p (i32.add (local.get $p) (i32.const 2)))
      (memory.fill (local.get $p) (i32.const 48) (i32.sub (i32.const 0) (local.get $point)))
      (local.set $p (i32.sub (local.get $p) (local.get $point)))
      (memory.copy (local.get $p) (global.get $DIG) (local.get $n))
      (return (i32.sub (i32.add (local.get $p) (local.get $n)) (local.get $out)))))
  ;; 1.5e+300, 1e-7
  (i32.store8 (local.get $p) (i32.load8_u (global.get $DIG)))
  (local.set $p (i32.add (local.get $p) (i32.const 1)))
  (if (i32.gt_s (local.get $n) (i32.const 1))
    (then
      (i32.store8 (local.get $p) (i32.const 46))
      (memory.copy (i32.add (local.get $p) (i32.const 1)) (i32.add (global.get $DIG) (i32.const 1))
                   (i32.sub (local.get $n) (i32.const 1)))
      (local.set $p (i32.add (local.get $p) (local.get $n)))))
  (local.set $e (i32.sub (local.get $point) (i32.const 1)))
  (i32.store8 (local.get $p) (i32.const 101))
  (i32.store8 offset=1 (local.get $p)
              (select (i32.const 43) (i32.const 45) (i32.ge_s (local.get $e) (i32.const 0))))
  (local.set $p (i32.add (local.get $p) (i32.const 2)))
  (if (i32.lt_s (local.get $e) (i32.const 0)) (then (local.set $e (i32.sub (i32.const 0) (local.get $e)))))
  (local.set $p (i32.add (local.get $p)
                         (call $fmt_i64 (i64.extend_i32_s (local.get $e)) (local.get $p))))
  (i32.sub (local.get $p) (local.get $out)))

;; ---- float remainder ---------------------------------------------------------------------

;; `x % y` with the sign of `x`, computed exactly (IEEE fmod): x % 0, inf % y and NaN
;; operands give NaN; x % inf is x.
(func $fmod (export "rt_fmod") (param $x f64) (param $y f64) (result f64)
  (local $ux i64) (local $uy i64) (local $ex i32) (local $ey i32) (local $sign i64) (local $i i64)
  (local.set $ux (i64.reinterpret_f64 (local.get $x)))
  (local.set $uy (i64.reinterpret_f64 (local.get $y)))
  (local.set $ex (i32.wrap_i64 (i64.and (i64.shr_u (local.get $ux) (i64.const 52)) (i64.const 0x7ff))))
  (local.set $ey (i32.wrap_i64 (i64.and (i64.shr_u (local.get $uy) (i64.const 52)) (i64.const 0x7ff))))
  (local.set $sign (i64.and (local.get $ux) (i64.const 0x8000000000000000)))
  (if (i32.or (i32.or (i64.eqz (i64.shl (local.get $uy) (i64.const 1)))
                      (f64.ne (local.get $y) (local.get $y)))
              (i32.eq (local.get $ex) (i32.const 0x7ff)))
    (then (return (f64.div (f64.mul (local.get $x) (local.get $y))
                           (f64.mul (local.get $x) (local.get $y))))))
  (if (i64.le_u (i64.shl (local.get $ux) (i64.const 1)) (i64.shl (local.get $uy) (i64.const 1)))
    (then
      (if (i64.eq (i64.shl (local.get $ux) (i64.const 1)) (i64.shl (local.get $uy) (i64.const 1)))
        (then (return (f64.mul (f64.const 0) (local.get $x)))))
      (return (local.get $x))))
  ;; Integer significands with the exponents apart (subnormals normalised).
  (if (i32.eqz (local.get $ex))
    (then
      (local.set $i (i64.shl (local.get $ux) (i64.const 12)))
      (block $norm (loop $shift
        (br_if $norm (i64.lt_s (local.get $i) (i64.const 0)))
        (local.set $ex (i32.sub (local.get $ex) (i32.const 1)))
        (local.set $i (i64.shl (local.get $i) (i64.const 1)))
        (br $shift)))
      (local.set $ux (i64.shl (local.get $ux)
                              (i64.extend_i32_u (i32.sub (i32.const 1) (local.get $ex))))))
    (else
      (local.set $ux (i64.or (i64.and (local.get $ux) (i64.const 0xfffffffffffff))
                             (i64.const 0x10000000000000)))))
  (if (i32.eqz (local.get $ey))
    (then
      (local.set $i (i64.shl (local.get $uy) (i64.const 12)))
      (block $norm (loop $shift
        (br_if $norm (i64.lt_s (local.get $i) (i64.const 0)))
        (local.set $ey (i32.sub (local.get $ey) (i32.const 1)))
        (local.set $i (i64.shl (local.get $i) (i64.const 1)))
        (br $shift)))
      (local.set $uy (i64.shl (local.get $uy)
                              (i64.extend_i32_u (i32.sub (i32.const 1) (local.get $ey))))))
    (else
      (local.set $uy (i64.or (i64.and (local.get $uy) (i64.const 0xfffffffffffff))
                             (i64.const 0x10000000000000)))))
  ;; Long division, one bit per step.
  (block $done (loop $step
    (br_if $done (i32.le_s (local.get $ex) (local.get $ey)))
    (local.set $i (i64.sub (local.get $ux) (local.get $uy)))
    (if (i64.ge_s (local.get $i) (i64.const 0))
      (then
        (if (i64.eqz (local.get $i)) (then (return (f64.mul (f64.const 0) (local.get $x)))))
        (local.set $ux (local.get $i))))
    (local.set $ux (i64.shl (local.get $ux) (i64.const 1)))
    (local.set $ex (i32.sub (local.get $ex) (i32.const 1)))
    (br $step)))
  (local.set $i (i64.sub (local.get $ux) (local.get $uy)))
  (if (i64.ge_s (local.get $i) (i64.const 0))
    (then
      (if (i64.eqz (local.get $i)) (then (return (f64.mul (f64.const 0) (local.get $x)))))
      (local.set $ux (local.get $i))))
  (block $normal (loop $shift
    (br_if $normal (i64.ne (i64.shr_u (local.get $ux) (i64.const 52)) (i64.const 0)))
    (local.set $ux (i64.shl (local.get $ux) (i64.const 1)))
    (local.set $ex (i32.sub (local.get $ex) (i32.const 1)))
    (br $shift)))
  (if (i32.gt_s (local.get $ex) (i32.const 0))
    (then
      (local.set $ux (i64.or (i64.sub (local.get $ux) (i64.const 0x10000000000000))
                             (i64.shl (i64.extend_i32_u (local.get $ex)) (i64.const 52)))))
    (else
      (local.set $ux (i64.shr_u (local.get $ux)
                                (i64.extend_i32_u (i32.sub (i32.const 1) (local.get $ex)))))))
  (f64.reinterpret_i64 (i64.or (local.get $ux) (local.get $sign))))
