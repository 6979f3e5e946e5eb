#!/usr/bin/env bash
# Runs the concurrency-heavy tests under ThreadSanitizer and the parser tests under AddressSanitizer
# (with LeakSanitizer), each in its own scratch path, against a private redis-server. Swift Testing
# only: the suites have no XCTest cases, and XCTest's own runner leaks two objects LeakSanitizer reports.
# Usage: Scripts/sanitize.sh [thread] [address]   (default: both)
set -euo pipefail
cd "$(dirname "$0")/.."
modes=("$@")
[[ ${#modes[@]} -gt 0 ]] || modes=(thread address)

# The HTTP server and event loop, the Spin pipeline under concurrent duplicates, the per-loop Redis client.
thread_filter='HTTPServerTests|EventLoopTests|SpinConcurrencyTests|SpinLeaseTests|RedisLoopClientTests'
# Everything that parses bytes from the outside.
address_filter='HTTPParserTests|HTTPParserRegressionTests|RouterTests|SpinParsingTests|SpinRegressionTests|SpinErrorTableTests|PlayerTokenTests|GameDefinitionTests|RedisConfigurationTests'

bash Scripts/setup.sh
source Scripts/redis-private.sh
start_test_redis
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 ${TSAN_OPTIONS:-}"
export ASAN_OPTIONS="detect_leaks=1 halt_on_error=1 ${ASAN_OPTIONS:-}"
export SWIFT_BACKTRACE=enable=no

for mode in "${modes[@]}"; do
    case $mode in
        thread) path=.build-tsan filter=$thread_filter ;;
        address) path=.build-asan filter=$address_filter ;;
        *) echo "unknown mode $mode (thread or address)" >&2; exit 2 ;;
    esac
    echo "== swift test --sanitize=$mode --filter '$filter'"
    start=$SECONDS
    swift build --build-tests --sanitize="$mode" --scratch-path "$path"
    swift test --skip-build --disable-xctest --sanitize="$mode" --scratch-path "$path" --filter "$filter"
    echo "== $mode: passed in $((SECONDS - start))s"
done
