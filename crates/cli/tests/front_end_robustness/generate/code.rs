//! The statements and expressions the generator writes, each allowed where it stands: `me`
//! and `from` only in boxes, `return` only in bodies, `break` only in loops, and only names
//! that are in scope.

use super::{Generator, Place, BINARY_OPERATORS, BUILTIN_METHODS, STRINGS};

impl Generator<'_> {
    // --- statements -------------------------------------------------------------------------

    pub(super) fn stmt(&mut self, depth: usize) {
        let in_callable = self.place != Place::TopLevel;
        match self.rng.below(if depth == 0 { 6 } else { 14 }) {
            0 | 1 => {
                let name = self.fresh_name("v");
                let keyword = if self.rng.chance(10) {
                    "outbox"
                } else {
                    "local"
                };
                let value = if self.rng.chance(10) {
                    String::new()
                } else {
                    format!(" = {}", self.expr(depth))
                };
                self.line(&format!("{keyword} {name}{value}"));
                self.declare(&name, false);
            }
            2 => {
                let value = self.expr(depth);
                self.line(&format!("print({value})"));
            }
            3 => self.assignment(depth),
            4 => {
                let call = self.call_expr(depth);
                self.line(&call);
            }
            5 if self.loop_depth > 0 => {
                let keyword = if self.rng.chance(50) {
                    "break"
                } else {
                    "continue"
                };
                self.line(keyword);
            }
            5 if in_callable => {
                let value = if self.rng.chance(30) {
                    String::new()
                } else {
                    format!(" {}", self.expr(depth))
                };
                self.line(&format!("return{value}"));
            }
            6 | 7 => self.if_stmt(depth),
            8 => {
                let cond = self.expr(depth);
                self.loop_depth += 1;
                self.block(&format!("loop({cond})"), depth, &[]);
                self.loop_depth -= 1;
            }
            9 | 10 => self.try_stmt(depth),
            11 => {
                let name = self.fresh_name("fut");
                let value = self.expr(depth);
                self.line(&format!("nowait {name} = {value}"));
                self.declare(&name, true);
                if self.rng.chance(60) {
                    let result = self.fresh_name("v");
                    self.line(&format!("local {result} = await {name}"));
                    self.declare(&result, false);
                }
            }
            12 => {
                let value = self.expr(depth);
                self.line(&format!("throw {value}"));
            }
            13 if !self.globals.is_empty() => {
                let name = self.rng.pick(&self.globals).clone();
                let value = self.expr(depth);
                self.line(&format!("global {name} = {value}"));
            }
            _ => {
                let value = self.expr(depth);
                self.line(&format!("print({value})"));
            }
        }
    }

    fn assignment(&mut self, depth: usize) {
        let value = self.expr(depth);
        let fields = self.own_fields();
        if !fields.is_empty() && self.rng.chance(50) {
            let field = self.rng.pick(&fields).clone();
            self.line(&format!("me.{field} = {value}"));
        } else if let Some(name) = self.visible_variable() {
            self.line(&format!("{name} = {value}"));
        } else {
            self.line(&format!("print({value})"));
        }
    }

    fn if_stmt(&mut self, depth: usize) {
        let cond = self.expr(depth);
        let header = if self.rng.chance(50) {
            format!("if ({cond})")
        } else {
            format!("if {cond}")
        };
        self.block(&header, depth, &[]);
        while self.rng.chance(30) {
            let cond = self.expr(depth);
            self.reopen(&format!("else if {cond}"), depth, &[]);
        }
        if self.rng.chance(40) {
            self.reopen("else", depth, &[]);
        }
    }

    /// Continues a construct after its block (`} else {`, `} catch (e) {`, ...); sometimes
    /// on a line of its own, which the grammar allows too.
    fn reopen(&mut self, header: &str, depth: usize, prelude: &[String]) {
        let closing = format!("{}}}\n", "    ".repeat(self.indent));
        if self.rng.chance(80) && self.out.ends_with(&closing) {
            self.out.truncate(self.out.len() - closing.len());
            self.block(&format!("}} {header}"), depth, prelude);
        } else {
            self.block(header, depth, prelude);
        }
    }

    fn try_stmt(&mut self, depth: usize) {
        self.block("try", depth, &[]);
        let with_finally = self.rng.chance(40);
        if !with_finally || self.rng.chance(60) {
            let var = self.fresh_name("err");
            let (header, binds) = match self.rng.below(5) {
                0 => (format!("catch ({var})"), true),
                1 => (format!("catch (Error {var})"), true),
                2 => (format!("catch (ErrorBox {var})"), true),
                3 => ("catch ()".to_string(), false),
                _ => ("catch".to_string(), false),
            };
            let prelude: Vec<String> = if binds { vec![var] } else { Vec::new() };
            self.reopen(&header, depth, &prelude);
        }
        if with_finally {
            self.reopen("finally", depth, &[]);
        }
    }

    // --- expressions ------------------------------------------------------------------------

    pub(super) fn expr(&mut self, depth: usize) -> String {
        if depth == 0 {
            return self.atom();
        }
        match self.rng.below(12) {
            0..=2 => self.atom(),
            3 | 4 => {
                let op = *self.rng.pick(BINARY_OPERATORS);
                format!("{} {op} {}", self.expr(depth - 1), self.expr(depth - 1))
            }
            5 => {
                let op = *self.rng.pick(&["-", "not ", "!"]);
                format!("{op}{}", self.expr(depth - 1))
            }
            6 => format!("({})", self.expr(depth - 1)),
            7 | 8 => self.call_expr(depth),
            9 => self.new_expr(depth),
            10 => match self.visible_future() {
                Some(name) => format!("await {name}"),
                None => self.atom(),
            },
            _ => {
                let object = self.expr(depth - 1);
                let method = *self.rng.pick(BUILTIN_METHODS);
                let count = self.rng.below(3);
                format!("({object}).{method}({})", self.args(count, depth))
            }
        }
    }

    fn atom(&mut self) -> String {
        match self.rng.below(10) {
            0 => ["0", "1", "42", "9223372036854775807", "7"][self.rng.below(5)].to_string(),
            1 => ["3.14", "0.5", "2.0"][self.rng.below(3)].to_string(),
            2 => self.rng.pick(STRINGS).to_string(),
            3 => ["true", "false", "null"][self.rng.below(3)].to_string(),
            4 if matches!(self.place, Place::Box(_)) => {
                let fields = self.own_fields();
                if fields.is_empty() {
                    if self.rng.chance(50) { "me" } else { "this" }.to_string()
                } else {
                    format!("me.{}", self.rng.pick(&fields))
                }
            }
            _ => self.visible_variable().unwrap_or_else(|| "1".to_string()),
        }
    }

    /// The argument count for a call of a method or constructor taking `arity`: sometimes
    /// wrong when careless (the checker rejects that in `from` calls; other calls fail when
    /// they run).
    fn method_arity(&mut self, arity: usize) -> usize {
        match self.careless && self.rng.chance(20) {
            true if arity > 0 && self.rng.chance(50) => arity - 1,
            true => arity + 1,
            false => arity,
        }
    }

    fn args(&mut self, count: usize, depth: usize) -> String {
        let args: Vec<String> = (0..count)
            .map(|_| self.expr(depth.saturating_sub(1)))
            .collect();
        args.join(", ")
    }

    /// A call that is allowed where the generator stands.
    fn call_expr(&mut self, depth: usize) -> String {
        match self.rng.below(7) {
            0 if !self.functions.is_empty() => {
                let (name, arity) = self.rng.pick(&self.functions).clone();
                format!("{name}({})", self.args(arity, depth))
            }
            1 if !self.namespaced.is_empty() => {
                let (ns, name, arity) = self.namespaced[0].clone();
                format!("{ns}.{name}({})", self.args(arity, depth))
            }
            2 => self.parent_or_own_call(depth),
            3 => {
                let statics: Vec<usize> = (0..self.boxes.len())
                    .filter(|&b| self.boxes[b].is_static && !self.boxes[b].methods.is_empty())
                    .collect();
                if statics.is_empty() {
                    return self.builtin_call(depth);
                }
                let index = *self.rng.pick(&statics);
                let (method, arity) = self.rng.pick(&self.boxes[index].methods).clone();
                let name = self.boxes[index].name.clone();
                let count = self.method_arity(arity);
                format!("{name}.{method}({})", self.args(count, depth))
            }
            4 if self.uses_nyashstd => {
                let call = *self.rng.pick(&[
                    "string.upper",
                    "string.lower",
                    "integer.create",
                    "console.log",
                ]);
                format!("{call}({})", self.args(1, depth))
            }
            _ => self.builtin_call(depth),
        }
    }

    fn builtin_call(&mut self, depth: usize) -> String {
        let object = match self.visible_variable() {
            Some(name) if self.rng.chance(70) => name,
            _ => self.new_expr(depth.saturating_sub(1)),
        };
        let method = *self.rng.pick(BUILTIN_METHODS);
        let count = self.rng.below(3);
        format!("{object}.{method}({})", self.args(count, depth))
    }

    /// `me.m(...)` or `from P.m(...)` inside a box; a built-in call elsewhere.
    fn parent_or_own_call(&mut self, depth: usize) -> String {
        let Place::Box(index) = self.place else {
            return self.builtin_call(depth);
        };
        let parents = self.boxes[index].parents.clone();
        if !parents.is_empty() && self.rng.chance(60) {
            let parent = *self.rng.pick(&parents);
            let mut candidates = self.boxes[parent].methods.clone();
            candidates.extend(self.boxes[parent].ctors.clone());
            if let Some((method, arity)) = candidates.get(self.rng.below(candidates.len())).cloned()
            {
                let name = self.boxes[parent].name.clone();
                let count = self.method_arity(arity);
                return format!("from {name}.{method}({})", self.args(count, depth));
            }
        }
        match self.boxes[index]
            .methods
            .get(self.rng.below(self.boxes[index].methods.len()))
            .cloned()
        {
            Some((method, arity)) => {
                let count = self.method_arity(arity);
                format!("me.{method}({})", self.args(count, depth))
            }
            None => self.builtin_call(depth),
        }
    }

    fn new_expr(&mut self, depth: usize) -> String {
        let creatable: Vec<usize> = (0..self.boxes.len())
            .filter(|&b| !self.boxes[b].is_static)
            .collect();
        if creatable.is_empty() || self.rng.chance(30) {
            return match self.rng.below(4) {
                0 => "new ArrayBox()".to_string(),
                1 => "new MapBox()".to_string(),
                2 => format!("new StringBox({})", self.expr(depth.saturating_sub(1))),
                _ => "new ArrayBox<IntegerBox>()".to_string(),
            };
        }
        let index = *self.rng.pick(&creatable);
        let arity = match self.boxes[index].ctors.as_slice() {
            [] => 0,
            ctors => self.rng.pick(ctors).1,
        };
        let name = self.boxes[index].name.clone();
        let count = self.method_arity(arity);
        format!("new {name}({})", self.args(count, depth))
    }
}
