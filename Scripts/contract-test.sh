#!/usr/bin/env bash
# Schemathesis against the real server, on the embedded store and on a private Redis: every
# operation of docs/openapi.json (as the server serves it at /openapi.json) with the checks below,
# the examples, coverage and fuzzing phases and the stateful phase (links: a spin → its lookup,
# the history, the wallet). Fixed seed; each store's run is time-bounded. 0 failures or exit 1.
# Usage: Scripts/contract-test.sh [path to the onespin binary; default: the debug build]
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v schemathesis >/dev/null; then
    echo "contract test: schemathesis is missing (Scripts/setup.sh installs it: pip install 'schemathesis>=4,<5')" >&2
    exit 1
fi
export ONESPIN_BIN=${1:-${ONESPIN_BIN:-$(swift build --show-bin-path)/onespin}}
export ONESPIN_JWT_SECRET=contract-test-secret-0123456789abcdef
export ONESPIN_ADMIN_TOKEN=contract-test-admin-token-0123456789
checks=not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance
checks+=,response_schema_conformance,negative_data_rejection,missing_required_header,ignored_auth
seed=${CONTRACT_SEED:-20261202}
max_time=${CONTRACT_MAX_TIME:-70}
source Scripts/onespin-private.sh
reports=.build/tmp/contract
mkdir -p "$reports"
failed=0

run_store() {
    local store=$1; shift
    start_onespin ONESPIN --rate-limit 0 "$@"
    local player=contract-player
    curl -fsS -o /dev/null -X POST "$ONESPIN_URL/admin/players/$player/credit" -H "Authorization: Bearer $ONESPIN_ADMIN_TOKEN" \
        -H "Idempotency-Key: contract-credit-$store" -H 'Content-Type: application/json' -d '{"amount": 100000000, "reason": "contract test"}'
    ONESPIN_PLAYER_TOKEN=$("$ONESPIN_BIN" token --player "$player" --ttl 3600)
    export ONESPIN_PLAYER_TOKEN
    echo "contract test ($store): schemathesis on $ONESPIN_URL/openapi.json, seed $seed, at most ${max_time}s"
    if ! schemathesis --config-file Tests/Contract/schemathesis.toml run "$ONESPIN_URL/openapi.json" --url "$ONESPIN_URL" \
        --checks "$checks" --phases examples,coverage,fuzzing,stateful --seed "$seed" --max-time "$max_time" \
        --generation-database none --workers 1 --no-color \
        --report junit --report-junit-path "$reports/$store.xml"; then
        failed=1
        echo "contract test ($store): FAILED; server log: $ONESPIN_LOG_DIR/ONESPIN.log" >&2
    fi
    stop_onespins
}

trap 'stop_onespins; stop_private_redis' EXIT
run_store memory
REDIS_SCRATCH=$(mktemp -d)
start_private_redis "$REDIS_SCRATCH" --appendonly no
run_store redis --redis "$REDIS_URL"
stop_private_redis
rm -rf "$REDIS_SCRATCH"
exit "$failed"
