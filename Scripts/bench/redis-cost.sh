#!/usr/bin/env bash
# What one spin costs Redis and the server, in one go: starts a private Redis and the release server
# on it, drives /healthz, GET /v1/wallet, replayed and fresh spins with `wrk -t1 -c64`
# (Scripts/bench/spin.lua), and prints per request: the server's CPU and the Redis process's CPU
# (user + system from /proc/<pid>/stat, divided by requests) and the scripts' `usec_per_call` and
# calls per request from `INFO commandstats` (reset before each route); then the store ceiling
# (`onespin-bench bench-ceiling`, the scripts straight against Redis) for fresh spins and claims.
# CPU per request holds up on a busy machine far better than req/s.
# Usage: [ONESPIN_BIN=path] [ONESPIN_BENCH_BIN=path] Scripts/bench/redis-cost.sh [--seconds S]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=4
if [[ ${1:-} == --seconds ]]; then seconds=$2; shift 2; fi
bin=${ONESPIN_BIN:-.build/release/onespin}
bench=${ONESPIN_BENCH_BIN:-.build/release/onespin-bench}
export ONESPIN_JWT_SECRET=${ONESPIN_JWT_SECRET:-bench-secret-0123456789abcdef}
export ONESPIN_ADMIN_TOKEN=${ONESPIN_ADMIN_TOKEN:-bench-admin-0123456789abcdef}
source Scripts/redis-private.sh
scratch=$(mktemp -d)
pid=
cleanup() { [[ -n $pid ]] && { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }; stop_private_redis; rm -rf "$scratch"; }
trap cleanup EXIT
start_private_redis "$scratch" --appendonly no >/dev/null
port=$(free_port)
"$bin" serve --host 127.0.0.1 --port "$port" --log-level warn --redis "$REDIS_URL" >"$scratch/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.05; done
python3 Scripts/bench/players.py "http://127.0.0.1:$port" "$ONESPIN_ADMIN_TOKEN" "$ONESPIN_JWT_SECRET" 1000 "$scratch/tokens"
echo "wrk.headers[\"Authorization\"] = \"Bearer $(head -1 "$scratch/tokens")\"" >"$scratch/get.lua"
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# Every command's calls and usec, as "name calls usec" lines.
commandstats() {
    redis-cli -p "$REDIS_PORT" info commandstats | tr -d '\r' |
        sed -n 's/^cmdstat_\([a-z|]*\):calls=\([0-9]*\),usec=\([0-9]*\),.*/\1 \2 \3/p'
}
# A first replay round settles each player's replay key, so the replay route measures replays only.
wrk -t1 -c64 -d1s -s Scripts/bench/spin.lua "http://127.0.0.1:$port" -- "$scratch/tokens" replay rp >/dev/null
for route in healthz wallet replay fresh; do
    case $route in
        healthz) args=("http://127.0.0.1:$port/healthz") ;;
        wallet) args=(-s "$scratch/get.lua" "http://127.0.0.1:$port/v1/wallet") ;;
        replay) args=(-s Scripts/bench/spin.lua "http://127.0.0.1:$port" -- "$scratch/tokens" replay rp) ;;
        fresh) args=(-s Scripts/bench/spin.lua "http://127.0.0.1:$port" -- "$scratch/tokens" fresh "f$RANDOM") ;;
    esac
    redis-cli -p "$REDIS_PORT" config resetstat >/dev/null
    server_before=$(cpu "$pid"); redis_before=$(cpu "$REDIS_PID")
    requests=$(wrk -t1 -c64 -d"${seconds}s" "${args[@]}" | awk '/requests in/ {print $1}')
    server_after=$(cpu "$pid"); redis_after=$(cpu "$REDIS_PID")
    commands=$(commandstats | awk -v n="$requests" '$1 !~ /^(config|info|script)/ && $2 > 0 {
        printf " %s %.2f/req %.1fus/call;", $1, $2 / n, $3 / $2 }')
    python3 -c "
n=$requests; s=($server_after-$server_before)/100; r=($redis_after-$redis_before)/100
print(f'$route: {n/$seconds:.0f} req/s, server CPU {s*1e6/n:.1f} us/req, Redis CPU {r*1e6/n:.1f} us/req;$commands')"
done
for mode in fresh claim; do
    echo "ceiling $mode: $("$bench" bench-ceiling --redis "$REDIS_URL" --concurrency 64 --seconds "$seconds" --mode "$mode")"
done
