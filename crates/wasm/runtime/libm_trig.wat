;; libm_trig.wat — sin, cos and tan, bit for bit as the VM's `libm` crate (see `libm.wat`).
;;
;; Arguments beyond π/4 are reduced modulo π/2 to y0 + y1 and a quadrant n: below 9π/4 by one
;; subtraction, below 2^20·π/2 by n·π/2 in up to three pieces (Cody–Waite), beyond that with
;; Payne–Hanek (`$libm_rem_pio2_large`) over the 24-bit chunks of 2/π at $LIBM_IPIO2, with
;; scratch arrays at fixed addresses: f 129024, q 129184, fq 129344 (20 × f64 each), iq
;; 129504 (20 × i32), tx 129584 (3 × f64); tables from 129616 to 129944 (their data segment
;; lies above the scratch arrays, so the runtime's data end, where generated data starts, is
;; past them).


(global $LIBM_F i32 (i32.const 129024))
(global $LIBM_Q i32 (i32.const 129184))
(global $LIBM_FQ i32 (i32.const 129344))
(global $LIBM_IQ i32 (i32.const 129504))
(global $LIBM_TX i32 (i32.const 129584))
;; 2/π in 24-bit chunks (66 × i32), enough for every double.
(global $LIBM_IPIO2 i32 (i32.const 129616))
;; π/2 in pieces of 24 bits (8 × f64).
(global $LIBM_PIO2 i32 (i32.const 129880))
(data (i32.const 129616)
  "\83\f9\a2\00\44\4e\6e\00\fc\29\15\00\d1\57\27\00\dd\34\f5\00\62\db\c0\00\3c\99\95\00\41\90\43\00\63\51\fe\00\bb\de\ab\00\b7\61\c5\00\3a\6e\24\00"
  "\d2\4d\42\00\49\06\e0\00\09\ea\2e\00\1c\92\d1\00\eb\1d\fe\00\29\b1\1c\00\e8\3e\a7\00\f5\35\82\00\44\bb\2e\00\9c\e9\84\00\b4\26\70\00\41\7e\5f\00"
  "\d6\91\39\00\53\83\39\00\9c\f4\39\00\8b\5f\84\00\28\f9\bd\00\f8\1f\3b\00\de\ff\97\00\0f\98\05\00\11\2f\ef\00\0a\5a\8b\00\6d\1f\6d\00\cf\7e\36\00"
  "\09\cb\27\00\46\4f\b7\00\9e\66\3f\00\2d\ea\5f\00\ba\27\75\00\e5\eb\c7\00\3d\7b\f1\00\f7\39\07\00\92\52\8a\00\fb\6b\ea\00\1f\b1\5f\00\08\5d\8d\00"
  "\30\03\56\00\7b\fc\46\00\f0\ab\6b\00\20\bc\cf\00\36\f4\9a\00\e3\a9\1d\00\5e\61\91\00\08\1b\e6\00\85\99\65\00\a0\14\5f\00\8d\40\68\00\80\d8\ff\00"
  "\27\73\4d\00\06\06\31\00\ca\56\15\00\c9\a8\73\00\7b\e2\60\00\6b\8c\c0\00")
(data (i32.const 129880)
  "\00\00\00\40\fb\21\f9\3f\00\00\00\00\2d\44\74\3e\00\00\00\80\98\46\f8\3c\00\00\00\60\51\cc\78\3b"
  "\00\00\00\80\83\1b\f0\39\00\00\00\40\20\25\7a\38\00\00\00\80\22\82\e3\36\00\00\00\00\1d\f3\69\35")

;; ---- sin, cos, tan

;; sin on [-π/4, π/4] of x + y (y the tail of x; `tail` 0 when y is known to be 0).
(func $libm_k_sin (param $x f64) (param $y f64) (param $tail i32) (result f64)
  (local $z f64) (local $w f64) (local $r f64) (local $v f64)
  (local.set $z (f64.mul (local.get $x) (local.get $x)))
  (local.set $w (f64.mul (local.get $z) (local.get $z)))
  (local.set $r (f64.add
    (f64.add (f64.const 8.33333333332248946124e-03)
             (f64.mul (local.get $z) (f64.add (f64.const -1.98412698298579493134e-04)
                                              (f64.mul (local.get $z) (f64.const 2.75573137070700676789e-06)))))
    (f64.mul (f64.mul (local.get $z) (local.get $w))
             (f64.add (f64.const -2.50507602534068634195e-08)
                      (f64.mul (local.get $z) (f64.const 1.58969099521155010221e-10))))))
  (local.set $v (f64.mul (local.get $z) (local.get $x)))
  (if (i32.eqz (local.get $tail))
    (then
      (return (f64.add (local.get $x)
        (f64.mul (local.get $v) (f64.add (f64.const -1.66666666666666324348e-01)
                                         (f64.mul (local.get $z) (local.get $r))))))))
  (f64.sub (local.get $x)
    (f64.sub
      (f64.sub (f64.mul (local.get $z) (f64.sub (f64.mul (f64.const 0.5) (local.get $y))
                                                (f64.mul (local.get $v) (local.get $r))))
               (local.get $y))
      (f64.mul (local.get $v) (f64.const -1.66666666666666324348e-01)))))

