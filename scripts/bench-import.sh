#!/usr/bin/env bash
# Benchmark: `settle import revenue` of ROWS generated rows against PostgreSQL's floor for an
# idempotent import: `psql \copy` of the same file into a table whose only index is a primary key
# on `ref` (issue 19). The two run in turn, A B A B ..., RUNS pairs after one warm-up pair, each on a
# fresh database made from one template (the same set-up for both, not timed), and the ratio is
# taken pair by pair; the median and the spread are printed. Each timed command runs under
# /usr/bin/time, which also gives settle's CPU seconds and peak memory.
# Usage: [SETTLE=BINARY] scripts/bench-import.sh [ROWS] [RUNS] [PROVIDERS]
#   defaults 1000000, 5 and 0 (0: the five sample providers of `contracts/`; otherwise that many
#   generated providers, as `scripts/bench.sh` makes them).
source "$(dirname "$0")/lib.sh"
SYSTEM_PACKAGES+=(time)
ensure_system_packages
rows="${1:-1000000}"
runs="${2:-5}"
providers="${3:-0}"
# SETTLE=path times another build of settle (an earlier commit's, to compare); by default this one's.
if [ -z "${SETTLE:-}" ]; then swift build -c release --product settle >/dev/null; fi
settle="${SETTLE:-$PWD/.build/release/settle}"
work="$PWD/.settle/bench"
mkdir -p "$work"

file="$work/revenue-$rows-p$providers.csv"
contracts="$PWD/contracts"
if [ "$providers" -gt 0 ]; then contracts="$work/contracts-p$providers"; fi
if [ ! -f "$file" ] || [ ! -d "$contracts" ]; then
    generated="$work/generated"
    rm -rf "$generated"
    if [ "$providers" -gt 0 ]; then
        "$settle" generate --providers "$providers" --period 2026-10 --revenue-rows "$rows" --hours-rows 0 --seed 7 \
            --out "$generated" >/dev/null
        rm -rf "$contracts" && mv "$generated/contracts" "$contracts"
    else
        "$settle" generate --period 2026-10 --revenue-rows "$rows" --hours-rows 0 --seed 7 --out "$generated" >/dev/null
    fi
    mv "$generated/revenue-2026-10.csv" "$file"
    rm -rf "$generated"
fi

admin="$("$settle" cluster connection postgres)"
template="$("$settle" cluster connection settle_bench_template)"
bench="$("$settle" cluster connection settle_bench)"
psql -q "$admin" -c "DROP DATABASE IF EXISTS settle_bench_template WITH (FORCE)" -c "CREATE DATABASE settle_bench_template"
"$settle" migrate --database "$template" >/dev/null
"$settle" contracts load "$contracts" --database "$template" >/dev/null 2>&1
psql -q "$template" -c "CREATE TABLE plain_revenue (ref text PRIMARY KEY, date date NOT NULL, provider_id text NOT NULL,
    stream text NOT NULL, quantity numeric NOT NULL, amount numeric NOT NULL, currency text NOT NULL, role text, customer text)"

fresh() {
    psql -q "$admin" -c 'DROP DATABASE IF EXISTS settle_bench WITH (FORCE)' \
        -c 'CREATE DATABASE settle_bench TEMPLATE settle_bench_template' -c CHECKPOINT
}
# timed OUT COMMAND...: wall, user, system seconds and peak KB of COMMAND, appended to OUT
timed() {
    local out="$1"; shift
    fresh
    /usr/bin/time -f '%e %U %S %M' -o "$work/time.txt" "$@" >/dev/null 2>&1
    cat "$work/time.txt" >> "$out"
}
import() { timed "$1" "$settle" import revenue "$file" --database "$bench"; }
floor() {
    timed "$1" psql -q "$bench" -c "\\copy plain_revenue (ref, date, provider_id, stream, quantity, amount, currency, role, customer) FROM '$file' WITH (FORMAT csv, HEADER true)"
}

printf 'rows %s, %s providers, file %s MB; A = settle import revenue, B = psql \\copy into a table keyed by ref only\n' \
    "$rows" "${providers/#0/5 sample}" "$(( $(stat -c %s "$file") / 1048576 ))"
rm -f "$work/a.txt" "$work/b.txt"
import /dev/null; floor /dev/null   # warm-up pair, not counted
for _ in $(seq "$runs"); do import "$work/a.txt"; floor "$work/b.txt"; done
paste -d ' ' "$work/a.txt" "$work/b.txt" | awk '
    function median(values, n,   sorted, i, j, t) {
        for (i = 1; i <= n; i++) sorted[i] = values[i]
        for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (sorted[j] < sorted[i]) { t = sorted[i]; sorted[i] = sorted[j]; sorted[j] = t }
        return n % 2 ? sorted[(n + 1) / 2] : (sorted[n / 2] + sorted[n / 2 + 1]) / 2
    }
    function spread(values, n,   i, low, high) {
        low = high = values[1]
        for (i = 2; i <= n; i++) { if (values[i] < low) low = values[i]; if (values[i] > high) high = values[i] }
        return sprintf("%.2f-%.2f", low, high)
    }
    { n++; a[n] = $1; cpu[n] = ($2 + $3) / rows * 1000000; peak[n] = $4 / 1024; b[n] = $5; r[n] = $1 / $5 }
    END {
        printf "pair  settle import  floor   ratio\n"
        for (i = 1; i <= n; i++) printf "%4d  %11.2f s  %5.2f s  %.2fx\n", i, a[i], b[i], r[i]
        printf "median: settle %.2f s, floor %.2f s, ratio %.2fx (%s); settle CPU %.2f s per 1M rows, peak %d MB\n",
            median(a, n), median(b, n), median(r, n), spread(r, n), median(cpu, n), median(peak, n)
    }' rows="$rows"
psql -q "$admin" -c "DROP DATABASE IF EXISTS settle_bench WITH (FORCE)"
