//! Statements: declarations, assignments, `print`, `if`/`else if`, bounded loops with
//! `break`/`continue`, calls, container updates and early returns. `try` and the statements
//! that raise errors on purpose are in `errors`.
//!
//! Every loop counts up to a small bound and increments its counter first, so `continue`
//! cannot skip it and every program terminates; the body's work budget shrinks the bounds.

use crate::gen::{receiver, Gen};
use crate::model::{Ty, Var, PLAIN_TYPES};

/// The most iterations of nested loops at one point of a body.
const MAX_ITERATIONS: u64 = 300;

impl Gen {
    /// Writes `count` statements, nested at most `depth` more levels.
    pub fn statements(&mut self, count: usize, depth: u32) {
        for _ in 0..count {
            self.statement(depth);
        }
    }

    /// Writes one statement.
    pub fn statement(&mut self, depth: u32) {
        self.body.spend(1);
        let nested = if depth > 0 { 1 } else { 0 };
        let in_loop = u32::from(self.body.loops > 0);
        let returns = u32::from(self.body.ret.is_some());
        let raising = if self.body.catching > 0 {
            10
        } else if self.danger {
            2
        } else {
            0
        };
        let weights = [
            20,
            12,
            18,
            8 * nested,
            6 * nested,
            6,
            10,
            5,
            5 * nested,
            raising,
            3,
            5 * in_loop,
            2 * returns,
            2,
            2,
            2,
        ];
        match self.rng.weighted(&weights) {
            0 => self.local(),
            1 => self.assign(),
            2 => self.print(),
            3 => self.if_chain(depth.saturating_sub(1)),
            4 => self.counted_loop(depth.saturating_sub(1)),
            5 => match self.call_statement() {
                Some(call) => self.line(call),
                None => self.print(),
            },
            6 => self.update_container(),
            7 => self.assign_field(),
            8 => self.try_statement(depth.saturating_sub(1)),
            9 => self.raise(),
            10 => self.scratch_array(),
            11 => self.leave_loop(),
            12 => self.early_return(),
            13 => self.console_log(),
            14 => self.scratch_numbers(),
            _ => self.scratch_map(),
        }
    }

    /// A type for a new local: a plain kind or an object of an existing box.
    pub fn some_type(&mut self) -> Ty {
        let objects = self.world.instantiable();
        if !objects.is_empty() && self.rng.chance(20) {
            if let Some(&c) = self.rng.pick(&objects) {
                return Ty::Obj(c);
            }
        }
        *self.rng.pick(&PLAIN_TYPES).unwrap_or(&Ty::Int)
    }

    fn local(&mut self) {
        let ty = self.some_type();
        let name = self.body.fresh();
        if ty == Ty::Arr && self.rng.chance(60) {
            self.filled_array(name);
            return;
        }
        let value = self.expr(ty);
        self.line(format!("local {name} = {value}"));
        self.body.declare(Var {
            name,
            ty,
            min_len: 0,
            mutable: true,
        });
    }

    /// `local a = new ArrayBox()` followed by pushes: an array of known length.
    fn filled_array(&mut self, name: String) {
        self.line(format!("local {name} = new ArrayBox()"));
        let count = self.rng.range(1, 5) as usize;
        let pushes: Vec<String> = (0..count)
            .map(|_| format!("{name}.push({})", self.expr(Ty::Int)))
            .collect();
        self.line(pushes.join("  "));
        self.body.declare(Var {
            name,
            ty: Ty::Arr,
            min_len: count,
            mutable: false,
        });
    }

    fn assign(&mut self) {
        let vars: Vec<Var> = self
            .body
            .all_vars()
            .into_iter()
            .filter(|v| v.mutable)
            .collect();
        let Some(var) = self.rng.pick(&vars).cloned() else {
            return self.local();
        };
        let value = self.expr(var.ty);
        self.line(format!("{} = {value}", var.name));
    }

    fn assign_field(&mut self) {
        let mut targets: Vec<(String, Ty)> = Vec::new();
        if let Some(me) = self.body.me {
            for (name, ty) in self.world.all_fields(me) {
                targets.push((format!("me.{name}"), ty));
            }
        }
        for c in 0..self.world.classes.len() {
            for var in self.body.vars_of(Ty::Obj(c)) {
                for (name, ty) in self.world.all_fields(c) {
                    targets.push((format!("{}.{name}", var.name), ty));
                }
            }
        }
        let Some((target, ty)) = self.rng.pick(&targets).cloned() else {
            return self.print();
        };
        let value = self.expr(ty);
        self.line(format!("{target} = {value}"));
    }

