//! The runtime's float printing (`number.wat`) against the VM's `format_float`, and its float
//! remainder against Rust's `%`: tens of thousands of doubles (random bit patterns, random
//! short decimals, and edge cases) are printed by one MIR program run on the VM and, compiled,
//! under Node; the outputs must be identical.

mod common;

use nyash_diagnostics::{FileId, SourceFiles, Span};
use nyash_mir::{
    BinaryOp, Block, Const, FuncId, Function, FunctionKind, Inst, InstKind, Module, Reg, TermKind,
    Terminator, Type,
};

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

fn edge_cases() -> Vec<f64> {
    let mut values = vec![
        0.0,
        -0.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        f64::MAX,
        f64::MIN,
        f64::MIN_POSITIVE,
        f64::EPSILON,
        5e-324,
        f64::from_bits(0x000f_ffff_ffff_ffff),
        1e21,
        999999999999999900000.0,
        1e-6,
        f64::from_bits(0x3eb0_c6f7_a0b5_ed8c),
        1e-7,
        0.1 + 0.2,
        1.0 / 3.0,
        9007199254740993.0,
        123456.789,
        1.5e300,
    ];
    for e in -1074..=1023 {
        values.push(2f64.powi(e));
    }
    for e in -330..=310 {
        if let Ok(v) = format!("1e{e}").parse::<f64>() {
            values.push(v);
            values.push(-v * 7.0);
        }
    }
    values
}

fn random_values(count: usize) -> Vec<f64> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut values = Vec::with_capacity(count);
    for i in 0..count {
        let v = if i % 2 == 0 {
            f64::from_bits(rng.next())
        } else {
            // Short decimals, where shortest-digit choices are most visible.
            let digits = (rng.next() % 100_000_000) as f64;
            let scale = (rng.next() % 40) as i32 - 20;
            digits * 10f64.powi(scale)
        };
        values.push(v);
    }
    values
}

/// `print(v)` for every value, then `print(a % b)` for every pair.
fn printing_module(values: &[f64], pairs: &[(f64, f64)]) -> (Module, SourceFiles) {
    let mut files = SourceFiles::new();
    let file = files.add("floats.nyash", "print(0.5)\n");
    let span = Span::new(FileId(file.0), 0, 5);
    let inst = |kind| Inst { kind, span };
    let mut insts = Vec::new();
    for &v in values {
        insts.push(inst(InstKind::Const {
            dst: Reg(0),
            value: Const::Float(v),
        }));
        insts.push(inst(InstKind::Print { value: Reg(0) }));
    }
    for &(a, b) in pairs {
        insts.push(inst(InstKind::Const {
            dst: Reg(0),
            value: Const::Float(a),
        }));
        insts.push(inst(InstKind::Const {
            dst: Reg(1),
            value: Const::Float(b),
        }));
        insts.push(inst(InstKind::Binary {
            dst: Reg(2),
            op: BinaryOp::Mod,
            lhs: Reg(0),
            rhs: Reg(1),
        }));
        insts.push(inst(InstKind::Print { value: Reg(2) }));
    }
    insts.push(inst(InstKind::Const {
        dst: Reg(3),
        value: Const::Null,
    }));
    let entry = Function {
        name: "<entry>".into(),
        kind: FunctionKind::Entry,
        param_count: 0,
        reg_types: vec![Type::Float, Type::Float, Type::Float, Type::Any],
        blocks: vec![Block {
            insts,
            term: Terminator {
                kind: TermKind::Return(Reg(3)),
                span,
            },
        }],
        span,
    };
    let module = Module {
        functions: vec![entry],
        entry: FuncId(0),
        ..Module::default()
    };
    (module, files)
}

fn run_on_vm(module: &Module) -> String {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let mut input: &[u8] = &[];
    nyash_vm::run(module, &[], &mut out, &mut err, &mut input)
        .unwrap_or_else(|e| panic!("VM failed: {e}"));
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn floats_print_and_divide_exactly_like_the_vm() {
    common::require_node();
    let mut values = edge_cases();
    values.extend(random_values(40_000));
    let mut rng = Rng(12345);
    let mut pairs: Vec<(f64, f64)> = (0..5_000)
        .map(|_| (f64::from_bits(rng.next()), f64::from_bits(rng.next())))
        .collect();
    pairs.extend((0..5_000).map(|i| {
        let a = (rng.next() % 1_000_000) as f64 / 7.0 - 50_000.0;
        let b = (rng.next() % 1_000) as f64 / 3.0 - (i % 2) as f64 * 200.0;
        (a, b)
    }));
    pairs.extend([
        (5.5, 0.0),
        (f64::INFINITY, 2.0),
        (3.0, f64::INFINITY),
        (-7.5, 2.0),
        (1e300, 1e-300),
    ]);
    let (module, files) = printing_module(&values, &pairs);
    let expected = run_on_vm(&module);
    let bytes = nyash_wasm::compile(&module, &files).unwrap_or_else(|e| panic!("{e}"));
    wasmparser::validate(&bytes).unwrap_or_else(|e| panic!("invalid module: {e}"));
    let scratch = common::scratch_dir("floats");
    let path = scratch.join("floats.wasm");
    std::fs::write(&path, &bytes).unwrap_or_else(|e| panic!("{e}"));
    let outcome = common::run_node(&path, &scratch, &[], &[]);
    let _ = std::fs::remove_dir_all(&scratch);
    assert_eq!(outcome.exit, 0, "stderr: {}", outcome.stderr);
    let inputs: Vec<String> = values
        .iter()
        .map(|v| format!("{v:e} ({:#x})", v.to_bits()))
        .chain(pairs.iter().map(|(a, b)| format!("{a:e} % {b:e}")))
        .collect();
    for ((want, got), input) in expected.lines().zip(outcome.stdout.lines()).zip(&inputs) {
        assert_eq!(got, want, "printing {input}");
    }
    assert_eq!(expected.lines().count(), values.len() + pairs.len());
    assert_eq!(outcome.stdout.lines().count(), values.len() + pairs.len());
}
