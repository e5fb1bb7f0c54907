;; libm.wat — exp, log, pow, atan and atan2 (sin, cos and tan are in `libm_trig.wat`), bit
;; for bit as the VM computes them with the `libm` crate (version pinned in the workspace
;; `Cargo.toml`).
;;
;; The algorithms are musl's (from FreeBSD's msun, itself from Sun's fdlibm): the same
;; argument reductions, polynomial coefficients, special cases and order of operations, so
;; every result has the same bits as the VM's (NaNs are NaN on both, whatever their payload).
;; `crates/wasm/tests/libm_bits.rs` checks that on special values, branch boundaries and
;; random arguments. Pure functions of their arguments; they never raise. Rust's saturating
;; `as i32` is `i32.trunc_sat_f64_s`.

;; ---- bits of doubles

(func $libm_high (param $x f64) (result i32)
  (i32.wrap_i64 (i64.shr_u (i64.reinterpret_f64 (local.get $x)) (i64.const 32))))

(func $libm_low (param $x f64) (result i32)
  (i32.wrap_i64 (i64.reinterpret_f64 (local.get $x))))

;; `x` with its low 32 bits cleared.
(func $libm_zero_low (param $x f64) (result f64)
  (f64.reinterpret_i64 (i64.and (i64.reinterpret_f64 (local.get $x)) (i64.const 0xffffffff00000000))))

;; `x` with its high 32 bits replaced by `high`.
(func $libm_with_high (param $x f64) (param $high i32) (result f64)
  (f64.reinterpret_i64
    (i64.or (i64.and (i64.reinterpret_f64 (local.get $x)) (i64.const 0xffffffff))
            (i64.shl (i64.extend_i32_u (local.get $high)) (i64.const 32)))))

;; The double whose high word is `high` and low word 0.
(func $libm_from_high (param $high i32) (result f64)
  (f64.reinterpret_i64 (i64.shl (i64.extend_i32_u (local.get $high)) (i64.const 32))))

;; x · 2^n, prescaling in at most two steps so that no intermediate overflows or rounds twice.
(func $libm_scalbn (param $x f64) (param $n i32) (result f64)
  (if (i32.gt_s (local.get $n) (i32.const 1023))
    (then
      (local.set $x (f64.mul (local.get $x) (f64.const 0x1p1023)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1023)))
      (if (i32.gt_s (local.get $n) (i32.const 1023))
        (then
          (local.set $x (f64.mul (local.get $x) (f64.const 0x1p1023)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1023)))
          (if (i32.gt_s (local.get $n) (i32.const 1023)) (then (local.set $n (i32.const 1023)))))))
    (else
      (if (i32.lt_s (local.get $n) (i32.const -1022))
        (then
          ;; 2^-969 keeps x normal: 2^-1022 times 2^53.
          (local.set $x (f64.mul (local.get $x) (f64.const 0x1p-969)))
          (local.set $n (i32.add (local.get $n) (i32.const 969)))
          (if (i32.lt_s (local.get $n) (i32.const -1022))
            (then
              (local.set $x (f64.mul (local.get $x) (f64.const 0x1p-969)))
              (local.set $n (i32.add (local.get $n) (i32.const 969)))
              (if (i32.lt_s (local.get $n) (i32.const -1022))
                (then (local.set $n (i32.const -1022))))))))))
  (f64.mul (local.get $x)
           (f64.reinterpret_i64 (i64.shl (i64.extend_i32_u (i32.add (local.get $n) (i32.const 1023)))
                                         (i64.const 52)))))

;; ---- exp

