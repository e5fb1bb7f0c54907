;; random.wat — RandomBox, exactly as the VM's `builtins/random.rs`: a SplitMix64 generator
;; (docs/LANGUAGE.md), so every backend draws the same numbers after `seed(n)`.
;;
;; Object: rc | kind (11) | state (i64). It owns nothing. A box made without a seed starts
;; from the realtime clock in nanoseconds (WASI `clock_time_get`, `time.wat`).
;;
;; Methods are numbered as in the VM's `RandomMethod` list: seed 0, random 1, next 2,
;; randInt 3, int 4, choice 5, shuffle 6. Arguments arrive borrowed; results are owned.

(global $R_ARITY i32 (i32.const 122912))
(data (i32.const 122912) "\01\00\00\02\02\01\01")
(global $R_NEEDS i32 (i32.const 122920)) (data (i32.const 122920) " needs lo <= hi, got ") ;; 21 bytes
(global $R_EXPECTS_ARRAY i32 (i32.const 122944)) (data (i32.const 122944) " expects an ArrayBox, got ") ;; 26 bytes

;; `new RandomBox()` (`given` 0: seeded from the clock) or `new RandomBox(n)`; `who` is the
;; string `new RandomBox`. Raises if `n` is not an IntegerBox.
(func $random_new (export "rt_random_new")
      (param $site i32) (param $who i32) (param $given i32) (param $nt i32) (param $nb i64)
      (result i32 i64)
  (local $r i32) (local $state i64)
  (if (local.get $given)
    (then
      (local.set $state (call $arg_int (local.get $site) (local.get $who) (local.get $nt) (local.get $nb)))
      (if (global.get $pending) (then (return (i32.const 0) (i64.const 0)))))
    (else (local.set $state (call $clock_nanos (i32.const 0)))))
  (local.set $r (call $alloc (i32.const 16)))
  (i64.store (local.get $r) (i64.const 0xb00000001))
  (i64.store offset=8 (local.get $r) (local.get $state))
  (i32.const 11)
  (i64.extend_i32_u (local.get $r)))

;; One SplitMix64 draw from the generator at `r`.
(func $random_next (param $r i32) (result i64)
  (local $z i64)
  (local.set $z (i64.add (i64.load offset=8 (local.get $r)) (i64.const 0x9E3779B97F4A7C15)))
  (i64.store offset=8 (local.get $r) (local.get $z))
  (local.set $z (i64.mul (i64.xor (local.get $z) (i64.shr_u (local.get $z) (i64.const 30)))
                         (i64.const 0xBF58476D1CE4E5B9)))
  (local.set $z (i64.mul (i64.xor (local.get $z) (i64.shr_u (local.get $z) (i64.const 27)))
                         (i64.const 0x94D049BB133111EB)))
  (i64.xor (local.get $z) (i64.shr_u (local.get $z) (i64.const 31))))

;; A uniform integer in `lo..=hi` (`lo <= hi`) without bias: draws below
;; `(2^64 - range) mod range` are thrown away.
(func $random_between (param $r i32) (param $lo i64) (param $hi i64) (result i64)
  (local $range i64) (local $threshold i64) (local $x i64)
  (local.set $range (i64.add (i64.sub (local.get $hi) (local.get $lo)) (i64.const 1)))
  (if (i64.eqz (local.get $range)) (then (return (call $random_next (local.get $r)))))
  (local.set $threshold (i64.rem_u (i64.sub (i64.const 0) (local.get $range)) (local.get $range)))
  (loop $again
    (local.set $x (call $random_next (local.get $r)))
    (br_if $again (i64.lt_u (local.get $x) (local.get $threshold))))
  (i64.add (local.get $lo) (i64.rem_u (local.get $x) (local.get $range))))

