#!/usr/bin/env bash
# Chaos replay: two `onespin serve` processes on one Redis (AOF, appendfsync always), a replay with
# duplicates, concurrent duplicates and client timeouts spread over both, and a fault loop that
# kill -9s servers, restarts (kill -9) Redis, pauses Redis past the 1 s command timeout and stops a
# server with SIGTERM (it must exit 0 within its deadline; its clients move to the other server).
# At the end the replay's invariant check must pass. Exit 1 on a violation or a failed check.
# Usage: Scripts/chaos.sh [--quick]      (--quick: the CI size, ~20k spins)
#        Scripts/chaos.sh --topology cluster|sentinel [--min-replicas N] [--quick]   (Scripts/chaos-ha.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ " $* " == *" --topology "* ]]; then exec bash Scripts/chaos-ha.sh "$@"; fi
quick=0
[[ ${1:-} == --quick ]] && quick=1

if ((quick)); then
    players=40 spins=500 rate=900 every=2.5 min_kills=2 min_redis=1
else
    players=400 spins=2600 rate=0 every=12 min_kills=5 min_redis=3
fi

source Scripts/redis-private.sh
source Scripts/lib/chaos-run.sh
chaos_name=chaos
chaos_build
work=$(mktemp -d)
cleanup() {
    chaos_stop
    [[ -n ${REDIS_PID:-} ]] && kill -CONT "$REDIS_PID" 2>/dev/null || true
    stop_private_redis
    if ((failed)); then echo "chaos: logs kept in $work" >&2; else rm -rf "$work"; fi
}
failed=1
trap cleanup EXIT
trap 'exit 1' TERM INT

# Every write is fsynced to the AOF before Redis answers it, so a Redis crash or restart loses
# nothing a server has answered as settled.
redis_args=(--appendonly yes --appendfsync always)
start_private_redis "$work" "${redis_args[@]}"
redis_port=$REDIS_PORT

restart_redis() { # kill -9, then start again from the same directory, port and AOF
    kill -9 "$REDIS_PID"
    wait "$REDIS_PID" 2>/dev/null || true
    redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$work" --daemonize no --save '' \
        --logfile "$work/redis.log" "${redis_args[@]}" &
    REDIS_PID=$!
    # Loading the AOF takes longer as it grows (seconds per few hundred thousand spins): wait up to 5 minutes.
    local until=$((SECONDS + 300))
    while ((SECONDS < until)); do
        [[ $(redis-cli -p "$redis_port" ping 2>/dev/null) == PONG ]] && return 0
        sleep 0.1
    done
    echo "chaos: redis did not come back; see $work/redis.log" >&2
    return 1
}

server_args=(--redis "$REDIS_URL")
chaos_start_servers
chaos_start_replay "$players" "$spins" "$rate" 400 c

kills=0 redis_restarts=0 pauses=0 terms=0 term_failures=0 crashes=0
fault() {
    for i in 0 1; do # a server that exited by itself is a crash: note its status and start it again
        if ! kill -0 "${server_pid[$i]}" 2>/dev/null; then
            local status=0
            wait "${server_pid[$i]}" || status=$?
            echo "chaos: server $i exited by itself with status $status; see $work/server$i.log" >&2
            crashes=$((crashes + 1))
            start_server "$i"
        fi
    done
    case $1 in
    kill)  # kill -9 a server mid-request, restart it on its port
        kill_server "$2"; kills=$((kills + 1)) ;;
    redis) # kill -9 Redis, restart it from its AOF
        restart_redis; redis_restarts=$((redis_restarts + 1)) ;;
    pause) # SIGSTOP Redis past the 1 s command timeout
        kill -STOP "$REDIS_PID"; sleep 1.5; kill -CONT "$REDIS_PID"; pauses=$((pauses + 1)) ;;
    term)  # graceful stop under load: exit 0 within the deadline; clients flip to the other server
        local t0 rc=0
        t0=$(date +%s%N)
        kill -TERM "${server_pid[$2]}"; wait "${server_pid[$2]}" || rc=$?
        local ms=$((($(date +%s%N) - t0) / 1000000))
        if ((rc != 0 || ms > 6000)); then
            echo "chaos: SIGTERM: server $2 exited $rc after $ms ms (want 0 within 5 s + 1 s)" >&2
            term_failures=$((term_failures + 1))
        fi
        start_server "$2"; terms=$((terms + 1)) ;;
    esac
    echo "chaos: t+$(($(date +%s) - started))s $1 ${2:-}" >&2
}
chaos_fault_loop "$every" fault "kill 0" "redis" "pause" "kill 1" "term 0" "redis" "kill 0" "pause" "term 1" "kill 1"
chaos_finish || exit 1
python3 - "$work/report.json" "$elapsed" "$kills" "$redis_restarts" "$pauses" "$terms" "$((term_failures + crashes))" \
    "$min_kills" "$min_redis" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
elapsed, kills, restarts, pauses, terms, term_failures, min_kills, min_redis = map(int, sys.argv[2:])
fivexx = sum(v for k, v in r["statuses"].items() if k.startswith("5"))
print(f"chaos: {r['spins']} spins settled, {r['requests']} requests in {elapsed} s")
print(f"chaos: faults: {kills} server kill -9, {restarts} redis restarts (kill -9, AOF), {pauses} redis pauses (1.5 s), "
      f"{terms} server SIGTERM; {term_failures} failed SIGTERM exits or server crashes")
print(f"chaos: 5xx seen {fivexx}, retries {r['retries']}, transport errors {r['errors']}, failovers {r['failovers']}")
ok = r["passed"] and term_failures == 0
print("chaos: invariants " + ("PASS" if r["passed"] else "FAIL") + ": "
      + "; ".join(f"{i['name']} {'ok' if i['passed'] else 'VIOLATED'}" for i in r["invariants"]))
if kills < min_kills or restarts < min_redis:
    print(f"chaos: note: fewer faults than the target ({min_kills} kills, {min_redis} redis restarts): the replay ended first")
sys.exit(0 if ok else 1)
EOF
failed=0
