#!/usr/bin/env bash
# Chaos replay on highly available Redis (called by Scripts/chaos.sh --topology cluster|sentinel):
# two `onespin serve --min-replicas N` on a local Redis Cluster (3 masters + 3 replicas) or Sentinel
# setup (master, 2 replicas, 3 Sentinels); a replay with duplicates, concurrent duplicates and client
# timeouts over both, while a fault loop kill -9s masters (a replica is promoted), restarts them (they
# rejoin as replicas), kill -9s onespin servers and, on cluster, moves a partition's slot to another
# master (SETSLOT IMPORTING/MIGRATING, MIGRATE, SETSLOT NODE). The replay's invariants must hold:
# settled once, balances, same answers — an acknowledged spin lost in a failover breaks them.
# Usage: Scripts/chaos-ha.sh --topology cluster|sentinel [--min-replicas N] [--quick]
set -euo pipefail
cd "$(dirname "$0")/.."
topology= min_replicas=1 quick=0
while [[ $# -gt 0 ]]; do
    case $1 in
        --topology) topology=$2; shift 2 ;;
        --min-replicas) min_replicas=$2; shift 2 ;;
        --quick) quick=1; shift ;;
        *) sed -n 2,9p Scripts/chaos-ha.sh; exit 2 ;;
    esac
done
[[ $topology == cluster || $topology == sentinel ]] || { sed -n 2,9p Scripts/chaos-ha.sh; exit 2; }
if ((quick)); then
    players=40 spins=400 rate=700 every=4 min_master_kills=2 min_moves=1
else
    players=400 spins=800 rate=0 every=9 min_master_kills=5 min_moves=3
fi

