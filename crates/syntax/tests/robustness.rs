//! Robustness of the front end on arbitrary input: thousands of random token soups and
//! randomly damaged valid programs go through `lex` and `parse`. Nothing may panic, and every
//! span (tokens, errors, tree nodes) must lie inside the text, on char boundaries.
//!
//! The inputs come from a small seeded generator, so every run checks the same cases; a
//! failure prints the input that caused it.

use nyash_syntax::*;

/// SplitMix64: tiny, seedable, good enough to pick test cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

const VOCABULARY: &[&str] = &[
    "box",
    "static",
    "interface",
    "from",
    "new",
    "me",
    "this",
    "local",
    "outbox",
    "global",
    "init",
    "pack",
    "birth",
    "fini",
    "if",
    "else",
    "loop",
    "break",
    "continue",
    "return",
    "function",
    "fn",
    "print",
    "nowait",
    "await",
    "try",
    "catch",
    "finally",
    "throw",
    "include",
    "using",
    "weak",
    "override",
    "not",
    "and",
    "or",
    "true",
    "false",
    "null",
    "+",
    "-",
    "*",
    "/",
    "%",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "&&",
    "||",
    "!",
    "=",
    ".",
    ",",
    ":",
    "(",
    ")",
    "{",
    "}",
    ">>",
    "x",
    "Main",
    "Dog",
    "_a1",
    "0",
    "42",
    "3.14",
    "9223372036854775807",
    "9223372036854775808",
    "\"str\"",
    "\"🎉 ü\"",
    "\"esc \\n \\q\"",
    "\"open",
    "// c\n",
    "# c 世界\n",
    "@",
    "é",
    "\u{0}",
    ";",
    "\n",
    "\n\n",
];

const SEEDS: &[&str] = &[
    r#"box Animal {
    init { name, sound }
    birth(name) { me.name = name }
    speak() { return me.name + " says " + me.sound }
    fini() { print("bye " + me.name) }
}
box Dog from Animal {
    init { breed, weak owner }
    birth(name, breed) { from Animal.birth(name)  me.sound = "woof"  me.breed = breed }
    override speak() { return from Animal.speak() + "!" }
}
static box Main {
    main() {
        local d = new Dog("rex", "lab")
        print(d.speak())
    }
}"#,
    r#"using nyashstd
include "lib.nyash"
interface Shape { area() scale(f) }
function Util.twice(x) { return x * 2 }
global total = 0
static box Main {
    init { items }
    static { me.items = new ArrayBox<IntegerBox>() }
    main(args) {
        local i = 0, s = "é🎉"
        loop(i < 10) {
            if (i % 2 == 0) { i = i + 1  continue } else if i > 7 { break } else { total = total + i }
            i = i + 1
        }
        try { throw "boom" } catch (ErrorBox e) { print(e.message()) } finally { print("done") }
        nowait f = Util.twice(21)
        print(await f)
        return not (i >= 3 && -i <= 2 || i >> 1 != 0)
    }
}"#,
];

/// Every span of a token, error or tree node must be inside `src` and on char boundaries.
fn check_span(src: &str, span: Span, what: &str) {
    let (start, end) = (span.start as usize, span.end as usize);
    assert!(
        start <= end && end <= src.len(),
        "{what} span {span} out of range in {src:?}"
    );
    assert!(
        src.is_char_boundary(start) && src.is_char_boundary(end),
        "{what} span {span} not on char boundaries in {src:?}"
    );
}

fn check_source(src: &str) {
    let (tokens, lex_errors) = lex(FileId(0), src);
    assert!(matches!(
        tokens.last().map(|t| &t.kind),
        Some(TokenKind::Eof)
    ));
    for token in &tokens {
        check_span(src, token.span, "token");
    }
    for error in &lex_errors {
        check_span(src, error.span(), "lex error");
    }
    let (file, errors) = parse(FileId(0), src);
    for error in &errors {
        check_span(src, error.span(), "parse error");
        assert!(!error.to_diagnostic().message.is_empty());
    }
    let mut spans = Vec::new();
    file.items
        .iter()
        .for_each(|item| item_spans(item, &mut spans));
    for span in spans {
        check_span(src, span, "tree node");
    }
}

