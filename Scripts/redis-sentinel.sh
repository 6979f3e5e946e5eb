#!/usr/bin/env bash
# A local Redis Sentinel setup for tests, chaos and benchmarks: one master, 2 replicas and 3
# Sentinels (quorum 2) on free loopback ports, daemonized with pid files in DIR. Master name: onespin.
# Usage: Scripts/redis-sentinel.sh start DIR     # prints REDIS_SENTINEL_URL=redis-sentinel://…, writes DIR/env
#        Scripts/redis-sentinel.sh stop DIR      # kills every process by its pid file
#        Scripts/redis-sentinel.sh restart DIR   # starts again every data node that is gone, as a replica
#                                                # of the master the Sentinels name now
#        Scripts/redis-sentinel.sh master DIR    # the port of the master the Sentinels name
# Fast failover for tests: down-after-milliseconds 1000. Or source it and call sentinel_start DIR.
# With ONESPIN_SENTINEL_PASSWORD set at start, every node asks for it (data nodes `requirepass` and
# `masterauth`, Sentinels `requirepass`, `auth-pass` and `sentinel-pass`), the URL carries it as the
# data nodes' password and `sentinelPassword`, and DIR/password keeps it for the other commands.
set -euo pipefail
# shellcheck source=Scripts/lib/daemons.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/daemons.sh"
sentinel_free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
sentinel_binary() { if command -v redis-sentinel >/dev/null; then echo redis-sentinel; else echo "redis-server --sentinel"; fi; }

# sentinel_auth DIR: the password of DIR's setup, if it has one, for every redis-cli call after it.
sentinel_auth() {
    if [[ -f $1/password ]]; then REDISCLI_AUTH=$(cat "$1/password"); export REDISCLI_AUTH; fi
    return 0
}

sentinel_data_start() {  # DIR PORT [MASTER_PORT]
    local dir=$1 port=$2 master=${3:-}
    local extra=()
    [[ -n $master ]] && extra=(--replicaof 127.0.0.1 "$master")
    [[ -f $dir/password ]] && extra+=(--requirepass "$(cat "$dir/password")" --masterauth "$(cat "$dir/password")")
    redis-server --bind 127.0.0.1 --port "$port" --dir "$dir" --daemonize yes --pidfile "$dir/data-$port.pid" \
        --logfile "$dir/data-$port.log" --appendonly no --save '' --repl-diskless-sync-delay 0 \
        --dbfilename "dump-$port.rdb" "${extra[@]}"
    wait_for_ping "$port" "$dir/data-$port.log"
}

sentinel_start() {  # DIR
    local dir; mkdir -p "$1"; dir=$(cd "$1" && pwd)
    rm -f "$dir"/*.pid "$dir/data-ports" "$dir/sentinel-ports" "$dir/password"
    local password=${ONESPIN_SENTINEL_PASSWORD:-} auth=""
    if [[ -n $password ]]; then
        (umask 077; printf '%s' "$password" >"$dir/password")
        sentinel_auth "$dir"
        auth="requirepass $password
sentinel auth-pass onespin $password
sentinel sentinel-pass $password"
    fi
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
$auth
CONF
        $(sentinel_binary) "$dir/sentinel-$port.conf"
        wait_for_ping "$port" "$dir/sentinel-$port.log"
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
    local userinfo="" query=""
    [[ -n $password ]] && { userinfo=":$password@"; query="&sentinelPassword=$password"; }
    REDIS_SENTINEL_URL="redis-sentinel://$userinfo$(IFS=,; echo "${hosts[*]}")/0?master=onespin$query"
    echo "REDIS_SENTINEL_URL=$REDIS_SENTINEL_URL" >"$dir/env"
    echo "REDIS_SENTINEL_DIR=$dir" >>"$dir/env"
    export REDIS_SENTINEL_URL REDIS_SENTINEL_DIR=$dir
}

sentinel_stop() {  # DIR
    stop_pid_files "$1"/*.pid
}

sentinel_master() {  # DIR
    local port
    sentinel_auth "$1"
    for port in $(cat "$1/sentinel-ports"); do
        redis-cli -p "$port" sentinel get-master-addr-by-name onespin 2>/dev/null | sed -n 2p && return 0
    done
    return 1
}

sentinel_restart() {  # DIR: a data node that is gone comes back as a replica of the current master
    local dir=$1 port master
    sentinel_auth "$dir"
    master=$(sentinel_master "$dir")
    for port in $(gone_ports "$dir/data-ports" "$dir/data-PORT.pid"); do sentinel_data_start "$dir" "$port" "$master"; done
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
    close_inherited_fds
    [[ $# -eq 2 ]] || { sed -n 2,9p "$0"; exit 2; }
    case $1 in
        start) sentinel_start "$2"; echo "REDIS_SENTINEL_URL=$REDIS_SENTINEL_URL" ;;
        stop) sentinel_stop "$2" ;;
        restart) sentinel_restart "$2" ;;
        master) sentinel_master "$2" ;;
        *) sed -n 2,9p "$0"; exit 2 ;;
    esac
fi
