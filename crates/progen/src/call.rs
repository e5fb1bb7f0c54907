//! Calls of user code from an expression: methods of objects in scope, of `me`, of static
//! boxes, and top-level functions. A call is only written when its callee has a lower rank
//! than the body being written (so no call chain can loop) and the body can afford the
//! callee's work at this point.

use crate::gen::Gen;
use crate::model::{Method, Ty};

/// A callable: what to write before its name, and its signature.
struct Callable {
    prefix: String,
    method: Method,
}

impl Gen {
    /// A call returning `ty`, if some callable fits here.
    pub fn call_of(&mut self, ty: Ty, depth: u32) -> Option<String> {
        let candidates: Vec<Callable> = self
            .callables()
            .into_iter()
            .filter(|c| {
                c.method.ret == ty
                    && c.method.rank < self.body.rank
                    && self.body.affords(c.method.cap + 1)
            })
            .collect();
        let index = self.rng.below(candidates.len());
        let call = candidates.into_iter().nth(index)?;
        if ty == Ty::Str {
            if self.str_refs == 0 {
                return None;
            }
            self.str_refs -= 1;
        }
        self.body.spend(call.method.cap + 1);
        let args = self.arguments(&call.method, depth);
        Some(format!("{}{}({})", call.prefix, call.method.name, args))
    }

    /// The arguments of a call of `method`; a recursive helper's first argument is reduced
    /// modulo its bound.
    pub fn arguments(&mut self, method: &Method, depth: u32) -> String {
        let mut args = Vec::new();
        for (i, &param) in method.params.iter().enumerate() {
            let arg = self.value(param, depth);
            match (i, method.bound) {
                (0, Some(bound)) => args.push(format!("({arg} % {bound})")),
                _ => args.push(arg),
            }
        }
        args.join(", ")
    }

    /// A call of any user method or function that fits here, as a statement, if any.
    pub fn call_statement(&mut self) -> Option<String> {
        let candidates: Vec<Callable> = self
            .callables()
            .into_iter()
            .filter(|c| c.method.rank < self.body.rank && self.body.affords(c.method.cap + 1))
            .collect();
        let index = self.rng.below(candidates.len());
        let call = candidates.into_iter().nth(index)?;
        self.body.spend(call.method.cap + 1);
        self.str_refs = 1;
        let args = self.arguments(&call.method, 2);
        Some(format!("{}{}({})", call.prefix, call.method.name, args))
    }

    /// Every callable visible from the current body.
    fn callables(&self) -> Vec<Callable> {
        let mut callables: Vec<Callable> = self
            .world
            .functions
            .iter()
            .map(|f| Callable {
                prefix: String::new(),
                method: f.clone(),
            })
            .collect();
        for (c, class) in self.world.classes.iter().enumerate() {
            if class.is_static {
                let prefix = format!("{}.", class.name);
                callables.extend(
                    self.world
                        .all_methods(c)
                        .into_iter()
                        .map(|method| Callable {
                            prefix: prefix.clone(),
                            method,
                        }),
                );
            }
            for var in self.body.vars_of(Ty::Obj(c)) {
                let prefix = format!("{}.", var.name);
                callables.extend(
                    self.world
                        .all_methods(c)
                        .into_iter()
                        .map(|method| Callable {
                            prefix: prefix.clone(),
                            method,
                        }),
                );
            }
        }
        if let Some(me) = self.body.me {
            callables.extend(
                self.world
                    .all_methods(me)
                    .into_iter()
                    .map(|method| Callable {
                        prefix: "me.".into(),
                        method,
                    }),
            );
        }
        callables
    }
}
