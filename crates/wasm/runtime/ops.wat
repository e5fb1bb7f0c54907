;; ops.wat — the operators of SPEC §4 on dynamic values, exactly as the VM's `ops.rs`.
;;
;; Generated code calls these when an operand's kind is not known at compile time (typed
;; Int/Float/Bool registers are computed inline). Operator codes follow `BinaryOp`:
;; 0 + | 1 - | 2 * | 3 / | 4 % | 5 >> | 6 == | 7 != | 8 < | 9 <= | 10 > | 11 >=.
;; Results are owned values (a new string from `+` has count 1).

;; Truthiness: false, null, 0, 0.0 and "" are false; NaN and every box are true.
(func $truthy (export "rt_truthy") (param $tag i32) (param $bits i64) (result i32)
  (block $box
    (block $string
      (block $float
        (block $scalar
          (block $null
            (br_table $null $scalar $scalar $float $string $box (local.get $tag)))
          (return (i32.const 0)))
        (return (i64.ne (local.get $bits) (i64.const 0))))
      (return (f64.ne (f64.reinterpret_i64 (local.get $bits)) (f64.const 0))))
    (return (i32.ne (i32.load offset=8 (i32.wrap_i64 (local.get $bits))) (i32.const 0))))
  (i32.const 1))

;; `a == b`: numbers by exact value (an integer equals a float only if the float is exactly
;; that integer), strings by bytes, user boxes and other boxes by identity.
(func $equals (export "rt_equals")
  (param $at i32) (param $ab i64) (param $bt i32) (param $bb i64) (result i32)
  (if (i32.eq (local.get $at) (local.get $bt))
    (then
      (if (i32.eqz (local.get $at)) (then (return (i32.const 1))))
      (if (i32.eq (local.get $at) (i32.const 3))
        (then (return (f64.eq (f64.reinterpret_i64 (local.get $ab))
                              (f64.reinterpret_i64 (local.get $bb))))))
      (if (i32.eq (local.get $at) (i32.const 4))
        (then (return (call $str_eq (i32.wrap_i64 (local.get $ab)) (i32.wrap_i64 (local.get $bb))))))
      (if (i32.eq (local.get $at) (i32.const 5))
        (then (return (call $array_equals (i32.wrap_i64 (local.get $ab)) (i32.wrap_i64 (local.get $bb))))))
      (if (i32.eq (local.get $at) (i32.const 6))
        (then (return (call $map_equals (i32.wrap_i64 (local.get $ab)) (i32.wrap_i64 (local.get $bb))))))
      (if (i32.ge_u (local.get $at) (i32.const 13)) (then (return (i32.const 1))))
      (return (i64.eq (local.get $ab) (local.get $bb)))))
  (if (i32.and (i32.eq (local.get $at) (i32.const 2)) (i32.eq (local.get $bt) (i32.const 3)))
    (then (return (call $int_equals_float (local.get $ab) (f64.reinterpret_i64 (local.get $bb))))))
  (if (i32.and (i32.eq (local.get $at) (i32.const 3)) (i32.eq (local.get $bt) (i32.const 2)))
    (then (return (call $int_equals_float (local.get $bb) (f64.reinterpret_i64 (local.get $ab))))))
  (i32.const 0))

(func $int_equals_float (param $i i64) (param $f f64) (result i32)
  (if (i32.eqz (i32.and (f64.ge (local.get $f) (f64.const -0x1p63))
                        (f64.lt (local.get $f) (f64.const 0x1p63))))
    (then (return (i32.const 0))))
  (if (f64.ne (f64.trunc (local.get $f)) (local.get $f)) (then (return (i32.const 0))))
  (i64.eq (i64.trunc_f64_s (local.get $f)) (local.get $i)))

