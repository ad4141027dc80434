# Shared by the scripts: find Swift, install the system packages Settle needs when any is missing.
# Sourced, not run.

set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi

# libpq, libxml2 and libyaml (headers and pkg-config files) to build, PostgreSQL to run, xmllint to
# check payout files in the tests, Chromium and poppler-utils to print statements to PDF and read them back.
SYSTEM_PACKAGES=(libpq-dev libxml2-dev libyaml-dev pkg-config postgresql libxml2-utils chromium poppler-utils)

ensure_system_packages() {
    local missing=()
    for package in "${SYSTEM_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "Installing system packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y "${SYSTEM_PACKAGES[@]}"
}