fn item_spans(item: &Item, out: &mut Vec<Span>) {
    match item {
        Item::Box(decl) => {
            out.push(decl.span);
            out.push(decl.name.span);
            out.extend(decl.fields.iter().map(|f| f.name.span));
            for method in decl.ctors.iter().chain(&decl.methods) {
                out.push(method.span);
                out.extend(method.params.iter().map(|p| p.span));
                block_spans(&method.body, out);
            }
            decl.static_inits.iter().for_each(|b| block_spans(b, out));
        }
        Item::Interface(decl) => {
            out.push(decl.span);
            out.extend(decl.methods.iter().map(|m| m.name.span));
        }
        Item::Function(f) => {
            out.push(f.span);
            block_spans(&f.body, out);
        }
        Item::Using(name) => out.push(name.span),
        Item::Include { span, .. } => out.push(*span),
        Item::Stmt(stmt) => stmt_spans(stmt, out),
    }
}

fn block_spans(block: &Block, out: &mut Vec<Span>) {
    out.push(block.span);
    block.stmts.iter().for_each(|s| stmt_spans(s, out));
}

fn stmt_spans(stmt: &Stmt, out: &mut Vec<Span>) {
    out.push(stmt.span);
    match &stmt.kind {
        StmtKind::Local { decls, .. } => {
            for decl in decls {
                out.push(decl.name.span);
                decl.value.iter().for_each(|v| expr_spans(v, out));
            }
        }
        StmtKind::Global { value, .. } | StmtKind::Nowait { value, .. } => expr_spans(value, out),
        StmtKind::Assign { target, value } => {
            expr_spans(target, out);
            expr_spans(value, out);
        }
        StmtKind::If {
            branches,
            else_block,
        } => {
            for (cond, block) in branches {
                expr_spans(cond, out);
                block_spans(block, out);
            }
            else_block.iter().for_each(|b| block_spans(b, out));
        }
        StmtKind::Loop { cond, body } => {
            expr_spans(cond, out);
            block_spans(body, out);
        }
        StmtKind::Return(value) => value.iter().for_each(|v| expr_spans(v, out)),
        StmtKind::Print(value) | StmtKind::Throw(value) | StmtKind::Expr(value) => {
            expr_spans(value, out)
        }
        StmtKind::Try {
            body,
            catch,
            finally,
        } => {
            block_spans(body, out);
            if let Some(catch) = catch {
                out.push(catch.span);
                block_spans(&catch.body, out);
            }
            finally.iter().for_each(|b| block_spans(b, out));
        }
        StmtKind::Break | StmtKind::Continue => {}
    }
}

fn expr_spans(expr: &Expr, out: &mut Vec<Span>) {
    out.push(expr.span);
    match &expr.kind {
        ExprKind::Unary {
            op_span, operand, ..
        } => {
            out.push(*op_span);
            expr_spans(operand, out);
        }
        ExprKind::Binary {
            op_span, lhs, rhs, ..
        } => {
            out.push(*op_span);
            expr_spans(lhs, out);
            expr_spans(rhs, out);
        }
        ExprKind::Field { object, name } => {
            out.push(name.span);
            expr_spans(object, out);
        }
        ExprKind::MethodCall {
            object,
            method,
            args,
        } => {
            out.push(method.span);
            expr_spans(object, out);
            args.iter().for_each(|a| expr_spans(a, out));
        }
        ExprKind::Call { callee, args } => {
            out.push(callee.span);
            args.iter().for_each(|a| expr_spans(a, out));
        }
        ExprKind::New { class, args, .. } => {
            out.push(class.span);
            args.iter().for_each(|a| expr_spans(a, out));
        }
        ExprKind::FromCall { method, args, .. } => {
            out.push(method.span);
            args.iter().for_each(|a| expr_spans(a, out));
        }
        ExprKind::Await(inner) => expr_spans(inner, out),
        _ => {}
    }
}

fn token_soup(rng: &mut Rng) -> String {
    let len = rng.below(60);
    let mut src = String::new();
    for _ in 0..len {
        src.push_str(rng.pick(VOCABULARY));
        src.push_str(rng.pick(&[" ", " ", "", "\n", "  "]));
    }
    src
}