;; e^x: x = k·ln2 + r with |r| ≤ ln2/2 (r as hi - lo), e^r by a rational form in r², scaled
;; by 2^k.
(func $libm_exp (export "libm_exp") (param $x f64) (result f64)
  (local $hx i32) (local $sign i32) (local $k i32)
  (local $hi f64) (local $lo f64) (local $xx f64) (local $c f64) (local $y f64)
  (local.set $hx (call $libm_high (local.get $x)))
  (local.set $sign (i32.shr_u (local.get $hx) (i32.const 31)))
  (local.set $hx (i32.and (local.get $hx) (i32.const 0x7fffffff)))
  ;; |x| ≥ 708.39...: NaN, overflow, or underflow below -745.13...
  (if (i32.ge_u (local.get $hx) (i32.const 0x4086232b))
    (then
      (if (f64.ne (local.get $x) (local.get $x)) (then (return (local.get $x))))
      (if (f64.gt (local.get $x) (f64.const 709.782712893383973096))
        (then (return (f64.mul (local.get $x) (f64.const 0x1p1023)))))
      (if (f64.lt (local.get $x) (f64.const -745.13321910194110842))
        (then (return (f64.const 0))))))
  (if (i32.gt_u (local.get $hx) (i32.const 0x3fd62e42))
    (then
      ;; |x| > ln2/2
      (if (i32.ge_u (local.get $hx) (i32.const 0x3ff0a2b2))
        (then
          (local.set $k (i32.trunc_sat_f64_s
            (f64.add (f64.mul (f64.const 1.44269504088896338700e+00) (local.get $x))
                     (select (f64.const -0.5) (f64.const 0.5) (local.get $sign))))))
        (else (local.set $k (i32.sub (i32.sub (i32.const 1) (local.get $sign)) (local.get $sign)))))
      (local.set $hi (f64.sub (local.get $x)
                              (f64.mul (f64.convert_i32_s (local.get $k))
                                       (f64.const 6.93147180369123816490e-01))))
      (local.set $lo (f64.mul (f64.convert_i32_s (local.get $k)) (f64.const 1.90821492927058770002e-10)))
      (local.set $x (f64.sub (local.get $hi) (local.get $lo))))
    (else
      (if (i32.gt_u (local.get $hx) (i32.const 0x3e300000))
        (then
          ;; 2^-28 < |x| ≤ ln2/2
          (local.set $k (i32.const 0))
          (local.set $hi (local.get $x))
          (local.set $lo (f64.const 0)))
        (else (return (f64.add (f64.const 1) (local.get $x)))))))
  (local.set $xx (f64.mul (local.get $x) (local.get $x)))
  (local.set $c (f64.sub (local.get $x)
    (f64.mul (local.get $xx)
      (f64.add (f64.const 1.66666666666666019037e-01) (f64.mul (local.get $xx)
      (f64.add (f64.const -2.77777777770155933842e-03) (f64.mul (local.get $xx)
      (f64.add (f64.const 6.61375632143793436117e-05) (f64.mul (local.get $xx)
      (f64.add (f64.const -1.65339022054652515390e-06)
               (f64.mul (local.get $xx) (f64.const 4.13813679705723846039e-08))))))))))))
  (local.set $y (f64.add (f64.const 1)
    (f64.add
      (f64.sub (f64.div (f64.mul (local.get $x) (local.get $c)) (f64.sub (f64.const 2) (local.get $c)))
               (local.get $lo))
      (local.get $hi))))
  (if (i32.eqz (local.get $k)) (then (return (local.get $y))))
  (call $libm_scalbn (local.get $y) (local.get $k)))

;; ---- log

;; ln x: x = 2^k·(1+f) with √2/2 ≤ 1+f < √2, then log(1+f) = f - f²/2 + s·(f²/2 + R(s²))
;; where s = f/(2+f).
(func $libm_log (export "libm_log") (param $x f64) (result f64)
  (local $ui i64) (local $hx i32) (local $k i32)
  (local $f f64) (local $hfsq f64) (local $s f64) (local $z f64) (local $w f64)
  (local $t1 f64) (local $t2 f64) (local $dk f64)
  (local.set $ui (i64.reinterpret_f64 (local.get $x)))
  (local.set $hx (i32.wrap_i64 (i64.shr_u (local.get $ui) (i64.const 32))))
  (if (i32.or (i32.lt_u (local.get $hx) (i32.const 0x00100000))
              (i32.shr_u (local.get $hx) (i32.const 31)))
    (then
      ;; ±0, negative, or subnormal
      (if (i64.eqz (i64.shl (local.get $ui) (i64.const 1)))
        (then (return (f64.div (f64.const -1) (f64.mul (local.get $x) (local.get $x))))))
      (if (i32.shr_u (local.get $hx) (i32.const 31))
        (then (return (f64.div (f64.sub (local.get $x) (local.get $x)) (f64.const 0)))))
      (local.set $k (i32.const -54))
      (local.set $x (f64.mul (local.get $x) (f64.const 0x1p54)))
      (local.set $ui (i64.reinterpret_f64 (local.get $x)))
      (local.set $hx (i32.wrap_i64 (i64.shr_u (local.get $ui) (i64.const 32)))))
    (else
      (if (i32.ge_u (local.get $hx) (i32.const 0x7ff00000)) (then (return (local.get $x))))
      (if (i64.eq (local.get $ui) (i64.const 0x3ff0000000000000)) (then (return (f64.const 0))))))
  ;; reduce x into [√2/2, √2]
  (local.set $hx (i32.add (local.get $hx) (i32.const 0x95f62)))  ;; 0x3ff00000 - 0x3fe6a09e
  (local.set $k (i32.add (local.get $k)
                         (i32.sub (i32.shr_u (local.get $hx) (i32.const 20)) (i32.const 0x3ff))))
  (local.set $hx (i32.add (i32.and (local.get $hx) (i32.const 0x000fffff)) (i32.const 0x3fe6a09e)))
  (local.set $x (call $libm_with_high (local.get $x) (local.get $hx)))
  (local.set $f (f64.sub (local.get $x) (f64.const 1)))
  (local.set $hfsq (f64.mul (f64.mul (f64.const 0.5) (local.get $f)) (local.get $f)))
  (local.set $s (f64.div (local.get $f) (f64.add (f64.const 2) (local.get $f))))
  (local.set $z (f64.mul (local.get $s) (local.get $s)))
  (local.set $w (f64.mul (local.get $z) (local.get $z)))
  (local.set $t1 (f64.mul (local.get $w)
    (f64.add (f64.const 3.999999999940941908e-01) (f64.mul (local.get $w)
    (f64.add (f64.const 2.222219843214978396e-01)
             (f64.mul (local.get $w) (f64.const 1.531383769920937332e-01)))))))
  (local.set $t2 (f64.mul (local.get $z)
    (f64.add (f64.const 6.666666666666735130e-01) (f64.mul (local.get $w)
    (f64.add (f64.const 2.857142874366239149e-01) (f64.mul (local.get $w)
    (f64.add (f64.const 1.818357216161805012e-01)
             (f64.mul (local.get $w) (f64.const 1.479819860511658591e-01)))))))))
  (local.set $dk (f64.convert_i32_s (local.get $k)))
  (f64.add
    (f64.add
      (f64.sub
        (f64.add (f64.mul (local.get $s) (f64.add (local.get $hfsq) (f64.add (local.get $t2) (local.get $t1))))
                 (f64.mul (local.get $dk) (f64.const 1.90821492927058770002e-10)))
        (local.get $hfsq))
      (local.get $f))
    (f64.mul (local.get $dk) (f64.const 6.93147180369123816490e-01))))

