//! Expressions of a requested kind: numbers, booleans, arrays, maps and objects (strings and
//! values of any kind are in `text`, calls in `call`).
//!
//! Every binary operation is parenthesised, so precedence never decides what a program means;
//! the depth argument bounds nesting far below the parser's limit.

use crate::gen::{receiver, Gen};
use crate::model::Ty;

/// Integer literals that make arithmetic wrap around.
const BIG_INTS: [&str; 7] = [
    "9223372036854775807",
    "(-9223372036854775807 - 1)",
    "4611686018427387904",
    "3037000500",
    "(-4294967296)",
    "9223372036854775806",
    "1000000007",
];

const FLOATS: [&str; 12] = [
    "0.5",
    "1.5",
    "2.25",
    "3.0",
    "0.1",
    "0.2",
    "100.125",
    "1234.5678",
    "0.001",
    "7.75",
    "1.0",
    "0.3",
];

/// Texts that `toFloat()` always reads: extremes, exponents, signed zero, infinities, NaN.
const FLOAT_TEXTS: [&str; 14] = [
    "1e21",
    "1e-7",
    "2.5E-3",
    "-0.0",
    "inf",
    "-inf",
    "nan",
    "5e-324",
    "1.7976931348623157e308",
    "0.000001",
    "123456789012345680000",
    ".5",
    "5.",
    " 42 ",
];

impl Gen {
    /// A whole expression of kind `ty` (one string reference allowed).
    pub fn expr(&mut self, ty: Ty) -> String {
        self.str_refs = 1;
        let depth = self.rng.range(1, 3) as u32;
        self.value(ty, depth)
    }

    /// An expression of kind `ty`, nested at most `depth` levels.
    pub fn value(&mut self, ty: Ty, depth: u32) -> String {
        match ty {
            Ty::Int => self.int(depth),
            Ty::Float => self.float(depth),
            Ty::Str => self.string(depth),
            Ty::Bool => self.boolean(depth),
            Ty::Arr => self.array(depth),
            Ty::Map => self.map(depth),
            Ty::Obj(c) => self.object(c, depth),
        }
    }

    /// A variable, a field of `me`, or a field of an object variable of kind `ty`, if any.
    pub fn place_of(&mut self, ty: Ty) -> Option<String> {
        let mut places: Vec<String> = self.body.vars_of(ty).into_iter().map(|v| v.name).collect();
        if let Some(me) = self.body.me {
            for (name, field_ty) in self.world.all_fields(me) {
                if field_ty == ty {
                    places.push(format!("me.{name}"));
                }
            }
        }
        for c in 0..self.world.classes.len() {
            for var in self.body.vars_of(Ty::Obj(c)) {
                for (name, field_ty) in self.world.all_fields(c) {
                    if field_ty == ty {
                        places.push(format!("{}.{name}", var.name));
                    }
                }
            }
        }
        let index = self.rng.below(places.len());
        places.into_iter().nth(index)
    }

    pub fn int(&mut self, depth: u32) -> String {
        if depth == 0 || self.rng.chance(25) {
            return self.int_leaf();
        }
        let d = depth - 1;
        match self.rng.weighted(&[30, 8, 4, 8, 8, 6, 5, 8, 4, 8, 4, 3]) {
            0 => {
                let op = *self.rng.pick(&["+", "-", "*"]).unwrap_or(&"+");
                format!("({} {op} {})", self.int(d), self.int(d))
            }
            1 => self.int_division(d),
            2 => format!("(-{})", receiver(&self.int(d))),
            3 => format!("{}.length()", receiver(&self.string(d))),
            4 => self.int_method(d),
            5 => {
                let method = *self
                    .rng
                    .pick(&["floor", "ceil", "round", "toInteger"])
                    .unwrap_or(&"floor");
                format!("{}.{method}()", receiver(&self.float(d)))
            }
            6 => {
                let hay = receiver(&self.string(d));
                format!("{hay}.indexOf({})", self.string(d))
            }
            7 => self.array_int(d),
            8 => format!("{}.size()", receiver(&self.map(d))),
            9 => self.call_of(Ty::Int, d).unwrap_or_else(|| self.int_leaf()),
            10 => format!("({} + {})", self.boolean(d), self.int(d)),
            _ => format!("({} >> {})", self.int(d), self.rng.range(0, 70)),
        }
    }

    fn int_leaf(&mut self) -> String {
        match self.rng.weighted(&[40, 15, 8, 37]) {
            0 => self.rng.range(0, 12).to_string(),
            1 => literal(self.rng.range(-1000, 1000)),
            2 => self.rng.pick(&BIG_INTS).unwrap_or(&"1").to_string(),
            _ => self
                .place_of(Ty::Int)
                .unwrap_or_else(|| self.rng.range(0, 9).to_string()),
        }
    }

