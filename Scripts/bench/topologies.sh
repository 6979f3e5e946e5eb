#!/usr/bin/env bash
# Fresh spins on Redis topologies, same run, same connections (wrk -t2 -c64, Scripts/bench/spin.lua):
# one Redis vs a 3-master cluster without replicas (the routing layer alone: replicas would take
# CPU from the masters on this machine), and a 3-master cluster with 3 replicas at --min-replicas
# 1 vs 0. Rounds alternate; the medians are printed as BENCHMARKS.md rows.
# Usage: Scripts/bench/topologies.sh ONESPIN_BINARY SECONDS [ROUNDS]   (called by Scripts/bench.sh)
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$1 seconds=$2 rounds=${3:-3}
source Scripts/redis-private.sh
source Scripts/redis-cluster.sh
scratch=$(mktemp -d)
server_pid=
cleanup() {
    [[ -n $server_pid ]] && { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }
    cluster_stop "$scratch/cluster"
    cluster_stop "$scratch/bare"
    stop_private_redis
    rm -rf "$scratch"
}
trap cleanup EXIT
start_private_redis "$scratch" --appendonly no
CLUSTER_REPLICAS=0 cluster_start "$scratch/bare" >/dev/null
bare_url=$REDIS_CLUSTER_URL
CLUSTER_REPLICAS=1 cluster_start "$scratch/cluster" >/dev/null
export ONESPIN_JWT_SECRET=${ONESPIN_JWT_SECRET:-bench-secret-0123456789abcdef}
export ONESPIN_ADMIN_TOKEN=${ONESPIN_ADMIN_TOKEN:-bench-admin-0123456789abcdef}

run() {  # run NAME serve-flags… -> appends "req/s p50 p99" to $scratch/NAME
    local name=$1; shift
    local port; port=$(free_port)
    "$bin" serve --host 127.0.0.1 --port "$port" --log-level warn "$@" >"$scratch/server-$name.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 200); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.05; done
    python3 Scripts/bench/players.py "http://127.0.0.1:$port" "$ONESPIN_ADMIN_TOKEN" "$ONESPIN_JWT_SECRET" 1000 "$scratch/tokens-$port"
    wrk -t2 -c64 -d"${seconds}s" --latency -s Scripts/bench/spin.lua "http://127.0.0.1:$port" -- "$scratch/tokens-$port" fresh "t$RANDOM" \
        | awk 'function ms(t) { if (t ~ /us$/) return t * 0.001; if (t ~ /ms$/) return t + 0; if (t ~ /s$/) return t * 1000; return t }
               /Requests\/sec/ {r=$2} /^ +50%/ {p50=ms($2)} /^ +99%/ {p99=ms($2)} /Non-2xx/ {bad=$4}
               END {printf "%s %.2f %.2f %d\n", r, p50, p99, bad}' >>"$scratch/result-$name"
    kill -TERM "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=
}
for _ in $(seq 1 "$rounds"); do
    run single --redis "$REDIS_URL"
    run bare --redis "$bare_url"
    run cluster --redis "$REDIS_CLUSTER_URL"
    run wait1 --redis "$REDIS_CLUSTER_URL" --min-replicas 1
done
median() {  # median FILE COLUMN
    awk -v c="$2" '{print $c}' "$1" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
for name in single bare cluster wait1; do
    read -r "${name}_rate" "${name}_p50" "${name}_p99" < <(echo "$(median "$scratch/result-$name" 1) $(median "$scratch/result-$name" 2) $(median "$scratch/result-$name" 3)")
    echo "$name: $(tr '\n' ';' <"$scratch/result-$name")" >&2
done
ratio() { python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print(f'{a/b:.2f}x' if b else 'n/a')" "$1" "$2"; }
echo "| fresh spins/s, 3-master Redis Cluster (no replicas) vs one Redis, same connections (target ≥ 0.9×); p50/p99 ms cluster $bare_p50/$bare_p99, one Redis $single_p50/$single_p99 | $bare_rate | $single_rate | $(ratio "$bare_rate" "$single_rate") |"
echo "| fresh spins/s, 3 masters + 3 replicas, --min-replicas 1 vs 0 (WAIT after each commit); p50/p99 ms $wait1_p50/$wait1_p99 vs $cluster_p50/$cluster_p99 | $wait1_rate | $cluster_rate | $(ratio "$wait1_rate" "$cluster_rate") |"
