#!/usr/bin/env bash
# The month end on two PostgreSQL shards against one server (issue 20): the same generated
# programme (PROVIDERS providers, ROWS revenue rows, ROWS/10 compute-hour rows, one month) loaded,
# imported, run, closed, printed and paid once on the project's cluster alone and once on a
# coordinator database there with two shard servers beside it (two more private clusters,
# .settle/bench-shard-a and -b, socket only), one step after the other. Each step's wall time,
# peak memory and client CPU side by side, then the statement and payout files compared.
# Usage: scripts/bench-shards.sh [ROWS] [PROVIDERS]   (defaults 1000000 and 2000).
source "$(dirname "$0")/lib.sh"
export PGOPTIONS="--client-min-messages=warning"
SYSTEM_PACKAGES+=(time)
ensure_system_packages
rows="${1:-1000000}"
providers="${2:-2000}"
swift build -c release --product settle >/dev/null
settle="$PWD/.build/release/settle"
work="$PWD/.settle/bench-shards"
period=2026-10
mkdir -p "$work"
data="$work/data-$rows-$providers"
if [ ! -f "$data/revenue-$period.csv" ]; then
    rm -rf "$data"
    "$settle" generate --providers "$providers" --period "$period" --revenue-rows "$rows" \
        --hours-rows $(( rows / 10 )) --seed 7 --out "$data" >/dev/null
fi

"$settle" cluster start >/dev/null
admin="$("$settle" cluster connection postgres)"
one="$("$settle" cluster connection settle_shards_one)"
coordinator="$("$settle" cluster connection settle_shards_coordinator)"
psql -q "$admin" -c "DROP DATABASE IF EXISTS settle_shards_coordinator WITH (FORCE)" \
    -c "DROP DATABASE IF EXISTS settle_shards_one WITH (FORCE)" \
    -c "CREATE DATABASE settle_shards_one" -c "CREATE DATABASE settle_shards_coordinator"
"$settle" migrate --database "$one" >/dev/null
"$settle" migrate --database "$coordinator" >/dev/null
for shard in a b; do
    export SETTLE_HOME="$work/shard-$shard"
    "$settle" cluster start >/dev/null
    psql -q "$("$settle" cluster connection postgres)" -c "DROP DATABASE IF EXISTS settle_shard WITH (FORCE)" \
        -c "CREATE DATABASE settle_shard"
    url="$("$settle" cluster connection settle_shard)"
    unset SETTLE_HOME
    "$settle" shards add "$shard" "$url" --database "$coordinator" >/dev/null
done

# side STEP COMMAND...: runs COMMAND once against each database (`DB` in it stands for
# `--database` and the database), under /usr/bin/time; prints one line with both figures.
report=()
side() {
    local name="$1"; shift
    local figures=()
    for target in "$one" "$coordinator"; do
        local args=()
        for arg in "$@"; do
            if [ "$arg" = DB ]; then args+=(--database "$target"); else args+=("${arg//@SIDE@/$([ "$target" = "$one" ] && echo one || echo shards)}"); fi
        done
        /usr/bin/time -f "%e %M %U" -o "$work/time.txt" "${args[@]}" >/dev/null
        read -r seconds kilobytes user < "$work/time.txt"
        figures+=("$(printf '%8s s %5s MB %7s s' "$seconds" "$(( kilobytes / 1024 ))" "$user")")
    done
    report+=("$(printf '%-36s %s | %s' "$name" "${figures[0]}" "${figures[1]}")")
}

rm -rf "$work/one" "$work/shards" && mkdir -p "$work/one" "$work/shards"
side "contracts load ($providers providers)" "$settle" contracts load "$data/contracts" DB
side "import fx-rates" "$settle" import fx-rates "$data/fx-rates-$period.csv" DB
side "import revenue ($rows rows)" "$settle" import revenue "$data/revenue-$period.csv" DB
side "import compute-hours ($(( rows / 10 )) rows)" "$settle" import compute-hours "$data/compute-hours-$period.csv" DB
side "run $period" "$settle" run "$period" DB
side "close $period" "$settle" close "$period" DB
side "verify $period" "$settle" verify "$period" DB
side "statements" "$settle" statements "$period" --out "$work/@SIDE@/statements" DB
side "payouts" "$settle" payouts "$period" --out "$work/@SIDE@/payouts.xml" DB

printf '%-36s %28s | %28s\n' "step ($rows rows, $providers providers)" "one server: wall, peak, CPU" "two shards: wall, peak, CPU"
printf '%s\n' "${report[@]}"
diff -r "$work/one/statements" "$work/shards/statements" >/dev/null && echo "statements: identical" || echo "statements: DIFFER"
# The payout file's CreDtTm carries the clock's second.
diff <(sed 's/<CreDtTm>[^<]*</<CreDtTm></' "$work/one/payouts.xml") \
     <(sed 's/<CreDtTm>[^<]*</<CreDtTm></' "$work/shards/payouts.xml") >/dev/null \
    && echo "payout files: identical (CreDtTm masked)" || echo "payout files: DIFFER"
