//! `try`/`catch`/`finally` and the statements that raise runtime errors on purpose: division
//! by zero, an index out of range, an unknown method or field, operands of the wrong kinds, a
//! wrong argument count, and `throw` of any value. Inside a `try` that catches they are
//! frequent; outside one they are written only in programs allowed to end with an error.

use crate::gen::{receiver, Gen};

impl Gen {
    pub fn try_statement(&mut self, depth: u32) {
        let catches = self.rng.chance(85);
        let finally = !catches || self.rng.chance(45);
        if !catches && self.body.catching == 0 && !self.danger {
            return self.block(depth);
        }
        self.open("try");
        if catches {
            self.body.catching += 1;
        }
        self.block(depth);
        if self.rng.chance(40) {
            self.raise();
        }
        if catches {
            self.body.catching -= 1;
            self.catch_clause(depth);
        }
        if finally {
            self.reopen("finally");
            let text = self.rng.range(0, 99);
            self.line(format!("print(\"finally {text}\")"));
            if self.rng.chance(30) {
                self.block(depth.min(1));
            }
        }
        self.close();
    }

    fn catch_clause(&mut self, depth: u32) {
        let name = self.body.fresh();
        let form = self.rng.below(6);
        let header = match form {
            0 => "catch".to_string(),
            1 => "catch ()".to_string(),
            2 => format!("catch (Error {name})"),
            3 => format!("catch (ErrorBox {name})"),
            _ => format!("catch ({name})"),
        };
        self.reopen(header);
        let report = match (form, self.rng.below(4)) {
            (0 | 1, _) => "print(\"caught\")".to_string(),
            (_, 0) => format!("print({name})"),
            (_, 1) => format!("print(\"caught: \" + {name}.message())"),
            (_, 2) => format!("print({name}.toString().length())"),
            _ => format!("print({name}.type() + \" \" + {name})"),
        };
        self.line(report);
        if self.rng.chance(25) {
            self.block(depth.min(1));
        }
    }

    /// A statement that raises a runtime error (or throws).
    pub fn raise(&mut self) {
        self.str_refs = 1;
        let line = match self.rng.below(13) {
            0 => format!("print({} / ({} % 1))", self.int(1), self.int(1)),
            1 => format!("print({} % 0)", self.int(1)),
            2 => {
                let array = receiver(&self.array(1));
                format!(
                    "{array}.set({array}.length() + {}, 1)",
                    self.rng.range(0, 3)
                )
            }
            3 => {
                let value = self.any(1);
                format!("print({}.frobnicate())", receiver(&value))
            }
            4 => format!("throw {}", self.any(2)),
            5 => format!("throw \"failed \" + {}", self.int(1)),
            6 => format!("print({} + {})", self.array(1), self.int(1)),
            7 => format!("print({} < {})", self.string(1), self.int(1)),
            8 => format!("print(-{})", receiver(&self.string(1))),
            9 => format!("{}.set(1.5, 1)", receiver(&self.map(1))),
            10 => format!("print({} * (-2))", self.literal_string()),
            11 => format!("print({}.missing)", receiver(&self.int(1))),
            _ => self.wrong_arity(),
        };
        self.line(line);
    }

    /// A method call or `new` with one argument too many.
    fn wrong_arity(&mut self) -> String {
        let objects: Vec<usize> = self.world.instantiable();
        let Some(&c) = self.rng.pick(&objects) else {
            return "throw \"no boxes\"".into();
        };
        let Some(class) = self.world.classes.get(c) else {
            return "throw \"no boxes\"".into();
        };
        let extra = class.ctor.len() + 1;
        let name = class.name.clone();
        let args: Vec<String> = (0..extra).map(|i| i.to_string()).collect();
        let methods = self.world.all_methods(c);
        match self.rng.pick(&methods).cloned() {
            Some(method) if self.rng.chance(50) => {
                let object = self.object(c, 1);
                let args: Vec<String> = (0..=method.params.len()).map(|i| i.to_string()).collect();
                format!("{}.{}({})", receiver(&object), method.name, args.join(", "))
            }
            _ => format!("print(new {name}({}))", args.join(", ")),
        }
    }
}
