# Sourced by the scripts that run local Redis processes (redis-cluster.sh, redis-sentinel.sh):
# waiting for a port to answer, stopping daemons by their pid files, finding the ones that died.

# wait_for_ping PORT LOG [TRIES]: until redis-cli PING answers on PORT (every 50 ms, 100 tries by
# default); otherwise says where to look (LOG) and fails.
wait_for_ping() {
    local port=$1 log=$2 tries=${3:-100}
    for _ in $(seq 1 "$tries"); do
        redis-cli -p "$port" ping >/dev/null 2>&1 && return 0
        sleep 0.05
    done
    echo "redis on port $port did not start; see $log" >&2
    return 1
}

# stop_pid_files FILE...: SIGTERM each process named by a pid file, SIGKILL after 2.5 s, remove the file.
stop_pid_files() {
    local file pid
    for file in "$@"; do
        [[ -f $file ]] || continue
        pid=$(cat "$file")
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
        kill -9 "$pid" 2>/dev/null || true
        rm -f "$file"
    done
}

# gone_ports PORTS_FILE PID_PATTERN: the ports (one a line in PORTS_FILE) whose process, named by
# the pid file PID_PATTERN with PORT replaced (e.g. "$dir/node-PORT.pid"), is gone; their pid files
# are removed, so they can be started again.
gone_ports() {
    local port file pid
    for port in $(cat "$1"); do
        file=${2//PORT/$port}
        pid=$(cat "$file" 2>/dev/null || echo 0)
        if [[ $pid == 0 ]] || ! kill -0 "$pid" 2>/dev/null; then
            rm -f "$file"
            echo "$port"
        fi
    done
}

# close_inherited_fds: a script run directly closes every descriptor above 2 before it starts
# daemons, which must not keep descriptors of whoever called it (a test's sockets and pipes).
close_inherited_fds() {
    local fd
    for fd in $(ls /proc/$$/fd); do
        [[ $fd -gt 2 && $fd -ne 255 ]] && eval "exec $fd>&-" 2>/dev/null || true
    done
}
