//! A whole program: declarations in the order they were made (each may use the earlier
//! ones), a few top-level statements, and `static box Main { main() { ... } }`.

use crate::body::Body;
use crate::gen::Gen;
use crate::model::{Class, Method, Ty, Var};

/// Work allowed to `main` (in statements executed), callees included.
const MAIN_BUDGET: u64 = 6000;

impl Gen {
    /// Writes the program.
    pub fn program(&mut self) {
        self.line(format!(
            "// generated program{}",
            if self.danger {
                " (may end with an error)"
            } else {
                ""
            }
        ));
        if self.rng.chance(40) {
            self.recursive_helpers();
        }
        for _ in 0..self.rng.range(0, 4) {
            match self.rng.weighted(&[60, 20, 20]) {
                0 => self.user_box(),
                1 => self.static_box(),
                _ => self.function(),
            }
        }
        self.top_level();
        self.main_box();
    }

    fn top_level(&mut self) {
        self.body = Body::new(usize::MAX, 300, "t");
        let count = self.rng.range(0, 3) as usize;
        self.statements(count, 1);
    }

    fn main_box(&mut self) {
        self.body = Body::new(usize::MAX, MAIN_BUDGET, "v");
        self.blank();
        self.open("static box Main");
        self.open("main()");
        let count = self.rng.range(4, 14) as usize;
        self.statements(count, 3);
        self.close();
        self.close();
    }

    /// `static box Rec`: recursions whose depth is bounded by their first argument.
    fn recursive_helpers(&mut self) {
        let index = self.world.classes.len();
        self.world.classes.push(Class {
            name: "Rec".into(),
            parent: None,
            fields: Vec::new(),
            ctor: Vec::new(),
            methods: Vec::new(),
            is_static: true,
            has_to_string: false,
        });
        self.open("static box Rec");
        self.line("sumTo(n) {");
        self.line("    if n <= 0 { return 0 }");
        self.line("    return n + Rec.sumTo(n - 1)");
        self.line("}");
        self.add_helper(index, "sumTo", vec![Ty::Int], 40, 45);
        self.line("fib(n) {");
        self.line("    if n < 2 { return n }");
        self.line("    return Rec.fib(n - 1) + Rec.fib(n - 2)");
        self.line("}");
        self.add_helper(index, "fib", vec![Ty::Int], 12, 700);
        self.walk(index);
        self.close();
        self.blank();
    }

    /// `walk(n, acc)`: random statements, then a recursive call with a new accumulator.
    fn walk(&mut self, index: usize) {
        self.body = Body::new(0, 40, "w");
        for name in ["n", "acc"] {
            self.body.declare(Var {
                name: name.into(),
                ty: Ty::Int,
                min_len: 0,
                mutable: name == "acc",
            });
        }
        self.open("walk(n, acc)");
        let count = self.rng.range(1, 4) as usize;
        self.statements(count, 1);
        self.line("if n <= 0 { return acc }");
        let next = self.expr(Ty::Int);
        self.line(format!("return Rec.walk(n - 1, {next})"));
        self.close();
        self.add_helper(index, "walk", vec![Ty::Int, Ty::Int], 15, 16 * 45);
    }

    fn add_helper(&mut self, index: usize, name: &str, params: Vec<Ty>, bound: i64, cap: u64) {
        let method = Method {
            name: name.into(),
            params,
            ret: Ty::Int,
            rank: self.world.take_rank(),
            cap,
            bound: Some(bound),
        };
        if let Some(class) = self.world.classes.get_mut(index) {
            class.methods.push(method);
        }
    }
}
