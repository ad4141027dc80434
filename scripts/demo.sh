#!/usr/bin/env bash
# The month end on the sample programme: installs what is missing, starts Settle's private
# PostgreSQL (socket only, inside the project), builds, loads the contracts, and settles three
# months of generated data (refunds, a provider on hold, late rows for a closed month).
# Statement files and the payout file follow with issue 6.
source "$(dirname "$0")/lib.sh"
ensure_system_packages
swift build -c release --product settle
settle="$PWD/.build/release/settle"
data="$PWD/reports/out/data"
rm -rf "$data" && mkdir -p "$data"

# A fresh database for the demo, so it can be run again and again.
"$settle" cluster start >/dev/null
psql -q "$("$settle" cluster connection postgres)" -c "DROP DATABASE IF EXISTS settle_demo WITH (FORCE)" -c "CREATE DATABASE settle_demo"
export DATABASE_URL="$("$settle" cluster connection settle_demo)"

"$settle" migrate
"$settle" contracts load contracts/
"$settle" providers hold nordlys-gpu --reason "bank details under review"
for period in 2026-08 2026-09 2026-10; do
    "$settle" generate --period "$period" --revenue-rows 20000 --hours-rows 2000 --seed 2026 --out "$data" >/dev/null
    "$settle" import fx-rates "$data/fx-rates-$period.csv"
    "$settle" import revenue "$data/revenue-$period.csv"
    "$settle" import compute-hours "$data/compute-hours-$period.csv"
done

"$settle" run 2026-08 && "$settle" close 2026-08
# Late usage and a refund for August arrive after August is closed: settled as adjustments in September.
cat > "$data/late-2026-08.csv" <<CSV
ref,date,provider,stream,quantity,amount,currency
LATE-2026-08-1,2026-08-28,acme-cloud,api_usage,120000,4800.00,EUR
LATE-2026-08-2,2026-08-30,helios-render,licensing,1,-2500.00,EUR
CSV
"$settle" import revenue "$data/late-2026-08.csv"
"$settle" run 2026-09 && "$settle" close 2026-09
"$settle" providers release nordlys-gpu --reason "bank details confirmed"
"$settle" run 2026-10
"$settle" show 2026-10
"$settle" show 2026-09 --provider acme-cloud
"$settle" verify 2026-09

echo
echo "Three months settled in the private PostgreSQL (database settle_demo: psql \"\$(.build/release/settle cluster connection settle_demo)\")."
echo "Statement files and the ISO 20022 payout file arrive with issue 6."