/// The largest char boundary at or below `at`.
fn floor_boundary(src: &str, at: usize) -> usize {
    (0..=at.min(src.len()))
        .rev()
        .find(|&i| src.is_char_boundary(i))
        .unwrap_or(0)
}

/// A random range of `src` on char boundaries.
fn random_range(rng: &mut Rng, src: &str) -> (usize, usize) {
    let a = floor_boundary(src, rng.below(src.len() + 1));
    let b = floor_boundary(src, a + rng.below(20));
    (a, b.max(a))
}

const INSERTS: &[&str] = &[
    "é",
    "🎉",
    "世",
    "\u{0}",
    "\"",
    "{",
    "}",
    "(",
    ")",
    "\n",
    "\\",
    "#",
    "//",
    "@",
    "<",
    ">>",
    "new",
    "if",
    "box",
    "99999999999999999999",
    ".",
    ",",
    "=",
];

/// One random character-level or token-level change of `src`.
fn mutate(rng: &mut Rng, src: &str) -> String {
    let (a, b) = random_range(rng, src);
    let mut out = String::new();
    match rng.below(5) {
        0 => {
            // delete a range
            out.push_str(&src[..a]);
            out.push_str(&src[b..]);
        }
        1 => {
            // insert a snippet
            out.push_str(&src[..a]);
            out.push_str(rng.pick(INSERTS));
            out.push_str(&src[a..]);
        }
        2 => {
            // duplicate a range
            out.push_str(&src[..b]);
            out.push_str(&src[a..]);
        }
        3 => {
            // swap two tokens
            let (tokens, _) = lex(FileId(0), src);
            let i = rng.below(tokens.len());
            let j = rng.below(tokens.len());
            let (first, second) = if tokens[i].span.start <= tokens[j].span.start {
                (&tokens[i], &tokens[j])
            } else {
                (&tokens[j], &tokens[i])
            };
            let (s1, e1) = (first.span.start as usize, first.span.end as usize);
            let (s2, e2) = (second.span.start as usize, second.span.end as usize);
            if e1 > s2 {
                return src.to_string();
            }
            out.push_str(&src[..s1]);
            out.push_str(&src[s2..e2]);
            out.push_str(&src[e1..s2]);
            out.push_str(&src[s1..e1]);
            out.push_str(&src[e2..]);
        }
        _ => {
            // delete one whole token
            let (tokens, _) = lex(FileId(0), src);
            let token = &tokens[rng.below(tokens.len())];
            out.push_str(&src[..token.span.start as usize]);
            out.push_str(&src[token.span.end as usize..]);
        }
    }
    out
}

#[test]
fn seeds_parse_cleanly() {
    for seed in SEEDS {
        let (_, errors) = parse(FileId(0), seed);
        assert!(errors.is_empty(), "{errors:?}");
    }
}

#[test]
fn random_token_soups() {
    let mut rng = Rng(1);
    for _ in 0..5000 {
        check_source(&token_soup(&mut rng));
    }
}

#[test]
fn mutated_programs() {
    let mut rng = Rng(2);
    for _ in 0..4000 {
        let mut src = rng.pick(SEEDS).to_string();
        for _ in 0..1 + rng.below(6) {
            src = mutate(&mut rng, &src);
        }
        check_source(&src);
    }
}

#[test]
fn truncation_at_every_byte() {
    for seed in SEEDS {
        let bytes = seed.as_bytes();
        for end in 0..=bytes.len() {
            // Cutting inside a multi-byte character leaves invalid UTF-8: read it lossily,
            // as a front end fed raw bytes would.
            check_source(&String::from_utf8_lossy(&bytes[..end]));
        }
    }
}

#[test]
fn deep_and_long_inputs() {
    for src in [
        "(".repeat(20_000),
        "{".repeat(20_000),
        "if x {".repeat(5_000),
        "-".repeat(20_000),
        "a".to_string() + &".b".repeat(20_000),
        "1".to_string() + &" + 1".repeat(20_000),
        "new A<".repeat(5_000),
        "box A { init { ".repeat(2_000),
        "\"".repeat(10_001),
        "}".repeat(10_000),
    ] {
        check_source(&src);
    }
}
