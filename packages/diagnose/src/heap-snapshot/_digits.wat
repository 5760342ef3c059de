;; Reads the decimal numbers of a JSON array of non-negative integers from the input bytes
;; (memory at 0) into f64s (memory at OUT), stopping at the array's closing bracket. State
;; across calls: the number being read (cur, in) and where the bracket was (end, -1 if not).
(module
  (memory (export "memory") 1)
  (global $cur (export "cur") (mut f64) (f64.const 0))
  (global $in (export "inNumber") (mut i32) (i32.const 0))
  (global $end (export "end") (mut i32) (i32.const -1))
  (func (export "digits") (param $len i32) (param $out i32) (result i32)
    (local $i i32) (local $b i32) (local $d i32) (local $cur f64) (local $in i32) (local $at i32)
    (local.set $cur (global.get $cur))
    (local.set $in (global.get $in))
    (local.set $at (local.get $out))
    (global.set $end (i32.const -1))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $b (i32.load8_u (local.get $i)))
        (local.set $d (i32.sub (local.get $b) (i32.const 48)))
        (if (i32.lt_u (local.get $d) (i32.const 10))
          (then
            (local.set $cur (f64.add (f64.mul (local.get $cur) (f64.const 10)) (f64.convert_i32_u (local.get $d))))
            (local.set $in (i32.const 1))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $next)))
        (if (local.get $in)
          (then
            (f64.store (local.get $at) (local.get $cur))
            (local.set $at (i32.add (local.get $at) (i32.const 8)))
            (local.set $cur (f64.const 0))
            (local.set $in (i32.const 0))))
        (if (i32.eq (local.get $b) (i32.const 93))
          (then
            (global.set $end (local.get $i))
            (br $done)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (global.set $cur (local.get $cur))
    (global.set $in (local.get $in))
    (i32.shr_u (i32.sub (local.get $at) (local.get $out)) (i32.const 3))))
