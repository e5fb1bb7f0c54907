//! The runtime's transcendental functions (`runtime/libm.wat`, `libm_trig.wat`) against the `libm` crate the VM
//! uses: for each of exp, log, pow, sin, cos, tan, atan and atan2, every result must have the
//! same bits (any NaN matches any NaN: Nyash prints them all as `NaN`).
//!
//! The two files are assembled alone with a driver that applies one function to a batch of
//! arguments in linear memory, and run in wasmtime. The arguments are special values, both
//! sides of every branch boundary of the algorithms (as high words), arguments near multiples
//! of π/2 and of ln 2, random bit patterns over the whole range and random values in the
//! ranges programs use. `NYASH_LIBM_CASES` sets the number of random arguments per function
//! and kind (default 60,000, so each function sees over 100,000 arguments in all).

use wasmtime::{Engine, Instance, Memory, Module, Store, TypedFunc};

const CASES_VAR: &str = "NYASH_LIBM_CASES";
const DEFAULT_CASES: usize = 60_000;
/// Arguments per call of the driver.
const BATCH: usize = 4096;
const X_AT: usize = 131_072;
const Y_AT: usize = X_AT + BATCH * 8;
const OUT_AT: usize = Y_AT + BATCH * 8;

/// The driver: `run_<name>(n)` applies the function to the n arguments at X_AT (and Y_AT)
/// and writes the results at OUT_AT.
fn driver_source() -> String {
    let mut text = String::from("(module\n(memory (export \"memory\") 4)\n");
    text.push_str(include_str!("../runtime/libm.wat"));
    text.push_str(include_str!("../runtime/libm_trig.wat"));
    for name in ["exp", "log", "sin", "cos", "tan", "atan"] {
        text.push_str(&driver(name, false));
    }
    text.push_str(&driver("pow", true));
    text.push_str(&driver("atan2", true));
    text.push_str(")\n");
    text
}

fn driver(name: &str, binary: bool) -> String {
    let second = if binary {
        format!("(f64.load offset={Y_AT} (local.get $at))")
    } else {
        String::new()
    };
    format!(
        "(func (export \"run_{name}\") (param $n i32) (local $at i32)
           (block $done (loop $next
             (br_if $done (i32.ge_u (local.get $at) (i32.shl (local.get $n) (i32.const 3))))
             (f64.store offset={OUT_AT} (local.get $at)
               (call $libm_{name} (f64.load offset={X_AT} (local.get $at)) {second}))
             (local.set $at (i32.add (local.get $at) (i32.const 8)))
             (br $next))))\n"
    )
}

struct Runner {
    store: Store<()>,
    instance: Instance,
    memory: Memory,
}

impl Runner {
    fn new() -> Runner {
        let engine = Engine::default();
        let bytes = wat::parse_str(driver_source()).expect("libm.wat and the driver assemble");
        let module = Module::new(&engine, bytes).expect("the module compiles");
        let mut store = Store::new(&engine, ());
        let instance = Instance::new(&mut store, &module, &[]).expect("the module instantiates");
        let memory = instance
            .get_memory(&mut store, "memory")
            .expect("the module has a memory");
        Runner {
            store,
            instance,
            memory,
        }
    }

    /// The wasm results of `name` on the arguments (`ys` empty for a unary function).
    fn run(&mut self, name: &str, xs: &[f64], ys: &[f64]) -> Vec<f64> {
        let func: TypedFunc<i32, ()> = self
            .instance
            .get_typed_func(&mut self.store, &format!("run_{name}"))
            .expect("the driver exports the function");
        let mut out = Vec::with_capacity(xs.len());
        for (start, chunk) in xs.chunks(BATCH).enumerate().map(|(i, c)| (i * BATCH, c)) {
            self.write(X_AT, chunk);
            if !ys.is_empty() {
                self.write(Y_AT, &ys[start..start + chunk.len()]);
            }
            func.call(&mut self.store, chunk.len() as i32)
                .expect("the driver runs");
            let data = self.memory.data(&self.store);
            for i in 0..chunk.len() {
                let at = OUT_AT + i * 8;
                let bytes: [u8; 8] = data[at..at + 8].try_into().expect("eight bytes");
                out.push(f64::from_le_bytes(bytes));
            }
        }
        out
    }

