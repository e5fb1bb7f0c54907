;; number_methods.wat — IntegerBox, FloatBox and BoolBox methods, exactly as the VM's
;; `builtins/number.rs` and `boolean.rs`.
;;
;; One function answers all three; the method code says which: IntegerBox abs 0, max 1,
;; min 2, pow 3, toFloat 4, isEven 5, isOdd 6; FloatBox abs 10, floor 11, ceil 12, round 13,
;; toInteger 14, max 15, min 16, pow 17, sqrt 18, isNaN 19, isInfinite 20, isFinite 21,
;; sin 22, cos 23, tan 24, log 25, exp 26; BoolBox not 30, and 31, or 32. The transcendental
;; functions are `libm.wat`'s, the VM's algorithms bit for bit.

(global $N_ARITY i32 (i32.const 115104))
(data (i32.const 115104) "\00\01\01\01\00\00\00\00\00\00\00\00\00\00\00\01\01\01\00\00\00\00\00\00\00\00\00\00\00\00\00\01\01")
(global $N_EXPECTS_NUMBER i32 (i32.const 115144)) (data (i32.const 115144) " expects an IntegerBox or FloatBox, got ") ;; 40 bytes

;; `x.method(a)` for a number or boolean `x` (its bits) with `given` arguments.
(func $number_method (export "rt_number_method")
      (param $site i32) (param $code i32) (param $who i32) (param $given i32) (param $x i64)
      (param $at i32) (param $ab i64) (param $yt i32) (param $yb i64) (result i32 i64)
  (local $f f64)
  (if (i32.ne (i32.load8_u (i32.add (global.get $N_ARITY) (local.get $code))) (local.get $given))
    (then (call $check_arity_in (global.get $N_ARITY) (local.get $site) (local.get $code)
                                (local.get $who) (local.get $given))))
  (if (global.get $pending) (then (return (i32.const 0) (i64.const 0))))
  (local.set $f (f64.reinterpret_i64 (local.get $x)))
  ;; max, min and pow take a number.
  (if (i32.or (i32.le_u (i32.sub (local.get $code) (i32.const 1)) (i32.const 2))
              (i32.le_u (i32.sub (local.get $code) (i32.const 15)) (i32.const 2)))
    (then
      (if (i32.eqz (call $is_number (local.get $at)))
        (then
          (call $raise_wrong_type (local.get $site) (local.get $who) (global.get $N_EXPECTS_NUMBER)
                                  (i32.const 40) (local.get $at) (local.get $ab))
          (return (i32.const 0) (i64.const 0))))
      (if (i32.eq (local.get $code) (i32.const 3))
        (then (return (call $integer_pow (local.get $x) (local.get $at) (local.get $ab)))))
      (if (i32.eq (local.get $code) (i32.const 17))
        (then (return (i32.const 3) (i64.reinterpret_f64
          (call $libm_pow (local.get $f) (call $as_float (local.get $at) (local.get $ab)))))))
      (return (call $pick_number
        (select (i32.const 2) (i32.const 3) (i32.lt_u (local.get $code) (i32.const 10)))
        (local.get $x) (local.get $at) (local.get $ab)
        (i32.or (i32.eq (local.get $code) (i32.const 1)) (i32.eq (local.get $code) (i32.const 15)))))))
  (block $or (block $and (block $not (block $exp (block $log (block $tan (block $cos (block $sin
  (block $is_finite (block $is_infinite (block $is_nan
  (block $sqrt (block $to_integer (block $round (block $ceil (block $floor (block $fabs
  (block $is_odd (block $is_even (block $to_float (block $iabs
    (br_table $iabs $iabs $iabs $iabs $to_float $is_even $is_odd $iabs $iabs $iabs
              $fabs $floor $ceil $round $to_integer $fabs $fabs $fabs $sqrt $is_nan $is_infinite
              $is_finite $sin $cos $tan $log $exp $fabs $fabs $fabs
              $not $and $or (local.get $code)))
    ;; IntegerBox.abs wraps (the minimum stays itself).
    (return (i32.const 2) (select (i64.sub (i64.const 0) (local.get $x)) (local.get $x)
                                  (i64.lt_s (local.get $x) (i64.const 0)))))
    (return (i32.const 3) (i64.reinterpret_f64 (f64.convert_i64_s (local.get $x)))))
    (return (i32.const 1) (i64.extend_i32_u (i64.eqz (i64.and (local.get $x) (i64.const 1))))))
    (return (i32.const 1) (i64.and (local.get $x) (i64.const 1))))
    (return (i32.const 3) (i64.reinterpret_f64 (f64.abs (local.get $f)))))
    (return (i32.const 2) (i64.trunc_sat_f64_s (f64.floor (local.get $f)))))
    (return (i32.const 2) (i64.trunc_sat_f64_s (f64.ceil (local.get $f)))))
    (return (i32.const 2) (i64.trunc_sat_f64_s (call $round_away (local.get $f)))))
    (return (i32.const 2) (i64.trunc_sat_f64_s (f64.trunc (local.get $f)))))
    (return (i32.const 3) (i64.reinterpret_f64 (f64.sqrt (local.get $f)))))
    (return (i32.const 1) (i64.extend_i32_u (f64.ne (local.get $f) (local.get $f)))))
    (return (i32.const 1) (i64.extend_i32_u (f64.eq (f64.abs (local.get $f)) (f64.const inf)))))
    (return (i32.const 1) (i64.extend_i32_u (f64.lt (f64.abs (local.get $f)) (f64.const inf)))))
    (return (i32.const 3) (i64.reinterpret_f64 (call $libm_sin (local.get $f)))))
    (return (i32.const 3) (i64.reinterpret_f64 (call $libm_cos (local.get $f)))))
    (return (i32.const 3) (i64.reinterpret_f64 (call $libm_tan (local.get $f)))))
    (return (i32.const 3) (i64.reinterpret_f64 (call $libm_log (local.get $f)))))
    (return (i32.const 3) (i64.reinterpret_f64 (call $libm_exp (local.get $f)))))
    (return (i32.const 1) (i64.extend_i32_u (i64.eqz (local.get $x)))))
    (return (i32.const 1) (i64.extend_i32_u (i32.and (i32.wrap_i64 (local.get $x))
                                              (call $truthy (local.get $at) (local.get $ab))))))
  (i32.const 1)
  (i64.extend_i32_u (i32.or (i32.wrap_i64 (local.get $x)) (call $truthy (local.get $at) (local.get $ab)))))

