#!/usr/bin/env bash
# Runs every benchmark the issues ask for, side by side with its peer in the same run, and rewrites
# BENCHMARKS.md with the table, the commands and the machine's core count.
# Usage: Scripts/bench.sh [--seconds S]   (S: length of each load run, default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=10
while [[ $# -gt 0 ]]; do
    case $1 in
        --seconds) seconds=$2; shift 2 ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
done
bash Scripts/setup.sh
command -v nginx >/dev/null || { [[ $(id -u) == 0 ]] && apt-get install -y -qq nginx-light >/dev/null; }
swift build -c release --product onespin >&2
swift build -c release --product onespin-bench >&2
bin=$PWD/.build/release/onespin
bench=$PWD/.build/release/onespin-bench
source Scripts/redis-private.sh
scratch=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]:-}"; do if [[ -n $p ]]; then kill "$p" 2>/dev/null || true; fi; done
    stop_private_redis
    rm -rf "$scratch"
}
trap cleanup EXIT
start_private_redis "$scratch" --appendonly no
export ONESPIN_JWT_SECRET=bench-secret-0123456789abcdef ONESPIN_ADMIN_TOKEN=bench-admin-0123456789abcdef
rows=()
row() { rows+=("| $1 | $2 | $3 | $4 |"); echo "$1: $2 (peer: $3) -> $4" >&2; }
ratio() { python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print(f'{a/b:.2f}x' if b else 'n/a')" "$1" "$2"; }
wait_ready() { for _ in $(seq 1 200); do curl -fs "http://127.0.0.1:$1/healthz" >/dev/null 2>&1 && return 0; sleep 0.05; done; return 1; }
start_server() {  # start_server PORT [serve flags...]; sets server_pid
    local port=$1; shift
    "$bin" serve --host 127.0.0.1 --port "$port" "$@" >"$scratch/server-$port.log" 2>&1 &
    server_pid=$!; pids+=("$server_pid")
    wait_ready "$port"
}
stop_server() { kill -TERM "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# 1. HTTP: /healthz against Hummingbird 2 and nginx `return 200` (Scripts/bench/http-peers.sh), wrk -t2 -c64.
out=$(Scripts/bench/http-peers.sh --rounds 3 --seconds "$seconds" \
    --server "$bin serve --host 127.0.0.1 --port \$PORT" 2>&1 | tail -3)
echo "$out" >&2
read -r os hb ng < <(echo "$out" | sed -n 's/median req\/s: onespin \([0-9]*\), hummingbird \([0-9]*\), nginx \([0-9]*\)/\1 \2 \3/p')
read -r cos chb cng < <(echo "$out" | sed -n 's/median CPU us\/request: onespin \([0-9.]*\), hummingbird \([0-9.]*\), nginx \([0-9.]*\)/\1 \2 \3/p')
row "/healthz req/s vs Hummingbird 2 (target ≥ 4×); CPU µs/request $cos vs $chb" "$os" "$hb" "$(ratio "$os" "$hb")"
row "/healthz req/s vs nginx \`return 200\` (target ≥ 1×); CPU µs/request $cos vs $cng" "$os" "$ng" "$(ratio "$os" "$ng")"

# 2. RSS with 5,000 idle keep-alive connections.
port=$(free_port); start_server "$port"
read -r before after open < <(python3 Scripts/bench/idle_connections.py "$port" "$server_pid" 5000)
row "RSS with $open idle keep-alive connections, MiB (target ≤ 64)" "$after" "idle: $before" "-"
stop_server "$server_pid"

# 3. Redis client vs redis-benchmark on the same Redis, one connection: 3 alternating rounds, medians.
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for p in 1 100; do
    n=$(( p == 1 ? 100000 : 1000000 ))
    ours=(); theirs=()
    for _ in 1 2 3; do
        ours+=("$("$bench" bench-redis --redis "$REDIS_URL" --requests "$n" --pipeline "$p" --test ping_mbulk | awk '{print $1}')")
        theirs+=("$(redis-benchmark -p "$REDIS_PORT" -c 1 -P "$p" -n "$n" -t ping_mbulk -q 2>/dev/null | tr '\r' '\n' | awk '/requests per second/ {v=$2} END {print v}')")
    done
    o=$(median "${ours[@]}"); t=$(median "${theirs[@]}")
    target=$([[ $p == 1 ]] && echo "≥ 0.9×" || echo "≥ 0.7×")
    row "Redis client PING ops/s, pipeline $p, vs redis-benchmark -c 1 -P $p (target $target; median of 3 alternating)" "$o" "$t" "$(ratio "$o" "$t")"
done

# 4. Spins at 64 connections: fresh and replayed, Redis and embedded stores, against the Redis ceiling.
spin_run() {  # spin_run PORT MODE -> "req/s p50 p99" (wrk's latency lines, in ms)
    wrk -t2 -c64 -d"${seconds}s" --latency -s Scripts/bench/spin.lua "http://127.0.0.1:$1" -- "$scratch/tokens-$1" "$2" "r$RANDOM" \
        | awk '/Requests\/sec/ {r=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} END {print r, p50, p99}'
}
fresh_ceiling=$("$bench" bench-ceiling --redis "$REDIS_URL" --concurrency 64 --seconds "$seconds" --mode fresh | awk '{print $1}')
claim_ceiling=$("$bench" bench-ceiling --redis "$REDIS_URL" --concurrency 64 --seconds "$seconds" --mode claim | awk '{print $1}')
for store in redis memory; do
    port=$(free_port)
    if [[ $store == redis ]]; then start_server "$port" --redis "$REDIS_URL"; else start_server "$port"; fi
    python3 Scripts/bench/players.py "http://127.0.0.1:$port" "$ONESPIN_ADMIN_TOKEN" "$ONESPIN_JWT_SECRET" 1000 "$scratch/tokens-$port"
    read -r fresh f50 f99 < <(spin_run "$port" fresh)
    read -r replay r50 r99 < <(spin_run "$port" replay)
    if [[ $store == redis ]]; then
        row "fresh spins/s, Redis store, vs the store ceiling (target ≥ 0.7×); p50 $f50, p99 $f99" "$fresh" "$fresh_ceiling" "$(ratio "$fresh" "$fresh_ceiling")"
        row "replayed spins/s, Redis store, vs claim-only ceiling (target ≥ 0.5×); p50 $r50, p99 $r99" "$replay" "$claim_ceiling" "$(ratio "$replay" "$claim_ceiling")"
    else
        row "fresh spins/s, embedded store (reference); p50 $f50, p99 $f99" "$fresh" "-" "-"
        row "replayed spins/s, embedded store (reference); p50 $r50, p99 $r99" "$replay" "-" "-"
    fi
    stop_server "$server_pid"
done

# 4b. Redis topologies: a 3-master cluster vs one Redis, and --min-replicas 1 vs 0 (medians of 3 alternating rounds).
while IFS= read -r line; do rows+=("$line"); echo "$line" >&2; done < <(bash Scripts/bench/topologies.sh "$bin" "$seconds" 3)

# 5. Game engine: exact RTP of fruit5 and simulation speed.
start=$(date +%s%N); "$bin" rtp --game fruit5 --json >"$scratch/rtp.json"; end=$(date +%s%N)
cycle=$(python3 -c "import json;print(json.load(open('$scratch/rtp.json'))['cycle'])")
method=$(python3 -c "import json;print(json.load(open('$scratch/rtp.json'))['method'])")
row "exact RTP fruit5 base: ms for $cycle stop combinations ($method)" "$(( (end - start) / 1000000 ))" "Go full cycle: ~7M comb/s" "-"
for t in 1 2; do
    sps=$("$bin" simulate --game fruit5 --spins 20000000 --threads "$t" --seed 7 --json | python3 -c "import json,sys;print(int(json.load(sys.stdin)['spinsPerSecond']))")
    row "simulate fruit5 20M spins, $t thread(s), spins/s (target ≥ 5M/core)" "$sps" "-" "-"
done

# 6. What one spin costs Redis and the server, per request (CPU from /proc, INFO commandstats).
cost=$(ONESPIN_BIN="$bin" ONESPIN_BENCH_BIN="$bench" bash Scripts/bench/redis-cost.sh --seconds "$seconds")
echo "$cost" >&2
# "route: … server CPU X us/req, Redis CPU Y us/req; …" → X or Y for one route.
cost_of() { echo "$cost" | sed -n "s/^$1: .*server CPU \([0-9.]*\) us\/req, Redis CPU \([0-9.]*\) us\/req.*/\\$2/p"; }
healthz_cpu=$(cost_of healthz 1)
row "Redis CPU µs per fresh spin (target ≤ 45)" "$(cost_of fresh 2)" "-" "-"
row "Redis CPU µs per replayed spin (target ≤ 8)" "$(cost_of replay 2)" "-" "-"
# The same two costs as instructions Redis executes (callgrind: machine noise does not move them).
for mode in fresh claim; do
    instructions=$(ONESPIN_BENCH_BIN="$bench" bash Scripts/bench/redis-instructions.sh --seconds 3 --mode "$mode" | awk '{print $3}')
    row "Redis instructions per $([[ $mode == fresh ]] && echo "fresh spin" || echo "replayed spin's claim") (Scripts/bench/redis-instructions.sh)" "$instructions" "-" "-"
done
for route in wallet replay fresh; do
    case $route in wallet) target="≤ 1.5×" ;; replay) target="≤ 2×" ;; fresh) target="≤ 3.5×" ;; esac
    row "server CPU µs per $route request vs /healthz, Redis store (target $target)" "$(cost_of "$route" 1)" "$healthz_cpu" "$(ratio "$(cost_of "$route" 1)" "$healthz_cpu")"