    fn write(&mut self, at: usize, values: &[f64]) {
        let data = self.memory.data_mut(&mut self.store);
        for (i, v) in values.iter().enumerate() {
            data[at + i * 8..at + i * 8 + 8].copy_from_slice(&v.to_le_bytes());
        }
    }
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform in [lo, hi).
    fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        let unit = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        lo + (hi - lo) * unit
    }

    /// Any double, every bit pattern equally likely.
    fn bits(&mut self) -> f64 {
        f64::from_bits(self.next())
    }
}

fn cases() -> usize {
    std::env::var(CASES_VAR)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_CASES)
}

fn specials() -> Vec<f64> {
    let mut values = vec![
        0.0,
        f64::INFINITY,
        f64::NAN,
        f64::MAX,
        f64::MIN_POSITIVE,
        f64::EPSILON,
        5e-324,
        f64::from_bits(0x000f_ffff_ffff_ffff),
        1.0,
        0.5,
        2.0,
        3.0,
        10.0,
        0.1,
        std::f64::consts::PI,
        std::f64::consts::FRAC_PI_2,
        std::f64::consts::FRAC_PI_4,
        std::f64::consts::E,
        std::f64::consts::LN_2,
        // The overflow and underflow thresholds of exp and their neighbours.
        709.782712893384,
        709.7827128933841,
        709.7827128933839,
        -708.3964185322641,
        -745.1332191019411,
        -745.1332191019412,
        -745.133219101941,
        1e300,
        1e-300,
        1e22,
        2f64.powi(1023),
        2f64.powi(66),
        2f64.powi(64),
    ];
    for e in -1074..=1023 {
        values.push(2f64.powi(e));
    }
    with_negatives(values)
}

fn with_negatives(values: Vec<f64>) -> Vec<f64> {
    values.iter().flat_map(|&v| [v, -v]).collect()
}

/// Doubles around each high word in `highs`: the word itself and its neighbours, each with
/// several low words, both signs.
fn around_highs(highs: &[u32], rng: &mut Rng) -> Vec<f64> {
    let mut values = Vec::new();
    for &high in highs {
        for h in [high.wrapping_sub(1), high, high.wrapping_add(1)] {
            let h = h & 0x7fff_ffff;
            for low in [0, 1, 0x8000_0000, 0xffff_ffff, rng.next() as u32] {
                values.push(f64::from_bits((u64::from(h) << 32) | u64::from(low)));
            }
        }
    }
    with_negatives(values)
}

/// Doubles within a few ulps of k·step for k up to `count`.
fn near_multiples(step: f64, count: i32) -> Vec<f64> {
    let mut values = Vec::new();
    for k in 1..=count {
        let center = f64::from(k) * step;
        for ulps in -3i64..=3 {
            values.push(f64::from_bits(center.to_bits().wrapping_add_signed(ulps)));
        }
    }
    with_negatives(values)
}

/// Random arguments: `n` bit patterns and `n` more from `ranges`, in turn.
fn random(rng: &mut Rng, n: usize, ranges: &[(f64, f64)]) -> Vec<f64> {
    let mut values: Vec<f64> = (0..n).map(|_| rng.bits()).collect();
    for i in 0..n {
        let (lo, hi) = ranges[i % ranges.len()];
        values.push(rng.uniform(lo, hi));
    }
    values
}

/// Compares the runtime's `name` with `reference` on `xs`; returns the number checked.
fn check_unary(runner: &mut Runner, name: &str, reference: fn(f64) -> f64, xs: &[f64]) -> usize {
    let got = runner.run(name, xs, &[]);
    let mismatches: Vec<String> = xs
        .iter()
        .zip(&got)
        .filter(|(&x, &g)| !same(reference(x), g))
        .take(10)
        .map(|(&x, &g)| {
            format!(
                "{name}({x:e} = {:#018x}): libm {:e}, wasm {g:e}",
                x.to_bits(),
                reference(x)
            )
        })
        .collect();
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    xs.len()
}

fn same(a: f64, b: f64) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

