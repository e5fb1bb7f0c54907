//! A compact S-expression form of the AST for tests: no spans, one line per item.

use crate::ast::*;

pub(super) fn file(file: &SourceFile) -> String {
    file.items.iter().map(item).collect::<Vec<_>>().join("\n")
}

fn item(item: &Item) -> String {
    match item {
        Item::Box(decl) => box_decl(decl),
        Item::Interface(decl) => {
            let sigs: Vec<String> = decl
                .methods
                .iter()
                .map(|m| format!("{}({})", m.name.name, names(&m.params)))
                .collect();
            format!("(interface {} {})", decl.name.name, sigs.join(" "))
        }
        Item::Function(f) => {
            let ns = f
                .namespace
                .as_ref()
                .map_or(String::new(), |n| format!("{}.", n.name));
            format!(
                "(function {ns}{}({}) {})",
                f.name.name,
                names(&f.params),
                block(&f.body)
            )
        }
        Item::Using(name) => format!("(using {})", name.name),
        Item::Include { path, .. } => format!("(include {path:?})"),
        Item::Stmt(s) => stmt(s),
    }
}

fn names(idents: &[Ident]) -> String {
    idents
        .iter()
        .map(|i| i.name.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

fn box_decl(decl: &BoxDecl) -> String {
    let mut parts = vec![format!("box {}", decl.name.name)];
    if decl.is_static {
        parts.push("static".into());
    }
    if !decl.type_params.is_empty() {
        parts.push(format!("<{}>", names(&decl.type_params)));
    }
    if !decl.parents.is_empty() {
        parts.push(format!("from({})", names(&decl.parents)));
    }
    if !decl.interfaces.is_empty() {
        parts.push(format!("interface({})", names(&decl.interfaces)));
    }
    if !decl.fields.is_empty() {
        let fields: Vec<String> = decl
            .fields
            .iter()
            .map(|f| format!("{}{}", if f.weak { "weak:" } else { "" }, f.name.name))
            .collect();
        parts.push(format!("(fields {})", fields.join(" ")));
    }
    parts.extend(decl.ctors.iter().map(method));
    parts.extend(decl.methods.iter().map(method));
    parts.extend(
        decl.static_inits
            .iter()
            .map(|b| format!("(static {})", block(b))),
    );
    format!("({})", parts.join(" "))
}

fn method(m: &Method) -> String {
    let kind = match m.kind {
        MethodKind::Method => "method",
        MethodKind::Ctor(CtorKind::Birth) => "ctor-birth",
        MethodKind::Ctor(CtorKind::Init) => "ctor-init",
        MethodKind::Ctor(CtorKind::Pack) => "ctor-pack",
        MethodKind::Ctor(CtorKind::Named) => "ctor-named",
    };
    let mut mods = String::new();
    if m.is_override {
        mods.push_str("override ");
    }
    if m.is_static {
        mods.push_str("static ");
    }
    format!(
        "({kind} {mods}{}({}) {})",
        m.name.name,
        names(&m.params),
        block(&m.body)
    )
}

pub(super) fn block(b: &Block) -> String {
    format!(
        "{{{}}}",
        b.stmts.iter().map(stmt).collect::<Vec<_>>().join(" ")
    )
}

pub(super) fn stmt(s: &Stmt) -> String {
    match &s.kind {
        StmtKind::Local { kind, decls } => {
            let word = match kind {
                LocalKind::Local => "local",
                LocalKind::Outbox => "outbox",
            };
            let decls: Vec<String> = decls
                .iter()
                .map(|d| match &d.value {
                    Some(v) => format!("{}={}", d.name.name, expr(v)),
                    None => d.name.name.clone(),
                })
                .collect();
            format!("({word} {})", decls.join(" "))
        }
        StmtKind::Global { name, value } => format!("(global {}={})", name.name, expr(value)),
        StmtKind::Assign { target, value } => format!("(= {} {})", expr(target), expr(value)),
        StmtKind::If {
            branches,
            else_block,
        } => {
            let mut parts: Vec<String> = branches
                .iter()
                .map(|(c, b)| format!("{} {}", expr(c), block(b)))
                .collect();
            if let Some(b) = else_block {
                parts.push(format!("else {}", block(b)));
            }
            format!("(if {})", parts.join(" "))
        }
        StmtKind::Loop { cond, body } => format!("(loop {} {})", expr(cond), block(body)),
        StmtKind::Break => "break".into(),
        StmtKind::Continue => "continue".into(),
        StmtKind::Return(None) => "(return)".into(),
        StmtKind::Return(Some(v)) => format!("(return {})", expr(v)),
        StmtKind::Print(v) => format!("(print {})", expr(v)),
        StmtKind::Throw(v) => format!("(throw {})", expr(v)),
        StmtKind::Try {
            body,
            catch,
            finally,
        } => {
            let mut parts = vec![format!("try {}", block(body))];
            if let Some(c) = catch {
                let ty = c.type_name.as_ref().map_or("_", |t| t.name.as_str());
                let var = c.var.as_ref().map_or("_", |v| v.name.as_str());
                parts.push(format!("(catch {ty} {var} {})", block(&c.body)));
            }
            if let Some(f) = finally {
                parts.push(format!("(finally {})", block(f)));
            }
            format!("({})", parts.join(" "))
        }
        StmtKind::Nowait { name, value } => format!("(nowait {} {})", name.name, expr(value)),
        StmtKind::Expr(e) => expr(e),
    }
}

fn args(list: &[Expr]) -> String {
    list.iter().map(|a| format!(" {}", expr(a))).collect()
}

pub(super) fn expr(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Int(v) => v.to_string(),
        ExprKind::Float(v) => format!("{v:?}"),
        ExprKind::Str(s) => format!("{s:?}"),
        ExprKind::Bool(b) => b.to_string(),
        ExprKind::Null => "null".into(),
        ExprKind::Me => "me".into(),
        ExprKind::Var(name) => name.clone(),
        ExprKind::Unary { op, operand, .. } => {
            let op = match op {
                UnaryOp::Neg => "-",
                UnaryOp::Not => "not",
            };
            format!("({op} {})", expr(operand))
        }
        ExprKind::Binary { op, lhs, rhs, .. } => {
            format!("({} {} {})", binary_op(*op), expr(lhs), expr(rhs))
        }
        ExprKind::Field { object, name } => format!("(. {} {})", expr(object), name.name),
        ExprKind::MethodCall {
            object,
            method,
            args: list,
        } => format!("(.{} {}{})", method.name, expr(object), args(list)),
        ExprKind::Call { callee, args: list } => format!("(call {}{})", callee.name, args(list)),
        ExprKind::New {
            class,
            type_args,
            args: list,
        } => {
            let types = if type_args.is_empty() {
                String::new()
            } else {
                format!("<{}>", names(type_args))
            };
            format!("(new {}{types}{})", class.name, args(list))
        }
        ExprKind::FromCall {
            parent,
            method,
            args: list,
        } => format!("(from {}.{}{})", parent.name, method.name, args(list)),
        ExprKind::Await(inner) => format!("(await {})", expr(inner)),
    }
}

fn binary_op(op: BinaryOp) -> &'static str {
    match op {
        BinaryOp::Add => "+",
        BinaryOp::Sub => "-",
        BinaryOp::Mul => "*",
        BinaryOp::Div => "/",
        BinaryOp::Mod => "%",
        BinaryOp::Shr => ">>",
        BinaryOp::Eq => "==",
        BinaryOp::Ne => "!=",
        BinaryOp::Lt => "<",
        BinaryOp::Le => "<=",
        BinaryOp::Gt => ">",
        BinaryOp::Ge => ">=",
        BinaryOp::And => "and",
        BinaryOp::Or => "or",
    }
}