done

# Everything below the marker line in BENCHMARKS.md is written by hand (or by other scripts, e.g.
# Scripts/bench/instructions.sh) and kept as it is.
marker='<!-- Written by hand below this line; Scripts/bench.sh keeps it. -->'
kept=$(awk -v m="$marker" 'found {print} $0 == m {found = 1}' BENCHMARKS.md 2>/dev/null || true)
{
    echo "# Benchmarks"
    echo
    echo "Written by \`Scripts/bench.sh --seconds $seconds\` on $(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m)."
    echo "The machine is shared and noisy: read the ratios against the peer measured in the same run, not the absolute numbers."
    echo
    echo "| measurement | onespin | peer (same run) | ratio |"
    echo "| --- | --- | --- | --- |"
    printf '%s\n' "${rows[@]}"
    echo
    echo "## What a spin costs Redis and the server (\`Scripts/bench/redis-cost.sh --seconds $seconds\`, wrk -t1 -c64)"
    echo
    echo '```'
    echo "$cost"
    echo '```'
    echo
    echo "## How each figure is made"
    echo
    echo "- HTTP: \`Scripts/bench/http-peers.sh --rounds 3 --seconds $seconds\` (wrk -t2 -c64, median of 3 rounds; onespin with the embedded store at the default log level; the Hummingbird peer is \`Bench/peers/hummingbird-hello\`, built outside the package; CPU per request from /proc)."
    echo "- RSS: \`Scripts/bench/idle_connections.py\` opens 5,000 keep-alive connections, one request each, and reads VmRSS."
    echo "- Redis client: \`onespin-bench bench-redis --pipeline P --test ping_mbulk\` against \`redis-benchmark -c 1 -P P -t ping_mbulk\` on the same private Redis, alternating, median of 3."
    echo "- Spins: \`wrk -t2 -c64 --latency -s Scripts/bench/spin.lua\` over 1,000 credited players (\`Scripts/bench/players.py\`); fresh = a new key per request, replay = one settled key per player."
    echo "  The ceiling is \`onespin-bench bench-ceiling --concurrency 64\`: what the store sends for a spin (the key's \`SET … NX GET\`, the lock and wallet reads, the commit script; for a replay the \`SET … NX GET\` alone) straight to Redis, 64 spins in flight, pipelined."
    echo "  (\`redis-benchmark\` cannot tie the four keys of one script call to one player — each \`__rand_int__\` is drawn separately — so it cannot run these scripts as a spin does.)"
    echo "- Redis topologies: \`Scripts/bench/topologies.sh\`: the same spin run (1,000 players, wrk -t2 -c64, fresh keys) against onespin on one Redis, on a local 3-master Redis Cluster without replicas (\`Scripts/redis-cluster.sh\`, routing alone), and on 3 masters + 3 replicas at \`--min-replicas\` 0 and 1, alternating, median of 3. All Redis processes share this machine's cores, so more masters add routing, not CPU."
    echo "- Engine: \`onespin rtp --game fruit5\` timed as a whole process; \`onespin simulate --game fruit5 --spins 20000000 --threads T\`."
    echo
    echo "$marker"
    if [[ -n $kept ]]; then printf '%s\n' "$kept"; fi
} > "$scratch/BENCHMARKS.md"
mv "$scratch/BENCHMARKS.md" BENCHMARKS.md
cat BENCHMARKS.md
exit 0