fn check_binary(
    runner: &mut Runner,
    name: &str,
    reference: fn(f64, f64) -> f64,
    pairs: &[(f64, f64)],
) -> usize {
    let (xs, ys): (Vec<f64>, Vec<f64>) = pairs.iter().copied().unzip();
    let got = runner.run(name, &xs, &ys);
    let mismatches: Vec<String> = pairs
        .iter()
        .zip(&got)
        .filter(|(&(x, y), &g)| !same(reference(x, y), g))
        .take(10)
        .map(|(&(x, y), &g)| {
            format!(
                "{name}({x:e}, {y:e}) = ({:#018x}, {:#018x}): libm {:e}, wasm {g:e}",
                x.to_bits(),
                y.to_bits(),
                reference(x, y)
            )
        })
        .collect();
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    pairs.len()
}

fn report(name: &str, count: usize) {
    eprintln!("libm_bits: {name}: {count} arguments bit-identical");
}

#[test]
fn exp_matches_libm() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut xs = specials();
    xs.extend(around_highs(
        &[
            0x4086_232b,
            0x3fd6_2e42,
            0x3ff0_a2b2,
            0x3e30_0000,
            0x4087_4910,
            0x4086_2e42,
        ],
        &mut rng,
    ));
    xs.extend(near_multiples(std::f64::consts::LN_2, 1100));
    xs.extend(random(
        &mut rng,
        cases(),
        &[(-1.0, 1.0), (-20.0, 20.0), (-745.2, 709.8), (-1e-8, 1e-8)],
    ));
    report(
        "exp",
        check_unary(&mut Runner::new(), "exp", libm::exp, &xs),
    );
}

#[test]
fn log_matches_libm() {
    let mut rng = Rng(0x0123_4567_89ab_cdef);
    let mut xs = specials();
    xs.extend(around_highs(
        &[
            0x0010_0000,
            0x7ff0_0000,
            0x3ff0_0000,
            0x3fe6_a09e,
            0x3ff6_a09e,
        ],
        &mut rng,
    ));
    xs.extend(random(
        &mut rng,
        cases(),
        &[(0.0, 2.0), (0.5, 1.5), (0.0, 1e6), (0.999_999, 1.000_001)],
    ));
    report(
        "log",
        check_unary(&mut Runner::new(), "log", libm::log, &xs),
    );
}

/// High words where sin, cos, tan and their argument reduction change method.
const TRIG_HIGHS: [u32; 14] = [
    0x3fe9_21fb,
    0x3e50_0000,
    0x3e46_a09e,
    0x3e40_0000,
    0x3fe5_9428,
    0x400f_6a7a,
    0x4002_d97c,
    0x401c_463b,
    0x4015_fdbc,
    0x4012_d97c,
    0x4019_21fb,
    0x4009_21fb,
    0x3ff9_21fb,
    0x4139_21fb,
];

fn trig_arguments(seed: u64) -> Vec<f64> {
    let mut rng = Rng(seed);
    let mut xs = specials();
    xs.extend(around_highs(&TRIG_HIGHS, &mut rng));
    xs.extend(near_multiples(std::f64::consts::FRAC_PI_2, 2000));
    xs.extend(near_multiples(std::f64::consts::FRAC_PI_4, 64));
    // Huge arguments take the Payne–Hanek path, including ones whose reduction needs more
    // terms of 2/π (near multiples of π/2 far out).
    xs.extend(near_multiples(
        std::f64::consts::FRAC_PI_2 * 2f64.powi(30),
        50,
    ));
    xs.extend(near_multiples(6381956970095103.0 * 2f64.powi(797), 1));
    xs.extend(random(
        &mut rng,
        cases(),
        &[
            (-7.0, 7.0),
            (-100.0, 100.0),
            (-1e6, 1e6),
            (-1e22, 1e22),
            (-1e300, 1e300),
        ],
    ));
    xs
}

#[test]
fn sin_cos_tan_match_libm() {
    let xs = trig_arguments(0x5eed_0001);
    let mut runner = Runner::new();
    report("sin", check_unary(&mut runner, "sin", libm::sin, &xs));
    report("cos", check_unary(&mut runner, "cos", libm::cos, &xs));
    report("tan", check_unary(&mut runner, "tan", libm::tan, &xs));
}

