#!/usr/bin/env python3
"""Run the Nyash benchmarks against CPython and Lua and print a comparison table.

Every program in bench/programs/ exists once per language (`fib.nyash`, `fib.py`, `fib.lua`).
Each engine runs each program; the wall-clock time of the whole process is measured (the
minimum over --repeat runs), every engine's standard output must be identical, and the table
shows the times and the ratios of each Nyash engine to each reference engine.

Engines are a list of named command templates (ENGINES below). A new Nyash backend, such as a
natively compiled executable, is one more entry in that list and becomes one more column of
the table.

Nyash engines run with `--time`, which prints `compile: X ms` and `run: Y ms` on stderr. For
`nyash-wasm` (`nyash --backend wasm`) the table shows the compile time (wasm code generation
plus wasmtime's compilation) apart from the run time of the compiled code, and how many times
faster that run is than the VM's run and than the whole CPython process. The wasm engine may
use another `nyash` binary (`--wasm-nyash`): the speed of the generated code does not depend
on how `nyash` itself was optimised, only its compile time does.

Usage:
    python3 bench/run.py                 # run everything that is installed
    python3 bench/run.py --build         # build target/release/nyash first
    python3 bench/run.py --only fib,loop --repeat 3
    python3 bench/run.py --wasm-nyash target/debug/nyash   # wasm code from a debug build

Exit code: 0 when every run succeeded and all engines agreed; 1 on any failure or mismatch;
2 on bad arguments.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(BENCH_DIR)
PROGRAMS_DIR = os.path.join(BENCH_DIR, "programs")
DEFAULT_NYASH = os.path.join(REPO_DIR, "target", "release", "nyash")
BUILD_COMMAND = ["cargo", "build", "--release", "-p", "nyash-cli"]


@dataclass(frozen=True)
class Engine:
    """One way of running a program, described as command templates.

    Placeholders in the templates: `{program}` is the source file, `{artifact}` a scratch
    file path for engines that compile first, and every tool name (`{nyash}`, `{nyash_wasm}`,
    `{python}`, `{lua}`) is the resolved path of that tool. `prepare`, when given, runs once
    before the timed runs (a compile step, say) and is not timed. `timed` engines print
    `compile: X ms` and `run: Y ms` on stderr (`nyash --time`).
    """

    name: str
    extension: str
    run: list[str]
    tools: tuple[str, ...]
    is_nyash: bool
    prepare: list[str] | None = None
    timed: bool = False


VM = "nyash-vm"
WASM = "nyash-wasm"
CPYTHON = "cpython"

ENGINES: list[Engine] = [
    Engine(VM, ".nyash", ["{nyash}", "--time", "{program}"], ("nyash",), is_nyash=True,
           timed=True),
    Engine(WASM, ".nyash", ["{nyash_wasm}", "--backend", "wasm", "--time", "{program}"],
           ("nyash_wasm",), is_nyash=True, timed=True),
    # Future backends go here, for example:
    # Engine("nyash-native", ".nyash", ["{artifact}"], ("nyash",), is_nyash=True,
    #        prepare=["{nyash}", "build", "{program}", "-o", "{artifact}"]),
    Engine(CPYTHON, ".py", ["{python}", "{program}"], ("python",), is_nyash=False),
    Engine("lua", ".lua", ["{lua}", "{program}"], ("lua",), is_nyash=False),
]


@dataclass
class Outcome:
    """What one engine did with one program."""

    seconds: float | None = None
    output: str | None = None
    error: str | None = None
    # What a timed engine reported on stderr: compile time and run time, in seconds.
    compile_seconds: float | None = None
    run_seconds: float | None = None


@dataclass
class Row:
    """One program's outcomes, by engine name, and any disagreement between them."""

    program: str
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    mismatch: bool = False


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Compare Nyash with CPython and Lua.")
    add = parser.add_argument
    add("--build", action="store_true", help="run `cargo build --release -p nyash-cli` first")
    add("--nyash", metavar="PATH", help=f"the nyash binary (default {DEFAULT_NYASH})")
    add("--wasm-nyash", metavar="PATH", help="the nyash binary of the wasm engine (default: --nyash)")
    add("--python", metavar="PATH", help="CPython (default: the one running this script)")
    add("--lua", metavar="PATH", help="the Lua interpreter (default: lua5.4, else lua)")
    add("--only", metavar="NAMES", help="comma-separated programs to run, e.g. fib,loop")
    add("--engines", metavar="NAMES", help="comma-separated engines, e.g. nyash-vm,cpython")
    add("--repeat", type=int, default=1, metavar="N", help="runs per engine; the fastest counts")
    add("--timeout", type=float, default=600.0, metavar="SECONDS", help="limit per run")
    add("--markdown", action="store_true", help="print the table as Markdown")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def find_tools(args: argparse.Namespace) -> dict[str, str | None]:
    """Resolve each tool to an executable path, or None when it is not installed.

    A path given on the command line must exist: silently leaving its column empty would
    hide a typo.
    """
    explicit = {
        "nyash": args.nyash,
        "wasm-nyash": args.wasm_nyash,
        "python": args.python,
        "lua": args.lua,
    }
    for tool, path in explicit.items():
        if path and not find_executable(path):
            print(f"error: --{tool} {path}: no such executable", file=sys.stderr)
            sys.exit(2)
    nyash = find_nyash(args.nyash)
    return {
        "nyash": nyash,
        "nyash_wasm": find_executable(args.wasm_nyash) if args.wasm_nyash else nyash,
        "python": find_python(args.python),
        "lua": find_executable(args.lua) if args.lua else first_on_path(["lua5.4", "lua"]),
    }


