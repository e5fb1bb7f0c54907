//! The state of the function body being written: variables in scope (block by block), the
//! receiver, the rank that bounds which callables may be called, and the work budget that
//! keeps every program fast.

use crate::model::{Ty, Var};

/// Where a body is and what it may still spend.
pub struct Body {
    scopes: Vec<Vec<Var>>,
    /// The user box whose method this is (`me`), if any.
    pub me: Option<usize>,
    /// Callables of a lower rank may be called.
    pub rank: usize,
    /// How many times the current point runs per call of the body (product of loop bounds).
    pub mult: u64,
    /// Work spent so far, and the most allowed.
    pub spent: u64,
    pub budget: u64,
    /// Enclosing loops (for `break`/`continue`).
    pub loops: usize,
    /// The kind this body returns, if it must return a value.
    pub ret: Option<Ty>,
    /// Enclosing `try` blocks that catch.
    pub catching: usize,
    next_name: usize,
    /// Prefix of the names of locals, so that names never clash with fields or boxes.
    prefix: &'static str,
}

impl Body {
    pub fn new(rank: usize, budget: u64, prefix: &'static str) -> Self {
        Body {
            scopes: vec![Vec::new()],
            me: None,
            rank,
            mult: 1,
            spent: 0,
            budget,
            loops: 0,
            ret: None,
            catching: 0,
            next_name: 0,
            prefix,
        }
    }

    /// A name no local of this body has.
    pub fn fresh(&mut self) -> String {
        self.next_name += 1;
        format!("{}{}", self.prefix, self.next_name)
    }

    pub fn declare(&mut self, var: Var) {
        if let Some(scope) = self.scopes.last_mut() {
            scope.push(var);
        }
    }

    pub fn push_scope(&mut self) {
        self.scopes.push(Vec::new());
    }

    pub fn pop_scope(&mut self) {
        if self.scopes.len() > 1 {
            self.scopes.pop();
        }
    }

    /// Variables in scope with kind `ty`.
    pub fn vars_of(&self, ty: Ty) -> Vec<Var> {
        self.scopes
            .iter()
            .flatten()
            .filter(|v| v.ty == ty)
            .cloned()
            .collect()
    }

    /// Every variable in scope.
    pub fn all_vars(&self) -> Vec<Var> {
        self.scopes.iter().flatten().cloned().collect()
    }

    /// Whether spending `cost` more (per execution of this point) stays within budget.
    pub fn affords(&self, cost: u64) -> bool {
        self.spent
            .saturating_add(self.mult.saturating_mul(cost))
            .le(&self.budget)
    }

    /// Records `cost` of work at this point.
    pub fn spend(&mut self, cost: u64) {
        self.spent = self.spent.saturating_add(self.mult.saturating_mul(cost));
    }
}
