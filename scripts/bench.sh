#!/usr/bin/env bash
# Month end at scale, measured (issue 7): generated contracts for PROVIDERS providers, ROWS revenue
# rows and ROWS/10 compute-hour rows for one month, then every step timed with its peak memory,
# beside PostgreSQL's own floor (plain \copy, the bare aggregate query).
# Usage: scripts/bench.sh [ROWS] [PROVIDERS]   (defaults 1000000 and 2000). Prints a table.
# BENCH_NAME (default scale) names the work folder .settle/bench-NAME and the databases settle_NAME
# and settle_NAME_floor, so that two sizes can be kept side by side.
source "$(dirname "$0")/lib.sh"
SYSTEM_PACKAGES+=(time)
ensure_system_packages
rows="${1:-1000000}"
providers="${2:-2000}"
hours_rows=$(( rows / 10 ))
swift build -c release --product settle >/dev/null
settle="$PWD/.build/release/settle"
name="${BENCH_NAME:-scale}"
work="$PWD/.settle/bench-$name"
rm -rf "$work" && mkdir -p "$work"
period=2026-10

"$settle" generate --providers "$providers" --period "$period" --revenue-rows "$rows" --hours-rows "$hours_rows" \
    --seed 7 --out "$work" >/dev/null
admin="$("$settle" cluster connection postgres)"
psql -q "$admin" -c "DROP DATABASE IF EXISTS settle_$name WITH (FORCE)" -c "CREATE DATABASE settle_$name" \
    -c "DROP DATABASE IF EXISTS settle_${name}_floor WITH (FORCE)" -c "CREATE DATABASE settle_${name}_floor"
db="$("$settle" cluster connection "settle_$name")"
floor="$("$settle" cluster connection "settle_${name}_floor")"
"$settle" migrate --database "$db" >/dev/null

report=()
# step NAME COMMAND...: wall seconds and peak resident memory of one command
step() {
    local name="$1"; shift
    /usr/bin/time -f "%e %M %U" -o "$work/time.txt" "$@" >/dev/null
    read -r seconds kilobytes user < "$work/time.txt"
    report+=("$(printf '%-40s %9s s %7s MB %8s s client CPU' "$name" "$seconds" "$(( kilobytes / 1024 ))" "$user")")
}
floor_step() { # NAME SQL: wall seconds of psql running SQL on the floor database
    local name="$1" sql="$2" start end
    start=$(date +%s.%N); psql -q "$floor" -c "$sql" >/dev/null; end=$(date +%s.%N)
    report+=("$(printf '%-40s %9s s' "$name" "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')")")
}

step "contracts load ($providers providers)" "$settle" contracts load "$work/contracts" --database "$db"
step "contracts load again (unchanged)" "$settle" contracts load "$work/contracts" --database "$db"
step "import fx-rates" "$settle" import fx-rates "$work/fx-rates-$period.csv" --database "$db"
step "import revenue ($rows rows)" "$settle" import revenue "$work/revenue-$period.csv" --database "$db"
# The floor of an idempotent import (issue 19): a table whose only index is a primary key on ref.
psql -q "$floor" -c "CREATE TABLE revenue (ref text PRIMARY KEY, date date NOT NULL, provider_id text NOT NULL,
    stream text NOT NULL, quantity numeric NOT NULL, amount numeric NOT NULL, currency text NOT NULL, role text,
    customer text);"
floor_step "  floor: psql \\copy, key on ref" "\\copy revenue (ref, date, provider_id, stream, quantity, amount, currency, role, customer) FROM '$work/revenue-$period.csv' WITH (FORMAT csv, HEADER true)"
step "import compute-hours ($hours_rows rows)" "$settle" import compute-hours "$work/compute-hours-$period.csv" --database "$db"
step "run $period" "$settle" run "$period" --database "$db"
floor_step "  floor: the bare aggregate query" "SELECT provider_id, stream, currency, role, sum(quantity), sum(amount) FROM revenue GROUP BY 1, 2, 3, 4"
"$settle" generate --providers "$providers" --period "$period" --revenue-rows 5000 --hours-rows 0 --seed 8 \
    --out "$work/late" >/dev/null
step "import 5000 late rows (all providers)" "$settle" import revenue "$work/late/revenue-$period.csv" --database "$db"
step "re-run $period (all recomputed)" "$settle" run "$period" --database "$db"
# A late file from a few providers' systems: 5,000 rows for the first 20 providers only.
mkdir -p "$work/few/contracts"
for n in $(seq -f "%05g" 1 20); do cp "$work"/contracts/gp-"$n"-*.yaml "$work/few/contracts/"; done
"$settle" generate --contracts "$work/few/contracts" --period "$period" --revenue-rows 5000 --hours-rows 0 --seed 9 \
    --out "$work/few" >/dev/null
step "import 5000 late rows (20 providers)" "$settle" import revenue "$work/few/revenue-$period.csv" --database "$db"
step "re-run $period (20 recomputed)" "$settle" run "$period" --database "$db"
step "close $period" "$settle" close "$period" --database "$db"
step "statements (JSON, CSV, HTML)" "$settle" statements "$period" --out "$work/statements" --database "$db"
step "finance summary (HTML, CSV)" "$settle" report "$period" --out "$work/report" --database "$db"
step "payout file (XSD validated)" "$settle" payouts "$period" --out "$work/payouts.xml" --database "$db"

printf '%s\n' "${report[@]}"
