#!/usr/bin/env bash
# Instructions per request, by route: runs the release server under callgrind (one event loop, the
# in-memory store unless serve flags say otherwise), sends N requests per route over one keep-alive
# connection, and divides the instructions counted between a zero and a dump by N. Deterministic to
# a fraction of a percent, unlike timings on a shared machine; use it to compare two builds.
# Usage: [ONESPIN_BIN=path] [REQUESTS=N] [KEEP=DIR] Scripts/bench/instructions.sh [serve flags...]
#   KEEP=DIR keeps each route's callgrind dump as DIR/ROUTE.out (read with callgrind_annotate).
set -euo pipefail
cd "$(dirname "$0")/../.."
requests=${REQUESTS:-2000}
export ONESPIN_JWT_SECRET=${ONESPIN_JWT_SECRET:-bench-secret-0123456789abcdef}
export ONESPIN_ADMIN_TOKEN=${ONESPIN_ADMIN_TOKEN:-bench-admin-0123456789abcdef}
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
scratch=$(mktemp -d)
valgrind --tool=callgrind --collect-atstart=yes --dump-instr=no --callgrind-out-file="$scratch/cg.%p" \
    "${ONESPIN_BIN:-.build/release/onespin}" serve --host 127.0.0.1 --port "$port" --threads 1 --log-level warn "$@" \
    >"$scratch/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$scratch"' EXIT
for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
python3 Scripts/bench/players.py "http://127.0.0.1:$port" "$ONESPIN_ADMIN_TOKEN" "$ONESPIN_JWT_SECRET" 1 "$scratch/tokens"
token=$(head -1 "$scratch/tokens")
drive() {  # drive ROUTE N: N requests of ROUTE on one connection
    python3 - "$port" "$token" "$1" "$2" <<'PY'
import http.client, sys
port, token, route, n = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
conn = http.client.HTTPConnection("127.0.0.1", port)
auth = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
for i in range(n):
    if route == "healthz":
        conn.request("GET", "/healthz")
    elif route == "wallet":
        conn.request("GET", "/v1/wallet", headers=auth)
    else:
        key = "ir-replay" if route == "replay" else f"ir-fresh-{i}"
        conn.request("POST", "/v1/spins", body='{"game":"classic3","bet":10}', headers={**auth, "Idempotency-Key": key})
    response = conn.getresponse(); response.read()
    if response.status != 200: sys.exit(f"{route}: HTTP {response.status}")
PY
}
total() { awk '/^(summary|totals):/ {print $2; exit}' "$1"; }
drive replay 1  # settle the replayed key once
for route in healthz wallet replay fresh; do
    drive "$route" 50  # warm up
    callgrind_control -z "$pid" >/dev/null 2>&1
    drive "$route" "$requests"
    callgrind_control -d "$route" "$pid" >/dev/null 2>&1
    dump=$(ls -t "$scratch"/cg.$pid.* | head -1)
    python3 -c "print(f'$route: {$(total "$dump") / $requests:.0f} instructions/request')"
    if [[ -n ${KEEP:-} ]]; then mkdir -p "$KEEP" && cp "$dump" "$KEEP/$route.out"; fi
done