def find_nyash(explicit: str | None) -> str | None:
    if explicit:
        return find_executable(explicit)
    return DEFAULT_NYASH if is_executable(DEFAULT_NYASH) else None


def find_python(explicit: str | None) -> str | None:
    if explicit:
        return find_executable(explicit)
    # The running interpreter is used directly: a `python3` found on PATH may be a shim
    # script whose own start-up time would be counted.
    if sys.implementation.name == "cpython" and sys.executable:
        return sys.executable
    return first_on_path(["python3"])


def find_executable(name: str) -> str | None:
    if os.sep in name:
        return os.path.abspath(name) if is_executable(name) else None
    return shutil.which(name)


def first_on_path(names: list[str]) -> str | None:
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    return None


def is_executable(path: str) -> bool:
    return os.path.isfile(path) and os.access(path, os.X_OK)


def build_nyash() -> bool:
    print("$ " + " ".join(BUILD_COMMAND), flush=True)
    result = subprocess.run(BUILD_COMMAND, cwd=REPO_DIR)
    return result.returncode == 0


def discover_programs() -> list[str]:
    """Program names with at least one source file, sorted so the table order is stable."""
    names = set()
    extensions = {engine.extension for engine in ENGINES}
    for entry in os.listdir(PROGRAMS_DIR):
        stem, extension = os.path.splitext(entry)
        if extension in extensions:
            names.add(stem)
    return sorted(names)


def select(all_names: list[str], wanted: str | None, what: str) -> list[str]:
    """Keep the names listed in `wanted` (comma-separated), in their original order."""
    if not wanted:
        return all_names
    requested = [name.strip() for name in wanted.split(",") if name.strip()]
    unknown = [name for name in requested if name not in all_names]
    if unknown:
        known = ", ".join(all_names)
        print(f"error: unknown {what}: {', '.join(unknown)} (known: {known})", file=sys.stderr)
        sys.exit(2)
    return [name for name in all_names if name in requested]


def engine_available(engine: Engine, tools: dict[str, str | None]) -> bool:
    return all(tools.get(tool) for tool in engine.tools)


def fill(template: list[str], values: dict[str, str]) -> list[str]:
    return [part.format(**values) for part in template]


def run_program(
    engine: Engine, program: str, tools: dict[str, str | None], args: argparse.Namespace
) -> Outcome:
    """Run one program on one engine `--repeat` times; all runs must print the same output."""
    source = os.path.join(PROGRAMS_DIR, program + engine.extension)
    if not os.path.isfile(source):
        return Outcome(error=f"missing {os.path.relpath(source, REPO_DIR)}")
    with tempfile.TemporaryDirectory(prefix="nyash-bench-") as scratch:
        values = {name: path for name, path in tools.items() if path}
        values["program"] = source
        values["artifact"] = os.path.join(scratch, program)
        if engine.prepare:
            prepared = execute(fill(engine.prepare, values), args.timeout)
            if prepared.error:
                return Outcome(error="prepare: " + prepared.error)
        best: Outcome | None = None
        for _ in range(args.repeat):
            outcome = execute(fill(engine.run, values), args.timeout, engine.timed)
            if outcome.error:
                return outcome
            if best is not None and outcome.output != best.output:
                return Outcome(error="output differs between repeated runs")
            if best is None or fastest_first(outcome, best):
                best = outcome
        return best or Outcome(error="not run")


