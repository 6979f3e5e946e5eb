#!/usr/bin/env bash
# Server CPU per request, by route: starts the release server (extra arguments go to `onespin serve`,
# e.g. --redis URL), drives each route with wrk for a few seconds and divides the server process's
# CPU time (user + system, from /proc) by the requests served. Robust to a busy machine, unlike req/s.
# Usage: [ONESPIN_BIN=path] Scripts/bench/route-cpu.sh [--seconds S] [serve flags...]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=4
if [[ ${1:-} == --seconds ]]; then seconds=$2; shift 2; fi
export ONESPIN_JWT_SECRET=${ONESPIN_JWT_SECRET:-bench-secret-0123456789abcdef}
export ONESPIN_ADMIN_TOKEN=${ONESPIN_ADMIN_TOKEN:-bench-admin-0123456789abcdef}
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
scratch=$(mktemp -d)
"${ONESPIN_BIN:-.build/release/onespin}" serve --host 127.0.0.1 --port "$port" --log-level warn "$@" >"$scratch/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$scratch"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.05; done
python3 Scripts/bench/players.py "http://127.0.0.1:$port" "$ONESPIN_ADMIN_TOKEN" "$ONESPIN_JWT_SECRET" 1000 "$scratch/tokens"
echo "wrk.headers[\"Authorization\"] = \"Bearer $(head -1 "$scratch/tokens")\"" >"$scratch/get.lua"
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
for route in healthz wallet replay fresh; do
    before=$(cpu)
    case $route in
        healthz) args=("http://127.0.0.1:$port/healthz") ;;
        wallet) args=(-s "$scratch/get.lua" "http://127.0.0.1:$port/v1/wallet") ;;
        replay) args=(-s Scripts/bench/spin.lua "http://127.0.0.1:$port" -- "$scratch/tokens" replay "r$RANDOM") ;;
        fresh) args=(-s Scripts/bench/spin.lua "http://127.0.0.1:$port" -- "$scratch/tokens" fresh "f$RANDOM") ;;
    esac
    rate=$(wrk -t1 -c64 -d"${seconds}s" "${args[@]}" | awk '/Requests\/sec/ {print $2}')
    after=$(cpu)
    python3 -c "r=float('$rate'); t=($after-$before)/100; print(f'$route: {r:.0f} req/s, server CPU {t*1e6/(r*$seconds):.1f} us/request')"
done
