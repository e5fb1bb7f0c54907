;; map.wat — MapBox: the object, its methods, printing and equality, exactly as the VM's
;; `builtins/map.rs` (an insertion-ordered map), `display.rs` and `equality.rs`.
;;
;; Object: rc | kind (6) | keys | values | index | index capacity, where keys and values are
;; two private arrays (`array.wat` objects) of the same length: entry `i` is (keys[i],
;; values[i]), so iteration order is insertion order; overwriting keeps an entry's place,
;; deleting closes the gap (as `IndexMap::shift_remove`). Keys are strings or integers (`1`
;; and `"1"` differ). Maps of up to MAP_SMALL entries are searched linearly; bigger ones
;; have an index: an open-addressing table (linear probing, a power of two at least twice
;; the entry count) of entry numbers + 1 (0: empty slot), keyed by a hash of the key that is
;; the same on every run (FxHash-style multiply-rotate over the integer or the string's
;; bytes); it is rebuilt when it grows, when an entry is deleted (the later entries' numbers
;; all change, as they move up) and dropped when the map is cleared.
;; When the last reference goes, the values are deferred or dropped in order (the VM's
;; `defer_in_order` over `into_values()`).
;;
;; Methods are numbered as in the VM's `MapMethod` list: set 0, get 1, has 2, containsKey 3,
;; containsValue 4, delete 5, remove 6, keys 7, values 8, size 9, clear 10, isEmpty 11,
;; toJSON 12 (`json.wat`).

(global $M_EXPECTS_KEY i32 (i32.const 114912)) (data (i32.const 114912) " expects a StringBox or IntegerBox key, got ") ;; 44 bytes
(global $M_CYCLE i32 (i32.const 114960)) (data (i32.const 114960) "{...}") ;; 5 bytes
(global $M_BRACES i32 (i32.const 114968)) (data (i32.const 114968) "{}: ") ;; `{`, `}`, `: `
(global $M_ARITY i32 (i32.const 114976))
(data (i32.const 114976) "\02\01\01\01\01\01\01\00\00\00\00\00\00")

(global $MAP_SMALL i32 (i32.const 8))

(func $map_new (export "rt_map_new") (result i32)
  (local $m i32)
  (local.set $m (call $alloc (i32.const 24)))
  (i32.store (local.get $m) (i32.const 1))
  (i32.store offset=4 (local.get $m) (i32.const 6))
  (i32.store offset=8 (local.get $m) (call $array_new))
  (i32.store offset=12 (local.get $m) (call $array_new))
  (i32.store offset=16 (local.get $m) (i32.const 0))
  (i32.store offset=20 (local.get $m) (i32.const 0))
  (local.get $m))

(func $map_keys (param $m i32) (result i32) (i32.load offset=8 (local.get $m)))
(func $map_values (param $m i32) (result i32) (i32.load offset=12 (local.get $m)))
(func $map_len (param $m i32) (result i32) (call $array_len (call $map_keys (local.get $m))))

;; The hash of a key (a string or integer).
(func $key_hash (param $tag i32) (param $bits i64) (result i32)
  (local $h i64) (local $p i32) (local $end i32)
  (if (i32.eq (local.get $tag) (i32.const 2))
    (then (local.set $h (i64.mul (i64.rotl (local.get $bits) (i64.const 5)) (i64.const 0x517cc1b727220a95))))
    (else
      (local.set $p (call $str_bytes (i32.wrap_i64 (local.get $bits))))
      (local.set $end (i32.add (local.get $p) (call $str_len (i32.wrap_i64 (local.get $bits)))))
      (block $done
        (loop $next
          (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
          (local.set $h (i64.mul (i64.xor (i64.rotl (local.get $h) (i64.const 5))
                                          (i64.load8_u (local.get $p)))
                                 (i64.const 0x517cc1b727220a95)))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $next)))))
  ;; The high bits are the best mixed.
  (i32.wrap_i64 (i64.shr_u (local.get $h) (i64.const 32))))

