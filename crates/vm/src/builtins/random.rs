//! RandomBox (SPEC §6): a SplitMix64 generator, specified exactly in docs/LANGUAGE.md so
//! every backend draws the same numbers after `seed(n)`:
//!
//! - state: 64 bits; `seed(n)` sets it to `n` (two's complement); a box made without a seed
//!   starts from the clock (nanoseconds since the epoch).
//! - one draw: `state += 0x9E3779B97F4A7C15`; `z = state`;
//!   `z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9`; `z = (z ^ (z >> 27)) * 0x94D049BB133111EB`;
//!   the result is `z ^ (z >> 31)` (all arithmetic modulo 2^64).
//! - `random()`: one draw; its top 53 bits divided by 2^53.
//! - `randInt(lo, hi)` (inclusive): `range = hi - lo + 1` modulo 2^64; if it is 0 (the whole
//!   integer range) one draw is the result; otherwise draw until `r >= (2^64 - range) % range`
//!   and return `lo + r % range` (no bias).
//! - `choice(a)`: null for an empty array, else `a[randInt(0, len - 1)]`.
//! - `shuffle(a)`: a shuffled copy (the argument is not changed): Fisher–Yates from the end,
//!   for `i = len - 1` down to `1`: `j = randInt(0, i)`, swap elements `i` and `j`.

use super::args::{Args, Fail, Outcome, Who};
use crate::value::{RandomState, Value};
use std::cell::RefCell;
use std::rc::Rc;

methods! {
    /// The methods of RandomBox.
    RandomMethod {
        Seed = "seed",
        Random = "random",
        Next = "next",
        RandInt = "randInt",
        Int = "int",
        Choice = "choice",
        Shuffle = "shuffle",
    }
}

pub(crate) fn call(
    rng: &Rc<RefCell<RandomState>>,
    method: RandomMethod,
    values: &[Value],
) -> Outcome {
    use RandomMethod as M;
    let args = Args::new(Who::Method("RandomBox", method.name()), values);
    let mut rng = rng.borrow_mut();
    match method {
        M::Seed => {
            args.count(1)?;
            rng.state = args.int(0)? as u64;
            Ok(Value::Null)
        }
        M::Random | M::Next => {
            args.count(0)?;
            Ok(Value::Float(unit_float(&mut rng)))
        }
        M::RandInt | M::Int => {
            args.count(2)?;
            let (lo, hi) = (args.int(0)?, args.int(1)?);
            if lo > hi {
                return Err(Fail::from(format!(
                    "{} needs lo <= hi, got {lo} and {hi}",
                    args.who
                )));
            }
            Ok(Value::Int(int_between(&mut rng, lo, hi)))
        }
        M::Choice => {
            args.count(1)?;
            let items = args.array(0)?.borrow();
            let Some(last) = items.len().checked_sub(1) else {
                return Ok(Value::Null);
            };
            let index = int_between(&mut rng, 0, last as i64);
            Ok(items.get(index as usize).cloned().unwrap_or(Value::Null))
        }
        M::Shuffle => {
            args.count(1)?;
            let mut items = args.array(0)?.borrow().clone();
            for i in (1..items.len()).rev() {
                let j = int_between(&mut rng, 0, i as i64) as usize;
                items.swap(i, j);
            }
            Ok(Value::array(items))
        }
    }
}

/// A generator seeded with `seed`, or from the clock.
pub(crate) fn new_random(seed: Option<i64>) -> Value {
    let state = seed.map_or_else(clock_seed, |n| n as u64);
    Value::Random(Rc::new(RefCell::new(RandomState { state })))
}

fn clock_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

