;; math.wat — MathBox methods, exactly as the VM's `builtins/math.rs`. A MathBox has no state
;; (tag 14, bits 0); it prints as `<MathBox>` (`array.wat`), and all MathBoxes are equal.
;;
;; Methods are numbered as in the VM's `MathMethod` list: abs 0, sqrt 1, pow 2, sin 3, cos 4,
;; tan 5, atan 6, atan2 7, log 8, exp 9, floor 10, ceil 11, round 12, min 13, max 14,
;; getPi 15, getE 16. Every argument may be an IntegerBox or a FloatBox. Results are
;; FloatBoxes except: `abs` keeps the argument's kind (integers wrap at the minimum), `min`
;; and `max` give the chosen argument, `floor`/`ceil`/`round` give IntegerBoxes (an integer
;; argument as it is; a float saturating, NaN 0). The transcendental functions are the
;; runtime's own (`libm.wat`), which give the VM's bits.

;; Argument count of each method.
(global $MATH_ARITY i32 (i32.const 122880))
(data (i32.const 122880) "\01\01\02\01\01\01\01\02\01\01\01\01\01\02\02\00\00")

;; `math.method(x, y)` with `given` arguments (`who` is the string `MathBox.method`); the
;; receiver's bits are unused. Arguments are borrowed, the result is a number.
(func $math_method (export "rt_math_method")
      (param $site i32) (param $code i32) (param $who i32) (param $given i32) (param $unused i64)
      (param $xt i32) (param $xb i64) (param $yt i32) (param $yb i64) (result i32 i64)
  (local $x f64) (local $y f64)
  (if (i32.ne (i32.load8_u (i32.add (global.get $MATH_ARITY) (local.get $code))) (local.get $given))
    (then (call $check_arity_in (global.get $MATH_ARITY) (local.get $site) (local.get $code)
                                (local.get $who) (local.get $given))))
  (if (global.get $pending) (then (return (i32.const 0) (i64.const 0))))
  (if (i32.ge_u (local.get $code) (i32.const 15))
    (then
      (return (i32.const 3)
              (select (i64.reinterpret_f64 (f64.const 0x1.921fb54442d18p+1))
                      (i64.reinterpret_f64 (f64.const 0x1.5bf0a8b145769p+1))
                      (i32.eq (local.get $code) (i32.const 15))))))
  ;; Every other method takes a number first (and pow, atan2, min, max a second one).
  (if (call $math_arg_fails (local.get $site) (local.get $who) (local.get $xt) (local.get $xb))
    (then (return (i32.const 0) (i64.const 0))))
  (if (i32.eq (local.get $given) (i32.const 2))
    (then
      (if (call $math_arg_fails (local.get $site) (local.get $who) (local.get $yt) (local.get $yb))
        (then (return (i32.const 0) (i64.const 0))))))
  (if (i32.ge_u (local.get $code) (i32.const 13))
    (then (return (call $pick_number (local.get $xt) (local.get $xb) (local.get $yt) (local.get $yb)
                                     (i32.eq (local.get $code) (i32.const 14))))))
  (if (i32.ge_u (local.get $code) (i32.const 10))
    (then (return (call $math_rounding (local.get $code) (local.get $xt) (local.get $xb)))))
  (if (i32.eqz (local.get $code))
    (then
      (if (i32.eq (local.get $xt) (i32.const 2))
        (then (return (i32.const 2) (select (i64.sub (i64.const 0) (local.get $xb)) (local.get $xb)
                                            (i64.lt_s (local.get $xb) (i64.const 0))))))
      (return (i32.const 3)
              (i64.reinterpret_f64 (f64.abs (f64.reinterpret_i64 (local.get $xb)))))))
  (local.set $x (call $as_float (local.get $xt) (local.get $xb)))
  (local.set $y (call $as_float (local.get $yt) (local.get $yb)))
  (i32.const 3)
  (i64.reinterpret_f64 (call $math_float (local.get $code) (local.get $x) (local.get $y))))

;; Raises `WHO expects an IntegerBox or FloatBox, got T` unless the value is a number;
;; says whether it raised.
(func $math_arg_fails (param $site i32) (param $who i32) (param $tag i32) (param $bits i64)
      (result i32)
  (if (call $is_number (local.get $tag)) (then (return (i32.const 0))))
  (call $raise_wrong_type (local.get $site) (local.get $who) (global.get $N_EXPECTS_NUMBER)
                          (i32.const 40) (local.get $tag) (local.get $bits))
  (i32.const 1))

;; `floor` (10), `ceil` (11), `round` (12): an IntegerBox.
(func $math_rounding (param $code i32) (param $xt i32) (param $xb i64) (result i32 i64)
  (local $f f64)
  (if (i32.eq (local.get $xt) (i32.const 2)) (then (return (i32.const 2) (local.get $xb))))
  (local.set $f (f64.reinterpret_i64 (local.get $xb)))
  (if (i32.eq (local.get $code) (i32.const 10)) (then (local.set $f (f64.floor (local.get $f)))))
  (if (i32.eq (local.get $code) (i32.const 11)) (then (local.set $f (f64.ceil (local.get $f)))))
  (if (i32.eq (local.get $code) (i32.const 12)) (then (local.set $f (call $round_away (local.get $f)))))
  (i32.const 2)
  (i64.trunc_sat_f64_s (local.get $f)))

;; The float methods 1..9 of `x` (and `y` for pow and atan2).
(func $math_float (param $code i32) (param $x f64) (param $y f64) (result f64)
  (block $exp (block $log (block $atan2 (block $atan (block $tan (block $cos (block $sin
  (block $pow (block $sqrt
    (br_table $sqrt $sqrt $pow $sin $cos $tan $atan $atan2 $log $exp
              (local.get $code)))
    (return (f64.sqrt (local.get $x))))
    (return (call $libm_pow (local.get $x) (local.get $y))))
    (return (call $libm_sin (local.get $x))))
    (return (call $libm_cos (local.get $x))))
    (return (call $libm_tan (local.get $x))))
    (return (call $libm_atan (local.get $x))))
    (return (call $libm_atan2 (local.get $x) (local.get $y))))
    (return (call $libm_log (local.get $x))))
  (call $libm_exp (local.get $x)))