;; cos on [-π/4, π/4] of x + y.
(func $libm_k_cos (param $x f64) (param $y f64) (result f64)
  (local $z f64) (local $w f64) (local $r f64) (local $hz f64)
  (local.set $z (f64.mul (local.get $x) (local.get $x)))
  (local.set $w (f64.mul (local.get $z) (local.get $z)))
  (local.set $r (f64.add
    (f64.mul (local.get $z)
      (f64.add (f64.const 4.16666666666666019037e-02) (f64.mul (local.get $z)
      (f64.add (f64.const -1.38888888888741095749e-03)
               (f64.mul (local.get $z) (f64.const 2.48015872894767294178e-05))))))
    (f64.mul (f64.mul (local.get $w) (local.get $w))
      (f64.add (f64.const -2.75573143513906633035e-07) (f64.mul (local.get $z)
      (f64.add (f64.const 2.08757232129817482790e-09)
               (f64.mul (local.get $z) (f64.const -1.13596475577881948265e-11))))))))
  (local.set $hz (f64.mul (f64.const 0.5) (local.get $z)))
  (local.set $w (f64.sub (f64.const 1) (local.get $hz)))
  (f64.add (local.get $w)
    (f64.add (f64.sub (f64.sub (f64.const 1) (local.get $w)) (local.get $hz))
             (f64.sub (f64.mul (local.get $z) (local.get $r)) (f64.mul (local.get $x) (local.get $y))))))

;; tan (`odd` 0) or -1/tan (`odd` 1) on [-π/4, π/4] of x + y.
(func $libm_k_tan (param $x f64) (param $y f64) (param $odd i32) (result f64)
  (local $hx i32) (local $big i32) (local $z f64) (local $w f64) (local $r f64) (local $v f64)
  (local $s f64) (local $w0 f64) (local $a f64) (local $a0 f64)
  (local.set $hx (call $libm_high (local.get $x)))
  (local.set $big (i32.ge_u (i32.and (local.get $hx) (i32.const 0x7fffffff)) (i32.const 0x3fe59428)))
  (if (local.get $big)
    (then
      ;; |x| ≥ 0.6744: tan(π/4 - x) instead
      (if (i32.lt_s (local.get $hx) (i32.const 0))
        (then
          (local.set $x (f64.neg (local.get $x)))
          (local.set $y (f64.neg (local.get $y)))))
      (local.set $x (f64.add (f64.sub (f64.const 7.85398163397448278999e-01) (local.get $x))
                             (f64.sub (f64.const 3.06161699786838301793e-17) (local.get $y))))
      (local.set $y (f64.const 0))))
  (local.set $z (f64.mul (local.get $x) (local.get $x)))
  (local.set $w (f64.mul (local.get $z) (local.get $z)))
  (local.set $r (f64.add (f64.const 1.33333333333201242699e-01) (f64.mul (local.get $w)
                (f64.add (f64.const 2.18694882948595424599e-02) (f64.mul (local.get $w)
                (f64.add (f64.const 3.59207910759131235356e-03) (f64.mul (local.get $w)
                (f64.add (f64.const 5.88041240820264096874e-04) (f64.mul (local.get $w)
                (f64.add (f64.const 7.81794442939557092300e-05)
                         (f64.mul (local.get $w) (f64.const -1.85586374855275456654e-05))))))))))))
  (local.set $v (f64.mul (local.get $z)
                (f64.add (f64.const 5.39682539762260521377e-02) (f64.mul (local.get $w)
                (f64.add (f64.const 8.86323982359930005737e-03) (f64.mul (local.get $w)
                (f64.add (f64.const 1.45620945432529025516e-03) (f64.mul (local.get $w)
                (f64.add (f64.const 2.46463134818469906812e-04) (f64.mul (local.get $w)
                (f64.add (f64.const 7.14072491382608190305e-05)
                         (f64.mul (local.get $w) (f64.const 2.59073051863633712884e-05)))))))))))))
  (local.set $s (f64.mul (local.get $z) (local.get $x)))
  (local.set $r (f64.add
    (f64.add (local.get $y)
             (f64.mul (local.get $z) (f64.add (f64.mul (local.get $s) (f64.add (local.get $r) (local.get $v)))
                                              (local.get $y))))
    (f64.mul (local.get $s) (f64.const 3.33333333333334091986e-01))))
  (local.set $w (f64.add (local.get $x) (local.get $r)))
  (if (local.get $big)
    (then
      (local.set $s (f64.sub (f64.const 1) (f64.mul (f64.const 2) (f64.convert_i32_s (local.get $odd)))))
      (local.set $v (f64.sub (local.get $s)
        (f64.mul (f64.const 2)
          (f64.add (local.get $x)
                   (f64.sub (local.get $r)
                            (f64.div (f64.mul (local.get $w) (local.get $w))
                                     (f64.add (local.get $w) (local.get $s))))))))
      (if (i32.lt_s (local.get $hx) (i32.const 0)) (then (return (f64.neg (local.get $v)))))
      (return (local.get $v))))
  (if (i32.eqz (local.get $odd)) (then (return (local.get $w))))
  ;; -1/(x + r) accurately
  (local.set $w0 (call $libm_zero_low (local.get $w)))
  (local.set $v (f64.sub (local.get $r) (f64.sub (local.get $w0) (local.get $x))))
  (local.set $a (f64.div (f64.const -1) (local.get $w)))
  (local.set $a0 (call $libm_zero_low (local.get $a)))
  (f64.add (local.get $a0)
    (f64.mul (local.get $a)
      (f64.add (f64.add (f64.const 1) (f64.mul (local.get $a0) (local.get $w0)))
               (f64.mul (local.get $a0) (local.get $v))))))

