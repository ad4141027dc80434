#!/usr/bin/env bash
# The month end on the sample programme, on a fresh machine: installs what is missing, builds,
# and runs `settle demo` (its own database in Settle's private PostgreSQL, socket only, inside the
# project). Statements, finance summaries and payout files land in reports/out/.
source "$(dirname "$0")/lib.sh"
ensure_system_packages
swift build -c release --product settle
exec .build/release/settle demo "$@"