source Scripts/redis-private.sh   # free_port
source Scripts/redis-cluster.sh
source Scripts/redis-sentinel.sh
source Scripts/lib/chaos-run.sh
chaos_name=chaos-ha
chaos_build
work=$(mktemp -d)
failed=1
cleanup() {
    chaos_stop
    if [[ $topology == cluster ]]; then cluster_stop "$work/redis"; else sentinel_stop "$work/redis"; fi
    if ((failed)); then echo "chaos-ha: logs kept in $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 1' TERM INT

if [[ $topology == cluster ]]; then
    cluster_start "$work/redis" >/dev/null
    url=$REDIS_CLUSTER_URL
else
    sentinel_start "$work/redis" >/dev/null
    url=$REDIS_SENTINEL_URL
fi
echo "chaos-ha: $topology at $url, --min-replicas $min_replicas"

server_args=(--redis "$url" --min-replicas "$min_replicas")
chaos_start_servers

# The slots of onespin's 64 partitions (RedisPartitions: tag i is the first "i.k" whose slot lies
# in the i-th 256-slot range), the ones worth moving: every other slot holds no onespin key.
mapfile -t partition_slots < <(python3 - <<'PY'
def crc16(data):
    crc = 0
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc
for i in range(64):
    k = 0
    while True:
        slot = crc16(f"{i}.{k}".encode()) % 16384
        if slot // 256 == i:
            print(slot)
            break
        k += 1
PY
)

master_kills=0 restarts=0 moves=0 server_kills=0
kill_master() {
    local port pid
    if [[ $topology == cluster ]]; then
        mapfile -t masters < <(cluster_masters "$work/redis")
        port=${masters[$((RANDOM % ${#masters[@]}))]}
        pid=$(cat "$work/redis/node-$port.pid")
    else
        port=$(sentinel_master "$work/redis")
        pid=$(cat "$work/redis/data-$port.pid")
    fi
    kill -9 "$pid"
    master_kills=$((master_kills + 1))
    echo "chaos-ha: t+$(($(date +%s) - started))s kill -9 master :$port" >&2
    # Let the failover happen (node timeout / down-after 1 s, election), then bring the node back.
    sleep 4
    if [[ $topology == cluster ]]; then cluster_restart "$work/redis"; else sentinel_restart "$work/redis"; fi
    restarts=$((restarts + 1))
    echo "chaos-ha: t+$(($(date +%s) - started))s restarted :$port (rejoins as a replica)" >&2
}
owner_of_slot() { # SLOT: the port of the master serving it, from that master's own CLUSTER NODES line
    local slot=$1 port
    for port in $(cluster_masters "$work/redis"); do
        redis-cli -p "$port" cluster nodes | grep myself | python3 -c "
import sys
for token in sys.stdin.read().split()[8:]:
    low, _, high = token.partition('-')
    if low.isdigit() and int(low) <= $slot <= int(high or low):
        sys.exit(0)
sys.exit(1)" && { echo "$port"; return 0; }
    done
    return 0
}
move_slot() {
    local slot=${partition_slots[$((RANDOM % 64))]} source target= port keys
    source=$(owner_of_slot "$slot")
    [[ -n $source ]] || return 0
    for port in $(cluster_masters "$work/redis"); do [[ $port != "$source" ]] && target=$port; done
    [[ -n $target ]] || return 0
    local source_id target_id
    source_id=$(redis-cli -p "$source" cluster myid)
    target_id=$(redis-cli -p "$target" cluster myid)
    redis-cli -p "$target" cluster setslot "$slot" importing "$source_id" >/dev/null
    redis-cli -p "$source" cluster setslot "$slot" migrating "$target_id" >/dev/null
    while true; do
        mapfile -t keys < <(redis-cli -p "$source" cluster getkeysinslot "$slot" 100)
        [[ ${#keys[@]} -eq 0 || -z ${keys[0]} ]] && break
        redis-cli -p "$source" migrate 127.0.0.1 "$target" "" 0 5000 keys "${keys[@]}" >/dev/null
    done
    for port in $(cluster_masters "$work/redis"); do redis-cli -p "$port" cluster setslot "$slot" node "$target_id" >/dev/null; done
    moves=$((moves + 1))
    echo "chaos-ha: t+$(($(date +%s) - started))s moved slot $slot :$source → :$target" >&2
}
fault() {
    case $1 in
        master) kill_master ;;
        move) move_slot ;;
        server)
            kill_server "$2"; server_kills=$((server_kills + 1))
            echo "chaos-ha: t+$(($(date +%s) - started))s kill -9 onespin $2" >&2 ;;
    esac
}

chaos_start_replay "$players" "$spins" "$rate" 600 h
if [[ $topology == cluster ]]; then
    chaos_fault_loop "$every" fault master move "server 0" master move master "server 1" move
else
    chaos_fault_loop "$every" fault master "server 0" master "server 1"
fi
chaos_finish || exit 1
python3 - "$work/report.json" "$elapsed" "$topology" "$min_replicas" "$master_kills" "$restarts" "$moves" "$server_kills" \
    "$min_master_kills" "$min_moves" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
elapsed = int(sys.argv[2]); topology = sys.argv[3]
replicas, kills, restarts, moves, server_kills, min_kills, min_moves = map(int, sys.argv[4:])
fivexx = sum(v for k, v in r["statuses"].items() if k.startswith("5"))
print(f"chaos-ha: {topology}, --min-replicas {replicas}: {r['spins']} spins settled, {r['requests']} requests in {elapsed} s")
print(f"chaos-ha: faults: {kills} master kill -9 (then restarted: {restarts}), {moves} slot moves, {server_kills} onespin kill -9")
print(f"chaos-ha: 5xx seen {fivexx}, retries {r['retries']}, transport errors {r['errors']}, failovers {r['failovers']}")
print("chaos-ha: invariants " + ("PASS" if r["passed"] else "FAIL") + ": "
      + "; ".join(f"{i['name']} {'ok' if i['passed'] else 'VIOLATED'}" for i in r["invariants"]))
if kills < min_kills or (topology == "cluster" and moves < min_moves):
    print(f"chaos-ha: note: fewer faults than the target ({min_kills} master kills, {min_moves} slot moves): the replay ended first")
sys.exit(0 if r["passed"] else 1)
PY
failed=0
