#!/usr/bin/env bash
# `settle explain --rows` of one statement line over ROWS revenue rows (issue 16): its peak memory
# (it must stay flat, under 100 MB, however many rows) and its time beside PostgreSQL's own
# `COPY ... TO STDOUT` of the same rows; then the rows' converted amounts summed exactly by
# PostgreSQL against the line's basis from `settle explain --json`.
# Usage: scripts/bench-explain-rows.sh [ROWS]   (default 1000000).
source "$(dirname "$0")/lib.sh"
SYSTEM_PACKAGES+=(time)
ensure_system_packages
rows="${1:-1000000}"
swift build -c release --product settle >/dev/null
settle="$PWD/.build/release/settle"
work="$PWD/.settle/bench-explain"
rm -rf "$work" && mkdir -p "$work/contracts"
period=2026-10

# One provider, one rule over one stream in one currency: every row lands in the same line.
cat > "$work/contracts/one-line.yaml" <<'YAML'
contract: one-line-2026
version: 1
provider: {id: one-line, name: One Line GmbH, country: DE}
payee: {name: One Line GmbH, iban: DE89370400440532013000, address: {town: Berlin, country: DE}}
currency: EUR
effective: 2026-10-01
payment: {net_days: 30}
rules:
  - {id: api-share, type: revenue_share, streams: [api_usage], rate: 10%}
YAML
awk -v n="$rows" 'BEGIN {
    print "ref,date,provider,stream,quantity,amount,currency"
    for (i = 1; i <= n; i++) printf "r%d,2026-10-%02d,one-line,api_usage,%d,%d.%06d,%s\n", i, i % 31 + 1, i % 97, i % 5000, i % 999983, (i % 4 == 0 ? "USD" : "EUR")
}' > "$work/revenue.csv"
printf 'period,from,to,rate\n2026-10,USD,EUR,0.921337\n' > "$work/fx.csv"

admin="$("$settle" cluster connection postgres)"
psql -q "$admin" -c "DROP DATABASE IF EXISTS settle_explain WITH (FORCE)" -c "CREATE DATABASE settle_explain"
db="$("$settle" cluster connection settle_explain)"
"$settle" migrate --database "$db" >/dev/null
"$settle" contracts load "$work/contracts" --database "$db" >/dev/null
"$settle" import fx-rates "$work/fx.csv" --database "$db" >/dev/null
"$settle" import revenue "$work/revenue.csv" --database "$db" >/dev/null
"$settle" run "$period" --database "$db" >/dev/null

/usr/bin/time -f "%e %M" -o "$work/time.txt" "$settle" explain "$period" one-line --rule api-share --rows --database "$db" > "$work/rows.csv"
read -r seconds kilobytes < "$work/time.txt"
start=$(date +%s.%N)
psql -q "$db" -c "\\copy (SELECT provider_id, ref, date, stream, role, currency, quantity, amount, import_id FROM revenue WHERE provider_id = 'one-line' ORDER BY date, ref) TO '$work/floor.csv' WITH (FORMAT csv)"
end=$(date +%s.%N)

basis="$("$settle" explain "$period" one-line --rule api-share --json --database "$db" | sed -n 's/.*"basis_total": "\(.*\)".*/\1/p')"
psql -q "$db" -c "CREATE TEMP TABLE explained (line text, ref text, date date, stream text, role text, currency text,
    quantity numeric, amount numeric, fx_rate numeric, converted numeric, import bigint)" \
    -c "\\copy explained FROM '$work/rows.csv' WITH (FORMAT csv, HEADER true)" \
    -t -A -c "SELECT count(*) || ' rows, converted sum ' || sum(converted) || CASE WHEN sum(converted) = '$basis'::numeric THEN ' = ' ELSE ' DIFFERS FROM ' END || 'the basis $basis' FROM explained" > "$work/check.txt"

printf '%-44s %9s s %7s MB\n' "settle explain --rows ($rows rows)" "$seconds" "$(( kilobytes / 1024 ))"
printf '%-44s %9s s\n' "  floor: psql \\copy of the same rows" "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')"
echo "check: $(cat "$work/check.txt")"
