#!/usr/bin/env python3
"""Native executables against the other ways to run a program (DESIGN §7, docs/AOT.md).

Measures, in one run on this machine:
  1. start-up to exit of hello world: the native executable (`nyash --compile-native`), a C
     hello world (gcc -O2), `python3 -c pass`; the median of N runs each;
  2. the size of the native hello executable;
  3. the run time of every bench program as a native executable, with `--backend wasm`
     (compiled in-process at start) and on the VM (the best of --repeat runs, whole process).

Needs a release `nyash` (target/release/nyash) and the runtime stub built alone
(`cargo build --profile stub -p nyash-rt`); `--build` builds both, each in its own cargo
invocation.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROGRAMS = ROOT / "bench" / "programs"
C_HELLO = '#include <stdio.h>\nint main(void) { puts("Hello, Nyash!"); return 0; }\n'


def build():
    for args in (["cargo", "build", "--release", "-p", "nyash-cli"],
                 ["cargo", "build", "--profile", "stub", "-p", "nyash-rt"]):
        subprocess.run(args, cwd=ROOT, check=True)


def wall(cmd, cwd=None, timeout=600):
    """Seconds one run of `cmd` takes; raises on a non-zero exit."""
    started = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=timeout)
    return time.perf_counter() - started


def median_ms(cmd, runs):
    wall(cmd)  # warm the page cache
    return statistics.median(wall(cmd) for _ in range(runs)) * 1000


def best_s(cmd, repeat, cwd=None):
    return min(wall(cmd, cwd=cwd) for _ in range(repeat))


def compile_native(nyash, stub, source, out):
    env = dict(os.environ, NYASH_RT=str(stub))
    subprocess.run([str(nyash), "--compile-native", str(source), "-o", str(out)],
                   check=True, env=env)


def startup(nyash, stub, tmp, runs):
    hello = tmp / "hello"
    compile_native(nyash, stub, ROOT / "examples" / "hello.nyash", hello)
    rows = [("native hello (nyash --compile-native)", median_ms([str(hello)], runs))]
    gcc = shutil.which("gcc") or shutil.which("cc")
    if gcc:
        (tmp / "hello.c").write_text(C_HELLO)
        subprocess.run([gcc, "-O2", "-o", str(tmp / "hello_c"), str(tmp / "hello.c")], check=True)
        rows.append(("C hello (gcc -O2)", median_ms([str(tmp / "hello_c")], runs)))
    rows.append(("python3 -c pass", median_ms([sys.executable, "-c", "pass"], runs)))
    return rows, hello.stat().st_size


def programs(nyash, stub, tmp, repeat, only):
    rows = []
    for source in sorted(PROGRAMS.glob("*.nyash")):
        if only and source.stem not in only:
            continue
        exe = tmp / source.stem
        compile_native(nyash, stub, source, exe)
        native = best_s([str(exe)], repeat)
        wasm = best_s([str(nyash), "--backend", "wasm", str(source)], repeat)
        vm = best_s([str(nyash), str(source)], repeat)
        rows.append((source.stem, native, wasm, vm))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", action="store_true", help="build nyash and the stub first")
    parser.add_argument("--nyash", default=str(ROOT / "target" / "release" / "nyash"))
    parser.add_argument("--stub", default=str(ROOT / "target" / "stub" / "nyash-rt"))
    parser.add_argument("--runs", type=int, default=50, help="runs per start-up median")
    parser.add_argument("--repeat", type=int, default=3, help="runs per program (best kept)")
    parser.add_argument("--only", default="", help="comma-separated bench programs")
    parser.add_argument("--startup-only", action="store_true")
    args = parser.parse_args()
    if args.build:
        build()
    nyash, stub = Path(args.nyash), Path(args.stub)
    for path in (nyash, stub):
        if not path.is_file():
            sys.exit(f"missing {path}: run with --build")
    only = {name for name in args.only.split(",") if name}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        rows, size = startup(nyash, stub, tmp, args.runs)
        print(f"| hello world, start to exit (median of {args.runs}) | ms |")
        print("|---|---:|")
        for name, ms in rows:
            print(f"| {name} | {ms:.2f} |")
        print(f"\nnative hello executable: {size / 1e6:.2f} MB ({size} bytes); "
              f"stub alone: {stub.stat().st_size / 1e6:.2f} MB\n")
        if args.startup_only:
            return
        print(f"| program (best of {args.repeat}) | native s | --backend wasm s | VM s | VM / native |")
        print("|---|---:|---:|---:|---:|")
        for name, native, wasm, vm in programs(nyash, stub, tmp, args.repeat, only):
            print(f"| {name} | {native:.3f} | {wasm:.3f} | {vm:.3f} | {vm / native:.1f}x |")


if __name__ == "__main__":
    main()