    /// `a / b` or `a % b`: the divisor is never zero unless errors are wanted here.
    fn int_division(&mut self, d: u32) -> String {
        let op = if self.rng.chance(50) { "/" } else { "%" };
        let dividend = self.int(d);
        let divisor = match self.rng.weighted(&[50, 40, 10]) {
            0 => literal(*self.rng.pick(&[1, 2, 3, 7, 10, -1, -3, 1000]).unwrap_or(&3)),
            1 => format!("(({} % 5) + 6)", self.int(d)),
            _ => format!("(({}).abs() % 9 + 1)", self.int(d)),
        };
        format!("({dividend} {op} {divisor})")
    }

    fn int_method(&mut self, d: u32) -> String {
        let target = receiver(&self.int(d));
        match self.rng.below(4) {
            0 => format!("{target}.abs()"),
            1 => format!("{target}.max({})", self.int(d)),
            2 => format!("{target}.min({})", self.int(d)),
            _ => format!("{target}.pow({})", self.rng.range(0, 5)),
        }
    }

    /// An integer read from an array: its length, an index, or an element known to exist.
    fn array_int(&mut self, d: u32) -> String {
        let known: Vec<_> = self
            .body
            .vars_of(Ty::Arr)
            .into_iter()
            .filter(|v| v.min_len > 0)
            .collect();
        if let (Some(var), true) = (self.rng.pick(&known).cloned(), self.rng.chance(50)) {
            let index = self.rng.below(var.min_len);
            return format!("{}.get({index})", var.name);
        }
        let array = receiver(&self.array(d));
        if self.rng.chance(60) {
            format!("{array}.length()")
        } else {
            format!("{array}.indexOf({})", self.int(d))
        }
    }

    pub fn float(&mut self, depth: u32) -> String {
        if depth == 0 || self.rng.chance(25) {
            return self.float_leaf();
        }
        let d = depth - 1;
        match self.rng.weighted(&[30, 12, 10, 8, 6, 4, 4, 6]) {
            0 => {
                let op = *self.rng.pick(&["+", "-", "*", "/"]).unwrap_or(&"+");
                format!("({} {op} {})", self.float(d), self.float(d))
            }
            1 => {
                let op = *self.rng.pick(&["+", "-", "*", "/"]).unwrap_or(&"+");
                if self.rng.chance(50) {
                    format!("({} {op} {})", self.float(d), self.int(d))
                } else {
                    format!("({} {op} {})", self.int(d), self.float(d))
                }
            }
            2 => format!("{}.toFloat()", receiver(&self.int(d))),
            3 => {
                let target = receiver(&self.float(d));
                match self.rng.below(3) {
                    0 => format!("{target}.abs()"),
                    1 => format!("{target}.max({})", self.float(d)),
                    _ => format!("{target}.min({})", self.float(d)),
                }
            }
            4 => format!("{}.sqrt()", receiver(&self.float(d))),
            5 => format!("({} % {})", self.float(d), self.float(d)),
            6 => format!("new FloatBox({})", self.int(d)),
            _ => self
                .call_of(Ty::Float, d)
                .unwrap_or_else(|| self.float_leaf()),
        }
    }

    fn float_leaf(&mut self) -> String {
        if self.rng.chance(12) {
            let text = self.rng.pick(&FLOAT_TEXTS).unwrap_or(&"1e21");
            return format!("\"{text}\".toFloat()");
        }
        if self.rng.chance(40) {
            if let Some(place) = self.place_of(Ty::Float) {
                return place;
            }
        }
        let literal = self.rng.pick(&FLOATS).unwrap_or(&"0.5").to_string();
        if self.rng.chance(15) {
            format!("(-{literal})")
        } else {
            literal
        }
    }

