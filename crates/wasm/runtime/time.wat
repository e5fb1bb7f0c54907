;; time.wat — TimeBox, exactly as the VM's `builtins/time.rs`, and the clock the runtime reads
;; (WASI `clock_time_get`; `poll_oneoff` with one clock subscription to sleep).
;;
;; Object: rc | kind (12) | created (f64, milliseconds since the Unix epoch). It owns nothing.
;; Methods are numbered as in the VM's `TimeMethod` list: now 0, elapsed 1, sleep 2.
;; `now()` is the wall clock in whole milliseconds, `elapsed()` the whole milliseconds since
;; the box was made, `sleep(ms)` pauses (an IntegerBox or FloatBox; zero, negative or NaN do
;; not pause) and gives null. The clock and poll calls use the scratch words 32..48 and the
;; number text buffer 64..144 (nothing is being printed while they run).

(global $TI_ARITY i32 (i32.const 122976))
(data (i32.const 122976) "\00\00\01")

;; Nanoseconds of WASI clock `clock` (0 realtime, 1 monotonic); 0 if the host fails.
(func $clock_nanos (param $clock i32) (result i64)
  (if (call $clock_time_get (local.get $clock) (i64.const 1) (i32.const 40))
    (then (return (i64.const 0))))
  (i64.load (i32.const 40)))

;; Milliseconds since the Unix epoch, with a fraction (whole seconds plus the nanoseconds
;; over 10^9, times 1000, as the VM computes it).
(func $now_ms (result f64)
  (local $ns i64)
  (local.set $ns (call $clock_nanos (i32.const 0)))
  (f64.mul
    (f64.add (f64.convert_i64_u (i64.div_u (local.get $ns) (i64.const 1000000000)))
             (f64.div (f64.convert_i64_u (i64.rem_u (local.get $ns) (i64.const 1000000000)))
                      (f64.const 1e9)))
    (f64.const 1000)))

;; `new TimeBox()`: created now (an owned object address).
(func $time_new (export "rt_time_new") (result i32)
  (local $t i32)
  (local.set $t (call $alloc (i32.const 16)))
  (i64.store (local.get $t) (i64.const 0xc00000001))
  (f64.store offset=8 (local.get $t) (call $now_ms))
  (local.get $t))

;; Pauses for `ms` milliseconds (nothing for zero, negative, NaN or more than the clock can
;; count): one relative subscription on the monotonic clock.
(func $sleep_ms (param $ms f64)
  (local $ns f64)
  (local.set $ns (f64.mul (local.get $ms) (f64.const 1e6)))
  (if (i32.eqz (i32.and (f64.gt (local.get $ns) (f64.const 0))
                        (f64.lt (local.get $ns) (f64.const 0x1p64))))
    (then (return)))
  (memory.fill (i32.const 64) (i32.const 0) (i32.const 80))
  (i32.store (i32.const 80) (i32.const 1))
  (i64.store (i32.const 88) (i64.trunc_f64_u (local.get $ns)))
  (drop (call $poll_oneoff (i32.const 64) (i32.const 112) (i32.const 1) (i32.const 32))))

;; `t.method(x)` with `given` arguments (`who` is the string `TimeBox.method`).
(func $time_method (export "rt_time_method")
      (param $site i32) (param $code i32) (param $who i32) (param $given i32) (param $t i32)
      (param $xt i32) (param $xb i64) (param $yt i32) (param $yb i64) (result i32 i64)
  (if (i32.ne (i32.load8_u (i32.add (global.get $TI_ARITY) (local.get $code))) (local.get $given))
    (then (call $check_arity_in (global.get $TI_ARITY) (local.get $site) (local.get $code)
                                (local.get $who) (local.get $given))))
  (if (global.get $pending) (then (return (i32.const 0) (i64.const 0))))
  (if (i32.eqz (local.get $code))
    (then (return (i32.const 2) (i64.trunc_sat_f64_s (f64.floor (call $now_ms))))))
  (if (i32.eq (local.get $code) (i32.const 1))
    (then (return (i32.const 2)
      (i64.trunc_sat_f64_s (f64.floor (f64.sub (call $now_ms) (f64.load offset=8 (local.get $t))))))))
  (if (call $math_arg_fails (local.get $site) (local.get $who) (local.get $xt) (local.get $xb))
    (then (return (i32.const 0) (i64.const 0))))
  (call $sleep_ms (call $as_float (local.get $xt) (local.get $xb)))
  (i32.const 0)
  (i64.const 0))
