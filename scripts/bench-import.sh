#!/usr/bin/env bash
# Benchmark: `settle import revenue` of ROWS generated rows against PostgreSQL's floor for an
# idempotent import: `psql \copy` of the same file into a table whose only index is a primary key
# on `ref` (issue 19). farm-bench runs the two in turn, RUNS pairs, each on a fresh database made
# from one template (the same set-up for both), and gives the ratio pair by pair; then one more
# import under /usr/bin/time gives the client's CPU seconds and peak memory.
# Usage: [SETTLE=BINARY] scripts/bench-import.sh [ROWS] [RUNS] (defaults 1000000 and 5).
source "$(dirname "$0")/lib.sh"
ensure_system_packages
rows="${1:-1000000}"
runs="${2:-5}"
# SETTLE=path times another build of settle (an earlier commit's, to compare); by default this one's.
if [ -z "${SETTLE:-}" ]; then swift build -c release --product settle >/dev/null; fi
settle="${SETTLE:-$PWD/.build/release/settle}"
work="$PWD/.settle/bench"
mkdir -p "$work"

file="$work/revenue-$rows.csv"
if [ ! -f "$file" ]; then
    "$settle" generate --period 2026-10 --revenue-rows "$rows" --hours-rows 0 --seed 7 --out "$work" >/dev/null
    mv "$work/revenue-2026-10.csv" "$file"
fi

admin="$("$settle" cluster connection postgres)"
template="$("$settle" cluster connection settle_bench_template)"
bench="$("$settle" cluster connection settle_bench)"
psql -q "$admin" -c "DROP DATABASE IF EXISTS settle_bench_template WITH (FORCE)" -c "CREATE DATABASE settle_bench_template"
"$settle" migrate --database "$template" >/dev/null
"$settle" contracts load contracts --database "$template" >/dev/null
psql -q "$template" -c "CREATE TABLE plain_revenue (ref text PRIMARY KEY, date date NOT NULL, provider_id text NOT NULL,
    stream text NOT NULL, quantity numeric NOT NULL, amount numeric NOT NULL, currency text NOT NULL, role text, customer text)"

# The two commands farm-bench times, each on the same fresh database from the template.
printf '%s\n' "psql -q \"$admin\" -c 'DROP DATABASE IF EXISTS settle_bench WITH (FORCE)' -c 'CREATE DATABASE settle_bench TEMPLATE settle_bench_template'" \
    "psql -q \"$admin\" -c CHECKPOINT" > "$work/fresh.sh"
printf '%s\n' ". \"$work/fresh.sh\"" "exec \"$settle\" import revenue \"$file\" --database \"$bench\"" > "$work/import.sh"
printf '%s\n' ". \"$work/fresh.sh\"" \
    "exec psql -q \"$bench\" -c \"\\\\copy plain_revenue (ref, date, provider_id, stream, quantity, amount, currency, role, customer) FROM '$file' WITH (FORMAT csv, HEADER true)\"" \
    > "$work/copy.sh"

printf 'rows %s, file %s MB; A = settle import revenue, B = psql \\copy into a table keyed by ref only\n' \
    "$rows" "$(( $(stat -c %s "$file") / 1048576 ))"
farm-bench -n "$runs" --warmup 1 --timeout 3600 --vs "sh $work/copy.sh" -- sh "$work/import.sh"

sh "$work/fresh.sh"
/usr/bin/time -f 'client: %U s user, %S s system, %M KB peak; wall %e s' "$settle" import revenue "$file" --database "$bench"
psql -q "$admin" -c "DROP DATABASE IF EXISTS settle_bench WITH (FORCE)"
