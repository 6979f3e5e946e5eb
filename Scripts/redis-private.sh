# Sourced by the scripts: start_private_redis DIR [extra redis-server args...]
# Starts redis-server on a free loopback port with its files in DIR; sets REDIS_PORT, REDIS_PID, REDIS_URL.
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
start_private_redis() {
    local dir=$1; shift
    REDIS_PORT=$(free_port)
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$dir" --daemonize no \
        --save '' --logfile "$dir/redis.log" "$@" &
    REDIS_PID=$!
    for _ in $(seq 1 100); do
        redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
        sleep 0.05
    done
    redis-cli -p "$REDIS_PORT" ping >/dev/null || { echo "redis-server did not start; see $dir/redis.log" >&2; return 1; }
    REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
    export REDIS_URL REDIS_PORT REDIS_PID
}
stop_private_redis() {
    if [[ -n ${REDIS_PID:-} ]]; then
        kill "$REDIS_PID" 2>/dev/null || true
        wait "$REDIS_PID" 2>/dev/null || true
        REDIS_PID=
    fi
    return 0
}

# start_test_redis: a throwaway Redis (no persistence) in a temp dir for the test scripts; stopped
# and removed when the calling script exits.
start_test_redis() {
    REDIS_SCRATCH=$(mktemp -d)
    trap 'stop_private_redis; rm -rf "$REDIS_SCRATCH"' EXIT
    start_private_redis "$REDIS_SCRATCH" --appendonly no
    echo "private redis on $REDIS_URL (pid $REDIS_PID)"
}