;; `n.pow(e)`: an integer exponent ≥ 0 gives the integer power wrapping like `*` (square and
;; multiply); any other exponent the float power.
(func $integer_pow (param $n i64) (param $et i32) (param $eb i64) (result i32 i64)
  (local $result i64) (local $square i64)
  (if (i32.or (i32.ne (local.get $et) (i32.const 2)) (i64.lt_s (local.get $eb) (i64.const 0)))
    (then (return (i32.const 3) (i64.reinterpret_f64
      (call $libm_pow (f64.convert_i64_s (local.get $n))
                      (call $as_float (local.get $et) (local.get $eb)))))))
  (local.set $result (i64.const 1))
  (local.set $square (local.get $n))
  (block $done
    (loop $bits
      (br_if $done (i64.eqz (local.get $eb)))
      (if (i32.wrap_i64 (i64.and (local.get $eb) (i64.const 1)))
        (then (local.set $result (i64.mul (local.get $result) (local.get $square)))))
      (local.set $square (i64.mul (local.get $square) (local.get $square)))
      (local.set $eb (i64.shr_u (local.get $eb) (i64.const 1)))
      (br $bits)))
  (i32.const 2)
  (local.get $result))

;; Rust's `f64::round`: halves away from zero.
(func $round_away (param $x f64) (result f64)
  (local $t f64) (local $d f64)
  (local.set $t (f64.trunc (local.get $x)))
  (local.set $d (f64.sub (local.get $x) (local.get $t)))
  (if (f64.ge (local.get $d) (f64.const 0.5)) (then (return (f64.add (local.get $t) (f64.const 1)))))
  (if (f64.le (local.get $d) (f64.const -0.5)) (then (return (f64.sub (local.get $t) (f64.const 1)))))
  (local.get $t))

;; The order (-1, 0, 1) of an integer and a float that is not NaN, exactly.
(func $cmp_int_float (param $i i64) (param $f f64) (result i32)
  (local $t i64) (local $fraction f64)
  (if (f64.ge (local.get $f) (f64.const 0x1p63)) (then (return (i32.const -1))))
  (if (f64.lt (local.get $f) (f64.const -0x1p63)) (then (return (i32.const 1))))
  (local.set $t (i64.trunc_f64_s (local.get $f)))
  (if (i64.lt_s (local.get $i) (local.get $t)) (then (return (i32.const -1))))
  (if (i64.gt_s (local.get $i) (local.get $t)) (then (return (i32.const 1))))
  (local.set $fraction (f64.sub (local.get $f) (f64.trunc (local.get $f))))
  (if (f64.gt (local.get $fraction) (f64.const 0)) (then (return (i32.const -1))))
  (if (f64.lt (local.get $fraction) (f64.const 0)) (then (return (i32.const 1))))
  (i32.const 0))

