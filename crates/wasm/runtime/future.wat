;; future.wat — FutureBox: the result of `nowait`, already settled when it is created (the
;; VM runs `nowait` calls at once), and `await`.
;;
;; Layout (see error.wat): header (rc, kind 9) | failed flag | padding | value slot (tag,
;; padding, bits): the value, or the ErrorBox (tag 8) when the call failed.

;; A settled future holding `(tag, bits)` (retained); `failed` says it holds an ErrorBox.
(func $new_future (param $failed i32) (param $tag i32) (param $bits i64) (result i32)
  (local $f i32)
  (call $retain (local.get $tag) (local.get $bits))
  (local.set $f (call $alloc (i32.const 32)))
  (i64.store (local.get $f) (i64.const 0x900000001))
  (i32.store offset=8 (local.get $f) (local.get $failed))
  (i32.store offset=16 (local.get $f) (local.get $tag))
  (i64.store offset=24 (local.get $f) (local.get $bits))
  (local.get $f))

;; `future_ok`: a future of the value.
(func $future_ok (export "rt_future_ok") (param $tag i32) (param $bits i64) (result i32)
  (call $new_future (i32.const 0) (local.get $tag) (local.get $bits)))

;; `future_err`: a failed future of the error; a value that is not an ErrorBox becomes
;; `ErrorBox(value.toString())` at `site` (not raised). Returns 0 if `toString()` raised.
(func $future_err (export "rt_future_err") (param $site i32) (param $tag i32) (param $bits i64)
      (result i32)
  (local $msg i32) (local $e i32)
  (if (i32.eq (local.get $tag) (i32.const 8))
    (then (return (call $new_future (i32.const 1) (local.get $tag) (local.get $bits)))))
  (local.set $msg (call $to_string (local.get $site) (local.get $tag) (local.get $bits)))
  (if (global.get $pending)
    (then
      (call $release (i32.const 4) (i64.extend_i32_u (local.get $msg)))
      (return (i32.const 0))))
  (local.set $e (call $new_error (local.get $site) (local.get $msg)))
  (i32.store offset=16 (local.get $e) (global.get $depth))
  (local.set $msg (call $new_future (i32.const 1) (i32.const 8) (i64.extend_i32_u (local.get $e))))
  (call $release (i32.const 8) (i64.extend_i32_u (local.get $e)))
  (local.get $msg))

;; `await value` (owned result): a future's value, or its error raised again (a copy, as
;; `throw e`); any other value is given back.
(func $await (export "rt_await") (param $tag i32) (param $bits i64) (result i32 i64)
  (local $f i32)
  (if (i32.ne (local.get $tag) (i32.const 9))
    (then
      (call $retain (local.get $tag) (local.get $bits))
      (return (local.get $tag) (local.get $bits))))
  (local.set $f (i32.wrap_i64 (local.get $bits)))
  (if (i32.load offset=8 (local.get $f))
    (then
      (call $raise_error (call $copy_error (i32.wrap_i64 (i64.load offset=24 (local.get $f)))))
      (return (i32.const 0) (i64.const 0))))
  (call $retain (i32.load offset=16 (local.get $f)) (i64.load offset=24 (local.get $f)))
  (i32.load offset=16 (local.get $f))
  (i64.load offset=24 (local.get $f)))

;; Appends `FutureBox(value)` / `FutureBox(ErrorBox(message))` as `print` shows a future.
(func $push_future (param $s i32) (param $site i32) (param $f i32) (result i32)
  (local.set $s (call $str_push (local.get $s) (global.get $T_FUTUREBOX) (i32.const 10)))
  (local.set $s (call $display_push (local.get $s) (local.get $site)
                      (i32.load offset=16 (local.get $f)) (i64.load offset=24 (local.get $f))))
  (call $str_push (local.get $s) (global.get $T_CLOSE) (i32.const 1)))
