#!/usr/bin/env bash
# A local Redis Cluster for tests, chaos and benchmarks: 3 masters + 3 replicas on free loopback
# ports, made with `redis-cli --cluster create`, every process daemonized with a pid file in DIR.
# Usage: Scripts/redis-cluster.sh start DIR     # prints REDIS_CLUSTER_URL=redis-cluster://…, writes DIR/env
#        Scripts/redis-cluster.sh stop DIR      # kills every node by its pid file
#        Scripts/redis-cluster.sh restart DIR   # starts again every node whose process is gone (rejoins)
#        Scripts/redis-cluster.sh masters DIR   # ports of the current masters, one a line
# Fast failover for tests: cluster-node-timeout 1000 ms. Or source it and call cluster_start DIR.
# CLUSTER_REPLICAS=0 makes 3 masters without replicas (a benchmark of routing alone).
set -euo pipefail
# shellcheck source=Scripts/lib/daemons.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/daemons.sh"
cluster_dir_abs() { mkdir -p "$1" && (cd "$1" && pwd); }
# A free port p ≤ 55535 whose cluster bus port p + 10000 is free too.
cluster_free_port() {
    python3 - <<'PY'
import random, socket
while True:
    p = random.randint(20000, 55000)
    try:
        a = socket.socket(); a.bind(("127.0.0.1", p))
        b = socket.socket(); b.bind(("127.0.0.1", p + 10000))
        a.close(); b.close(); print(p); break
    except OSError:
        pass
PY
}

cluster_node_start() {  # DIR PORT
    local dir=$1 port=$2
    redis-server --bind 127.0.0.1 --port "$port" --dir "$dir" --daemonize yes --pidfile "$dir/node-$port.pid" \
        --logfile "$dir/node-$port.log" --cluster-enabled yes --cluster-config-file "nodes-$port.conf" \
        --cluster-node-timeout 1000 --cluster-replica-validity-factor 0 --repl-diskless-sync-delay 0 --appendonly no --save '' \
        --dbfilename "dump-$port.rdb"
    wait_for_ping "$port" "$dir/node-$port.log"
}

cluster_wait_ok() {  # DIR: every node says cluster_state:ok, and every replica's link to its master is up
    local dir=$1 port
    for _ in $(seq 1 300); do
        local ok=1
        for port in $(cat "$dir/ports"); do
            redis-cli -p "$port" cluster info 2>/dev/null | grep -q 'cluster_state:ok' || ok=0
            local replication; replication=$(redis-cli -p "$port" info replication 2>/dev/null)
            if [[ $replication == *role:slave* && $replication != *master_link_status:up* ]]; then ok=0; fi
        done
        [[ $ok == 1 ]] && return 0
        sleep 0.1
    done
    echo "cluster did not reach cluster_state:ok with every replica in sync" >&2
    return 1
}

cluster_start() {  # DIR
    local dir; dir=$(cluster_dir_abs "$1")
    rm -f "$dir"/nodes-*.conf "$dir"/node-*.pid "$dir/ports"
    local ports=() port replicas=${CLUSTER_REPLICAS:-1}
    for _ in $(seq 1 $((3 * (1 + replicas)))); do
        port=$(cluster_free_port)
        ports+=("$port")
        echo "$port" >>"$dir/ports"
        cluster_node_start "$dir" "$port"
    done
    local addresses=()
    for port in "${ports[@]}"; do addresses+=("127.0.0.1:$port"); done
    redis-cli --cluster create "${addresses[@]}" --cluster-replicas "$replicas" --cluster-yes >"$dir/create.log" 2>&1 \
        || { cat "$dir/create.log" >&2; return 1; }
    cluster_wait_ok "$dir"
    REDIS_CLUSTER_URL="redis-cluster://127.0.0.1:${ports[0]},127.0.0.1:${ports[1]},127.0.0.1:${ports[2]}"
    echo "REDIS_CLUSTER_URL=$REDIS_CLUSTER_URL" >"$dir/env"
    echo "REDIS_CLUSTER_DIR=$dir" >>"$dir/env"
    export REDIS_CLUSTER_URL REDIS_CLUSTER_DIR=$dir
}

cluster_stop() {  # DIR
    stop_pid_files "$1"/node-*.pid
}

cluster_restart() {  # DIR: nodes whose process is gone start again from their nodes.conf (and rejoin)
    local dir=$1 port
    for port in $(gone_ports "$dir/ports" "$dir/node-PORT.pid"); do cluster_node_start "$dir" "$port"; done
    cluster_wait_ok "$dir"
}

cluster_masters() {  # DIR
    local dir=$1 port
    for port in $(cat "$dir/ports"); do
        redis-cli -p "$port" role 2>/dev/null | head -1 | grep -qx master && echo "$port"
    done
    return 0
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
    close_inherited_fds
    [[ $# -eq 2 ]] || { sed -n 2,8p "$0"; exit 2; }
    case $1 in
        start) cluster_start "$2"; echo "REDIS_CLUSTER_URL=$REDIS_CLUSTER_URL" ;;
        stop) cluster_stop "$2" ;;
        restart) cluster_restart "$2" ;;
        masters) cluster_masters "$2" ;;
        *) sed -n 2,8p "$0"; exit 2 ;;
    esac
fi