;; x - n·π/2 for |x| < 2^20·π/2 as (n, y0, y1): π/2 in three pieces of 33 bits, using as many
;; as the cancellation needs.
(func $libm_rem_pio2_medium (param $x f64) (param $ix i32) (result i32 f64 f64)
  (local $f_n f64) (local $n i32) (local $r f64) (local $w f64) (local $y0 f64) (local $t f64)
  (local $ex i32) (local $ey i32)
  ;; rint(x·2/π) by adding and removing 1.5·2^52
  (local.set $f_n (f64.sub (f64.add (f64.mul (local.get $x) (f64.const 6.36619772367581382433e-01))
                                    (f64.const 6755399441055744.0))
                           (f64.const 6755399441055744.0)))
  (local.set $n (i32.trunc_sat_f64_s (local.get $f_n)))
  (local.set $r (f64.sub (local.get $x) (f64.mul (local.get $f_n) (f64.const 1.57079632673412561417e+00))))
  (local.set $w (f64.mul (local.get $f_n) (f64.const 6.07710050650619224932e-11)))
  (local.set $y0 (f64.sub (local.get $r) (local.get $w)))
  (local.set $ex (i32.shr_u (local.get $ix) (i32.const 20)))
  (local.set $ey (i32.and (i32.shr_u (call $libm_high (local.get $y0)) (i32.const 20)) (i32.const 0x7ff)))
  (if (i32.gt_s (i32.sub (local.get $ex) (local.get $ey)) (i32.const 16))
    (then
      ;; second round, good to 118 bits
      (local.set $t (local.get $r))
      (local.set $w (f64.mul (local.get $f_n) (f64.const 6.07710050630396597660e-11)))
      (local.set $r (f64.sub (local.get $t) (local.get $w)))
      (local.set $w (f64.sub (f64.mul (local.get $f_n) (f64.const 2.02226624879595063154e-21))
                             (f64.sub (f64.sub (local.get $t) (local.get $r)) (local.get $w))))
      (local.set $y0 (f64.sub (local.get $r) (local.get $w)))
      (local.set $ey (i32.and (i32.shr_u (call $libm_high (local.get $y0)) (i32.const 20)) (i32.const 0x7ff)))
      (if (i32.gt_s (i32.sub (local.get $ex) (local.get $ey)) (i32.const 49))
        (then
          ;; third round, good to 151 bits
          (local.set $t (local.get $r))
          (local.set $w (f64.mul (local.get $f_n) (f64.const 2.02226624871116645580e-21)))
          (local.set $r (f64.sub (local.get $t) (local.get $w)))
          (local.set $w (f64.sub (f64.mul (local.get $f_n) (f64.const 8.47842766036889956997e-32))
                                 (f64.sub (f64.sub (local.get $t) (local.get $r)) (local.get $w))))
          (local.set $y0 (f64.sub (local.get $r) (local.get $w)))))))
  (local.get $n)
  (local.get $y0)
  (f64.sub (f64.sub (local.get $r) (local.get $y0)) (local.get $w)))

