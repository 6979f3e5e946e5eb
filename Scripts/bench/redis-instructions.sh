#!/usr/bin/env bash
# Instructions Redis executes per spin — the Redis side's regression figure that machine noise does
# not move (its CPU per spin in Scripts/bench/redis-cost.sh drifts with the neighbours). A private
# redis-server runs under `valgrind --tool=callgrind`; `onespin-bench bench-ceiling` drives it with
# the store's own commands and scripts (no HTTP server in between): `fresh` settles new spins (the
# claim's two steps and the commit function), `claim` answers settled keys again (a replay's one
# `SET … NX GET`). The counters are zeroed after a warm-up second (scripts loaded, keys settled) and
# divided by the spins `INFO commandstats` counted (`fcall` calls for fresh, `set` calls for claim).
# Usage: [ONESPIN_BENCH_BIN=path] Scripts/bench/redis-instructions.sh [--seconds S] [--mode fresh|claim]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=5
mode=fresh
while [[ $# -gt 0 ]]; do
    case $1 in
        --seconds) seconds=$2; shift 2 ;;
        --mode) mode=$2; shift 2 ;;
        *) echo "usage: Scripts/bench/redis-instructions.sh [--seconds S] [--mode fresh|claim]" >&2; exit 2 ;;
    esac
done
command -v valgrind >/dev/null || { [[ $(id -u) == 0 ]] && apt-get install -y -qq valgrind >/dev/null; }
command -v callgrind_control >/dev/null || { echo "redis-instructions: valgrind is missing: apt-get install valgrind" >&2; exit 2; }
bench=${ONESPIN_BENCH_BIN:-}
if [[ -z $bench ]]; then
    swift build -c release --product onespin-bench >&2
    bench=$PWD/.build/release/onespin-bench
fi
source Scripts/redis-private.sh
scratch=$(mktemp -d)
port=$(free_port)
valgrind --tool=callgrind --callgrind-out-file="$scratch/callgrind.out.%p" redis-server --bind 127.0.0.1 --port "$port" \
    --dir "$scratch" --save '' --appendonly no --daemonize no >"$scratch/valgrind.log" 2>&1 &
redis_pid=$!
trap 'kill "$redis_pid" 2>/dev/null || true; wait "$redis_pid" 2>/dev/null || true; rm -rf "$scratch"' EXIT
for _ in $(seq 1 300); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
url="redis://127.0.0.1:$port/0"
"$bench" bench-ceiling --redis "$url" --concurrency 8 --seconds 1 --mode "$mode" >/dev/null
callgrind_control --zero "$redis_pid" >/dev/null 2>&1
redis-cli -p "$port" config resetstat >/dev/null
"$bench" bench-ceiling --redis "$url" --concurrency 16 --seconds "$seconds" --mode "$mode" >/dev/null
callgrind_control --dump "$redis_pid" >/dev/null 2>&1
if [[ $mode == claim ]]; then command=set; else command=fcall; fi
spins=$(redis-cli -p "$port" info commandstats | tr -d '\r' | sed -n "s/^cmdstat_$command:calls=\([0-9]*\),.*/\1/p")
instructions=$(sed -n 's/^summary: *//p' "$(ls -t "$scratch"/callgrind.out.* | head -1)")
[[ ${spins:-0} -gt 0 ]] || { echo "redis-instructions: no spins were counted" >&2; exit 1; }
echo "redis $mode $((instructions / spins)) instructions per spin ($spins spins, $(redis-server --version | awk '{print $3}'))"
