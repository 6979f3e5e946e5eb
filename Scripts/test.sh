#!/usr/bin/env bash
# Runs every test suite against a private redis-server that lives only as long as the tests.
# Usage: Scripts/test.sh [swift test arguments, e.g. --filter HTTPTests]
# The full run (no arguments) ends with the CI-sized chaos replay, Scripts/chaos.sh --quick;
# a filtered run skips it unless ONESPIN_CHAOS=1.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/setup.sh
source Scripts/redis-private.sh
start_test_redis
swift build --build-tests
swift test --skip-build "$@"
if [[ $# -eq 0 || ${ONESPIN_CHAOS:-0} == 1 ]]; then
    bash Scripts/chaos.sh --quick
fi
