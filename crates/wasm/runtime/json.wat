;; json.wat — `MapBox.toJSON()`, exactly as the VM's `builtins/json.rs`: compact JSON, keys in
;; insertion order (integer keys as strings), numbers as `toString()` prints them (NaN and
;; infinities as `null`), strings quoted with `"`, `\` and control characters escaped
;; (`\n` `\r` `\t` `\b` `\f`, others `\u001f`; other bytes as they are), and every other box
;; as the JSON string of its `toString()`.
;;
;; Open containers are kept on the printers' stack (`$show`, from a base of their own, as a
;; new printer does): meeting one again raises `MapBox.toJSON cannot encode a structure that
;; contains itself`, and a 1001st level `MapBox.toJSON structure is nested too deeply`.

(global $J_CONTAINS i32 (i32.const 123920)) (data (i32.const 123920) " cannot encode a structure that contains itself") ;; 47 bytes
(global $J_DEEP i32 (i32.const 123968)) (data (i32.const 123968) " structure is nested too deeply") ;; 31 bytes
(global $J_PUNCT i32 (i32.const 124000)) (data (i32.const 124000) "[],{}:\"\\u00") ;; 12 bytes
;; The escape letter of bytes 8 (b), 9 (t), 10 (n), 12 (f), 13 (r); 0 for the others below 14.
(global $J_ESCAPES i32 (i32.const 124016)) (data (i32.const 124016) "\00\00\00\00\00\00\00\00btn\00fr")
(global $J_HEX i32 (i32.const 124032)) (data (i32.const 124032) "0123456789abcdef")

;; `m.toJSON()`: an owned string, or null with the error pending.
(func $map_to_json (param $site i32) (param $who i32) (param $m i32) (result i32 i64)
  (local $saved i32) (local $s i32)
  (local.set $saved (global.get $show_base))
  (global.set $show_base (global.get $show_len))
  (local.set $s (call $json_value (call $str_alloc (i32.const 64)) (local.get $site) (local.get $who)
                                  (i32.const 6) (i64.extend_i32_u (local.get $m))))
  (global.set $show_len (global.get $show_base))
  (global.set $show_base (local.get $saved))
  (if (global.get $pending)
    (then (call $free (local.get $s)) (return (i32.const 0) (i64.const 0))))
  (i32.const 4)
  (i64.extend_i32_u (local.get $s)))

;; Appends one punctuation byte of `$J_PUNCT` (at `index`).
(func $json_punct (param $s i32) (param $index i32) (result i32)
  (call $str_push (local.get $s) (i32.add (global.get $J_PUNCT) (local.get $index)) (i32.const 1)))

;; Opens container `obj`, or raises (and gives 0) if it is open already or too deep.
(func $json_enter (param $site i32) (param $who i32) (param $obj i32) (result i32)
  (local $i i32) (local $text i32) (local $len i32)
  (local.set $i (global.get $show_base))
  (block $fresh
    (loop $next
      (br_if $fresh (i32.ge_u (local.get $i) (global.get $show_len)))
      (if (i32.eq (i32.load (i32.add (global.get $show) (i32.shl (local.get $i) (i32.const 2))))
                  (local.get $obj))
        (then (local.set $text (global.get $J_CONTAINS)) (local.set $len (i32.const 47)) (br $fresh)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
  (if (i32.and (i32.eqz (local.get $text))
               (i32.ge_u (i32.sub (global.get $show_len) (global.get $show_base)) (i32.const 1000)))
    (then (local.set $text (global.get $J_DEEP)) (local.set $len (i32.const 31))))
  (if (local.get $text)
    (then
      (call $raise (local.get $site)
        (call $str_push (call $str_push_str (call $str_alloc (i32.const 64)) (local.get $who))
                        (local.get $text) (local.get $len)))
      (return (i32.const 0))))
  (call $show_push (local.get $obj))
  (i32.const 1))

;; Appends `len` bytes at `p` as a JSON string literal.
(func $json_string (param $s i32) (param $p i32) (param $len i32) (result i32)
  (local $end i32) (local $b i32) (local $letter i32)
  (local.set $end (i32.add (local.get $p) (local.get $len)))
  (local.set $s (call $json_punct (local.get $s) (i32.const 6)))
  (block $done
    (loop $next
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (local.set $b (i32.load8_u (local.get $p)))
      (block $written
        (if (i32.or (i32.eq (local.get $b) (i32.const 34)) (i32.eq (local.get $b) (i32.const 92)))
          (then
            (local.set $s (call $json_punct (local.get $s) (i32.const 7)))
            (local.set $s (call $str_push (local.get $s) (local.get $p) (i32.const 1)))
            (br $written)))
        (if (i32.ge_u (local.get $b) (i32.const 0x20))
          (then (local.set $s (call $str_push (local.get $s) (local.get $p) (i32.const 1))) (br $written)))
        (local.set $s (call $json_punct (local.get $s) (i32.const 7)))
        (local.set $letter (select (i32.load8_u (i32.add (global.get $J_ESCAPES) (local.get $b)))
                                   (i32.const 0) (i32.lt_u (local.get $b) (i32.const 14))))
        (if (local.get $letter)
          (then
            (i32.store8 (i32.const 64) (local.get $letter))
            (local.set $s (call $str_push (local.get $s) (i32.const 64) (i32.const 1)))
            (br $written)))
        ;; u00XX
        (local.set $s (call $str_push (local.get $s) (i32.add (global.get $J_PUNCT) (i32.const 8)) (i32.const 3)))
        (local.set $s (call $str_push (local.get $s)
                        (i32.add (global.get $J_HEX) (i32.shr_u (local.get $b) (i32.const 4))) (i32.const 1)))
        (local.set $s (call $str_push (local.get $s)
                        (i32.add (global.get $J_HEX) (i32.and (local.get $b) (i32.const 15))) (i32.const 1))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $next)))
  (call $json_punct (local.get $s) (i32.const 6)))

;; Appends a value as JSON; with an error pending the text is incomplete.
(func $json_value (param $s i32) (param $site i32) (param $who i32) (param $tag i32) (param $bits i64)
      (result i32)
  (local $t i32) (local $x f64)
  (if (i32.eq (local.get $tag) (i32.const 3))
    (then
      (local.set $x (f64.reinterpret_i64 (local.get $bits)))
      (if (f64.ne (f64.sub (local.get $x) (local.get $x)) (f64.const 0))
        (then (return (call $str_push (local.get $s) (global.get $T_NULL) (i32.const 4)))))))
  (if (i32.le_u (local.get $tag) (i32.const 3))
    (then (return (call $str_push_value (local.get $s) (local.get $tag) (local.get $bits)))))
  (if (i32.eq (local.get $tag) (i32.const 4))
    (then (return (call $json_string (local.get $s) (call $str_bytes (i32.wrap_i64 (local.get $bits)))
                                     (call $str_len (i32.wrap_i64 (local.get $bits)))))))
  (if (i32.eq (local.get $tag) (i32.const 5))
    (then (return (call $json_array (local.get $s) (local.get $site) (local.get $who)
                                    (i32.wrap_i64 (local.get $bits))))))
  (if (i32.eq (local.get $tag) (i32.const 6))
    (then (return (call $json_map (local.get $s) (local.get $site) (local.get $who)
                                  (i32.wrap_i64 (local.get $bits))))))
  (local.set $t (call $display_push (call $str_alloc (i32.const 16)) (local.get $site)
                                    (local.get $tag) (local.get $bits)))
  (if (i32.eqz (global.get $pending))
    (then (local.set $s (call $json_string (local.get $s) (call $str_bytes (local.get $t))
                                           (call $str_len (local.get $t))))))
  (call $free (local.get $t))
  (local.get $s))

;; Appends slot `slot` (a value kept alive while it is written: a `toString()` may change
;; the container).
(func $json_slot (param $s i32) (param $site i32) (param $who i32) (param $slot i32) (result i32)
  (local $tag i32) (local $bits i64)
  (local.set $tag (i32.load (local.get $slot)))
  (local.set $bits (i64.load offset=8 (local.get $slot)))
  (call $retain (local.get $tag) (local.get $bits))
  (local.set $s (call $json_value (local.get $s) (local.get $site) (local.get $who)
                                  (local.get $tag) (local.get $bits)))
  (call $release (local.get $tag) (local.get $bits))
  (local.get $s))

(func $json_array (param $s i32) (param $site i32) (param $who i32) (param $a i32) (result i32)
  (local $i i32)
  (if (i32.eqz (call $json_enter (local.get $site) (local.get $who) (local.get $a)))
    (then (return (local.get $s))))
  (local.set $s (call $json_punct (local.get $s) (i32.const 0)))
  (block $done
    (loop $next
      (br_if $done (i32.ge_u (local.get $i) (call $array_len (local.get $a))))
      (if (local.get $i) (then (local.set $s (call $json_punct (local.get $s) (i32.const 2)))))
      (local.set $s (call $json_slot (local.get $s) (local.get $site) (local.get $who)
                                     (call $array_slot (local.get $a) (local.get $i))))
      (if (global.get $pending) (then (return (local.get $s))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
  (global.set $show_len (i32.sub (global.get $show_len) (i32.const 1)))
  (call $json_punct (local.get $s) (i32.const 1)))

(func $json_map (param $s i32) (param $site i32) (param $who i32) (param $m i32) (result i32)
  (local $i i32) (local $key i32) (local $k i32)
  (if (i32.eqz (call $json_enter (local.get $site) (local.get $who) (local.get $m)))
    (then (return (local.get $s))))
  (local.set $s (call $json_punct (local.get $s) (i32.const 3)))
  (block $done
    (loop $next
      (br_if $done (i32.ge_u (local.get $i) (call $map_len (local.get $m))))
      (if (local.get $i) (then (local.set $s (call $json_punct (local.get $s) (i32.const 2)))))
      (local.set $key (call $array_slot (call $map_keys (local.get $m)) (local.get $i)))
      (local.set $k (call $str_push_value (call $str_alloc (i32.const 24))
                                          (i32.load (local.get $key)) (i64.load offset=8 (local.get $key))))
      (local.set $s (call $json_string (local.get $s) (call $str_bytes (local.get $k)) (call $str_len (local.get $k))))
      (call $free (local.get $k))
      (local.set $s (call $json_punct (local.get $s) (i32.const 5)))
      (local.set $s (call $json_slot (local.get $s) (local.get $site) (local.get $who)
                                     (call $array_slot (call $map_values (local.get $m)) (local.get $i))))
      (if (global.get $pending) (then (return (local.get $s))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
  (global.set $show_len (i32.sub (global.get $show_len) (i32.const 1)))
  (call $json_punct (local.get $s) (i32.const 4)))
