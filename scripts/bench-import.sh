#!/usr/bin/env bash
# Benchmark: `settle import revenue` of ROWS generated rows against a plain `psql \copy` of the same
# file into a table with the same keys, in the same run, on fresh databases of the private cluster.
# Usage: scripts/bench-import.sh [ROWS] (default 1000000). Prints both times and their ratio.
source "$(dirname "$0")/lib.sh"
ensure_system_packages
rows="${1:-1000000}"
swift build -c release --product settle >/dev/null
settle="$PWD/.build/release/settle"
work="$PWD/.settle/bench"
mkdir -p "$work"

"$settle" generate --period 2026-10 --revenue-rows "$rows" --hours-rows 0 --seed 7 --out "$work" >/dev/null
file="$work/revenue-2026-10.csv"

database() { # name -> a fresh, migrated database with the sample contracts loaded
    local url
    url="$("$settle" cluster connection postgres)"
    psql -q "$url" -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1"
    url="$("$settle" cluster connection "$1")"
    "$settle" migrate --database "$url" >/dev/null
    "$settle" contracts load contracts --database "$url" >/dev/null
    echo "$url"
}

seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null; end=$(date +%s.%N); awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }'; }

settle_db="$(database settle_bench_import)"
plain_db="$(database settle_bench_copy)"
psql -q "$plain_db" -c "CREATE TABLE plain_revenue (provider_id text NOT NULL, date date NOT NULL, ref text NOT NULL,
    stream text NOT NULL, quantity numeric NOT NULL, amount numeric NOT NULL, currency text NOT NULL, role text,
    customer text, PRIMARY KEY (provider_id, date, ref)); CREATE INDEX ON plain_revenue (ref);"
psql -q "$plain_db" -c "CHECKPOINT"; psql -q "$settle_db" -c "CHECKPOINT"

copy_s=$(seconds psql -q "$plain_db" -c "\\copy plain_revenue (ref, date, provider_id, stream, quantity, amount, currency, role, customer) FROM '$file' WITH (FORMAT csv, HEADER true)")
import_s=$(seconds "$settle" import revenue "$file" --database "$settle_db")
printf 'rows %s  file %s MB\n' "$rows" "$(( $(stat -c %s "$file") / 1048576 ))"
printf 'psql \\copy      %8.2f s\n' "$copy_s"
printf 'settle import   %8.2f s\n' "$import_s"
awk -v a="$import_s" -v b="$copy_s" 'BEGIN { printf "ratio           %8.2f x\n", a / b }'
