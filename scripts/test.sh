#!/usr/bin/env bash
# Runs every test: installs what is missing, builds, and runs the whole suite.
source "$(dirname "$0")/lib.sh"
ensure_system_packages
swift build --build-tests
swift test --skip-build "$@"