;; The order of two numbers (neither NaN), exactly.
(func $cmp_numbers (param $at i32) (param $ab i64) (param $bt i32) (param $bb i64) (result i32)
  (local $x f64) (local $y f64)
  (if (i32.and (i32.eq (local.get $at) (i32.const 2)) (i32.eq (local.get $bt) (i32.const 2)))
    (then (return (i32.sub (i64.gt_s (local.get $ab) (local.get $bb))
                           (i64.lt_s (local.get $ab) (local.get $bb))))))
  (if (i32.eq (local.get $at) (i32.const 2))
    (then (return (call $cmp_int_float (local.get $ab) (f64.reinterpret_i64 (local.get $bb))))))
  (if (i32.eq (local.get $bt) (i32.const 2))
    (then (return (i32.sub (i32.const 0)
      (call $cmp_int_float (local.get $bb) (f64.reinterpret_i64 (local.get $ab)))))))
  (local.set $x (f64.reinterpret_i64 (local.get $ab)))
  (local.set $y (f64.reinterpret_i64 (local.get $bb)))
  (i32.sub (f64.gt (local.get $x) (local.get $y)) (f64.lt (local.get $x) (local.get $y))))

(func $is_nan_value (param $tag i32) (param $bits i64) (result i32)
  (i32.and (i32.eq (local.get $tag) (i32.const 3))
           (f64.ne (f64.reinterpret_i64 (local.get $bits)) (f64.reinterpret_i64 (local.get $bits)))))

;; `a.max(b)` / `a.min(b)`: NaN if either is NaN; else the greater (smaller), `a` on ties.
(func $pick_number (param $at i32) (param $ab i64) (param $bt i32) (param $bb i64) (param $greater i32)
      (result i32 i64)
  (local $order i32)
  (if (i32.or (call $is_nan_value (local.get $at) (local.get $ab))
              (call $is_nan_value (local.get $bt) (local.get $bb)))
    (then (return (i32.const 3) (i64.reinterpret_f64 (f64.const nan)))))
  (local.set $order (call $cmp_numbers (local.get $at) (local.get $ab) (local.get $bt) (local.get $bb)))
  (if (select (i32.eq (local.get $order) (i32.const -1)) (i32.eq (local.get $order) (i32.const 1))
              (local.get $greater))
    (then (return (local.get $bt) (local.get $bb))))
  (local.get $at)
  (local.get $ab))

;; `new StringBox(x)` (kind 0), `new IntegerBox(x)` (1), `new FloatBox(x)` (2) and
;; `new BoolBox(x)` (3) with `given` (0 or 1) arguments, as the VM's `construct.rs`; `who`
;; is the string `new K`. An owned result.
(func $construct_scalar (export "rt_construct_scalar")
      (param $site i32) (param $kind i32) (param $who i32) (param $given i32)
      (param $xt i32) (param $xb i64) (result i32 i64)
  (local $s i32)
  (if (i32.eqz (local.get $given))
    (then
      (if (i32.eqz (local.get $kind))
        (then (return (i32.const 4) (i64.extend_i32_u (call $str_alloc (i32.const 0))))))
      (return (select (i32.const 2) (select (i32.const 3) (i32.const 1)
                                            (i32.eq (local.get $kind) (i32.const 2)))
                      (i32.eq (local.get $kind) (i32.const 1)))
              (i64.const 0))))
  (if (i32.eqz (local.get $kind))
    (then
      (if (i32.eq (local.get $xt) (i32.const 4))
        (then
          (call $retain (local.get $xt) (local.get $xb))
          (return (local.get $xt) (local.get $xb))))
      (local.set $s (call $display_push (call $str_alloc (i32.const 16)) (local.get $site)
                                        (local.get $xt) (local.get $xb)))
      (if (global.get $pending)
        (then
          (call $free (local.get $s))
          (return (i32.const 0) (i64.const 0))))
      (return (i32.const 4) (i64.extend_i32_u (local.get $s)))))
  (if (i32.eq (local.get $kind) (i32.const 3))
    (then (return (i32.const 1) (i64.extend_i32_u (call $truthy (local.get $xt) (local.get $xb))))))
  (if (i32.eqz (call $is_number (local.get $xt)))
    (then
      (call $raise_wrong_type (local.get $site) (local.get $who) (global.get $N_EXPECTS_NUMBER)
                              (i32.const 40) (local.get $xt) (local.get $xb))
      (return (i32.const 0) (i64.const 0))))
  (if (i32.eq (local.get $kind) (i32.const 1))
    (then
      (if (i32.eq (local.get $xt) (i32.const 2)) (then (return (i32.const 2) (local.get $xb))))
      (return (i32.const 2) (i64.trunc_sat_f64_s (f64.trunc (f64.reinterpret_i64 (local.get $xb)))))))
  (if (i32.eq (local.get $xt) (i32.const 3)) (then (return (i32.const 3) (local.get $xb))))
  (i32.const 3)
  (i64.reinterpret_f64 (f64.convert_i64_s (local.get $xb))))