def fastest_first(outcome: Outcome, best: Outcome) -> bool:
    """Whether `outcome` is faster than `best`: by reported run time when both have one."""
    if outcome.run_seconds is not None and best.run_seconds is not None:
        return outcome.run_seconds < best.run_seconds
    return (outcome.seconds or 0.0) < (best.seconds or 0.0)


TIME_LINE = re.compile(r"^(compile|run): ([0-9.]+) ms$", re.MULTILINE)


def reported_times(stderr: str) -> dict[str, float]:
    """The `compile: X ms` and `run: Y ms` lines of `nyash --time`, in seconds."""
    return {name: float(value) / 1000.0 for name, value in TIME_LINE.findall(stderr)}


def execute(command: list[str], timeout: float, timed: bool = False) -> Outcome:
    """Run a command, timing the whole process; a non-zero exit is an error."""
    start = time.perf_counter()
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return Outcome(error=f"timed out after {timeout:g} s")
    except OSError as problem:
        return Outcome(error=f"cannot start {command[0]}: {problem}")
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        detail = result.stderr.strip() or result.stdout.strip() or "(no output)"
        return Outcome(error=f"exit code {result.returncode}:\n{first_lines(detail, 20)}")
    outcome = Outcome(seconds=seconds, output=result.stdout.replace("\r\n", "\n"))
    if timed:
        times = reported_times(result.stderr)
        if "run" not in times:
            return Outcome(error="no `run: Y ms` line on stderr (does this nyash take --time?)")
        outcome.compile_seconds = times.get("compile")
        outcome.run_seconds = times["run"]
    return outcome


def first_lines(text: str, count: int) -> str:
    lines = text.splitlines()
    if len(lines) <= count:
        return text
    return "\n".join(lines[:count] + [f"... ({len(lines) - count} more lines)"])


def check_agreement(row: Row) -> None:
    """Mark the row when the engines that ran successfully printed different things."""
    outputs = {outcome.output for outcome in row.outcomes.values() if outcome.output is not None}
    row.mismatch = len(outputs) > 1


def ratio_columns(engines: list[Engine]) -> list[tuple[Engine, Engine]]:
    """Every (Nyash engine, reference engine) pair, in engine-list order."""
    subjects = [engine for engine in engines if engine.is_nyash]
    references = [engine for engine in engines if not engine.is_nyash]
    return [(subject, reference) for subject in subjects for reference in references]


def format_seconds(outcome: Outcome | None) -> str:
    if outcome is None:
        return "-"
    if outcome.error is not None:
        return "FAIL"
    return f"{outcome.seconds:.3f}"


def format_ratio(numerator: Outcome | None, denominator: Outcome | None) -> str:
    top = numerator.seconds if numerator is not None else None
    bottom = denominator.seconds if denominator is not None else None
    if top is None or bottom is None or bottom <= 0.0:
        return "-"
    return f"{top / bottom:.2f}x"


def format_reported(seconds: float | None, scale: float, digits: int) -> str:
    return "-" if seconds is None else f"{seconds * scale:.{digits}f}"


def format_speedup(slow: float | None, fast: float | None) -> str:
    if slow is None or fast is None or fast <= 0.0:
        return "-"
    return f"{slow / fast:.1f}x"


def wasm_columns(row: Row) -> list[str]:
    """Compile and run time of the wasm engine, and how many times faster its run is than
    the VM's run and than the whole CPython process."""
    wasm = row.outcomes.get(WASM)
    vm = row.outcomes.get(VM)
    python = row.outcomes.get(CPYTHON)
    wasm_run = wasm.run_seconds if wasm else None
    return [
        format_reported(wasm.compile_seconds if wasm else None, 1000.0, 1),
        format_reported(wasm_run, 1.0, 3),
        format_speedup(vm.run_seconds if vm else None, wasm_run),
        format_speedup(python.seconds if python else None, wasm_run),
    ]