    fn print(&mut self) {
        self.str_refs = 1;
        let value = if self.rng.chance(60) {
            self.any(3)
        } else {
            let ty = self.some_type();
            self.expr(ty)
        };
        self.line(format!("print({value})"));
    }

    fn console_log(&mut self) {
        self.str_refs = 1;
        let count = self.rng.range(0, 3);
        let values: Vec<String> = (0..count).map(|_| self.any(2)).collect();
        let method = *self
            .rng
            .pick(&["log", "log", "println", "warn", "error"])
            .unwrap_or(&"log");
        let values = if method == "log" {
            values
        } else {
            vec![self.any(2)]
        };
        self.line(format!(
            "(new ConsoleBox()).{method}({})",
            values.join(", ")
        ));
    }

    /// A condition: usually a boolean, sometimes any value (its truthiness).
    pub fn condition(&mut self) -> String {
        self.str_refs = 1;
        let cond = if self.rng.chance(80) {
            self.boolean(3)
        } else {
            self.any(2)
        };
        if self.rng.chance(30) && !cond.starts_with('(') {
            format!("({cond})")
        } else {
            cond
        }
    }

    fn if_chain(&mut self, depth: u32) {
        let cond = self.condition();
        self.open(format!("if {cond}"));
        self.block(depth);
        let elses = self.rng.weighted(&[50, 30, 20]);
        for _ in 1..elses {
            // The condition is outside the branch before it: leave that branch's scope first.
            self.body.pop_scope();
            self.body.push_scope();
            let cond = self.condition();
            self.reopen(format!("else if {cond}"));
            self.block(depth);
        }
        if self.rng.chance(50) {
            self.reopen("else");
            self.block(depth);
        }
        self.close();
    }

    /// The statements of a nested block.
    pub fn block(&mut self, depth: u32) {
        let count = self.rng.range(1, 3) as usize;
        self.statements(count, depth);
    }

    fn counted_loop(&mut self, depth: u32) {
        let most = (MAX_ITERATIONS / self.body.mult.max(1)).min(9);
        if most < 2 || !self.body.affords(most * 4) {
            return self.print();
        }
        let bound = self.rng.range(0, most as i64) as u64;
        let counter = self.body.fresh();
        self.line(format!("local {counter} = 0"));
        let forever = self.rng.chance(25);
        if forever {
            self.open("loop(true)");
            self.line(format!("{counter} = {counter} + 1"));
            self.line(format!("if {counter} > {bound} {{ break }}"));
        } else {
            self.open(format!("loop({counter} < {bound})"));
            self.line(format!("{counter} = {counter} + 1"));
        }
        self.body.declare(Var {
            name: counter.clone(),
            ty: Ty::Int,
            min_len: 0,
            mutable: false,
        });
        let saved = self.body.mult;
        self.body.mult = saved.saturating_mul(bound.max(1) + 1);
        self.body.loops += 1;
        self.block(depth);
        self.body.loops -= 1;
        self.body.mult = saved;
        self.close();
    }

    /// `if cond { break }` or `{ continue }` inside a loop.
    fn leave_loop(&mut self) {
        let word = if self.rng.chance(50) {
            "break"
        } else {
            "continue"
        };
        let cond = self.condition();
        self.line(format!("if {cond} {{ {word} }}"));
    }

    fn early_return(&mut self) {
        let Some(ty) = self.body.ret else {
            return self.print();
        };
        let cond = self.condition();
        let value = self.expr(ty);
        self.line(format!("if {cond} {{ return {value} }}"));
    }

    /// Changes an array or a map in place (arrays only grow, so known lengths stay true).
    fn update_container(&mut self) {
        if self.rng.chance(55) {
            let array = self.array(1);
            let array = receiver(&array);
            let known = self
                .body
                .vars_of(Ty::Arr)
                .into_iter()
                .find(|v| v.name == array)
                .map_or(0, |v| v.min_len);
            let line = match self.rng.below(5) {
                0 | 1 => format!("{array}.push({})", self.expr(Ty::Int)),
                2 if known > 0 => format!(
                    "{array}.set({}, {})",
                    self.rng.below(known),
                    self.expr(Ty::Int)
                ),
                3 => format!("{array}.insert(0, {})", self.expr(Ty::Int)),
                _ => {
                    let method = *self.rng.pick(&["sort", "reverse"]).unwrap_or(&"sort");
                    format!("{array}.{method}()")
                }
            };
            self.line(line);
        } else {
            let map = receiver(&self.map(1));
            let key = self.map_key();
            let line = match self.rng.below(6) {
                0..=3 => format!("{map}.set({key}, {})", self.expr(Ty::Int)),
                4 => format!("print({map}.delete({key}))"),
                _ => format!("{map}.remove({key})"),
            };
            self.line(line);
        }
    }