;; ---- pow

;; Whether y (high word `hy` without sign `iy`, low word `ly`) is an integer: 0 no, 1 odd,
;; 2 even.
(func $libm_int_kind (param $iy i32) (param $ly i32) (result i32)
  (local $k i32) (local $j i32)
  (if (i32.ge_s (local.get $iy) (i32.const 0x43400000)) (then (return (i32.const 2))))
  (if (i32.lt_s (local.get $iy) (i32.const 0x3ff00000)) (then (return (i32.const 0))))
  (local.set $k (i32.sub (i32.shr_s (local.get $iy) (i32.const 20)) (i32.const 0x3ff)))
  (if (i32.gt_s (local.get $k) (i32.const 20))
    (then
      (local.set $j (i32.shr_u (local.get $ly) (i32.sub (i32.const 52) (local.get $k))))
      (if (i32.eq (i32.shl (local.get $j) (i32.sub (i32.const 52) (local.get $k))) (local.get $ly))
        (then (return (i32.sub (i32.const 2) (i32.and (local.get $j) (i32.const 1))))))
      (return (i32.const 0))))
  (if (local.get $ly) (then (return (i32.const 0))))
  (local.set $j (i32.shr_s (local.get $iy) (i32.sub (i32.const 20) (local.get $k))))
  (if (i32.eq (i32.shl (local.get $j) (i32.sub (i32.const 20) (local.get $k))) (local.get $iy))
    (then (return (i32.sub (i32.const 2) (i32.and (local.get $j) (i32.const 1))))))
  (i32.const 0))

