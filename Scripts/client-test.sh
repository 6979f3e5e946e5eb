#!/usr/bin/env bash
# The reference JavaScript client (clients/js) against real servers: `node --test` with a
# fault-injecting proxy. Starts an embedded-store server and a rate-limited one.
# Usage: Scripts/client-test.sh [path to the onespin binary; default: the debug build]
set -euo pipefail
cd "$(dirname "$0")/.."
export ONESPIN_BIN=${1:-${ONESPIN_BIN:-$(swift build --show-bin-path)/onespin}}
export ONESPIN_JWT_SECRET=client-test-secret-0123456789abcdef
export ONESPIN_ADMIN_TOKEN=client-test-admin-token-0123456789
source Scripts/onespin-private.sh
trap 'stop_onespins' EXIT
start_onespin ONESPIN
start_onespin ONESPIN_LIMITED --rate-limit 2 --rate-burst 1
node --test clients/js/test/*.test.mjs