;; The index slot of a key: the one holding its entry, or the empty one where it would go.
;; The key comparison is written out here as in `map_find`'s loop: this loop runs on every
;; lookup of a big map, and a call per probe made `map_count` 7% slower.
(func $index_slot (param $m i32) (param $tag i32) (param $bits i64) (result i32)
  (local $mask i32) (local $pos i32) (local $slot i32) (local $entry i32) (local $keys i32)
  (local $key i32)
  (local.set $mask (i32.sub (i32.load offset=20 (local.get $m)) (i32.const 1)))
  (local.set $pos (i32.and (call $key_hash (local.get $tag) (local.get $bits)) (local.get $mask)))
  (local.set $keys (i32.load offset=16 (call $map_keys (local.get $m))))
  (loop $probe
    (local.set $slot (i32.add (i32.load offset=16 (local.get $m)) (i32.shl (local.get $pos) (i32.const 2))))
    (local.set $entry (i32.load (local.get $slot)))
    (if (i32.eqz (local.get $entry)) (then (return (local.get $slot))))
    (local.set $key (i32.add (local.get $keys) (i32.shl (i32.sub (local.get $entry) (i32.const 1))
                                                        (i32.const 4))))
    (if (i32.eq (i32.load (local.get $key)) (local.get $tag))
      (then
        (if (i64.eq (i64.load offset=8 (local.get $key)) (local.get $bits))
          (then (return (local.get $slot))))
        (if (i32.ne (local.get $tag) (i32.const 2))
          (then
            (if (call $str_eq (i32.wrap_i64 (i64.load offset=8 (local.get $key)))
                              (i32.wrap_i64 (local.get $bits)))
              (then (return (local.get $slot))))))))
    (local.set $pos (i32.and (i32.add (local.get $pos) (i32.const 1)) (local.get $mask)))
    (br $probe))
  (unreachable))