;; log2 of |x| (normal or subnormal, not near 1 in the sense of `$libm_pow`'s huge-y path)
;; as t1 + t2 with t1's low word zero.
(func $libm_log2_split (param $ax f64) (param $ix i32) (result f64 f64)
  (local $n i32) (local $j i32) (local $k i32)
  (local $bp f64) (local $dp_h f64) (local $dp_l f64)
  (local $u f64) (local $v f64) (local $ss f64) (local $s_h f64) (local $s_l f64)
  (local $t_h f64) (local $t_l f64) (local $s2 f64) (local $r f64)
  (local $p_h f64) (local $p_l f64) (local $z_h f64) (local $z_l f64) (local $t f64) (local $t1 f64)
  (if (i32.lt_s (local.get $ix) (i32.const 0x00100000))
    (then
      ;; subnormal
      (local.set $ax (f64.mul (local.get $ax) (f64.const 9007199254740992.0)))
      (local.set $n (i32.const -53))
      (local.set $ix (call $libm_high (local.get $ax)))))
  (local.set $n (i32.add (local.get $n)
                         (i32.sub (i32.shr_s (local.get $ix) (i32.const 20)) (i32.const 0x3ff))))
  (local.set $j (i32.and (local.get $ix) (i32.const 0x000fffff)))
  (local.set $ix (i32.or (local.get $j) (i32.const 0x3ff00000)))
  (if (i32.le_s (local.get $j) (i32.const 0x3988e))
    (then (local.set $k (i32.const 0)))  ;; |x| < √(3/2)
    (else
      (if (i32.lt_s (local.get $j) (i32.const 0xbb67a))
        (then (local.set $k (i32.const 1)))  ;; |x| < √3
        (else
          (local.set $k (i32.const 0))
          (local.set $n (i32.add (local.get $n) (i32.const 1)))
          (local.set $ix (i32.sub (local.get $ix) (i32.const 0x00100000)))))))
  (local.set $ax (call $libm_with_high (local.get $ax) (local.get $ix)))
  (if (local.get $k)
    (then
      (local.set $bp (f64.const 1.5))
      (local.set $dp_h (f64.const 5.84962487220764160156e-01))
      (local.set $dp_l (f64.const 1.35003920212974897128e-08)))
    (else (local.set $bp (f64.const 1))))
  ;; ss = s_h + s_l = (x - bp) / (x + bp)
  (local.set $u (f64.sub (local.get $ax) (local.get $bp)))
  (local.set $v (f64.div (f64.const 1) (f64.add (local.get $ax) (local.get $bp))))
  (local.set $ss (f64.mul (local.get $u) (local.get $v)))
  (local.set $s_h (call $libm_zero_low (local.get $ss)))
  (local.set $t_h (call $libm_from_high
    (i32.add (i32.add (i32.or (i32.shr_u (local.get $ix) (i32.const 1)) (i32.const 0x20000000))
                      (i32.const 0x00080000))
             (i32.shl (local.get $k) (i32.const 18)))))
  (local.set $t_l (f64.sub (local.get $ax) (f64.sub (local.get $t_h) (local.get $bp))))
  (local.set $s_l (f64.mul (local.get $v)
    (f64.sub (f64.sub (local.get $u) (f64.mul (local.get $s_h) (local.get $t_h)))
             (f64.mul (local.get $s_h) (local.get $t_l)))))
  ;; log(x)
  (local.set $s2 (f64.mul (local.get $ss) (local.get $ss)))
  (local.set $r (f64.mul (f64.mul (local.get $s2) (local.get $s2))
    (f64.add (f64.const 5.99999999999994648725e-01) (f64.mul (local.get $s2)
    (f64.add (f64.const 4.28571428578550184252e-01) (f64.mul (local.get $s2)
    (f64.add (f64.const 3.33333329818377432918e-01) (f64.mul (local.get $s2)
    (f64.add (f64.const 2.72728123808534006489e-01) (f64.mul (local.get $s2)
    (f64.add (f64.const 2.30660745775561754067e-01)
             (f64.mul (local.get $s2) (f64.const 2.06975017800338417784e-01)))))))))))))
  (local.set $r (f64.add (local.get $r)
                         (f64.mul (local.get $s_l) (f64.add (local.get $s_h) (local.get $ss)))))
  (local.set $s2 (f64.mul (local.get $s_h) (local.get $s_h)))
  (local.set $t_h (call $libm_zero_low
    (f64.add (f64.add (f64.const 3) (local.get $s2)) (local.get $r))))
  (local.set $t_l (f64.sub (local.get $r)
                           (f64.sub (f64.sub (local.get $t_h) (f64.const 3)) (local.get $s2))))
  ;; u + v = ss·(1 + ...)
  (local.set $u (f64.mul (local.get $s_h) (local.get $t_h)))
  (local.set $v (f64.add (f64.mul (local.get $s_l) (local.get $t_h))
                         (f64.mul (local.get $t_l) (local.get $ss))))
  ;; 2/(3·ln2)·(ss + ...)
  (local.set $p_h (call $libm_zero_low (f64.add (local.get $u) (local.get $v))))
  (local.set $p_l (f64.sub (local.get $v) (f64.sub (local.get $p_h) (local.get $u))))
  (local.set $z_h (f64.mul (f64.const 9.61796700954437255859e-01) (local.get $p_h)))
  (local.set $z_l (f64.add
    (f64.add (f64.mul (f64.const -7.02846165095275826516e-09) (local.get $p_h))
             (f64.mul (local.get $p_l) (f64.const 9.61796693925975554329e-01)))
    (local.get $dp_l)))
  ;; log2(x) = n + dp_h + z_h + z_l
  (local.set $t (f64.convert_i32_s (local.get $n)))
  (local.set $t1 (call $libm_zero_low
    (f64.add (f64.add (f64.add (local.get $z_h) (local.get $z_l)) (local.get $dp_h)) (local.get $t))))
  (local.get $t1)
  (f64.sub (local.get $z_l)
           (f64.sub (f64.sub (f64.sub (local.get $t1) (local.get $t)) (local.get $dp_h)) (local.get $z_h))))

;; x^y: log2|x| in extra precision (t1 + t2), times y split in two, then 2^(p_h + p_l).
(func $libm_pow (export "libm_pow") (param $x f64) (param $y f64) (result f64)
  (local $hx i32) (local $lx i32) (local $hy i32) (local $ly i32) (local $ix i32) (local $iy i32)
  (local $yisint i32) (local $j i32) (local $i i32) (local $k i32) (local $n i32)
  (local $ax f64) (local $z f64) (local $s f64) (local $t f64) (local $w f64) (local $u f64)
  (local $v f64) (local $t1 f64) (local $t2 f64) (local $y1 f64) (local $p_h f64) (local $p_l f64)
  (local $r f64)
  (local.set $hx (call $libm_high (local.get $x)))
  (local.set $lx (call $libm_low (local.get $x)))
  (local.set $hy (call $libm_high (local.get $y)))
  (local.set $ly (call $libm_low (local.get $y)))
  (local.set $ix (i32.and (local.get $hx) (i32.const 0x7fffffff)))
  (local.set $iy (i32.and (local.get $hy) (i32.const 0x7fffffff)))
  ;; x^±0 = 1 and 1^y = 1, even for NaN
  (if (i32.eqz (i32.or (local.get $iy) (local.get $ly))) (then (return (f64.const 1))))
  (if (i32.and (i32.eq (local.get $hx) (i32.const 0x3ff00000)) (i32.eqz (local.get $lx)))
    (then (return (f64.const 1))))
  (if (i32.or
        (i32.or (i32.gt_s (local.get $ix) (i32.const 0x7ff00000))
                (i32.and (i32.eq (local.get $ix) (i32.const 0x7ff00000)) (i32.ne (local.get $lx) (i32.const 0))))
        (i32.or (i32.gt_s (local.get $iy) (i32.const 0x7ff00000))
                (i32.and (i32.eq (local.get $iy) (i32.const 0x7ff00000)) (i32.ne (local.get $ly) (i32.const 0)))))
    (then (return (f64.add (local.get $x) (local.get $y)))))
  (if (i32.lt_s (local.get $hx) (i32.const 0))
    (then (local.set $yisint (call $libm_int_kind (local.get $iy) (local.get $ly)))))
  ;; y is ±inf, ±1, 2 or 1/2
  (if (i32.eqz (local.get $ly))
    (then
      (if (i32.eq (local.get $iy) (i32.const 0x7ff00000))
        (then
          (if (i32.eqz (i32.or (i32.sub (local.get $ix) (i32.const 0x3ff00000)) (local.get $lx)))
            (then (return (f64.const 1))))
          (if (i32.ge_s (local.get $ix) (i32.const 0x3ff00000))
            (then (return (select (local.get $y) (f64.const 0) (i32.ge_s (local.get $hy) (i32.const 0))))))
          (return (select (f64.const 0) (f64.neg (local.get $y)) (i32.ge_s (local.get $hy) (i32.const 0))))))
      (if (i32.eq (local.get $iy) (i32.const 0x3ff00000))
        (then
          (if (i32.ge_s (local.get $hy) (i32.const 0)) (then (return (local.get $x))))
          (return (f64.div (f64.const 1) (local.get $x)))))
      (if (i32.eq (local.get $hy) (i32.const 0x40000000))
        (then (return (f64.mul (local.get $x) (local.get $x)))))
      (if (i32.and (i32.eq (local.get $hy) (i32.const 0x3fe00000)) (i32.ge_s (local.get $hx) (i32.const 0)))
        (then (return (f64.sqrt (local.get $x)))))))
  (local.set $ax (f64.abs (local.get $x)))
  ;; x is ±0, ±inf or ±1
  (if (i32.and (i32.eqz (local.get $lx))
               (i32.or (i32.or (i32.eq (local.get $ix) (i32.const 0x7ff00000)) (i32.eqz (local.get $ix)))
                       (i32.eq (local.get $ix) (i32.const 0x3ff00000))))
    (then
      (local.set $z (local.get $ax))
      (if (i32.lt_s (local.get $hy) (i32.const 0))
        (then (local.set $z (f64.div (f64.const 1) (local.get $z)))))
      (if (i32.lt_s (local.get $hx) (i32.const 0))
        (then
          (if (i32.eqz (i32.or (i32.sub (local.get $ix) (i32.const 0x3ff00000)) (local.get $yisint)))
            (then (local.set $z (f64.div (f64.sub (local.get $z) (local.get $z))
                                         (f64.sub (local.get $z) (local.get $z)))))
            (else
              (if (i32.eq (local.get $yisint) (i32.const 1))
                (then (local.set $z (f64.neg (local.get $z)))))))))
      (return (local.get $z))))
  (local.set $s (f64.const 1))
  (if (i32.lt_s (local.get $hx) (i32.const 0))
    (then
      (if (i32.eqz (local.get $yisint))
        (then (return (f64.div (f64.sub (local.get $x) (local.get $x))
                               (f64.sub (local.get $x) (local.get $x))))))
      (if (i32.eq (local.get $yisint) (i32.const 1)) (then (local.set $s (f64.const -1))))))
  (if (i32.gt_s (local.get $iy) (i32.const 0x41e00000))
    (then
      ;; |y| > 2^31
      (if (i32.gt_s (local.get $iy) (i32.const 0x43f00000))
        (then
          ;; |y| > 2^64: over- or underflows
          (if (i32.le_s (local.get $ix) (i32.const 0x3fefffff))
            (then (return (call $libm_pow_limit (f64.const 1) (i32.lt_s (local.get $hy) (i32.const 0))))))
          (if (i32.ge_s (local.get $ix) (i32.const 0x3ff00000))
            (then (return (call $libm_pow_limit (f64.const 1) (i32.gt_s (local.get $hy) (i32.const 0))))))))
      (if (i32.lt_s (local.get $ix) (i32.const 0x3fefffff))
        (then (return (call $libm_pow_limit (local.get $s) (i32.lt_s (local.get $hy) (i32.const 0))))))
      (if (i32.gt_s (local.get $ix) (i32.const 0x3ff00000))
        (then (return (call $libm_pow_limit (local.get $s) (i32.gt_s (local.get $hy) (i32.const 0))))))
      ;; |1 - x| ≤ 2^-20: log(x) by x - x²/2 + x³/3 - x⁴/4
      (local.set $t (f64.sub (local.get $ax) (f64.const 1)))
      (local.set $w (f64.mul (f64.mul (local.get $t) (local.get $t))
        (f64.sub (f64.const 0.5)
                 (f64.mul (local.get $t)
                          (f64.sub (f64.const 0.3333333333333333333333)
                                   (f64.mul (local.get $t) (f64.const 0.25)))))))
      (local.set $u (f64.mul (f64.const 1.44269502162933349609e+00) (local.get $t)))
      (local.set $v (f64.sub (f64.mul (local.get $t) (f64.const 1.92596299112661746887e-08))
                             (f64.mul (local.get $w) (f64.const 1.44269504088896338700e+00))))
      (local.set $t1 (call $libm_zero_low (f64.add (local.get $u) (local.get $v))))
      (local.set $t2 (f64.sub (local.get $v) (f64.sub (local.get $t1) (local.get $u)))))
    (else
      (call $libm_log2_split (local.get $ax) (local.get $ix))
      (local.set $t2)
      (local.set $t1)))
  ;; (y1 + y2)·(t1 + t2)
  (local.set $y1 (call $libm_zero_low (local.get $y)))
  (local.set $p_l (f64.add (f64.mul (f64.sub (local.get $y) (local.get $y1)) (local.get $t1))
                           (f64.mul (local.get $y) (local.get $t2))))
  (local.set $p_h (f64.mul (local.get $y1) (local.get $t1)))
  (local.set $z (f64.add (local.get $p_l) (local.get $p_h)))
  (local.set $j (call $libm_high (local.get $z)))
  (local.set $i (call $libm_low (local.get $z)))
  (if (i32.ge_s (local.get $j) (i32.const 0x40900000))
    (then
      ;; z ≥ 1024
      (if (i32.or (i32.sub (local.get $j) (i32.const 0x40900000)) (local.get $i))
        (then (return (call $libm_pow_limit (local.get $s) (i32.const 1)))))
      (if (f64.gt (f64.add (local.get $p_l) (f64.const 8.0085662595372944372e-017))
                  (f64.sub (local.get $z) (local.get $p_h)))
        (then (return (call $libm_pow_limit (local.get $s) (i32.const 1))))))
    (else
      (if (i32.ge_s (i32.and (local.get $j) (i32.const 0x7fffffff)) (i32.const 0x4090cc00))
        (then
          ;; z ≤ -1075
          (if (i32.or (i32.sub (local.get $j) (i32.const 0xc090cc00)) (local.get $i))
            (then (return (call $libm_pow_limit (local.get $s) (i32.const 0)))))
          (if (f64.le (local.get $p_l) (f64.sub (local.get $z) (local.get $p_h)))
            (then (return (call $libm_pow_limit (local.get $s) (i32.const 0)))))))))
  ;; 2^(p_h + p_l)
  (local.set $i (i32.and (local.get $j) (i32.const 0x7fffffff)))
  (local.set $k (i32.sub (i32.shr_s (local.get $i) (i32.const 20)) (i32.const 0x3ff)))
  (local.set $n (i32.const 0))
  (if (i32.gt_s (local.get $i) (i32.const 0x3fe00000))
    (then
      ;; |z| > 0.5: n = [z + 0.5]
      (local.set $n (i32.add (local.get $j)
                             (i32.shr_s (i32.const 0x00100000) (i32.add (local.get $k) (i32.const 1)))))
      (local.set $k (i32.sub (i32.shr_s (i32.and (local.get $n) (i32.const 0x7fffffff)) (i32.const 20))
                             (i32.const 0x3ff)))
      (local.set $t (call $libm_from_high
        (i32.and (local.get $n) (i32.xor (i32.shr_s (i32.const 0x000fffff) (local.get $k)) (i32.const -1)))))
      (local.set $n (i32.shr_s (i32.or (i32.and (local.get $n) (i32.const 0x000fffff)) (i32.const 0x00100000))
                               (i32.sub (i32.const 20) (local.get $k))))
      (if (i32.lt_s (local.get $j) (i32.const 0))
        (then (local.set $n (i32.sub (i32.const 0) (local.get $n)))))
      (local.set $p_h (f64.sub (local.get $p_h) (local.get $t)))))
  (local.set $t (call $libm_zero_low (f64.add (local.get $p_l) (local.get $p_h))))
  (local.set $u (f64.mul (local.get $t) (f64.const 6.93147182464599609375e-01)))
  (local.set $v (f64.add
    (f64.mul (f64.sub (local.get $p_l) (f64.sub (local.get $t) (local.get $p_h)))
             (f64.const 6.93147180559945286227e-01))
    (f64.mul (local.get $t) (f64.const -1.90465429995776804525e-09))))
  (local.set $z (f64.add (local.get $u) (local.get $v)))
  (local.set $w (f64.sub (local.get $v) (f64.sub (local.get $z) (local.get $u))))
  (local.set $t (f64.mul (local.get $z) (local.get $z)))
  (local.set $t1 (f64.sub (local.get $z)
    (f64.mul (local.get $t)
      (f64.add (f64.const 1.66666666666666019037e-01) (f64.mul (local.get $t)
      (f64.add (f64.const -2.77777777770155933842e-03) (f64.mul (local.get $t)
      (f64.add (f64.const 6.61375632143793436117e-05) (f64.mul (local.get $t)
      (f64.add (f64.const -1.65339022054652515390e-06)
               (f64.mul (local.get $t) (f64.const 4.13813679705723846039e-08))))))))))))
  (local.set $r (f64.sub
    (f64.div (f64.mul (local.get $z) (local.get $t1)) (f64.sub (local.get $t1) (f64.const 2)))
    (f64.add (local.get $w) (f64.mul (local.get $z) (local.get $w)))))
  (local.set $z (f64.sub (f64.const 1) (f64.sub (local.get $r) (local.get $z))))
  (local.set $j (i32.add (call $libm_high (local.get $z)) (i32.shl (local.get $n) (i32.const 20))))
  (if (i32.le_s (i32.shr_s (local.get $j) (i32.const 20)) (i32.const 0))
    (then (local.set $z (call $libm_scalbn (local.get $z) (local.get $n))))  ;; subnormal result
    (else (local.set $z (call $libm_with_high (local.get $z) (local.get $j)))))
  (f64.mul (local.get $s) (local.get $z)))

;; s·huge·huge (overflow) or s·tiny·tiny (underflow), with huge = 1e300 and tiny = 1e-300.
(func $libm_pow_limit (param $s f64) (param $overflow i32) (result f64)
  (if (local.get $overflow)
    (then (return (f64.mul (f64.mul (local.get $s) (f64.const 1.0e300)) (f64.const 1.0e300)))))
  (f64.mul (f64.mul (local.get $s) (f64.const 1.0e-300)) (f64.const 1.0e-300)))

;; ---- atan, atan2

;; atan x: by the interval of |x| (below 7/16, 11/16, 19/16, 39/16, else), x is mapped to a
;; small t with atan x = atan(c) + atan t for c in {0, 1/2, 1, 3/2, ∞}; atan t by an odd
;; polynomial of degree 23.
(func $libm_atan (export "libm_atan") (param $x f64) (result f64)
  (local $ix i32) (local $sign i32) (local $id i32) (local $z f64) (local $w f64)
  (local $s1 f64) (local $s2 f64) (local $hi f64) (local $lo f64)
  (local.set $ix (call $libm_high (local.get $x)))
  (local.set $sign (i32.shr_u (local.get $ix) (i32.const 31)))
  (local.set $ix (i32.and (local.get $ix) (i32.const 0x7fffffff)))
  (if (i32.ge_u (local.get $ix) (i32.const 0x44100000))
    (then
      ;; |x| ≥ 2^66, inf or NaN
      (if (f64.ne (local.get $x) (local.get $x)) (then (return (local.get $x))))
      (local.set $z (f64.add (f64.const 1.57079632679489655800e+00)
                             (f64.reinterpret_i64 (i64.const 0x03800000))))
      (return (select (f64.neg (local.get $z)) (local.get $z) (local.get $sign)))))
  (if (i32.lt_u (local.get $ix) (i32.const 0x3fdc0000))
    (then
      ;; |x| < 7/16
      (if (i32.lt_u (local.get $ix) (i32.const 0x3e400000)) (then (return (local.get $x))))
      (local.set $id (i32.const -1)))
    (else
      (local.set $x (f64.abs (local.get $x)))
      (if (i32.lt_u (local.get $ix) (i32.const 0x3ff30000))
        (then
          (if (i32.lt_u (local.get $ix) (i32.const 0x3fe60000))
            (then
              (local.set $x (f64.div (f64.sub (f64.mul (f64.const 2) (local.get $x)) (f64.const 1))
                                     (f64.add (f64.const 2) (local.get $x))))
              (local.set $id (i32.const 0))
              (local.set $hi (f64.const 4.63647609000806093515e-01))
              (local.set $lo (f64.const 2.26987774529616870924e-17)))
            (else
              (local.set $x (f64.div (f64.sub (local.get $x) (f64.const 1))
                                     (f64.add (local.get $x) (f64.const 1))))
              (local.set $id (i32.const 1))
              (local.set $hi (f64.const 7.85398163397448278999e-01))
              (local.set $lo (f64.const 3.06161699786838301793e-17)))))
        (else
          (if (i32.lt_u (local.get $ix) (i32.const 0x40038000))
            (then
              (local.set $x (f64.div (f64.sub (local.get $x) (f64.const 1.5))
                                     (f64.add (f64.const 1) (f64.mul (f64.const 1.5) (local.get $x)))))
              (local.set $id (i32.const 2))
              (local.set $hi (f64.const 9.82793723247329054082e-01))
              (local.set $lo (f64.const 1.39033110312309984516e-17)))
            (else
              (local.set $x (f64.div (f64.const -1) (local.get $x)))
              (local.set $id (i32.const 3))
              (local.set $hi (f64.const 1.57079632679489655800e+00))
              (local.set $lo (f64.const 6.12323399573676603587e-17))))))))
  (local.set $z (f64.mul (local.get $x) (local.get $x)))
  (local.set $w (f64.mul (local.get $z) (local.get $z)))
  (local.set $s1 (f64.mul (local.get $z)
    (f64.add (f64.const 3.33333333333329318027e-01) (f64.mul (local.get $w)
    (f64.add (f64.const 1.42857142725034663711e-01) (f64.mul (local.get $w)
    (f64.add (f64.const 9.09088713343650656196e-02) (f64.mul (local.get $w)
    (f64.add (f64.const 6.66107313738753120669e-02) (f64.mul (local.get $w)
    (f64.add (f64.const 4.97687799461593236017e-02)
             (f64.mul (local.get $w) (f64.const 1.62858201153657823623e-02)))))))))))))
  (local.set $s2 (f64.mul (local.get $w)
    (f64.add (f64.const -1.99999999998764832476e-01) (f64.mul (local.get $w)
    (f64.add (f64.const -1.11111104054623557880e-01) (f64.mul (local.get $w)
    (f64.add (f64.const -7.69187620504482999495e-02) (f64.mul (local.get $w)
    (f64.add (f64.const -5.83357013379057348645e-02)
             (f64.mul (local.get $w) (f64.const -3.65315727442169155270e-02)))))))))))
  (if (i32.lt_s (local.get $id) (i32.const 0))
    (then (return (f64.sub (local.get $x)
                           (f64.mul (local.get $x) (f64.add (local.get $s1) (local.get $s2)))))))
  (local.set $z (f64.sub (local.get $hi)
    (f64.sub (f64.sub (f64.mul (local.get $x) (f64.add (local.get $s1) (local.get $s2))) (local.get $lo))
             (local.get $x))))
  (select (f64.neg (local.get $z)) (local.get $z) (local.get $sign)))

;; atan2(y, x): the angle of the point (x, y), in [-π, π].
(func $libm_atan2 (export "libm_atan2") (param $y f64) (param $x f64) (result f64)
  (local $ix i32) (local $lx i32) (local $iy i32) (local $ly i32) (local $m i32) (local $z f64)
  (if (i32.or (f64.ne (local.get $x) (local.get $x)) (f64.ne (local.get $y) (local.get $y)))
    (then (return (f64.add (local.get $x) (local.get $y)))))
  (local.set $ix (call $libm_high (local.get $x)))
  (local.set $lx (call $libm_low (local.get $x)))
  (local.set $iy (call $libm_high (local.get $y)))
  (local.set $ly (call $libm_low (local.get $y)))
  (if (i32.eqz (i32.or (i32.sub (local.get $ix) (i32.const 0x3ff00000)) (local.get $lx)))
    (then (return (call $libm_atan (local.get $y)))))  ;; x = 1
  ;; m = 2·sign(x) + sign(y)
  (local.set $m (i32.or (i32.and (i32.shr_u (local.get $iy) (i32.const 31)) (i32.const 1))
                        (i32.and (i32.shr_u (local.get $ix) (i32.const 30)) (i32.const 2))))
  (local.set $ix (i32.and (local.get $ix) (i32.const 0x7fffffff)))
  (local.set $iy (i32.and (local.get $iy) (i32.const 0x7fffffff)))
  (if (i32.eqz (i32.or (local.get $iy) (local.get $ly)))
    (then
      ;; y = ±0
      (if (i32.lt_u (local.get $m) (i32.const 2)) (then (return (local.get $y))))
      (return (call $libm_atan2_by_quadrant (local.get $m) (f64.const 3.1415926535897931160E+00)))))
  (if (i32.eqz (i32.or (local.get $ix) (local.get $lx)))
    (then (return (call $libm_atan2_half_pi (local.get $m))))) ;; x = ±0
  (if (i32.eq (local.get $ix) (i32.const 0x7ff00000))
    (then
      (if (i32.eq (local.get $iy) (i32.const 0x7ff00000))
        (then
          (if (i32.lt_u (local.get $m) (i32.const 2))
            (then (return (call $libm_atan2_by_quadrant (local.get $m)
                            (f64.div (f64.const 3.1415926535897931160E+00) (f64.const 4))))))
          (return (call $libm_atan2_by_quadrant (local.get $m)
                    (f64.div (f64.mul (f64.const 3) (f64.const 3.1415926535897931160E+00)) (f64.const 4))))))
      (if (i32.lt_u (local.get $m) (i32.const 2))
        (then (return (call $libm_atan2_by_quadrant (local.get $m) (f64.const 0)))))
      (return (call $libm_atan2_by_quadrant (local.get $m) (f64.const 3.1415926535897931160E+00)))))
  ;; |y/x| > 2^64
  (if (i32.or (i32.lt_u (i32.add (local.get $ix) (i32.const 0x04000000)) (local.get $iy))
              (i32.eq (local.get $iy) (i32.const 0x7ff00000)))
    (then (return (call $libm_atan2_half_pi (local.get $m)))))
  ;; z = atan|y/x| without spurious underflow
  (if (i32.and (i32.ne (i32.and (local.get $m) (i32.const 2)) (i32.const 0))
               (i32.lt_u (i32.add (local.get $iy) (i32.const 0x04000000)) (local.get $ix)))
    (then (local.set $z (f64.const 0)))  ;; |y/x| < 2^-64, x < 0
    (else (local.set $z (call $libm_atan (f64.abs (f64.div (local.get $y) (local.get $x)))))))
  (block $q3 (block $q2 (block $q1 (block $q0
    (br_table $q0 $q1 $q2 $q3 (local.get $m)))
    (return (local.get $z)))
    (return (f64.neg (local.get $z))))
    (return (f64.sub (f64.const 3.1415926535897931160E+00)
                     (f64.sub (local.get $z) (f64.const 1.2246467991473531772E-16)))))
  (f64.sub (f64.sub (local.get $z) (f64.const 1.2246467991473531772E-16))
           (f64.const 3.1415926535897931160E+00)))

;; `a` with the sign of quadrant m (negative for odd m).
(func $libm_atan2_by_quadrant (param $m i32) (param $a f64) (result f64)
  (select (f64.neg (local.get $a)) (local.get $a) (i32.and (local.get $m) (i32.const 1))))

;; ±π/2 by the sign of y (m odd: negative).
(func $libm_atan2_half_pi (param $m i32) (result f64)
  (call $libm_atan2_by_quadrant (local.get $m)
                                (f64.div (f64.const 3.1415926535897931160E+00) (f64.const 2))))
