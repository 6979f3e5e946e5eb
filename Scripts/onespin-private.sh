# Sourced by the client-side test scripts: start_onespin NAME [onespin serve args...] starts
# `onespin serve` on a free loopback port and sets ${NAME}_URL and ${NAME}_PID; stop_onespins stops
# every server started so. Needs ONESPIN_BIN, ONESPIN_JWT_SECRET and ONESPIN_ADMIN_TOKEN.
# shellcheck source=Scripts/redis-private.sh
source "$(dirname "${BASH_SOURCE[0]}")/redis-private.sh"
ONESPIN_PIDS=()
ONESPIN_LOG_DIR=${ONESPIN_LOG_DIR:-$(mktemp -d)}
start_onespin() {
    local name=$1; shift
    local port
    port=$(free_port)
    "$ONESPIN_BIN" serve --host 127.0.0.1 --port "$port" --log-level warn "$@" >"$ONESPIN_LOG_DIR/$name.log" 2>&1 &
    local pid=$!
    ONESPIN_PIDS+=("$pid")
    for _ in $(seq 1 100); do
        curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
        kill -0 "$pid" 2>/dev/null || { echo "onespin ($name) exited; log:" >&2; cat "$ONESPIN_LOG_DIR/$name.log" >&2; return 1; }
        sleep 0.1
    done
    printf -v "${name}_URL" '%s' "http://127.0.0.1:$port"
    printf -v "${name}_PID" '%s' "$pid"
    export "${name}_URL"
}
stop_onespins() {
    local pid
    for pid in "${ONESPIN_PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    ONESPIN_PIDS=()
}