/// One SplitMix64 draw.
pub(crate) fn next_u64(rng: &mut RandomState) -> u64 {
    rng.state = rng.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = rng.state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A float in `[0, 1)` from the top 53 bits of one draw.
fn unit_float(rng: &mut RandomState) -> f64 {
    (next_u64(rng) >> 11) as f64 / (1u64 << 53) as f64
}

/// A uniform integer in `lo..=hi` (`lo <= hi`).
fn int_between(rng: &mut RandomState, lo: i64, hi: i64) -> i64 {
    let range = (hi.wrapping_sub(lo) as u64).wrapping_add(1);
    if range == 0 {
        return next_u64(rng) as i64;
    }
    let threshold = range.wrapping_neg() % range;
    loop {
        let r = next_u64(rng);
        if r >= threshold {
            return lo.wrapping_add((r % range) as i64);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::test_host::{call, call_show, i, s, show, TestHost};

    fn seeded(seed: i64) -> Value {
        new_random(Some(seed))
    }

    #[test]
    fn splitmix64_reference_values() {
        // Known SplitMix64 outputs for seed 0 and 1234567.
        let mut rng = RandomState { state: 0 };
        assert_eq!(next_u64(&mut rng), 0xE220_A839_7B1D_CDAF);
        assert_eq!(next_u64(&mut rng), 0x6E78_9E6A_A1B9_65F4);
        let mut rng = RandomState { state: 1234567 };
        assert_eq!(next_u64(&mut rng), 6457827717110365317);
        assert_eq!(next_u64(&mut rng), 3203168211198807973);
    }

    #[test]
    fn random_is_in_unit_interval_and_reproducible() {
        let mut host = TestHost::new();
        let r = seeded(0);
        let first = call_show(&mut host, &r, "random", &[]);
        // 0xE220A8397B1DCDAF >> 11, divided by 2^53.
        let expected = (0xE220_A839_7B1D_CDAFu64 >> 11) as f64 / 9007199254740992.0;
        assert_eq!(first, crate::builtins::format_float(expected));
        call_show(&mut host, &r, "seed", &[i(0)]);
        assert_eq!(call_show(&mut host, &r, "next", &[]), first);
        for _ in 0..1000 {
            let Ok(Value::Float(x)) = call(&mut host, &r, "random", &[]) else {
                panic!("random() must give a float");
            };
            assert!((0.0..1.0).contains(&x));
        }
    }

    #[test]
    fn rand_int_is_inclusive_and_checked() {
        let mut host = TestHost::new();
        let r = seeded(42);
        let mut seen = [false; 6];
        for _ in 0..500 {
            let Ok(Value::Int(n)) = call(&mut host, &r, "randInt", &[i(1), i(6)]) else {
                panic!("randInt must give an integer");
            };
            assert!((1..=6).contains(&n));
            seen[(n - 1) as usize] = true;
        }
        assert!(seen.iter().all(|&b| b));
        assert_eq!(call_show(&mut host, &r, "int", &[i(3), i(3)]), "3");
        assert!(call(&mut host, &r, "int", &[i(i64::MIN), i(i64::MAX)]).is_ok());
        assert_eq!(
            call_show(&mut host, &r, "randInt", &[i(5), i(1)]),
            "error: RandomBox.randInt needs lo <= hi, got 5 and 1"
        );
        assert_eq!(
            call_show(&mut host, &r, "randInt", &[i(1)]),
            "error: RandomBox.randInt takes 2 arguments, got 1"
        );
    }

    #[test]
    fn seeded_sequences_repeat() {
        let mut host = TestHost::new();
        let (a, b) = (seeded(7), seeded(99));
        call_show(&mut host, &b, "seed", &[i(7)]);
        for _ in 0..20 {
            assert_eq!(
                call_show(&mut host, &a, "randInt", &[i(-100), i(100)]),
                call_show(&mut host, &b, "randInt", &[i(-100), i(100)])
            );
        }
    }

    #[test]
    fn choice_and_shuffle() {
        let mut host = TestHost::new();
        let r = seeded(3);
        let items = Value::array(vec![i(1), i(2), i(3), i(4), i(5)]);
        let picked = call_show(&mut host, &r, "choice", std::slice::from_ref(&items));
        assert!(["1", "2", "3", "4", "5"].contains(&picked.as_str()));
        assert_eq!(
            call_show(&mut host, &r, "choice", &[Value::array(vec![])]),
            "null"
        );
        let shuffled = call(&mut host, &r, "shuffle", std::slice::from_ref(&items))
            .ok()
            .unwrap_or_default();
        assert_eq!(show(&mut host, &items), "[1, 2, 3, 4, 5]");
        let sorted = call(&mut host, &shuffled, "sort", &[]).map(|_| show(&mut host, &shuffled));
        assert_eq!(sorted.as_deref(), Ok("[1, 2, 3, 4, 5]"));
        assert_eq!(
            call_show(&mut host, &r, "shuffle", &[s("abc")]),
            "error: RandomBox.shuffle expects an ArrayBox, got StringBox"
        );
    }

    #[test]
    fn shuffle_follows_the_documented_draws() {
        // Seed 5, array [a, b, c]: i = 2 → j = randInt(0, 2); i = 1 → j = randInt(0, 1).
        let mut rng = RandomState { state: 5 };
        let j2 = int_between(&mut rng, 0, 2) as usize;
        let j1 = int_between(&mut rng, 0, 1) as usize;
        let mut expected = ["a", "b", "c"];
        expected.swap(2, j2);
        expected.swap(1, j1);
        let mut host = TestHost::new();
        let items = Value::array(vec![s("a"), s("b"), s("c")]);
        let out = call_show(&mut host, &seeded(5), "shuffle", &[items]);
        assert_eq!(out, format!("[{}]", expected.join(", ")));
    }

    #[test]
    fn universal_methods() {
        let mut host = TestHost::new();
        let r = seeded(1);
        assert_eq!(call_show(&mut host, &r, "toString", &[]), "<RandomBox>");
        assert_eq!(call_show(&mut host, &r, "type", &[]), "RandomBox");
        assert_eq!(
            call_show(&mut host, &r, "equals", std::slice::from_ref(&r)),
            "true"
        );
        assert_eq!(call_show(&mut host, &r, "equals", &[seeded(1)]), "false");
    }
}
