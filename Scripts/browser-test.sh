#!/usr/bin/env bash
# The demo page in a real browser: headless Chromium, driven over the DevTools protocol by
# clients/js/test/browser-driver.mjs, loads /demo from a real server (embedded store), turns the
# flaky network on (40% of responses dropped), spins 30 times, and checks the page's balance against
# GET /v1/wallet and that the history shows 10 rounds. Screenshot: .build/tmp/demo.png.
# Usage: Scripts/browser-test.sh [path to the onespin binary; default: the debug build]
set -euo pipefail
cd "$(dirname "$0")/.."
chromium_bin=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [[ -z $chromium_bin ]]; then
    echo "browser test: SKIPPED — no Chromium on this machine (apt-get install chromium)"
    exit 0
fi
export ONESPIN_BIN=${1:-${ONESPIN_BIN:-$(swift build --show-bin-path)/onespin}}
export ONESPIN_JWT_SECRET=browser-test-secret-0123456789abcdef
export ONESPIN_ADMIN_TOKEN=browser-test-admin-token-0123456789
source Scripts/onespin-private.sh
trap 'stop_onespins' EXIT
start_onespin ONESPIN
player=browser-$$-$RANDOM
credit=100000
curl -fsS -o /dev/null -X POST "$ONESPIN_URL/admin/players/$player/credit" -H "Authorization: Bearer $ONESPIN_ADMIN_TOKEN" \
    -H "Idempotency-Key: credit-$player" -H 'Content-Type: application/json' -d "{\"amount\": $credit, \"reason\": \"browser test\"}"
mkdir -p .build/tmp
DEMO_TOKEN=$("$ONESPIN_BIN" token --player "$player" --ttl 3600) CHROMIUM=$chromium_bin CREDIT=$credit \
    SCREENSHOT=.build/tmp/demo.png SPINS=${SPINS:-30} DROP_PERCENT=${DROP_PERCENT:-40} \
    node clients/js/test/browser-driver.mjs