;; Integer arithmetic and comparison (operands both IntegerBox).
(func $int_binary (param $op i32) (param $site i32) (param $x i64) (param $y i64)
      (result i32 i64)
  (block $ge (block $gt (block $le (block $lt (block $ne (block $eq
  (block $shr (block $mod (block $div (block $mul (block $sub (block $add
    (br_table $add $sub $mul $div $mod $shr $eq $ne $lt $le $gt $ge (local.get $op)))
    (return (i32.const 2) (i64.add (local.get $x) (local.get $y))))
    (return (i32.const 2) (i64.sub (local.get $x) (local.get $y))))
    (return (i32.const 2) (i64.mul (local.get $x) (local.get $y))))
    (if (i64.eqz (local.get $y))
      (then (call $raise_text (local.get $site) (global.get $T_DIV) (i32.const 16))
            (return (i32.const 0) (i64.const 0))))
    ;; MIN / -1 wraps to MIN (wasm's i64.div_s would trap).
    (if (i64.eq (local.get $y) (i64.const -1))
      (then (return (i32.const 2) (i64.sub (i64.const 0) (local.get $x)))))
    (return (i32.const 2) (i64.div_s (local.get $x) (local.get $y))))
    (if (i64.eqz (local.get $y))
      (then (call $raise_text (local.get $site) (global.get $T_MOD) (i32.const 14))
            (return (i32.const 0) (i64.const 0))))
    (return (i32.const 2) (i64.rem_s (local.get $x) (local.get $y))))
    (return (i32.const 2) (i64.shr_s (local.get $x) (local.get $y))))
    (return (i32.const 1) (i64.extend_i32_u (i64.eq (local.get $x) (local.get $y)))))
    (return (i32.const 1) (i64.extend_i32_u (i64.ne (local.get $x) (local.get $y)))))
    (return (i32.const 1) (i64.extend_i32_u (i64.lt_s (local.get $x) (local.get $y)))))
    (return (i32.const 1) (i64.extend_i32_u (i64.le_s (local.get $x) (local.get $y)))))
    (return (i32.const 1) (i64.extend_i32_u (i64.gt_s (local.get $x) (local.get $y)))))
  (i32.const 1) (i64.extend_i32_u (i64.ge_s (local.get $x) (local.get $y))))

;; Float arithmetic and comparison (IEEE-754; NaN compares false). `>>` is not defined on
;; floats: the caller reports it.
(func $float_binary (param $op i32) (param $x f64) (param $y f64) (result i32 i64)
  (block $ge (block $gt (block $le (block $lt (block $ne (block $eq
  (block $mod (block $div (block $mul (block $sub (block $add
    (br_table $add $sub $mul $div $mod $eq $eq $ne $lt $le $gt $ge (local.get $op)))
    (return (i32.const 3) (i64.reinterpret_f64 (f64.add (local.get $x) (local.get $y)))))
    (return (i32.const 3) (i64.reinterpret_f64 (f64.sub (local.get $x) (local.get $y)))))
    (return (i32.const 3) (i64.reinterpret_f64 (f64.mul (local.get $x) (local.get $y)))))
    (return (i32.const 3) (i64.reinterpret_f64 (f64.div (local.get $x) (local.get $y)))))
    (return (i32.const 3) (i64.reinterpret_f64 (call $fmod (local.get $x) (local.get $y)))))
    (return (i32.const 1) (i64.extend_i32_u (f64.eq (local.get $x) (local.get $y)))))
    (return (i32.const 1) (i64.extend_i32_u (f64.ne (local.get $x) (local.get $y)))))
    (return (i32.const 1) (i64.extend_i32_u (f64.lt (local.get $x) (local.get $y)))))
    (return (i32.const 1) (i64.extend_i32_u (f64.le (local.get $x) (local.get $y)))))
    (return (i32.const 1) (i64.extend_i32_u (f64.gt (local.get $x) (local.get $y)))))
  (i32.const 1) (i64.extend_i32_u (f64.ge (local.get $x) (local.get $y))))

;; Raises a runtime text as the error message.
(func $raise_text (param $site i32) (param $ptr i32) (param $len i32)
  (call $raise (local.get $site)
               (call $str_push (call $str_alloc (local.get $len)) (local.get $ptr) (local.get $len))))

;; The float value of an IntegerBox or FloatBox (callers check the tag).
(func $as_float (param $tag i32) (param $bits i64) (result f64)
  (if (result f64) (i32.eq (local.get $tag) (i32.const 2))
    (then (f64.convert_i64_s (local.get $bits)))
    (else (f64.reinterpret_i64 (local.get $bits)))))

(func $is_number (param $tag i32) (result i32)
  (i32.or (i32.eq (local.get $tag) (i32.const 2)) (i32.eq (local.get $tag) (i32.const 3))))

;; `a op b` for any operands; errors are reported at `site`.
(func $binary (export "rt_binary") (param $op i32) (param $site i32)
      (param $at i32) (param $ab i64) (param $bt i32) (param $bb i64) (result i32 i64)
  (local $both_numbers i32)
  (if (i32.and (i32.eq (local.get $at) (i32.const 2)) (i32.eq (local.get $bt) (i32.const 2)))
    (then (return (call $int_binary (local.get $op) (local.get $site)
                                    (local.get $ab) (local.get $bb)))))
  (local.set $both_numbers (i32.and (call $is_number (local.get $at))
                                    (call $is_number (local.get $bt))))
  ;; == and != never fail.
  (if (i32.eq (local.get $op) (i32.const 6))
    (then (return (i32.const 1) (i64.extend_i32_u
      (call $equals (local.get $at) (local.get $ab) (local.get $bt) (local.get $bb))))))
  (if (i32.eq (local.get $op) (i32.const 7))
    (then (return (i32.const 1) (i64.extend_i32_u (i32.eqz
      (call $equals (local.get $at) (local.get $ab) (local.get $bt) (local.get $bb)))))))
  (if (i32.eq (local.get $op) (i32.const 0))
    (then
      ;; + with a string on either side concatenates.
      (if (i32.or (i32.eq (local.get $at) (i32.const 4)) (i32.eq (local.get $bt) (i32.const 4)))
        (then (return (i32.const 4) (i64.extend_i32_u
          (call $concat (local.get $site) (local.get $at) (local.get $ab) (local.get $bt) (local.get $bb))))))
      ;; Booleans add as 0 and 1 with integers and booleans.
      (if (i32.and (i32.le_u (i32.sub (local.get $at) (i32.const 1)) (i32.const 1))
                   (i32.le_u (i32.sub (local.get $bt) (i32.const 1)) (i32.const 1)))
        (then (return (i32.const 2) (i64.add (local.get $ab) (local.get $bb)))))))
  (if (i32.ge_u (local.get $op) (i32.const 8))
    (then
      ;; < <= > >=: strings by bytes, numbers by value.
      (if (i32.and (i32.eq (local.get $at) (i32.const 4)) (i32.eq (local.get $bt) (i32.const 4)))
        (then (return (i32.const 1) (i64.extend_i32_u (call $order_holds (local.get $op)
          (call $str_cmp (i32.wrap_i64 (local.get $ab)) (i32.wrap_i64 (local.get $bb))))))))
      (if (local.get $both_numbers)
        (then (return (call $float_binary (local.get $op)
                            (call $as_float (local.get $at) (local.get $ab))
                            (call $as_float (local.get $bt) (local.get $bb))))))
      (call $unsupported_binary (local.get $op) (local.get $site)
            (local.get $at) (local.get $ab) (local.get $bt) (local.get $bb))
      (return (i32.const 0) (i64.const 0))))
  ;; S * I repeats the string.
  (if (i32.and (i32.eq (local.get $op) (i32.const 2))
               (i32.and (i32.eq (local.get $at) (i32.const 4)) (i32.eq (local.get $bt) (i32.const 2))))
    (then (return (i32.const 4) (i64.extend_i32_u
      (call $repeat (local.get $site) (i32.wrap_i64 (local.get $ab)) (local.get $bb))))))
  ;; + - * / % with a float on either side.
  (if (i32.and (local.get $both_numbers) (i32.ne (local.get $op) (i32.const 5)))
    (then (return (call $float_binary (local.get $op)
                        (call $as_float (local.get $at) (local.get $ab))
                        (call $as_float (local.get $bt) (local.get $bb))))))
  (call $unsupported_binary (local.get $op) (local.get $site)
        (local.get $at) (local.get $ab) (local.get $bt) (local.get $bb))
  (i32.const 0) (i64.const 0))

;; Whether an ordering (-1, 0, 1) satisfies `<` (8), `<=` (9), `>` (10) or `>=` (11).
(func $order_holds (param $op i32) (param $c i32) (result i32)
  (block $ge (block $gt (block $le (block $lt
    (br_table $lt $le $gt $ge (i32.sub (local.get $op) (i32.const 8))))
    (return (i32.lt_s (local.get $c) (i32.const 0))))
    (return (i32.le_s (local.get $c) (i32.const 0))))
    (return (i32.gt_s (local.get $c) (i32.const 0))))
  (i32.ge_s (local.get $c) (i32.const 0)))

;; `-a` for an integer or float; anything else is `unsupported operand type for -: T`.
(func $neg (export "rt_neg") (param $site i32) (param $tag i32) (param $bits i64) (result i32 i64)
  (local $s i32)
  (if (i32.eq (local.get $tag) (i32.const 2))
    (then (return (i32.const 2) (i64.sub (i64.const 0) (local.get $bits)))))
  (if (i32.eq (local.get $tag) (i32.const 3))
    (then (return (i32.const 3) (i64.xor (local.get $bits) (i64.const 0x8000000000000000)))))
  (local.set $s (call $str_push (call $str_alloc (i32.const 48)) (global.get $T_UNSUP1) (i32.const 29)))
  (local.set $s (call $str_push (local.get $s) (i32.add (global.get $OPS) (i32.const 5)) (i32.const 1)))
  (local.set $s (call $str_push (local.get $s) (global.get $T_COLON) (i32.const 2)))
  (local.set $s (call $push_type_name (local.get $s) (local.get $tag) (local.get $bits)))
  (call $raise (local.get $site) (local.get $s))
  (i32.const 0) (i64.const 0))
