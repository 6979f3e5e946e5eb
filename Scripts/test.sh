#!/usr/bin/env bash
# Runs every test suite against a private redis-server that lives only as long as the tests.
# Usage: Scripts/test.sh [swift test arguments, e.g. --filter HTTPTests]
# The full run (no arguments) then tests the game-client side against the real server — the JS
# client through a flaky proxy (Scripts/client-test.sh), the demo page in headless Chromium
# (Scripts/browser-test.sh), schemathesis on both stores (Scripts/contract-test.sh) — and ends with
# the CI-sized chaos replay, Scripts/chaos.sh --quick. A filtered run skips those unless
# ONESPIN_CLIENTS=1 or ONESPIN_CHAOS=1.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/setup.sh
source Scripts/redis-private.sh
start_test_redis
swift build --build-tests
swift test --skip-build "$@"
if [[ $# -eq 0 || ${ONESPIN_CLIENTS:-0} == 1 ]]; then
    bin=$(swift build --show-bin-path)/onespin
    bash Scripts/client-test.sh "$bin"
    bash Scripts/browser-test.sh "$bin"
    bash Scripts/contract-test.sh "$bin"
fi
if [[ $# -eq 0 || ${ONESPIN_CHAOS:-0} == 1 ]]; then
    bash Scripts/chaos.sh --quick
fi
