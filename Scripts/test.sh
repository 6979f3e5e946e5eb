#!/usr/bin/env bash
# Runs every test suite against a private redis-server that lives only as long as the tests.
# Usage: Scripts/test.sh [swift test arguments, e.g. --filter HTTPTests]
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/setup.sh
source Scripts/redis-private.sh
start_test_redis
swift build --build-tests
swift test --skip-build "$@"
