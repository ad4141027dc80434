#!/usr/bin/env bash
# The month end on the sample data. Until the store lands it checks the programme's contracts.
source "$(dirname "$0")/lib.sh"
ensure_system_packages
swift build -c release --product settle
settle=".build/release/settle"
"$settle" contracts check contracts/
echo "The month end itself (store, run, statements, payout file) is coming with the PostgreSQL store."