;; `rng.method(x, y)` with `given` arguments (`who` is the string `RandomBox.method`).
(func $random_method (export "rt_random_method")
      (param $site i32) (param $code i32) (param $who i32) (param $given i32) (param $r i32)
      (param $xt i32) (param $xb i64) (param $yt i32) (param $yb i64) (result i32 i64)
  (local $lo i64) (local $hi i64)
  (if (i32.ne (i32.load8_u (i32.add (global.get $R_ARITY) (local.get $code))) (local.get $given))
    (then (call $check_arity_in (global.get $R_ARITY) (local.get $site) (local.get $code)
                                (local.get $who) (local.get $given))))
  (if (global.get $pending) (then (return (i32.const 0) (i64.const 0))))
  (block $shuffle (block $choice (block $rand_int (block $random (block $seed
    (br_table $seed $random $random $rand_int $rand_int $choice $shuffle (local.get $code)))
    ;; seed
    (local.set $lo (call $arg_int (local.get $site) (local.get $who) (local.get $xt) (local.get $xb)))
    (if (i32.eqz (global.get $pending)) (then (i64.store offset=8 (local.get $r) (local.get $lo))))
    (return (i32.const 0) (i64.const 0)))
    ;; random, next: the top 53 bits of a draw over 2^53
    (return (i32.const 3)
            (i64.reinterpret_f64
              (f64.mul (f64.convert_i64_u (i64.shr_u (call $random_next (local.get $r)) (i64.const 11)))
                       (f64.const 0x1p-53)))))
    ;; randInt, int
    (local.set $lo (call $arg_int (local.get $site) (local.get $who) (local.get $xt) (local.get $xb)))
    (if (global.get $pending) (then (return (i32.const 0) (i64.const 0))))
    (local.set $hi (call $arg_int (local.get $site) (local.get $who) (local.get $yt) (local.get $yb)))
    (if (global.get $pending) (then (return (i32.const 0) (i64.const 0))))
    (if (i64.gt_s (local.get $lo) (local.get $hi))
      (then
        (call $raise_needs_order (local.get $site) (local.get $who) (local.get $lo) (local.get $hi))
        (return (i32.const 0) (i64.const 0))))
    (return (i32.const 2) (call $random_between (local.get $r) (local.get $lo) (local.get $hi))))
    ;; choice
    (if (call $random_arg_fails (local.get $site) (local.get $who) (local.get $xt) (local.get $xb))
      (then (return (i32.const 0) (i64.const 0))))
    (return (call $random_choice (local.get $r) (i32.wrap_i64 (local.get $xb)))))
  ;; shuffle
  (if (call $random_arg_fails (local.get $site) (local.get $who) (local.get $xt) (local.get $xb))
    (then (return (i32.const 0) (i64.const 0))))
  (i32.const 5)
  (i64.extend_i32_u (call $random_shuffle (local.get $r) (i32.wrap_i64 (local.get $xb)))))

;; Raises `WHO needs lo <= hi, got LO and HI`.
(func $raise_needs_order (param $site i32) (param $who i32) (param $lo i64) (param $hi i64)
  (local $s i32)
  (local.set $s (call $str_push_str (call $str_alloc (i32.const 64)) (local.get $who)))
  (local.set $s (call $str_push (local.get $s) (global.get $R_NEEDS) (i32.const 21)))
  (local.set $s (call $str_push_value (local.get $s) (i32.const 2) (local.get $lo)))
  (local.set $s (call $str_push (local.get $s) (global.get $T_AND) (i32.const 5)))
  (local.set $s (call $str_push_value (local.get $s) (i32.const 2) (local.get $hi)))
  (call $raise (local.get $site) (local.get $s)))

;; Raises `WHO expects an ArrayBox, got T` unless the value is an array; says whether it raised.
(func $random_arg_fails (param $site i32) (param $who i32) (param $tag i32) (param $bits i64)
      (result i32)
  (if (i32.eq (local.get $tag) (i32.const 5)) (then (return (i32.const 0))))
  (call $raise_wrong_type (local.get $site) (local.get $who) (global.get $R_EXPECTS_ARRAY)
                          (i32.const 26) (local.get $tag) (local.get $bits))
  (i32.const 1))

;; `choice(a)`: null for an empty array, else `a[randInt(0, len - 1)]` (owned).
(func $random_choice (param $r i32) (param $a i32) (result i32 i64)
  (local $slot i32)
  (if (i32.eqz (call $array_len (local.get $a))) (then (return (i32.const 0) (i64.const 0))))
  (local.set $slot
    (call $array_slot (local.get $a)
      (i32.wrap_i64 (call $random_between (local.get $r) (i64.const 0)
                          (i64.extend_i32_u (i32.sub (call $array_len (local.get $a)) (i32.const 1)))))))
  (call $retain (i32.load (local.get $slot)) (i64.load offset=8 (local.get $slot)))
  (i32.load (local.get $slot))
  (i64.load offset=8 (local.get $slot)))

;; `shuffle(a)`: a shuffled copy (Fisher–Yates from the end: for i = len - 1 down to 1,
;; j = randInt(0, i), swap elements i and j).
(func $random_shuffle (param $r i32) (param $a i32) (result i32)
  (local $out i32) (local $i i32) (local $j i32) (local $t i32) (local $b i64)
  (local $si i32) (local $sj i32)
  (local.set $out (call $array_copy (local.get $a)))
  (local.set $i (i32.sub (call $array_len (local.get $out)) (i32.const 1)))
  (block $done
    (loop $next
      (br_if $done (i32.lt_s (local.get $i) (i32.const 1)))
      (local.set $j (i32.wrap_i64 (call $random_between (local.get $r) (i64.const 0)
                                        (i64.extend_i32_u (local.get $i)))))
      (local.set $si (call $array_slot (local.get $out) (local.get $i)))
      (local.set $sj (call $array_slot (local.get $out) (local.get $j)))
      (local.set $t (i32.load (local.get $si)))
      (local.set $b (i64.load offset=8 (local.get $si)))
      (i32.store (local.get $si) (i32.load (local.get $sj)))
      (i64.store offset=8 (local.get $si) (i64.load offset=8 (local.get $sj)))
      (i32.store (local.get $sj) (local.get $t))
      (i64.store offset=8 (local.get $sj) (local.get $b))
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (br $next)))
  (local.get $out))
