#!/usr/bin/env bash
# Which of our artifacts each wasmtime CLI version runs (docs/COMPAT.md).
#
#   scripts/compat-matrix.sh [-o OUT.md] VERSION...      e.g. 48.0.8 35.0.0
#
# For each VERSION it installs the stock wasmtime CLI once with
# `cargo install wasmtime-cli --version VERSION --root CACHE/VERSION --locked` (cached in
# $WASMTIME_CLI_CACHE, default ~/.cache/nyash/wasmtime-cli; a CLI already at
# CACHE/VERSION/bin/wasmtime is reused), then runs a fixed set of programs through:
#   .wasm          `wasmtime run app.wasm` of the module `nyash --compile-wasm` writes
#   .cwasm (aot)   `wasmtime run --allow-precompiled` of the file `nyash --aot` writes
#   .cwasm (for)   the same with the file `nyash --aot --for-wasmtime CLI` writes
#   nyash run      `nyash run` of that last file (falls back to its `.wasm` when it is foreign)
# and compares each run's stdout with the VM's. It prints a markdown table (and writes it to
# OUT.md with -o). $NYASH names the nyash binary (default: target/debug/nyash, built if
# missing). Installing one wasmtime CLI compiles it from source: expect 20-40 minutes.

set -euo pipefail
# Errors end with their cause, not with a Rust backtrace.
export RUST_BACKTRACE=0

root="$(cd "$(dirname "$0")/.." && pwd)"
out=""
if [[ "${1:-}" == "-o" ]]; then
    out="$2"
    shift 2
fi
if [[ $# -eq 0 ]]; then
    echo "usage: $0 [-o OUT.md] VERSION..." >&2
    exit 2
fi

cache="${WASMTIME_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nyash/wasmtime-cli}"
nyash="${NYASH:-$root/target/debug/nyash}"
if [[ ! -x "$nyash" ]]; then
    (cd "$root" && cargo build -p nyash-cli >&2)
fi

programs=(
    examples/hello.nyash
    examples/fib.nyash
    examples/animals.nyash
    tests/programs/statements/main_receives_arguments.nyash
)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# install VERSION: prints the path of that wasmtime CLI, installing it on first use.
install() {
    local version="$1" cli="$cache/$1/bin/wasmtime"
    if [[ ! -x "$cli" ]]; then
        echo "installing wasmtime-cli $version into $cache/$version (long)..." >&2
        mkdir -p "$cache/$version"
        cargo install wasmtime-cli --version "$version" --root "$cache/$version" --locked >&2
    fi
    echo "$cli"
}

# args PROGRAM: the program's arguments, one per line in NAME.args.
args_of() {
    local file="${1%.nyash}.args"
    if [[ -f "$root/$file" ]]; then cat "$root/$file"; fi
}

# verdict EXPECTED -- COMMAND...: `ok` when COMMAND prints EXPECTED, else why not.
verdict() {
    local expected="$1" actual status
    shift 2
    set +e
    actual="$("$@" 2>"$work/stderr")"
    status=$?
    set -e
    if [[ $status -eq 0 && "$actual" == "$expected" ]]; then
        echo "ok"
    elif [[ $status -ne 0 ]]; then
        echo "fails: $(grep -v '^\s*$' "$work/stderr" | tail -n 1 | sed 's/^[[:space:]]*//; s/^[0-9]*: *//; s/|/\\|/g' | cut -c1-90)"
    else
        echo "wrong output"
    fi
}

table="| wasmtime CLI | program | \`.wasm\` | \`.cwasm\` (\`nyash --aot\`) | \`.cwasm\` (\`--for-wasmtime\`) | \`nyash run\` of that \`.cwasm\` |
|---|---|---|---|---|---|"
embedded="$("$nyash" --version | sed -n 's/^wasmtime \([^ ]*\).*/\1/p')"

for version in "$@"; do
    cli="$(install "$version")"
    reported="$("$cli" --version)"
    for program in "${programs[@]}"; do
        name="$(basename "$program" .nyash)"
        dir="$work/$version/$name"
        mkdir -p "$dir/for"
        mapfile -t args < <(args_of "$program")
        expected="$("$nyash" "$root/$program" "${args[@]}")"
        "$nyash" --compile-wasm "$root/$program" -o "$dir/app.wasm"
        PATH="$work/none" "$nyash" --aot "$root/$program" -o "$dir/app.cwasm"
        "$nyash" --aot "$root/$program" -o "$dir/for/app.cwasm" --for-wasmtime "$cli" 2>"$work/for.log" ||
            { echo "--for-wasmtime $cli failed: $(cat "$work/for.log")" >&2; }
        wasm="$(verdict "$expected" -- "$cli" run "$dir/app.wasm" "${args[@]}")"
        aot="$(verdict "$expected" -- "$cli" run --allow-precompiled "$dir/app.cwasm" "${args[@]}")"
        for="$(verdict "$expected" -- "$cli" run --allow-precompiled "$dir/for/app.cwasm" "${args[@]}")"
        ours="$(verdict "$expected" -- "$nyash" run "$dir/for/app.cwasm" "${args[@]}")"
        table+="
| \`$reported\` | $name | $wasm | $aot | $for | $ours |"
    done
done

header="nyash with embedded wasmtime $embedded, $(uname -m), $(date -u +%Y-%m-%d)"
printf '%s\n\n%s\n' "$header" "$table"
if [[ -n "$out" ]]; then
    printf '%s\n\n%s\n' "$header" "$table" >"$out"
fi
