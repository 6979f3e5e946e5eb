#!/usr/bin/env bash
# A local Redis Sentinel setup for tests, chaos and benchmarks: one master, 2 replicas and 3
# Sentinels (quorum 2) on free loopback ports, daemonized with pid files in DIR. Master name: onespin.
# Usage: Scripts/redis-sentinel.sh start DIR     # prints REDIS_SENTINEL_URL=redis-sentinel://…, writes DIR/env
#        Scripts/redis-sentinel.sh stop DIR      # kills every process by its pid file
#        Scripts/redis-sentinel.sh restart DIR   # starts again every data node that is gone, as a replica
#                                                # of the master the Sentinels name now
#        Scripts/redis-sentinel.sh master DIR    # the port of the master the Sentinels name
# Fast failover for tests: down-after-milliseconds 1000. Or source it and call sentinel_start DIR.
set -euo pipefail
sentinel_free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
sentinel_binary() { if command -v redis-sentinel >/dev/null; then echo redis-sentinel; else echo "redis-server --sentinel"; fi; }

sentinel_wait_ping() {  # PORT LOG
    for _ in $(seq 1 100); do
        redis-cli -p "$1" ping >/dev/null 2>&1 && return 0
        sleep 0.05
    done
    echo "redis on port $1 did not start; see $2" >&2
    return 1
}

sentinel_data_start() {  # DIR PORT [MASTER_PORT]
    local dir=$1 port=$2 master=${3:-}
    local extra=()
    [[ -n $master ]] && extra=(--replicaof 127.0.0.1 "$master")
    redis-server --bind 127.0.0.1 --port "$port" --dir "$dir" --daemonize yes --pidfile "$dir/data-$port.pid" \
        --logfile "$dir/data-$port.log" --appendonly no --save '' --repl-diskless-sync-delay 0 \
        --dbfilename "dump-$port.rdb" "${extra[@]}"
    sentinel_wait_ping "$port" "$dir/data-$port.log"
}

sentinel_start() {  # DIR
    local dir; mkdir -p "$1"; dir=$(cd "$1" && pwd)
    rm -f "$dir"/*.pid "$dir/data-ports" "$dir/sentinel-ports"
    local master port
    master=$(sentinel_free_port)
    echo "$master" >"$dir/data-ports"
    sentinel_data_start "$dir" "$master"
    for _ in 1 2; do
        port=$(sentinel_free_port)
        echo "$port" >>"$dir/data-ports"
        sentinel_data_start "$dir" "$port" "$master"
    done
    local hosts=()
    for _ in 1 2 3; do
        port=$(sentinel_free_port)
        echo "$port" >>"$dir/sentinel-ports"
        cat >"$dir/sentinel-$port.conf" <<CONF
port $port
bind 127.0.0.1
daemonize yes
pidfile $dir/sentinel-$port.pid
logfile $dir/sentinel-$port.log
dir $dir
sentinel monitor onespin 127.0.0.1 $master 2
sentinel down-after-milliseconds onespin 1000
sentinel failover-timeout onespin 3000
sentinel parallel-syncs onespin 1
CONF
        $(sentinel_binary) "$dir/sentinel-$port.conf"
        sentinel_wait_ping "$port" "$dir/sentinel-$port.log"
        hosts+=("127.0.0.1:$port")
    done
    # Ready when every Sentinel knows both replicas and the other Sentinels.
    for _ in $(seq 1 200); do
        local ready=1
        for port in $(cat "$dir/sentinel-ports"); do
            local info; info=$(redis-cli -p "$port" sentinel master onespin 2>/dev/null | tr '\n' ' ')
            [[ $info == *"num-slaves 2 "* && $info == *"num-other-sentinels 2 "* ]] || ready=0
        done
        for port in $(tail -n +2 "$dir/data-ports"); do
            redis-cli -p "$port" info replication 2>/dev/null | grep -q 'master_link_status:up' || ready=0
        done
        [[ $ready == 1 ]] && break
        sleep 0.1
    done
    REDIS_SENTINEL_URL="redis-sentinel://$(IFS=,; echo "${hosts[*]}")/0?master=onespin"
    echo "REDIS_SENTINEL_URL=$REDIS_SENTINEL_URL" >"$dir/env"
    echo "REDIS_SENTINEL_DIR=$dir" >>"$dir/env"
    export REDIS_SENTINEL_URL REDIS_SENTINEL_DIR=$dir
}

sentinel_stop() {  # DIR
    local dir=$1 file pid
    for file in "$dir"/*.pid; do
        [[ -f $file ]] || continue
        pid=$(cat "$file")
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
        kill -9 "$pid" 2>/dev/null || true
        rm -f "$file"
    done
}

sentinel_master() {  # DIR
    local port
    for port in $(cat "$1/sentinel-ports"); do
        redis-cli -p "$port" sentinel get-master-addr-by-name onespin 2>/dev/null | sed -n 2p && return 0
    done
    return 1
}

sentinel_restart() {  # DIR: a data node that is gone comes back as a replica of the current master
    local dir=$1 port pid master
    master=$(sentinel_master "$dir")
    for port in $(cat "$dir/data-ports"); do
        pid=$(cat "$dir/data-$port.pid" 2>/dev/null || echo 0)
        if [[ $pid == 0 ]] || ! kill -0 "$pid" 2>/dev/null; then
            rm -f "$dir/data-$port.pid"
            sentinel_data_start "$dir" "$port" "$master"
        fi
    done
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
    # The daemons must not keep descriptors of whoever called us (a test's sockets and pipes).
    for fd in $(ls /proc/$$/fd); do
        [[ $fd -gt 2 && $fd -ne 255 ]] && eval "exec $fd>&-" 2>/dev/null || true
    done
    [[ $# -eq 2 ]] || { sed -n 2,9p "$0"; exit 2; }
    case $1 in
        start) sentinel_start "$2"; echo "REDIS_SENTINEL_URL=$REDIS_SENTINEL_URL" ;;
        stop) sentinel_stop "$2" ;;
        restart) sentinel_restart "$2" ;;
        master) sentinel_master "$2" ;;
        *) sed -n 2,9p "$0"; exit 2 ;;
    esac
fi
