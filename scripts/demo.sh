#!/usr/bin/env bash
# The month end on the sample programme: installs what is missing, starts Settle's private
# PostgreSQL (socket only, inside the project), builds, loads the contracts and three months of
# generated data. Statements and the payout file follow once `settle run` exists.
source "$(dirname "$0")/lib.sh"
ensure_system_packages
swift build -c release --product settle
settle="$PWD/.build/release/settle"
data="$PWD/reports/out/data"
mkdir -p "$data"

"$settle" migrate
"$settle" contracts load contracts/
for period in 2026-08 2026-09 2026-10; do
    "$settle" generate --period "$period" --revenue-rows 20000 --hours-rows 2000 --seed 2026 --out "$data" >/dev/null
    "$settle" import fx-rates "$data/fx-rates-$period.csv"
    "$settle" import revenue "$data/revenue-$period.csv"
    "$settle" import compute-hours "$data/compute-hours-$period.csv"
done
"$settle" providers hold nordlys-gpu --reason "bank details under review"

echo
echo "The sample programme and three months of data are in the private PostgreSQL ($("$settle" cluster connection))."
echo "Computing, closing, statements and the payout file arrive with 'settle run' (issues 5 and 6)."