;; x - n·(π/2) for |x| ≤ 9π/4 away from multiples of π/2, as (n, y0, y1), with m = |n| in
;; 1..4: one subtraction of m·(π/2 in 33 bits) and of its tail.
(func $libm_rem_pio2_small (param $x f64) (param $m i32) (result i32 f64 f64)
  (local $p f64) (local $pt f64) (local $z f64) (local $y0 f64)
  (local.set $p (f64.mul (f64.convert_i32_s (local.get $m)) (f64.const 1.57079632673412561417e+00)))
  (local.set $pt (f64.mul (f64.convert_i32_s (local.get $m)) (f64.const 6.07710050650619224932e-11)))
  (if (f64.lt (local.get $x) (f64.const 0))
    (then
      (local.set $z (f64.add (local.get $x) (local.get $p)))
      (local.set $y0 (f64.add (local.get $z) (local.get $pt)))
      (return (i32.sub (i32.const 0) (local.get $m)) (local.get $y0)
              (f64.add (f64.sub (local.get $z) (local.get $y0)) (local.get $pt)))))
  (local.set $z (f64.sub (local.get $x) (local.get $p)))
  (local.set $y0 (f64.sub (local.get $z) (local.get $pt)))
  (local.get $m)
  (local.get $y0)
  (f64.sub (f64.sub (local.get $z) (local.get $y0)) (local.get $pt)))

;; x - n·π/2 as (n, y0, y1), y0 + y1 in [-π/4, π/4] (for finite x beyond π/4; inf and NaN
;; give NaN).
(func $libm_rem_pio2 (param $x f64) (result i32 f64 f64)
  (local $ix i32) (local $i i32) (local $z f64) (local $n i32) (local $y0 f64) (local $y1 f64)
  (local $tx i32)
  (local.set $ix (i32.and (call $libm_high (local.get $x)) (i32.const 0x7fffffff)))
  (if (i32.le_u (local.get $ix) (i32.const 0x400f6a7a))
    (then
      ;; |x| ≤ 5π/4; near π/2 or π the medium case handles the cancellation
      (if (i32.eq (i32.and (local.get $ix) (i32.const 0xfffff)) (i32.const 0x921fb))
        (then (return (call $libm_rem_pio2_medium (local.get $x) (local.get $ix)))))
      (return (call $libm_rem_pio2_small (local.get $x)
        (select (i32.const 1) (i32.const 2) (i32.le_u (local.get $ix) (i32.const 0x4002d97c)))))))
  (if (i32.le_u (local.get $ix) (i32.const 0x401c463b))
    (then
      ;; |x| ≤ 9π/4; near 3π/2 or 2π the medium case
      (if (i32.or (i32.eq (local.get $ix) (i32.const 0x4012d97c)) (i32.eq (local.get $ix) (i32.const 0x401921fb)))
        (then (return (call $libm_rem_pio2_medium (local.get $x) (local.get $ix)))))
      (return (call $libm_rem_pio2_small (local.get $x)
        (select (i32.const 3) (i32.const 4) (i32.le_u (local.get $ix) (i32.const 0x4015fdbc)))))))
  (if (i32.lt_u (local.get $ix) (i32.const 0x413921fb))
    (then (return (call $libm_rem_pio2_medium (local.get $x) (local.get $ix)))))
  (if (i32.ge_u (local.get $ix) (i32.const 0x7ff00000))
    (then
      (local.set $y0 (f64.sub (local.get $x) (local.get $x)))
      (return (i32.const 0) (local.get $y0) (local.get $y0))))
  ;; huge: |x| as three 24-bit chunks tx of z = |x|·2^(23 - exponent), then Payne–Hanek
  (local.set $z (f64.reinterpret_i64
    (i64.or (i64.and (i64.reinterpret_f64 (local.get $x)) (i64.const 0x000fffffffffffff))
            (i64.const 0x4160000000000000))))  ;; (0x3ff + 23) << 52
  (local.set $tx (global.get $LIBM_TX))
  (f64.store (local.get $tx) (f64.convert_i32_s (i32.trunc_sat_f64_s (local.get $z))))
  (local.set $z (f64.mul (f64.sub (local.get $z) (f64.load (local.get $tx))) (f64.const 0x1p24)))
  (f64.store offset=8 (local.get $tx) (f64.convert_i32_s (i32.trunc_sat_f64_s (local.get $z))))
  (local.set $z (f64.mul (f64.sub (local.get $z) (f64.load offset=8 (local.get $tx))) (f64.const 0x1p24)))
  (f64.store offset=16 (local.get $tx) (local.get $z))
  ;; skip zero chunks at the end; the first is never zero
  (local.set $i (i32.const 2))
  (block $done
    (loop $skip
      (br_if $done (i32.eqz (local.get $i)))
      (br_if $done (f64.ne (f64.load (i32.add (local.get $tx) (i32.shl (local.get $i) (i32.const 3))))
                           (f64.const 0)))
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (br $skip)))
  (call $libm_rem_pio2_large (i32.add (local.get $i) (i32.const 1))
                             (i32.sub (i32.shr_s (local.get $ix) (i32.const 20)) (i32.const 0x416)))
  (local.set $y1)
  (local.set $y0)
  (local.set $n)
  (if (i32.lt_s (call $libm_high (local.get $x)) (i32.const 0))
    (then (return (i32.sub (i32.const 0) (local.get $n)) (f64.neg (local.get $y0)) (f64.neg (local.get $y1)))))
  (local.get $n)
  (local.get $y0)
  (local.get $y1))