    pub fn boolean(&mut self, depth: u32) -> String {
        if depth == 0 || self.rng.chance(15) {
            return self.bool_leaf();
        }
        let d = depth - 1;
        match self.rng.weighted(&[20, 8, 8, 10, 10, 6, 8, 6, 6, 5, 5]) {
            0 => {
                let op = *self
                    .rng
                    .pick(&["<", "<=", ">", ">=", "==", "!="])
                    .unwrap_or(&"<");
                format!("({} {op} {})", self.int(d), self.int(d))
            }
            1 => {
                let op = *self
                    .rng
                    .pick(&["<", "<=", ">", ">=", "==", "!="])
                    .unwrap_or(&"<");
                format!("({} {op} {})", self.float(d), self.int(d))
            }
            2 => {
                let op = *self.rng.pick(&["<", ">=", "==", "!="]).unwrap_or(&"<");
                format!("({} {op} {})", self.string(d), self.string(d))
            }
            3 => {
                let op = *self.rng.pick(&["==", "!="]).unwrap_or(&"==");
                format!("({} {op} {})", self.any(d), self.any(d))
            }
            4 => {
                let op = *self.rng.pick(&["and", "or", "&&", "||"]).unwrap_or(&"and");
                format!("({} {op} {})", self.any(d), self.any(d))
            }
            5 => {
                let not = *self.rng.pick(&["not ", "!"]).unwrap_or(&"not ");
                format!("({not}{})", receiver(&self.any(d)))
            }
            6 => {
                let method = *self
                    .rng
                    .pick(&["contains", "startsWith", "endsWith"])
                    .unwrap_or(&"contains");
                let hay = receiver(&self.string(d));
                format!("{hay}.{method}({})", self.string(d))
            }
            7 => {
                let method = *self.rng.pick(&["isEven", "isOdd"]).unwrap_or(&"isEven");
                format!("{}.{method}()", receiver(&self.int(d)))
            }
            8 => {
                let array = receiver(&self.array(d));
                if self.rng.chance(50) {
                    format!("{array}.contains({})", self.int(d))
                } else {
                    format!("{array}.isEmpty()")
                }
            }
            9 => format!("{}.has({})", receiver(&self.map(d)), self.map_key()),
            _ => self
                .call_of(Ty::Bool, d)
                .unwrap_or_else(|| self.bool_leaf()),
        }
    }

    fn bool_leaf(&mut self) -> String {
        if self.rng.chance(50) {
            if let Some(place) = self.place_of(Ty::Bool) {
                return place;
            }
        }
        if self.rng.chance(50) { "true" } else { "false" }.to_string()
    }

    pub fn array(&mut self, depth: u32) -> String {
        if depth > 0 && self.rng.chance(20) {
            let d = depth - 1;
            return match self.rng.below(3) {
                0 => format!(
                    "{}.slice({}, {})",
                    receiver(&self.array(d)),
                    self.small_int(),
                    self.small_int()
                ),
                1 => format!("{}.values()", receiver(&self.map(d))),
                _ => self
                    .call_of(Ty::Arr, d)
                    .unwrap_or_else(|| "new ArrayBox()".into()),
            };
        }
        if self.rng.chance(85) {
            if let Some(place) = self.place_of(Ty::Arr) {
                return place;
            }
        }
        "new ArrayBox()".into()
    }

    pub fn map(&mut self, depth: u32) -> String {
        if depth > 0 && self.rng.chance(10) {
            if let Some(call) = self.call_of(Ty::Map, depth - 1) {
                return call;
            }
        }
        if self.rng.chance(85) {
            if let Some(place) = self.place_of(Ty::Map) {
                return place;
            }
        }
        "new MapBox()".into()
    }

    /// An instance of box `c` (or of a box delegating to it).
    pub fn object(&mut self, c: usize, depth: u32) -> String {
        if self.rng.chance(60) {
            if let Some(place) = self.place_of(Ty::Obj(c)) {
                return place;
            }
        }
        if depth > 0 && self.rng.chance(20) {
            if let Some(call) = self.call_of(Ty::Obj(c), depth - 1) {
                return call;
            }
        }
        self.new_object(c, depth.saturating_sub(1))
    }

    /// `new D(args)` for `c` or a box delegating to it.
    pub fn new_object(&mut self, c: usize, depth: u32) -> String {
        let bound = self.new_bound;
        let choices: Vec<usize> = self
            .world
            .descendants(c)
            .into_iter()
            .filter(|&d| d < bound && self.world.classes.get(d).is_some_and(|k| !k.is_static))
            .collect();
        let d = self.rng.pick(&choices).copied().unwrap_or(c);
        let Some(class) = self.world.classes.get(d) else {
            return "null".into();
        };
        let (name, params) = (class.name.clone(), class.ctor.clone());
        self.body.spend(3);
        // The arguments may only create boxes declared before `d` (its constructor's parameter
        // kinds come from those), so nested `new`s always end.
        self.new_bound = d;
        let args: Vec<String> = params.iter().map(|&t| self.value(t, depth)).collect();
        self.new_bound = bound;
        format!("new {name}({})", args.join(", "))
    }

    /// A small integer literal (indexes, counts).
    pub fn small_int(&mut self) -> String {
        literal(self.rng.range(-2, 8))
    }

    /// A map key: a short string or a small integer.
    pub fn map_key(&mut self) -> String {
        if self.rng.chance(70) {
            format!("\"k{}\"", self.rng.below(6))
        } else {
            self.rng.range(0, 5).to_string()
        }
    }
}

/// An integer literal, parenthesised when negative.
pub fn literal(n: i64) -> String {
    if n < 0 {
        format!("({n})")
    } else {
        n.to_string()
    }
}
