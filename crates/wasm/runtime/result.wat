;; result.wat — ResultBox, exactly as the VM's `builtins/outcome.rs`, the printing of the
;; boxes without data of their own (RandomBox, TimeBox), and `new ErrorBox(x)`.
;;
;; Object: rc | kind (10) | ok flag | padding | value slot (tag, padding, bits): the Ok value
;; or the Err value, which it owns. Prints as `Ok(value)` / `Err(value)`; equal only to
;; itself. Methods are numbered as in the VM's `ResultMethod` list: isOk 0, getValue 1,
;; getError 2; none takes an argument.

(global $RS_ARITY i32 (i32.const 122984))
(data (i32.const 122984) "\00\00\00")
(global $RS_OK i32 (i32.const 122992)) (data (i32.const 122992) "Ok(") ;; 3 bytes
(global $RS_ERR i32 (i32.const 123000)) (data (i32.const 123000) "Err(") ;; 4 bytes
(global $RS_RANDOM i32 (i32.const 123008)) (data (i32.const 123008) "<RandomBox>") ;; 11 bytes
(global $RS_TIME i32 (i32.const 123024)) (data (i32.const 123024) "<TimeBox>") ;; 9 bytes
(global $RS_EXPECTS_BOOL i32 (i32.const 123040)) (data (i32.const 123040) " expects a BoolBox, got ") ;; 24 bytes

;; `new ResultBox(v, ok)` with `given` (0 to 2) arguments: `Ok(null)`, `Ok(v)`, or `Ok(v)` /
;; `Err(v)` by the BoolBox `ok`; `who` is the string `new ResultBox`. An owned result.
(func $result_new (export "rt_result_new")
      (param $site i32) (param $who i32) (param $given i32) (param $vt i32) (param $vb i64)
      (param $ot i32) (param $ob i64) (result i32 i64)
  (local $r i32) (local $ok i32)
  (local.set $ok (i32.const 1))
  (if (i32.eq (local.get $given) (i32.const 2))
    (then
      (if (i32.ne (local.get $ot) (i32.const 1))
        (then
          (call $raise_wrong_type (local.get $site) (local.get $who) (global.get $RS_EXPECTS_BOOL)
                                  (i32.const 24) (local.get $ot) (local.get $ob))
          (return (i32.const 0) (i64.const 0))))
      (local.set $ok (i32.wrap_i64 (local.get $ob)))))
  (if (i32.eqz (local.get $given))
    (then (local.set $vt (i32.const 0)) (local.set $vb (i64.const 0))))
  (call $retain (local.get $vt) (local.get $vb))
  (local.set $r (call $alloc (i32.const 32)))
  (i64.store (local.get $r) (i64.const 0xa00000001))
  (i32.store offset=8 (local.get $r) (local.get $ok))
  (i32.store offset=16 (local.get $r) (local.get $vt))
  (i64.store offset=24 (local.get $r) (local.get $vb))
  (i32.const 10)
  (i64.extend_i32_u (local.get $r)))

;; `result.method()` (`who` is the string `ResultBox.method`); an owned result.
(func $result_method (export "rt_result_method")
      (param $site i32) (param $code i32) (param $who i32) (param $given i32) (param $r i32)
      (param $xt i32) (param $xb i64) (param $yt i32) (param $yb i64) (result i32 i64)
  (local $ok i32)
  (if (i32.ne (i32.load8_u (i32.add (global.get $RS_ARITY) (local.get $code))) (local.get $given))
    (then (call $check_arity_in (global.get $RS_ARITY) (local.get $site) (local.get $code)
                                (local.get $who) (local.get $given))))
  (if (global.get $pending) (then (return (i32.const 0) (i64.const 0))))
  (local.set $ok (i32.load offset=8 (local.get $r)))
  (if (i32.eqz (local.get $code))
    (then (return (i32.const 1) (i64.extend_i32_u (local.get $ok)))))
  ;; getValue of an Err, getError of an Ok: null.
  (if (i32.ne (local.get $ok) (i32.eq (local.get $code) (i32.const 1)))
    (then (return (i32.const 0) (i64.const 0))))
  (call $retain (i32.load offset=16 (local.get $r)) (i64.load offset=24 (local.get $r)))
  (i32.load offset=16 (local.get $r))
  (i64.load offset=24 (local.get $r)))

;; Appends `Ok(value)` / `Err(value)` inside the current printer (a container in it that is
;; already open shows as `[...]`).
(func $result_write (param $s i32) (param $site i32) (param $r i32) (result i32)
  (if (i32.load offset=8 (local.get $r))
    (then (local.set $s (call $str_push (local.get $s) (global.get $RS_OK) (i32.const 3))))
    (else (local.set $s (call $str_push (local.get $s) (global.get $RS_ERR) (i32.const 4)))))
  (local.set $s (call $show_value (local.get $s) (local.get $site)
                                  (i32.load offset=16 (local.get $r)) (i64.load offset=24 (local.get $r))))
  (call $str_push (local.get $s) (global.get $T_CLOSE) (i32.const 1)))

;; Appends a ResultBox, RandomBox (11) or TimeBox (12) as `print` shows it: a ResultBox
;; starts a printer of its own, as a container does.
(func $outcome_show (param $s i32) (param $site i32) (param $tag i32) (param $bits i64)
      (result i32)
  (local $saved i32)
  (if (i32.eq (local.get $tag) (i32.const 11))
    (then (return (call $str_push (local.get $s) (global.get $RS_RANDOM) (i32.const 11)))))
  (if (i32.eq (local.get $tag) (i32.const 12))
    (then (return (call $str_push (local.get $s) (global.get $RS_TIME) (i32.const 9)))))
  (local.set $saved (global.get $show_base))
  (global.set $show_base (global.get $show_len))
  (local.set $s (call $result_write (local.get $s) (local.get $site) (i32.wrap_i64 (local.get $bits))))
  (global.set $show_len (global.get $show_base))
  (global.set $show_base (local.get $saved))
  (local.get $s))

;; `new ErrorBox(x)` with `given` (0 or 1) arguments: message `x.toString()` (a user
;; `toString()` is called as if from `site`), empty without `x`; raised nowhere yet, its place
;; is `nowhere` (the VM's default place). An owned address, or 0 if `toString()` raised.
(func $error_new (export "rt_error_new")
      (param $site i32) (param $nowhere i32) (param $given i32) (param $xt i32) (param $xb i64)
      (result i32)
  (local $msg i32)
  (if (local.get $given)
    (then
      (local.set $msg (call $to_string (local.get $site) (local.get $xt) (local.get $xb)))
      (if (global.get $pending)
        (then
          (call $release (i32.const 4) (i64.extend_i32_u (local.get $msg)))
          (return (i32.const 0)))))
    (else (local.set $msg (call $str_alloc (i32.const 0)))))
  (call $new_error (local.get $nowhere) (local.get $msg)))