;; Element `i` of an f64 array at `base`.
(func $libm_at (param $base i32) (param $i i32) (result i32)
  (i32.add (local.get $base) (i32.shl (local.get $i) (i32.const 3))))

;; Element `i` of an i32 array at `base`.
(func $libm_at4 (param $base i32) (param $i i32) (result i32)
  (i32.add (local.get $base) (i32.shl (local.get $i) (i32.const 2))))

;; q[i] = Σ_{j ≤ jx} tx[j]·f[jx + i - j]
(func $libm_fill_q (param $i i32) (param $jx i32)
  (local $j i32) (local $fw f64)
  (local.set $fw (f64.const 0))
  (local.set $j (i32.const 0))
  (loop $terms
    (local.set $fw (f64.add (local.get $fw)
      (f64.mul (f64.load (call $libm_at (global.get $LIBM_TX) (local.get $j)))
               (f64.load (call $libm_at (global.get $LIBM_F)
                 (i32.sub (i32.add (local.get $jx) (local.get $i)) (local.get $j)))))))
    (local.set $j (i32.add (local.get $j) (i32.const 1)))
    (br_if $terms (i32.le_s (local.get $j) (local.get $jx))))
  (f64.store (call $libm_at (global.get $LIBM_Q) (local.get $i)) (local.get $fw)))