    /// A throwaway array of mixed values exercising the methods that shrink arrays; its
    /// length is followed so that no call goes out of range.
    fn scratch_array(&mut self) {
        let name = self.body.fresh();
        self.line(format!("local {name} = new ArrayBox()"));
        let mut len = self.rng.range(2, 5);
        for _ in 0..len {
            self.str_refs = 1;
            let value = self.any(2);
            self.line(format!("{name}.push({value})"));
        }
        for _ in 0..self.rng.range(2, 6) {
            let op = match self.rng.below(12) {
                0 => {
                    len = (len - 1).max(0);
                    format!("print({name}.pop())")
                }
                1 if len > 0 => {
                    let at = self.rng.range(0, len - 1);
                    len -= 1;
                    format!("print({name}.remove({at}))")
                }
                2 => {
                    let at = self.rng.range(0, len);
                    len += 1;
                    format!("{name}.insert({at}, {})", self.rng.range(0, 9))
                }
                3 => format!("print({name}.slice(1, 3))"),
                4 => format!("print({name}.join(\"-\"))"),
                5 => format!("print({name}.length())"),
                6 => format!("print({name}.indexOf({}))", self.rng.range(0, 9)),
                7 => format!("{name}.reverse()"),
                8 => format!("print({name}.size())"),
                9 => format!("print({name}.isEmpty())"),
                10 if self.rng.chance(30) => {
                    len = 0;
                    format!("{name}.clear()")
                }
                11 if self.rng.chance(20) => {
                    // An array inside itself prints as `[...]` where it recurs.
                    len += 1;
                    format!("{name}.push({name})")
                }
                _ => format!("print({name})"),
            };
            self.line(op);
        }
    }

    /// A throwaway array of integers and floats (NaN and infinities included), sorted and
    /// searched.
    fn scratch_numbers(&mut self) {
        let name = self.body.fresh();
        self.line(format!("local {name} = new ArrayBox()"));
        for _ in 0..self.rng.range(2, 6) {
            let value = if self.rng.chance(50) {
                self.expr(Ty::Int)
            } else {
                self.expr(Ty::Float)
            };
            self.line(format!("{name}.push({value})"));
        }
        self.line(format!("{name}.sort()"));
        self.line(format!("print({name})"));
        let probe = self.expr(Ty::Float);
        let wanted = self.rng.range(0, 5);
        self.line(format!(
            "print({name}.indexOf({probe}) + \" \" + {name}.contains({wanted}))"
        ));
        if self.rng.chance(50) {
            self.line(format!("{name}.reverse()"));
            self.line(format!("print({name}.join(\";\"))"));
        }
    }

    /// A throwaway map with mixed keys and values of any kind: deletion, re-insertion,
    /// keys and values in order, equality, JSON.
    fn scratch_map(&mut self) {
        let name = self.body.fresh();
        self.line(format!("local {name} = new MapBox()"));
        for _ in 0..self.rng.range(1, 5) {
            self.str_refs = 1;
            let key = self.map_key();
            let value = self.any(2);
            self.line(format!("{name}.set({key}, {value})"));
        }
        for _ in 0..self.rng.range(1, 5) {
            let key = self.map_key();
            let line = match self.rng.below(9) {
                0 => format!("print({name}.delete({key}))"),
                1 => format!("{name}.set({key}, {})", self.rng.range(0, 9)),
                2 => format!("print({name}.keys())"),
                3 => format!("print({name}.values())"),
                4 => format!("print({name}.toJSON())"),
                5 => format!("print({name}.get({key}))"),
                6 => format!("print({name}.containsKey({key}) + \" \" + {name}.size())"),
                7 => {
                    let other = self.map(1);
                    format!("print({name} == {other})")
                }
                _ => format!("print({name})"),
            };
            self.line(line);
        }
    }
}