def table_lines(rows: list[Row], engines: list[Engine], markdown: bool) -> list[str]:
    pairs = ratio_columns(engines)
    with_wasm = any(engine.name == WASM for engine in engines)
    header = ["program"] + [f"{engine.name} (s)" for engine in engines]
    header += [f"{subject.name}/{reference.name}" for subject, reference in pairs]
    if with_wasm:
        header += ["wasm compile (ms)", "wasm run (s)", "vm run/wasm run", "cpython/wasm run"]
    body = []
    for row in rows:
        cells = [row.program + (" !" if row.mismatch else "")]
        cells += [format_seconds(row.outcomes.get(engine.name)) for engine in engines]
        for subject, reference in pairs:
            numerator = row.outcomes.get(subject.name)
            cells.append(format_ratio(numerator, row.outcomes.get(reference.name)))
        if with_wasm:
            cells += wasm_columns(row)
        body.append(cells)
    if markdown:
        return markdown_table(header, body)
    return plain_table(header, body)


def plain_table(header: list[str], body: list[list[str]]) -> list[str]:
    widths = [max(len(line[i]) for line in [header] + body) for i in range(len(header))]

    def render(cells: list[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = [cell.rjust(width) for cell, width in zip(cells[1:], widths[1:])]
        return "  ".join([first] + rest).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return [render(header), rule] + [render(cells) for cells in body]


def markdown_table(header: list[str], body: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |"]
    lines.append("|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|")
    lines += ["| " + " | ".join(cells) + " |" for cells in body]
    return lines


def describe_engines(engines: list[Engine], tools: dict[str, str | None]) -> list[str]:
    lines = []
    for engine in engines:
        if engine_available(engine, tools):
            paths = ", ".join(str(tools[tool]) for tool in engine.tools)
            lines.append(f"  {engine.name}: {paths} ({version_of(engine, tools)})")
        else:
            missing = ", ".join(tool for tool in engine.tools if not tools.get(tool))
            hint = ""
            if "nyash" in engine.tools or "nyash_wasm" in engine.tools:
                hint = " - build it with --build or pass --nyash PATH"
            lines.append(f"  {engine.name}: not available (no {missing}){hint}")
    return lines


def version_of(engine: Engine, tools: dict[str, str | None]) -> str:
    """The first line the engine's main tool prints for `-v`/`--version`, for the record."""
    tool = tools.get(engine.tools[0]) or ""
    flag = "-v" if engine.tools[0] == "lua" else "--version"
    try:
        result = subprocess.run([tool, flag], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "version unknown"
    text = (result.stdout.strip() or result.stderr.strip()).splitlines()
    return text[0] if text else "version unknown"


def report_problems(rows: list[Row], engines: list[Engine]) -> list[str]:
    """Loud descriptions of every failed run and every output disagreement."""
    lines = []
    for row in rows:
        for engine in engines:
            outcome = row.outcomes.get(engine.name)
            if outcome is not None and outcome.error is not None:
                lines.append(f"FAILED: {row.program} on {engine.name}: {outcome.error}")
        if row.mismatch:
            lines.append(f"OUTPUT MISMATCH in {row.program}:")
            for engine in engines:
                outcome = row.outcomes.get(engine.name)
                if outcome is not None and outcome.output is not None:
                    shown = outcome.output.rstrip("\n").replace("\n", "\n    ")
                    lines.append(f"  {engine.name} printed:\n    {shown}")
    return lines


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.build and not build_nyash():
        print("error: the build failed", file=sys.stderr)
        return 1
    tools = find_tools(args)
    chosen = select([engine.name for engine in ENGINES], args.engines, "engine")
    engines = [engine for engine in ENGINES if engine.name in chosen]
    programs = select(discover_programs(), args.only, "program")

    print("engines:")
    print("\n".join(describe_engines(engines, tools)))
    print(f"repeat: {args.repeat} (minimum wall-clock time of each process)")
    print(flush=True)

    rows = []
    for program in programs:
        row = Row(program)
        for engine in engines:
            if engine_available(engine, tools):
                print(f"running {program} on {engine.name} ...", file=sys.stderr, flush=True)
                row.outcomes[engine.name] = run_program(engine, program, tools, args)
        check_agreement(row)
        rows.append(row)

    print("\n".join(table_lines(rows, engines, args.markdown)))
    if any(row.mismatch for row in rows):
        print("(! = the engines printed different output)")
    problems = report_problems(rows, engines)
    if problems:
        print()
        print("\n".join(problems))
        return 1
    print()
    print("all engines printed the same output")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