#[test]
fn atan_matches_libm() {
    let mut rng = Rng(0x5eed_0002);
    let mut xs = specials();
    xs.extend(around_highs(
        &[
            0x4410_0000,
            0x3fdc_0000,
            0x3e40_0000,
            0x3ff3_0000,
            0x3fe6_0000,
            0x4003_8000,
        ],
        &mut rng,
    ));
    xs.extend(random(
        &mut rng,
        cases(),
        &[(-3.0, 3.0), (-100.0, 100.0), (-1e20, 1e20), (-1e-6, 1e-6)],
    ));
    report(
        "atan",
        check_unary(&mut Runner::new(), "atan", libm::atan, &xs),
    );
}

/// Every pair of `a` and `b`.
fn pairs_of(a: &[f64], b: &[f64]) -> Vec<(f64, f64)> {
    a.iter()
        .flat_map(|&x| b.iter().map(move |&y| (x, y)))
        .collect()
}

fn small_specials() -> Vec<f64> {
    with_negatives(vec![
        0.0,
        f64::INFINITY,
        f64::NAN,
        1.0,
        0.5,
        2.0,
        3.0,
        1.5,
        f64::MAX,
        f64::MIN_POSITIVE,
        5e-324,
        1e-300,
        1e300,
        2f64.powi(31),
        2f64.powi(31) + 1.0,
        2f64.powi(53),
        2f64.powi(53) + 2.0,
        2f64.powi(64),
        2f64.powi(65),
        1.0 - f64::EPSILON,
        1.0 + f64::EPSILON,
        0.999_999,
        1024.0,
        -1075.0,
        7.0,
        0.25,
    ])
}

#[test]
fn pow_matches_libm() {
    let mut rng = Rng(0x5eed_0003);
    let n = cases();
    let mut pairs = pairs_of(&small_specials(), &small_specials());
    // Every kind of x against integer, half-integer and fractional y.
    let ys: Vec<f64> = (-40..=40).map(|k| f64::from(k) * 0.5).collect();
    let xs: Vec<f64> = specials().into_iter().step_by(7).collect();
    pairs.extend(pairs_of(&xs, &ys));
    for _ in 0..n {
        pairs.push((rng.bits(), rng.bits()));
        pairs.push((rng.uniform(0.0, 10.0), rng.uniform(-50.0, 50.0)));
        let x = rng.uniform(-10.0, 10.0);
        pairs.push((x, (rng.next() % 61) as f64 - 30.0));
        // Results near overflow and underflow: y ≈ ±1024/log2(x) and -1075/log2(x).
        let x = rng.uniform(1.01, 100.0);
        let edge = [1024.0, -1022.0, -1075.0][(rng.next() % 3) as usize];
        pairs.push((x, edge / x.log2() * rng.uniform(0.999, 1.001)));
        // x near 1 with huge y (the series path for |y| > 2^31).
        let near_one = f64::from_bits(
            1f64.to_bits()
                .wrapping_add_signed((rng.next() % 4096) as i64 - 2048),
        );
        pairs.push((near_one, rng.uniform(-1e12, 1e12)));
    }
    report(
        "pow",
        check_binary(&mut Runner::new(), "pow", libm::pow, &pairs),
    );
}

#[test]
fn atan2_matches_libm() {
    let mut rng = Rng(0x5eed_0004);
    let n = cases();
    let mut pairs = pairs_of(&small_specials(), &small_specials());
    for _ in 0..n {
        pairs.push((rng.bits(), rng.bits()));
        pairs.push((rng.uniform(-10.0, 10.0), rng.uniform(-10.0, 10.0)));
        // |y/x| around 2^±64
        let x = rng.uniform(-1e3, 1e3);
        let scale = if rng.next().is_multiple_of(2) {
            2f64.powi(64)
        } else {
            2f64.powi(-64)
        };
        pairs.push((x * scale * rng.uniform(0.5, 2.0), x));
    }
    report(
        "atan2",
        check_binary(&mut Runner::new(), "atan2", libm::atan2, &pairs),
    );
}