;; Rebuilds the index for the current entries (none when the map is small).
(func $map_reindex (param $m i32)
  (local $cap i32) (local $i i32) (local $slot i32)
  (if (i32.load offset=16 (local.get $m)) (then (call $free (i32.load offset=16 (local.get $m)))))
  (i32.store offset=16 (local.get $m) (i32.const 0))
  (i32.store offset=20 (local.get $m) (i32.const 0))
  (if (i32.le_u (call $map_len (local.get $m)) (global.get $MAP_SMALL)) (then (return)))
  (local.set $cap (i32.const 16))
  (block $big
    (loop $double
      (br_if $big (i32.gt_u (local.get $cap) (i32.shl (call $map_len (local.get $m)) (i32.const 1))))
      (local.set $cap (i32.shl (local.get $cap) (i32.const 1)))
      (br $double)))
  (i32.store offset=16 (local.get $m) (call $alloc (i32.shl (local.get $cap) (i32.const 2))))
  (i32.store offset=20 (local.get $m) (local.get $cap))
  (memory.fill (i32.load offset=16 (local.get $m)) (i32.const 0) (i32.shl (local.get $cap) (i32.const 2)))
  (block $done
    (loop $next
      (br_if $done (i32.ge_u (local.get $i) (call $map_len (local.get $m))))
      (local.set $slot (call $array_slot (call $map_keys (local.get $m)) (local.get $i)))
      (i32.store (call $index_slot (local.get $m) (i32.load (local.get $slot)) (i64.load offset=8 (local.get $slot)))
                 (i32.add (local.get $i) (i32.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next))))

;; Adds the entry (key, value), both retained, for a key not in the map.
(func $map_append (param $m i32) (param $kt i32) (param $kb i64) (param $vt i32) (param $vb i64)
  (call $array_push (call $map_keys (local.get $m)) (local.get $kt) (local.get $kb))
  (call $array_push (call $map_values (local.get $m)) (local.get $vt) (local.get $vb))
  (if (i32.gt_u (i32.shl (call $map_len (local.get $m)) (i32.const 1)) (i32.load offset=20 (local.get $m)))
    (then (call $map_reindex (local.get $m)) (return)))
  (i32.store (call $index_slot (local.get $m) (local.get $kt) (local.get $kb)) (call $map_len (local.get $m))))

;; The entry number of a key (a string or integer), or -1.
(func $map_find (param $m i32) (param $tag i32) (param $bits i64) (result i32)
  (local $i i32) (local $slot i32)
  (if (i32.load offset=16 (local.get $m))
    (then (return (i32.sub (i32.load (call $index_slot (local.get $m) (local.get $tag) (local.get $bits)))
                           (i32.const 1)))))
  (block $done
    (loop $next
      (br_if $done (i32.ge_u (local.get $i) (call $map_len (local.get $m))))
      (local.set $slot (call $array_slot (call $map_keys (local.get $m)) (local.get $i)))
      (if (i32.eq (i32.load (local.get $slot)) (local.get $tag))
        (then
          (if (i32.eq (local.get $tag) (i32.const 2))
            (then (if (i64.eq (i64.load offset=8 (local.get $slot)) (local.get $bits))
                    (then (return (local.get $i)))))
            (else (if (call $str_eq (i32.wrap_i64 (i64.load offset=8 (local.get $slot)))
                                    (i32.wrap_i64 (local.get $bits)))
                    (then (return (local.get $i))))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
  (i32.const -1))

;; Raises the error for an argument that is not a key (neither a string nor an integer).
(func $raise_not_key (param $site i32) (param $who i32) (param $tag i32) (param $bits i64)
  (call $raise_wrong_type (local.get $site) (local.get $who) (global.get $M_EXPECTS_KEY)
                          (i32.const 44) (local.get $tag) (local.get $bits)))

;; The last reference to `m` is gone (from the work stack).
(func $map_dismantle (param $m i32)
  (if (i32.load offset=16 (local.get $m)) (then (call $free (i32.load offset=16 (local.get $m)))))
  (call $array_dismantle (call $map_values (local.get $m)))
  (call $array_dismantle (call $map_keys (local.get $m)))
  (call $free (local.get $m)))

;; `m.method(x, y)` with `given` arguments (`who` is the string `MapBox.method`).
(func $map_method (export "rt_map_method")
      (param $site i32) (param $which i32) (param $who i32) (param $given i32) (param $m i32)
      (param $xt i32) (param $xb i64) (param $yt i32) (param $yb i64) (result i32 i64)
  (local $i i32) (local $tag i32) (local $bits i64) (local $slot i32)
  (if (i32.ne (i32.load8_u (i32.add (global.get $M_ARITY) (local.get $which))) (local.get $given))
    (then (call $check_arity_in (global.get $M_ARITY) (local.get $site) (local.get $which)
                                (local.get $who) (local.get $given))))
  (if (global.get $pending) (then (return (i32.const 0) (i64.const 0))))
  (if (i32.eq (local.get $which) (i32.const 12))
    (then (return (call $map_to_json (local.get $site) (local.get $who) (local.get $m)))))
  ;; Every method but containsValue and those without arguments takes a key first.
  (if (i32.and (i32.le_u (local.get $which) (i32.const 6)) (i32.ne (local.get $which) (i32.const 4)))
    (then
      (if (i32.and (i32.ne (local.get $xt) (i32.const 2)) (i32.ne (local.get $xt) (i32.const 4)))
        (then
          (call $raise_not_key (local.get $site) (local.get $who) (local.get $xt) (local.get $xb))
          (return (i32.const 0) (i64.const 0))))
      (local.set $i (call $map_find (local.get $m) (local.get $xt) (local.get $xb)))))
  (block $is_empty (block $clear (block $size (block $values (block $keys (block $delete
  (block $contains_value (block $has (block $get (block $set
    (br_table $set $get $has $has $contains_value $delete $delete $keys $values $size $clear
              $is_empty (local.get $which)))
    ;; set: an existing key keeps its place
    (if (i32.lt_s (local.get $i) (i32.const 0))
      (then
        (call $map_append (local.get $m) (local.get $xt) (local.get $xb) (local.get $yt) (local.get $yb))
        (return (i32.const 0) (i64.const 0))))
    (local.set $slot (call $array_slot (call $map_values (local.get $m)) (local.get $i)))
    (local.set $tag (i32.load (local.get $slot)))
    (local.set $bits (i64.load offset=8 (local.get $slot)))
    (call $retain (local.get $yt) (local.get $yb))
    (i32.store (local.get $slot) (local.get $yt))
    (i64.store offset=8 (local.get $slot) (local.get $yb))
    (call $release (local.get $tag) (local.get $bits))
    (return (i32.const 0) (i64.const 0)))
    ;; get
    (if (i32.lt_s (local.get $i) (i32.const 0)) (then (return (i32.const 0) (i64.const 0))))
    (return (call $read_element (call $map_values (local.get $m)) (local.get $i))))
    ;; has, containsKey
    (return (i32.const 1) (i64.extend_i32_u (i32.ge_s (local.get $i) (i32.const 0)))))
    ;; containsValue
    (return (i32.const 1) (i64.extend_i32_u (i32.ge_s
      (call $array_find (call $map_values (local.get $m)) (local.get $xt) (local.get $xb))
      (i32.const 0)))))
    ;; delete, remove: the removed value, or null
    (if (i32.lt_s (local.get $i) (i32.const 0)) (then (return (i32.const 0) (i64.const 0))))
    (call $array_take (call $map_keys (local.get $m)) (local.get $i))
    (call $release)
    (call $array_take (call $map_values (local.get $m)) (local.get $i))
    (call $map_reindex (local.get $m))
    (return))
    ;; keys
    (return (i32.const 5) (i64.extend_i32_u (call $array_copy (call $map_keys (local.get $m))))))
    ;; values
    (return (i32.const 5) (i64.extend_i32_u (call $array_copy (call $map_values (local.get $m))))))
    ;; size
    (return (i32.const 2) (i64.extend_i32_u (call $map_len (local.get $m)))))
    ;; clear
    (call $array_clear (call $map_keys (local.get $m)))
    (call $array_clear (call $map_values (local.get $m)))
    (call $map_reindex (local.get $m))
    (return (i32.const 0) (i64.const 0)))
  ;; isEmpty
  (i32.const 1)
  (i64.extend_i32_u (i32.eqz (call $map_len (local.get $m)))))

;; A new array with the elements of `a`.
(func $array_copy (param $a i32) (result i32)
  (local $out i32) (local $i i32)
  (local.set $out (call $array_new))
  (block $done
    (loop $next
      (br_if $done (i32.ge_u (local.get $i) (call $array_len (local.get $a))))
      (call $array_push (local.get $out)
                        (i32.load (call $array_slot (local.get $a) (local.get $i)))
                        (i64.load offset=8 (call $array_slot (local.get $a) (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
  (local.get $out))

;; `{b: 9, a: x}`; a container already being printed shows as `{...}`.
(func $map_write (param $s i32) (param $site i32) (param $m i32) (result i32)
  (local $i i32) (local $tag i32) (local $bits i64)
  (if (i32.eqz (call $show_may_enter (local.get $m)))
    (then (return (call $str_push (local.get $s) (global.get $M_CYCLE) (i32.const 5)))))
  (call $show_push (local.get $m))
  (local.set $s (call $str_push (local.get $s) (global.get $M_BRACES) (i32.const 1)))
  (block $done
    (loop $next
      (br_if $done (i32.ge_u (local.get $i) (call $map_len (local.get $m))))
      (if (local.get $i)
        (then (local.set $s (call $str_push (local.get $s) (global.get $A_SEP) (i32.const 2)))))
      (local.set $s (call $str_push_value (local.get $s)
        (i32.load (call $array_slot (call $map_keys (local.get $m)) (local.get $i)))
        (i64.load offset=8 (call $array_slot (call $map_keys (local.get $m)) (local.get $i)))))
      (local.set $s (call $str_push (local.get $s) (i32.add (global.get $M_BRACES) (i32.const 2))
                                    (i32.const 2)))
      (local.set $tag (i32.load (call $array_slot (call $map_values (local.get $m)) (local.get $i))))
      (local.set $bits (i64.load offset=8 (call $array_slot (call $map_values (local.get $m)) (local.get $i))))
      (call $retain (local.get $tag) (local.get $bits))
      (local.set $s (call $show_value (local.get $s) (local.get $site) (local.get $tag) (local.get $bits)))
      (call $release (local.get $tag) (local.get $bits))
      (br_if $done (global.get $pending))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
  (global.set $show_len (i32.sub (global.get $show_len) (i32.const 1)))
  (call $str_push (local.get $s) (i32.add (global.get $M_BRACES) (i32.const 1)) (i32.const 1)))

;; Maps are equal when they have the same keys with equal values, in any order.
(func $map_equals (param $x i32) (param $y i32) (result i32)
  (local $i i32) (local $j i32) (local $equal i32) (local $open i32) (local $slot i32)
  (local.set $open (call $pair_enter (local.get $x) (local.get $y)))
  (if (i32.lt_u (local.get $open) (i32.const 2)) (then (return (i32.eqz (local.get $open)))))
  (local.set $equal (i32.eq (call $map_len (local.get $x)) (call $map_len (local.get $y))))
  (block $differ
    (loop $next
      (br_if $differ (i32.eqz (local.get $equal)))
      (br_if $differ (i32.ge_u (local.get $i) (call $map_len (local.get $x))))
      (local.set $slot (call $array_slot (call $map_keys (local.get $x)) (local.get $i)))
      (local.set $j (call $map_find (local.get $y) (i32.load (local.get $slot))
                                    (i64.load offset=8 (local.get $slot))))
      (local.set $equal (i32.ge_s (local.get $j) (i32.const 0)))
      (if (local.get $equal)
        (then
          (local.set $equal (call $equals
            (i32.load (call $array_slot (call $map_values (local.get $x)) (local.get $i)))
            (i64.load offset=8 (call $array_slot (call $map_values (local.get $x)) (local.get $i)))
            (i32.load (call $array_slot (call $map_values (local.get $y)) (local.get $j)))
            (i64.load offset=8 (call $array_slot (call $map_values (local.get $y)) (local.get $j)))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
  (call $pair_leave)
  (local.get $equal))
