#!/usr/bin/env bash
# Installs what onespin needs from Debian (and schemathesis from PyPI), once. Idempotent: does
# nothing when all is present.
set -euo pipefail
packages=(libhiredis-dev libssl-dev redis-server redis-tools redis-sentinel wrk python3-yaml curl)
# The client-side tests: node (>= 18) and Chromium.
command -v node >/dev/null || packages+=(nodejs)
command -v chromium >/dev/null || packages+=(chromium)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [[ ${#missing[@]} -gt 0 ]]; then
    if [[ $(id -u) -ne 0 ]]; then
        echo "onespin needs: ${missing[*]}" >&2
        echo "run as root:  apt-get update && apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
    echo "installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The contract test (Scripts/contract-test.sh) runs schemathesis 4.x.
if ! command -v schemathesis >/dev/null || ! schemathesis --version | grep -q 'version 4\.'; then
    echo "installing schemathesis 4.x (pip)" >&2
    python3 -m pip install --quiet 'schemathesis>=4,<5' 2>/dev/null \
        || python3 -m pip install --quiet --break-system-packages 'schemathesis>=4,<5'
fi
