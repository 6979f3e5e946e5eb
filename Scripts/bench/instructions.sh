#!/usr/bin/env bash
# Instructions per request, a regression figure that machine noise does not move: the release
# server runs under `valgrind --tool=callgrind` (one event loop, deterministic hashing, the default
# log level) and Scripts/bench/instructions.py sends a fixed number of requests of each kind —
# GET /healthz, GET /v1/wallet, a replayed spin, a fresh spin (classic3, bet 10) — one after another, counting only
# the server's instructions while they are answered (log writer thread included).
# Usage: [ONESPIN_BIN=path] Scripts/bench/instructions.sh [--requests N] [--redis] [serve flags...]
#   --requests N  requests of each kind (default 2000)
#   --redis       run a private Redis and serve from it (else the embedded store)
# Prints `healthz N`, `wallet N`, `replay N`, `fresh N` (instructions per request) and the store used.
set -euo pipefail
cd "$(dirname "$0")/../.."
requests=2000
redis=no
while [[ $# -gt 0 ]]; do
    case $1 in
        --requests) requests=$2; shift 2 ;;
        --redis) redis=yes; shift ;;
        *) break ;;
    esac
done
command -v valgrind >/dev/null || { [[ $(id -u) == 0 ]] && apt-get install -y -qq valgrind >/dev/null; }
command -v callgrind_control >/dev/null || { echo "instructions: valgrind is missing: apt-get install valgrind" >&2; exit 2; }
bin=${ONESPIN_BIN:-}
if [[ -z $bin ]]; then
    swift build -c release --product onespin >&2
    bin=$PWD/.build/release/onespin
fi
export ONESPIN_JWT_SECRET=${ONESPIN_JWT_SECRET:-bench-secret-0123456789abcdef}
export ONESPIN_ADMIN_TOKEN=${ONESPIN_ADMIN_TOKEN:-bench-admin-0123456789abcdef}
source Scripts/redis-private.sh
scratch=$(mktemp -d)
server_pid=
cleanup() {
    if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    if [[ $redis == yes ]]; then stop_private_redis; fi
    rm -rf "$scratch"
}
trap cleanup EXIT
store_flags=()
if [[ $redis == yes ]]; then
    start_private_redis "$scratch" --appendonly no
    store_flags=(--redis "$REDIS_URL")
fi
# valgrind 3.19 (Debian 12) gives up on the DWARF 5 debug info of Swift 6's release builds
# ("unhandled dwarf2 abbrev form code 0x1b"); counting instructions needs only the symbols.
cp "$bin" "$scratch/onespin"
strip --strip-debug "$scratch/onespin"
bin=$scratch/onespin
port=$(free_port)
# Swift randomises hashing per process; fixed here so dictionary work is the same in every run.
SWIFT_DETERMINISTIC_HASHING=1 valgrind --tool=callgrind --callgrind-out-file="$scratch/callgrind.out.%p" \
    "$bin" serve --host 127.0.0.1 --port "$port" --threads 1 "${store_flags[@]}" "$@" >"$scratch/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 1200); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/healthz" && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$scratch/server.log" >&2; exit 1; }
    sleep 0.1
done
python3 Scripts/bench/instructions.py "http://127.0.0.1:$port" "$server_pid" "$scratch/callgrind.out." \
    "$ONESPIN_ADMIN_TOKEN" "$ONESPIN_JWT_SECRET" "$requests"
what=$([[ -n ${ONESPIN_BIN:-} ]] && echo "$ONESPIN_BIN" || echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)")
echo "store $([[ $redis == yes ]] && echo redis || echo memory), $requests requests of each kind, $what"
