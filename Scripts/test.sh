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
source Scripts/redis-cluster.sh
source Scripts/redis-sentinel.sh
start_test_redis
# A local Redis Cluster and a Sentinel setup for the topology suites (REDIS_CLUSTER_URL,
# REDIS_SENTINEL_URL); stopped by pid with the private Redis when the script exits.
topologies=$(mktemp -d)
trap 'stop_private_redis; cluster_stop "$topologies/cluster"; sentinel_stop "$topologies/sentinel"; rm -rf "$REDIS_SCRATCH" "$topologies"' EXIT
cluster_start "$topologies/cluster" >/dev/null
sentinel_start "$topologies/sentinel" >/dev/null
echo "redis cluster on $REDIS_CLUSTER_URL; sentinel on $REDIS_SENTINEL_URL"
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
    bash Scripts/chaos.sh --quick --topology sentinel --min-replicas 1
    bash Scripts/chaos.sh --quick --topology cluster --min-replicas 1
fi
