//! Result-type rules: what kind of value each instruction gives, from the kinds of its operands.
//!
//! Every rule mirrors the VM (`nyash-vm`'s `ops.rs` and `builtins/`), which is the reference
//! semantics; a rule that cannot be sure answers "anything". An operation that raises gives no
//! value at all, so a rule only has to describe the successful outcomes.
//!
//! [`binary_type`] and [`unary_type`] work on [`Type`] and are shared with lowering, which
//! types temporaries with them; the rest work on [`BuiltinBox`] kinds, which the pass tracks
//! for values that are no plain [`Type`] (an ArrayBox receiver makes `a.length()` an integer).

use crate::{BinaryOp, BuiltinBox, BuiltinFunc, Const, Type, UnaryOp};

/// The type of `l op r` where the operand types tell it (SPEC §4, the VM's `ops.rs`).
///
/// `+` with a string on either side concatenates; integers (and booleans, under `+` only) add
/// to an integer with wrapping; a float on either side of `+ - * / %` makes a float; `S * I`
/// repeats a string; `>>` takes two integers; comparisons and equality give booleans. Every
/// other combination raises or depends on values, and is `Any`.
pub fn binary_type(op: BinaryOp, l: Type, r: Type) -> Type {
    use Type::*;
    match op {
        BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
            Bool
        }
        BinaryOp::Add if l == Str || r == Str => Str,
        BinaryOp::Add => match (l, r) {
            (Int | Bool, Int | Bool) => Int,
            (Float, Int | Float) | (Int, Float) => Float,
            _ => Any,
        },
        BinaryOp::Mul if l == Str && r == Int => Str,
        BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod => match (l, r) {
            (Int, Int) => Int,
            (Float, Int | Float) | (Int, Float) => Float,
            _ => Any,
        },
        BinaryOp::Shr => match (l, r) {
            (Int, Int) => Int,
            _ => Any,
        },
    }
}

/// The type of `op src`: negation keeps an integer or a float (wrapping for the minimum
/// integer); `not` and truthiness always give a boolean.
pub fn unary_type(op: UnaryOp, src: Type) -> Type {
    match op {
        UnaryOp::Not | UnaryOp::Truthy => Type::Bool,
        UnaryOp::Neg => match src {
            Type::Int | Type::Float => src,
            _ => Type::Any,
        },
    }
}

/// The [`Type`] of values of built-in kind `kind`; boxes with no type of their own are `Any`.
pub(crate) fn kind_type(kind: BuiltinBox) -> Type {
    match kind {
        BuiltinBox::Integer => Type::Int,
        BuiltinBox::Float => Type::Float,
        BuiltinBox::Bool => Type::Bool,
        BuiltinBox::String => Type::Str,
        BuiltinBox::Null => Type::Null,
        _ => Type::Any,
    }
}

/// The built-in kind every value of `ty` has, if `ty` says one.
pub(crate) fn type_kind(ty: Type) -> Option<BuiltinBox> {
    match ty {
        Type::Int => Some(BuiltinBox::Integer),
        Type::Float => Some(BuiltinBox::Float),
        Type::Bool => Some(BuiltinBox::Bool),
        Type::Str => Some(BuiltinBox::String),
        Type::Null => Some(BuiltinBox::Null),
        Type::Any => None,
    }
}

/// The kind of a literal.
pub(crate) fn const_kind(value: &Const) -> BuiltinBox {
    match value {
        Const::Int(_) => BuiltinBox::Integer,
        Const::Float(_) => BuiltinBox::Float,
        Const::Bool(_) => BuiltinBox::Bool,
        Const::Null => BuiltinBox::Null,
        Const::Str(_) => BuiltinBox::String,
    }
}

/// The kind a `nyashstd` function gives, where it is always the same.
pub(crate) fn builtin_func_kind(func: BuiltinFunc) -> Option<BuiltinBox> {
    Some(match func {
        BuiltinFunc::StringUpper | BuiltinFunc::StringLower | BuiltinFunc::StringCreate => {
            BuiltinBox::String
        }
        BuiltinFunc::IntegerCreate => BuiltinBox::Integer,
        BuiltinFunc::BoolCreate => BuiltinBox::Bool,
        BuiltinFunc::ArrayCreate => BuiltinBox::Array,
        BuiltinFunc::ConsoleLog => BuiltinBox::Null,
    })
}

