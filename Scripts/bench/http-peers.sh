#!/usr/bin/env bash
# onespin's GET /healthz against two HTTP peers on this machine, in one run, round by round:
#   - Hummingbird 2 "hello world" (SwiftNIO): Bench/peers/hummingbird-hello, a package of its own
#     built outside onespin's package into .build-peers/ (first run only: a few minutes);
#   - nginx `return 200` (nginx-light), two workers, no access log.
# Each round loads each server in turn with `wrk -t2 -cC -dS`; beside req/s it reports the server's
# CPU per request (user + system time from /proc, children included), which a busy machine moves
# far less than req/s.
#
# Usage: Scripts/bench/http-peers.sh [--rounds N] [--seconds S] [--connections C] [--server "CMD"]
#   CMD starts onespin on the port in $PORT; default: the release build,
#   ".build/release/onespin serve --host 127.0.0.1 --port $PORT" (so the default log level, info).
# Prints one line per round, then (parsed by Scripts/bench.sh):
#   median req/s: onespin A, hummingbird B, nginx C
#   median CPU us/request: onespin A, hummingbird B, nginx C
#   ratio onespin/hummingbird X  onespin/nginx Y
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
rounds=3 seconds=10 connections=64
server_cmd='.build/release/onespin serve --host 127.0.0.1 --port $PORT'
while [[ $# -gt 0 ]]; do
    case $1 in
        --rounds) rounds=$2; shift 2 ;;
        --seconds) seconds=$2; shift 2 ;;
        --connections) connections=$2; shift 2 ;;
        --server) server_cmd=$2; shift 2 ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
done
require() {  # require COMMAND DEBIAN-PACKAGE
    command -v "$1" >/dev/null 2>&1 && return 0
    if [[ $(id -u) == 0 ]]; then apt-get install -y -qq "$2" >/dev/null; fi
    command -v "$1" >/dev/null 2>&1 || { echo "http-peers: $1 is missing: apt-get install $2" >&2; exit 2; }
}
export ONESPIN_JWT_SECRET=${ONESPIN_JWT_SECRET:-bench-secret-0123456789abcdef}
export ONESPIN_ADMIN_TOKEN=${ONESPIN_ADMIN_TOKEN:-bench-admin-0123456789abcdef}
require wrk wrk
require nginx nginx-light
require curl curl

# The Hummingbird peer: rebuilt only when its sources are newer than the binary.
peer_src=$root/Bench/peers/hummingbird-hello
peer_build=${PEERS_BUILD_DIR:-$root/.build-peers}/hummingbird-hello
peer_bin=$peer_build/release/HummingbirdHello
if [[ ! -x $peer_bin || -n $(find "$peer_src" -newer "$peer_bin" -type f -print -quit) ]]; then
    echo "http-peers: building the Hummingbird peer into $peer_build (first time: a few minutes)" >&2
    swift build -c release --package-path "$peer_src" --scratch-path "$peer_build" >&2
fi

scratch=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]:-}"; do
        if [[ -n $pid ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    done
    rm -rf "$scratch"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
wait_http() {  # wait_http URL
    for _ in $(seq 1 400); do curl -fs -o /dev/null "$1" && return 0; sleep 0.05; done
    echo "http-peers: $1 never answered" >&2; return 1
}
# CPU ticks (user + system) of a process and its live children (nginx's workers).
cpu_ticks() {
    local total=0 pid
    for pid in "$1" $(cat "/proc/$1/task/"*/children 2>/dev/null); do
        if [[ -r /proc/$pid/stat ]]; then
            total=$(( total + $(awk '{print $14 + $15}' "/proc/$pid/stat") ))
        fi
    done
    echo "$total"
}

port_os=$(free_port)
PORT=$port_os bash -c "exec $server_cmd" >"$scratch/onespin.log" 2>&1 &
pid_os=$!; pids+=("$pid_os")
port_hb=$(free_port)
"$peer_bin" "$port_hb" >"$scratch/hummingbird.log" 2>&1 &
pid_hb=$!; pids+=("$pid_hb")
port_ng=$(free_port)
mkdir -p "$scratch/nginx"
cat >"$scratch/nginx/nginx.conf" <<NGINX
daemon off;
worker_processes 2;
pid $scratch/nginx/nginx.pid;
error_log $scratch/nginx/error.log;
events { worker_connections 4096; }
http {
    access_log off;
    server {
        listen 127.0.0.1:$port_ng reuseport;
        location / { return 200 "ok"; }
    }
}
NGINX
nginx -c "$scratch/nginx/nginx.conf" -p "$scratch/nginx" >/dev/null 2>&1 &
pid_ng=$!; pids+=("$pid_ng")
wait_http "http://127.0.0.1:$port_os/healthz" || { cat "$scratch/onespin.log" >&2; exit 1; }
wait_http "http://127.0.0.1:$port_hb/"
wait_http "http://127.0.0.1:$port_ng/"

# measure PID URL -> "req/s cpu-us-per-request"
measure() {
    local before after rate
    before=$(cpu_ticks "$1")
    rate=$(wrk -t2 -c"$connections" -d"${seconds}s" "$2" 2>/dev/null | awk '/Requests\/sec/ {print $2}')
    after=$(cpu_ticks "$1")
    python3 -c "import sys; r=float(sys.argv[1]); t=(int(sys.argv[3])-int(sys.argv[2]))/100; n=r*float(sys.argv[4]); print(f'{r:.0f} {t*1e6/n if n else 0:.1f}')" \
        "${rate:-0}" "$before" "$after" "$seconds"
}
declare -a rate_os rate_hb rate_ng cpu_os cpu_hb cpu_ng
for round in $(seq 1 "$rounds"); do
    read -r r c < <(measure "$pid_os" "http://127.0.0.1:$port_os/healthz"); rate_os+=("$r"); cpu_os+=("$c")
    read -r r c < <(measure "$pid_hb" "http://127.0.0.1:$port_hb/"); rate_hb+=("$r"); cpu_hb+=("$c")
    read -r r c < <(measure "$pid_ng" "http://127.0.0.1:$port_ng/"); rate_ng+=("$r"); cpu_ng+=("$c")
    echo "round $round: onespin ${rate_os[-1]} req/s (${cpu_os[-1]} us CPU/request)  hummingbird ${rate_hb[-1]} (${cpu_hb[-1]})  nginx ${rate_ng[-1]} (${cpu_ng[-1]})"
done
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
python3 - "$(median "${rate_os[@]}")" "$(median "${rate_hb[@]}")" "$(median "${rate_ng[@]}")" \
    "$(median "${cpu_os[@]}")" "$(median "${cpu_hb[@]}")" "$(median "${cpu_ng[@]}")" <<'PY'
import sys
o, h, n, co, ch, cn = map(float, sys.argv[1:])
print(f"median req/s: onespin {o:.0f}, hummingbird {h:.0f}, nginx {n:.0f}")
print(f"median CPU us/request: onespin {co:.1f}, hummingbird {ch:.1f}, nginx {cn:.1f}")
print(f"ratio onespin/hummingbird {o / h if h else 0:.2f}  onespin/nginx {o / n if n else 0:.2f}")
PY