;; Payne–Hanek reduction of x = Σ tx[i]·2^(e0 - 24i) (nx chunks of 24 bits at $LIBM_TX) by
;; π/2 to two doubles: (n mod 8, y0, y1). `e0` is the exponent of tx[0], ≥ -3. Five terms of
;; the product (jk = 4, fdlibm's choice for double precision) are computed first, more when
;; the fraction cancels.
(func $libm_rem_pio2_large (param $nx i32) (param $e0 i32) (result i32 f64 f64)
  (local $jx i32) (local $jv i32) (local $q0 i32) (local $jz i32) (local $i i32) (local $j i32)
  (local $k i32) (local $n i32) (local $ih i32) (local $carry i32) (local $at i32)
  (local $z f64) (local $fw f64) (local $y0 f64)
  (local.set $jx (i32.sub (local.get $nx) (i32.const 1)))
  (local.set $jv (i32.div_s (i32.sub (local.get $e0) (i32.const 3)) (i32.const 24)))
  (if (i32.lt_s (local.get $jv) (i32.const 0)) (then (local.set $jv (i32.const 0))))
  (local.set $q0 (i32.sub (local.get $e0) (i32.mul (i32.const 24) (i32.add (local.get $jv) (i32.const 1)))))
  ;; f[0 ..= jx + 4] = ipio2[jv - jx ..], zero before the table
  (local.set $j (i32.sub (local.get $jv) (local.get $jx)))
  (local.set $i (i32.const 0))
  (loop $fill
    (f64.store (call $libm_at (global.get $LIBM_F) (local.get $i))
      (select (f64.const 0)
              (f64.convert_i32_s (i32.load (call $libm_at4 (global.get $LIBM_IPIO2)
                                             (select (i32.const 0) (local.get $j)
                                                     (i32.lt_s (local.get $j) (i32.const 0))))))
              (i32.lt_s (local.get $j) (i32.const 0))))
    (local.set $j (i32.add (local.get $j) (i32.const 1)))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br_if $fill (i32.le_s (local.get $i) (i32.add (local.get $jx) (i32.const 4)))))
  ;; q[0 ..= 4]
  (local.set $i (i32.const 0))
  (loop $products
    (call $libm_fill_q (local.get $i) (local.get $jx))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br_if $products (i32.le_s (local.get $i) (i32.const 4))))
  (local.set $jz (i32.const 4))
  (loop $recompute
    ;; distill q[] into iq[] reversingly
    (local.set $i (i32.const 0))
    (local.set $z (f64.load (call $libm_at (global.get $LIBM_Q) (local.get $jz))))
    (local.set $j (local.get $jz))
    (block $distilled
      (loop $distill
        (br_if $distilled (i32.lt_s (local.get $j) (i32.const 1)))
        (local.set $fw (f64.convert_i32_s (i32.trunc_sat_f64_s (f64.mul (f64.const 0x1p-24) (local.get $z)))))
        (i32.store (call $libm_at4 (global.get $LIBM_IQ) (local.get $i))
                   (i32.trunc_sat_f64_s (f64.sub (local.get $z) (f64.mul (f64.const 0x1p24) (local.get $fw)))))
        (local.set $z (f64.add (f64.load (call $libm_at (global.get $LIBM_Q)
                                           (i32.sub (local.get $j) (i32.const 1))))
                               (local.get $fw)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (local.set $j (i32.sub (local.get $j) (i32.const 1)))
        (br $distill)))
    ;; n = the integer part mod 8
    (local.set $z (call $libm_scalbn (local.get $z) (local.get $q0)))
    (local.set $z (f64.sub (local.get $z)
                           (f64.mul (f64.const 8) (f64.floor (f64.mul (local.get $z) (f64.const 0.125))))))
    (local.set $n (i32.trunc_sat_f64_s (local.get $z)))
    (local.set $z (f64.sub (local.get $z) (f64.convert_i32_s (local.get $n))))
    (local.set $ih (i32.const 0))
    (local.set $at (call $libm_at4 (global.get $LIBM_IQ) (i32.sub (local.get $jz) (i32.const 1))))
    (if (i32.gt_s (local.get $q0) (i32.const 0))
      (then
        ;; iq[jz-1] holds bits of n too
        (local.set $i (i32.shr_s (i32.load (local.get $at)) (i32.sub (i32.const 24) (local.get $q0))))
        (local.set $n (i32.add (local.get $n) (local.get $i)))
        (i32.store (local.get $at) (i32.sub (i32.load (local.get $at))
                                            (i32.shl (local.get $i) (i32.sub (i32.const 24) (local.get $q0)))))
        (local.set $ih (i32.shr_s (i32.load (local.get $at)) (i32.sub (i32.const 23) (local.get $q0)))))
      (else
        (if (i32.eqz (local.get $q0))
          (then (local.set $ih (i32.shr_s (i32.load (local.get $at)) (i32.const 23))))
          (else
            (if (f64.ge (local.get $z) (f64.const 0.5)) (then (local.set $ih (i32.const 2))))))))
    (if (i32.gt_s (local.get $ih) (i32.const 0))
      (then
        ;; the fraction is above 1/2: take 1 - fraction
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (local.set $carry (i32.const 0))
        (local.set $i (i32.const 0))
        (block $complemented
          (loop $complement
            (br_if $complemented (i32.ge_s (local.get $i) (local.get $jz)))
            (local.set $at (call $libm_at4 (global.get $LIBM_IQ) (local.get $i)))
            (local.set $j (i32.load (local.get $at)))
            (if (local.get $carry)
              (then (i32.store (local.get $at) (i32.sub (i32.const 0xffffff) (local.get $j))))
              (else
                (if (local.get $j)
                  (then
                    (local.set $carry (i32.const 1))
                    (i32.store (local.get $at) (i32.sub (i32.const 0x1000000) (local.get $j)))))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $complement)))
        (local.set $at (call $libm_at4 (global.get $LIBM_IQ) (i32.sub (local.get $jz) (i32.const 1))))
        (if (i32.eq (local.get $q0) (i32.const 1))
          (then (i32.store (local.get $at) (i32.and (i32.load (local.get $at)) (i32.const 0x7fffff)))))
        (if (i32.eq (local.get $q0) (i32.const 2))
          (then (i32.store (local.get $at) (i32.and (i32.load (local.get $at)) (i32.const 0x3fffff)))))
        (if (i32.eq (local.get $ih) (i32.const 2))
          (then
            (local.set $z (f64.sub (f64.const 1) (local.get $z)))
            (if (local.get $carry)
              (then (local.set $z (f64.sub (local.get $z)
                                           (call $libm_scalbn (f64.const 1) (local.get $q0))))))))))
    ;; all chunks zero so far: more terms of 2/π are needed
    (if (f64.eq (local.get $z) (f64.const 0))
      (then
        (local.set $j (i32.const 0))
        (local.set $i (i32.sub (local.get $jz) (i32.const 1)))
        (block $ored
          (loop $or_chunks
            (br_if $ored (i32.lt_s (local.get $i) (i32.const 4)))
            (local.set $j (i32.or (local.get $j) (i32.load (call $libm_at4 (global.get $LIBM_IQ) (local.get $i)))))
            (local.set $i (i32.sub (local.get $i) (i32.const 1)))
            (br $or_chunks)))
        (if (i32.eqz (local.get $j))
          (then
            (local.set $k (i32.const 1))
            (block $counted
              (loop $count
                (br_if $counted (i32.load (call $libm_at4 (global.get $LIBM_IQ)
                                                         (i32.sub (i32.const 4) (local.get $k)))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $count)))
            (local.set $i (i32.add (local.get $jz) (i32.const 1)))
            (block $added
              (loop $add
                (br_if $added (i32.gt_s (local.get $i) (i32.add (local.get $jz) (local.get $k))))
                (f64.store (call $libm_at (global.get $LIBM_F) (i32.add (local.get $jx) (local.get $i)))
                  (f64.convert_i32_s (i32.load (call $libm_at4 (global.get $LIBM_IPIO2)
                                                 (i32.add (local.get $jv) (local.get $i))))))
                (call $libm_fill_q (local.get $i) (local.get $jx))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $add)))
            (local.set $jz (i32.add (local.get $jz) (local.get $k)))
            (br $recompute))))))
  ;; chop off zero terms
  (if (f64.eq (local.get $z) (f64.const 0))
    (then
      (local.set $jz (i32.sub (local.get $jz) (i32.const 1)))
      (local.set $q0 (i32.sub (local.get $q0) (i32.const 24)))
      (block $chopped
        (loop $chop
          (br_if $chopped (i32.load (call $libm_at4 (global.get $LIBM_IQ) (local.get $jz))))
          (local.set $jz (i32.sub (local.get $jz) (i32.const 1)))
          (local.set $q0 (i32.sub (local.get $q0) (i32.const 24)))
          (br $chop))))
    (else
      ;; break z into 24-bit chunks if necessary
      (local.set $z (call $libm_scalbn (local.get $z) (i32.sub (i32.const 0) (local.get $q0))))
      (if (f64.ge (local.get $z) (f64.const 0x1p24))
        (then
          (local.set $fw (f64.convert_i32_s (i32.trunc_sat_f64_s (f64.mul (f64.const 0x1p-24) (local.get $z)))))
          (i32.store (call $libm_at4 (global.get $LIBM_IQ) (local.get $jz))
                     (i32.trunc_sat_f64_s (f64.sub (local.get $z) (f64.mul (f64.const 0x1p24) (local.get $fw)))))
          (local.set $jz (i32.add (local.get $jz) (i32.const 1)))
          (local.set $q0 (i32.add (local.get $q0) (i32.const 24)))
          (i32.store (call $libm_at4 (global.get $LIBM_IQ) (local.get $jz)) (i32.trunc_sat_f64_s (local.get $fw))))
        (else
          (i32.store (call $libm_at4 (global.get $LIBM_IQ) (local.get $jz))
                     (i32.trunc_sat_f64_s (local.get $z)))))))
  ;; chunks back to doubles: q[i] = iq[i]·2^(q0 - 24(jz - i))
  (local.set $fw (call $libm_scalbn (f64.const 1) (local.get $q0)))
  (local.set $i (local.get $jz))
  (loop $to_float
    (f64.store (call $libm_at (global.get $LIBM_Q) (local.get $i))
      (f64.mul (local.get $fw) (f64.convert_i32_s (i32.load (call $libm_at4 (global.get $LIBM_IQ) (local.get $i))))))
    (local.set $fw (f64.mul (local.get $fw) (f64.const 0x1p-24)))
    (local.set $i (i32.sub (local.get $i) (i32.const 1)))
    (br_if $to_float (i32.ge_s (local.get $i) (i32.const 0))))
  ;; fq[jz - i] = Σ_{k ≤ min(4, jz - i)} pio2[k]·q[i + k]
  (local.set $i (local.get $jz))
  (loop $times_pio2
    (local.set $fw (f64.const 0))
    (local.set $k (i32.const 0))
    (block $summed
      (loop $sum
        (br_if $summed (i32.gt_s (local.get $k) (i32.const 4)))
        (br_if $summed (i32.gt_s (local.get $k) (i32.sub (local.get $jz) (local.get $i))))
        (local.set $fw (f64.add (local.get $fw)
          (f64.mul (f64.load (call $libm_at (global.get $LIBM_PIO2) (local.get $k)))
                   (f64.load (call $libm_at (global.get $LIBM_Q) (i32.add (local.get $i) (local.get $k)))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $sum)))
    (f64.store (call $libm_at (global.get $LIBM_FQ) (i32.sub (local.get $jz) (local.get $i))) (local.get $fw))
    (local.set $i (i32.sub (local.get $i) (i32.const 1)))
    (br_if $times_pio2 (i32.ge_s (local.get $i) (i32.const 0))))
  ;; compress fq[] into y0 + y1
  (local.set $fw (f64.const 0))
  (local.set $i (local.get $jz))
  (loop $sum_down
    (local.set $fw (f64.add (local.get $fw) (f64.load (call $libm_at (global.get $LIBM_FQ) (local.get $i)))))
    (local.set $i (i32.sub (local.get $i) (i32.const 1)))
    (br_if $sum_down (i32.ge_s (local.get $i) (i32.const 0))))
  (local.set $y0 (select (local.get $fw) (f64.neg (local.get $fw)) (i32.eqz (local.get $ih))))
  (local.set $fw (f64.sub (f64.load (global.get $LIBM_FQ)) (local.get $fw)))
  (local.set $i (i32.const 1))
  (block $summed_up
    (loop $sum_up
      (br_if $summed_up (i32.gt_s (local.get $i) (local.get $jz)))
      (local.set $fw (f64.add (local.get $fw) (f64.load (call $libm_at (global.get $LIBM_FQ) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $sum_up)))
  (i32.and (local.get $n) (i32.const 7))
  (local.get $y0)
  (select (local.get $fw) (f64.neg (local.get $fw)) (i32.eqz (local.get $ih))))

;; sin x: the kernel directly below π/4, else on the reduced argument by quadrant.
(func $libm_sin (export "libm_sin") (param $x f64) (result f64)
  (local $ix i32) (local $n i32) (local $y0 f64) (local $y1 f64)
  (local.set $ix (i32.and (call $libm_high (local.get $x)) (i32.const 0x7fffffff)))
  (if (i32.le_u (local.get $ix) (i32.const 0x3fe921fb))
    (then
      (if (i32.lt_u (local.get $ix) (i32.const 0x3e500000)) (then (return (local.get $x))))  ;; |x| < 2^-26
      (return (call $libm_k_sin (local.get $x) (f64.const 0) (i32.const 0)))))
  (if (i32.ge_u (local.get $ix) (i32.const 0x7ff00000))
    (then (return (f64.sub (local.get $x) (local.get $x)))))
  (call $libm_rem_pio2 (local.get $x))
  (local.set $y1)
  (local.set $y0)
  (local.set $n)
  (block $q3 (block $q2 (block $q1 (block $q0
    (br_table $q0 $q1 $q2 $q3 (i32.and (local.get $n) (i32.const 3))))
    (return (call $libm_k_sin (local.get $y0) (local.get $y1) (i32.const 1))))
    (return (call $libm_k_cos (local.get $y0) (local.get $y1))))
    (return (f64.neg (call $libm_k_sin (local.get $y0) (local.get $y1) (i32.const 1)))))
  (f64.neg (call $libm_k_cos (local.get $y0) (local.get $y1))))

;; cos x, as sin.
(func $libm_cos (export "libm_cos") (param $x f64) (result f64)
  (local $ix i32) (local $n i32) (local $y0 f64) (local $y1 f64)
  (local.set $ix (i32.and (call $libm_high (local.get $x)) (i32.const 0x7fffffff)))
  (if (i32.le_u (local.get $ix) (i32.const 0x3fe921fb))
    (then
      (if (i32.lt_u (local.get $ix) (i32.const 0x3e46a09e)) (then (return (f64.const 1))))  ;; |x| < 2^-27·√2
      (return (call $libm_k_cos (local.get $x) (f64.const 0)))))
  (if (i32.ge_u (local.get $ix) (i32.const 0x7ff00000))
    (then (return (f64.sub (local.get $x) (local.get $x)))))
  (call $libm_rem_pio2 (local.get $x))
  (local.set $y1)
  (local.set $y0)
  (local.set $n)
  (block $q3 (block $q2 (block $q1 (block $q0
    (br_table $q0 $q1 $q2 $q3 (i32.and (local.get $n) (i32.const 3))))
    (return (call $libm_k_cos (local.get $y0) (local.get $y1))))
    (return (f64.neg (call $libm_k_sin (local.get $y0) (local.get $y1) (i32.const 1)))))
    (return (f64.neg (call $libm_k_cos (local.get $y0) (local.get $y1)))))
  (call $libm_k_sin (local.get $y0) (local.get $y1) (i32.const 1)))

;; tan x: the kernel on the reduced argument, inverted in odd quadrants.
(func $libm_tan (export "libm_tan") (param $x f64) (result f64)
  (local $ix i32) (local $n i32) (local $y0 f64) (local $y1 f64)
  (local.set $ix (i32.and (call $libm_high (local.get $x)) (i32.const 0x7fffffff)))
  (if (i32.le_u (local.get $ix) (i32.const 0x3fe921fb))
    (then
      (if (i32.lt_u (local.get $ix) (i32.const 0x3e400000)) (then (return (local.get $x))))  ;; |x| < 2^-27
      (return (call $libm_k_tan (local.get $x) (f64.const 0) (i32.const 0)))))
  (if (i32.ge_u (local.get $ix) (i32.const 0x7ff00000))
    (then (return (f64.sub (local.get $x) (local.get $x)))))
  (call $libm_rem_pio2 (local.get $x))
  (local.set $y1)
  (local.set $y0)
  (local.set $n)
  (call $libm_k_tan (local.get $y0) (local.get $y1) (i32.and (local.get $n) (i32.const 1))))