/// The kind `receiver.method(..)` gives when the receiver is a built-in box of kind `receiver`,
/// where every successful call gives that kind. Methods whose result depends on the values
/// (`get`, `pop`, `max`, `toInteger` of a string, ...) are `None`.
pub(crate) fn method_kind(receiver: BuiltinBox, method: &str) -> Option<BuiltinBox> {
    use BuiltinBox::{Bool, Float, Integer, Null, String};
    let own = match receiver {
        BuiltinBox::String => match method {
            "length" | "find" | "indexOf" => Some(Integer),
            "contains" | "startsWith" | "endsWith" => Some(Bool),
            "substring" | "replace" | "trim" | "toUpper" | "toUpperCase" | "toLower"
            | "toLowerCase" | "concat" | "repeat" => Some(String),
            _ => None,
        },
        BuiltinBox::Integer => match method {
            "abs" => Some(Integer),
            "toFloat" => Some(Float),
            "isEven" | "isOdd" => Some(Bool),
            _ => None,
        },
        BuiltinBox::Float => match method {
            "abs" | "pow" | "sqrt" | "sin" | "cos" | "tan" | "log" | "exp" => Some(Float),
            "floor" | "ceil" | "round" | "toInteger" => Some(Integer),
            "isNaN" | "isInfinite" | "isFinite" => Some(Bool),
            _ => None,
        },
        BuiltinBox::Bool => match method {
            "not" | "and" | "or" => Some(Bool),
            _ => None,
        },
        BuiltinBox::Array => match method {
            "length" | "size" | "indexOf" => Some(Integer),
            "contains" | "isEmpty" => Some(Bool),
            "push" | "set" => Some(Null),
            _ => None,
        },
        BuiltinBox::Map => match method {
            "size" => Some(Integer),
            "has" | "containsKey" | "containsValue" | "isEmpty" => Some(Bool),
            "toJSON" => Some(String),
            "set" => Some(Null),
            _ => None,
        },
        _ => None,
    };
    // Every built-in box answers the universal methods the same way (user boxes may define
    // their own, but a receiver of a built-in kind is no user box).
    own.or(match method {
        "toString" | "type" => Some(String),
        "equals" => Some(Bool),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_types_follow_the_vm() {
        use Type::*;
        assert_eq!(binary_type(BinaryOp::Add, Int, Int), Int);
        assert_eq!(binary_type(BinaryOp::Div, Int, Float), Float);
        assert_eq!(binary_type(BinaryOp::Add, Any, Str), Str);
        assert_eq!(binary_type(BinaryOp::Mul, Str, Int), Str);
        assert_eq!(binary_type(BinaryOp::Sub, Str, Int), Any);
        assert_eq!(binary_type(BinaryOp::Lt, Any, Any), Bool);
        // `true + 1` is 2 (booleans add as 0/1), but `true - 1` raises.
        assert_eq!(binary_type(BinaryOp::Add, Bool, Bool), Int);
        assert_eq!(binary_type(BinaryOp::Add, Bool, Int), Int);
        assert_eq!(binary_type(BinaryOp::Sub, Bool, Int), Any);
        assert_eq!(binary_type(BinaryOp::Add, Bool, Float), Any);
        assert_eq!(binary_type(BinaryOp::Shr, Int, Float), Any);
        assert_eq!(binary_type(BinaryOp::Mod, Float, Float), Float);
        assert_eq!(binary_type(BinaryOp::Add, Null, Int), Any);
    }

    #[test]
    fn unary_types_follow_the_vm() {
        assert_eq!(unary_type(UnaryOp::Neg, Type::Int), Type::Int);
        assert_eq!(unary_type(UnaryOp::Neg, Type::Float), Type::Float);
        assert_eq!(unary_type(UnaryOp::Neg, Type::Bool), Type::Any);
        assert_eq!(unary_type(UnaryOp::Not, Type::Any), Type::Bool);
        assert_eq!(unary_type(UnaryOp::Truthy, Type::Str), Type::Bool);
    }

    #[test]
    fn kinds_and_types_correspond() {
        for ty in [Type::Int, Type::Float, Type::Bool, Type::Str, Type::Null] {
            let kind = type_kind(ty).map(kind_type);
            assert_eq!(kind, Some(ty));
        }
        assert_eq!(type_kind(Type::Any), None);
        assert_eq!(kind_type(BuiltinBox::Array), Type::Any);
    }

    #[test]
    fn method_results_are_fixed_only_where_certain() {
        use BuiltinBox::*;
        assert_eq!(method_kind(String, "length"), Some(Integer));
        assert_eq!(method_kind(Array, "length"), Some(Integer));
        assert_eq!(method_kind(Float, "sqrt"), Some(Float));
        assert_eq!(method_kind(Integer, "toString"), Some(String));
        assert_eq!(method_kind(Console, "equals"), Some(Bool));
        // Null out of range; an integer or a float; null when the text is no number.
        assert_eq!(method_kind(String, "charAt"), None);
        assert_eq!(method_kind(Integer, "max"), None);
        assert_eq!(method_kind(String, "toInteger"), None);
        assert_eq!(method_kind(Array, "get"), None);
        assert_eq!(method_kind(Integer, "length"), None);
    }
}
