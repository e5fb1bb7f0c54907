#!/usr/bin/env python3
"""Compile speed: source lines per second of `nyash --compile-wasm` on a large generated program.

The budget (DESIGN §7) is at least 100,000 source lines per second from source to wasm. This
script writes a realistic program of many boxes and methods (plain statements, loops, `if`
chains, strings, arrays, maps, try/catch, delegation with overrides; expressions stay short,
far below the parser's nesting limit) and times two commands of the same binary, best of
`--repeat` runs each (wall clock of the whole process):

  front end   `nyash --verify big.nyash`              parse, check, lower, verify the MIR
  to wasm     `nyash --compile-wasm big.nyash -o ...`  the same front end, then wasm code generation

Usage: python3 bench/compile_speed.py [--lines N] [--repeat K] [--nyash PATH] [--keep DIR] [--check]
                                      [--shape boxes|long-main]
(default: 120000 lines, 3 repeats, target/release/nyash; nothing is built). `--check` first runs
the program on both backends and requires the same output. `--shape long-main` writes the
whole program as one long `main` instead (see `long_main`).
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def shape_box(i):
    """One family of boxes: a base box with fields and methods, and a child that overrides."""
    return f"""// family {i}
box Item{i} {{
    init {{ name, count, price, tags }}
    birth(name, count) {{
        me.name = name
        me.count = count
        me.price = count * 3 + {i % 97}
        me.tags = new ArrayBox()
    }}
    total() {{
        local sum = 0
        local k = 0
        loop(k < me.count) {{
            sum = sum + me.price * k % 7
            k = k + 1
        }}
        return sum
    }}
    label() {{
        local text = me.name + "#" + me.count
        if me.count > 10 {{
            text = text + " (many)"
        }} else if me.count > 3 {{
            text = text + " (some)"
        }} else {{
            text = text + " (few)"
        }}
        return text
    }}
    tag(word) {{
        if me.tags.contains(word) {{ return false }}
        me.tags.push(word)
        return true
    }}
    describe(map) {{
        map.set(me.name, me.total())
        map.set("last", me.label())
        return map.size()
    }}
    safeRatio(d) {{
        try {{
            return me.price / d
        }} catch (e) {{
            return -1
        }}
    }}
    toString() {{ return "Item{i}(" + me.name + ")" }}
}}

box Special{i} from Item{i} {{
    init {{ bonus }}
    birth(name, count, bonus) {{
        from Item{i}.birth(name, count)
        me.bonus = bonus
    }}
    override total() {{
        local base = from Item{i}.total()
        return base + me.bonus * 2
    }}
    override label() {{
        return "special " + from Item{i}.label()
    }}
    scale(factor) {{
        local f = factor * 1.5
        local result = me.bonus * f
        if result > 100.0 {{ return 100.0 }}
        return result
    }}
}}

"""


def main_box(families):
    calls = []
    step = max(1, families // 40)
    for i in range(0, families, step):
        calls.append(f"""        local a{i} = new Item{i}("a{i}", {i % 13})
        local s{i} = new Special{i}("s{i}", {i % 7}, {i % 5})
        total = total + a{i}.total() + s{i}.total()
        print(s{i}.label() + " " + a{i}.describe(map) + " " + s{i}.scale(2))
""")
    return ("static box Main {\n    main() {\n        local total = 0\n"
            "        local map = new MapBox()\n" + "".join(calls) +
            "        print(\"total \" + total)\n    }\n}\n")


def long_main(lines_wanted):
    """One function of `lines_wanted` lines: a generated `main` with thousands of locals, `if`s
    and calls in one scope, which is what code generators write. What is linear per function
    (name lookup, the dataflow of type inference, per-register questions of code generation)
    shows up here as a quadratic term if it is not."""
    body = []
    for i in range(lines_wanted // 5):
        body.append(f"""        local v{i} = {i} * 3 + total % 7
        if v{i} > {i} {{ total = total + v{i} }} else {{ total = total - 1 }}
        items.push(v{i})
        text = "x" + v{i}
        total = total + text.length()
""")
    return ("static box Main {\n    main() {\n        local total = 0\n"
            "        local text = \"\"\n        local items = new ArrayBox()\n" + "".join(body) +
            "        print(total)\n        print(items.length())\n    }\n}\n"), 1


def generate(lines_wanted):
    parts = []
    lines = 0
    i = 0
    while lines < lines_wanted:
        text = shape_box(i)
        parts.append(text)
        lines += text.count("\n")
        i += 1
    parts.append(main_box(i))
    return "".join(parts), i


def best_time(command, repeat):
    best = None
    for _ in range(repeat):
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            sys.exit(f"failed: {' '.join(command)}\n{done.stderr[:2000]}")
        best = elapsed if best is None else min(best, elapsed)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=120000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--nyash", default=os.path.join(ROOT, "target", "release", "nyash"))
    parser.add_argument("--shape", choices=["boxes", "long-main"], default="boxes",
                        help="many boxes and methods (default), or one long `main`")
    parser.add_argument("--keep", help="write the program and module into this directory")
    parser.add_argument("--check", action="store_true",
                        help="first run the program on the VM and on wasm and compare outputs")
    args = parser.parse_args()
    if not os.path.exists(args.nyash):
        sys.exit(f"{args.nyash} not found: build it with `cargo build --release -p nyash-cli`")

    source, families = (long_main if args.shape == "long-main" else generate)(args.lines)
    lines = source.count("\n")
    workdir = args.keep or tempfile.mkdtemp(prefix="nyash-compile-speed-")
    os.makedirs(workdir, exist_ok=True)
    program = os.path.join(workdir, "big.nyash")
    module = os.path.join(workdir, "big.wasm")
    with open(program, "w") as f:
        f.write(source)

    if args.check:
        # The program runs on both backends and prints the same (each run compiles it once
        # more, so this is optional on big inputs).
        vm = subprocess.run([args.nyash, program], capture_output=True, text=True)
        wasm = subprocess.run([args.nyash, "--backend", "wasm", program],
                              capture_output=True, text=True)
        if vm.returncode != 0 or wasm.returncode != 0 or vm.stdout != wasm.stdout:
            sys.exit(f"the benchmark program does not run the same on both backends:\n"
                     f"vm: {vm.returncode} {vm.stderr[:500]}\n"
                     f"wasm: {wasm.returncode} {wasm.stderr[:500]}")
        print("checked: the program prints the same on the VM and on wasm")

    front = best_time([args.nyash, "--verify", program], args.repeat)
    to_wasm = best_time([args.nyash, "--compile-wasm", program, "-o", module], args.repeat)
    size = os.path.getsize(module)
    boxes = "one function" if args.shape == "long-main" else f"{families * 2} boxes"
    print(f"program: {lines} lines, {boxes}, {len(source) / 1e6:.1f} MB; "
          f"module: {size / 1e6:.1f} MB")
    print(f"front end (--verify):      {front * 1000:8.1f} ms  {lines / front:12,.0f} lines/s")
    print(f"to wasm (--compile-wasm):  {to_wasm * 1000:8.1f} ms  {lines / to_wasm:12,.0f} lines/s")
    budget = 100000
    verdict = "meets" if lines / to_wasm >= budget else "misses"
    print(f"budget: >= {budget:,} lines/s from source to wasm: {verdict} it")
    if not args.keep:
        os.remove(program)
        os.remove(module)
        os.rmdir(workdir)


if __name__ == "__main__":
    main()
