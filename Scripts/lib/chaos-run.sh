# Sourced by Scripts/chaos.sh and Scripts/chaos-ha.sh, which share their frame: a release build, two
# `onespin serve` processes on free ports, a generated replay spread over both, a loop that injects
# the caller's faults on a schedule until the replay ends, and the replay's report at the end.
# The caller sets chaos_name (the prefix of every line it prints) and work (a scratch directory),
# and server_args (its `serve` arguments: --redis …) before chaos_start_servers.

# chaos_build: sets bin to the release onespin, built now.
chaos_build() {
    bash Scripts/setup.sh
    swift build -c release --product onespin 2>&1 | tail -1
    bin=$(swift build -c release --show-bin-path)/onespin
}

secret="chaos-secret-$RANDOM$RANDOM"
admin="chaos-admin-$RANDOM$RANDOM"
declare -a server_pid server_port server_args
replay_pid=
started=$(date +%s)

# start_server INDEX: (re)starts server INDEX on its port and waits for /healthz.
start_server() {
    local i=$1
    "$bin" serve --host 127.0.0.1 --port "${server_port[$i]}" "${server_args[@]}" --threads 1 \
        --jwt-secret "$secret" --admin-token "$admin" --shutdown-deadline 5 --log-level error \
        >>"$work/server$i.log" 2>&1 &
    server_pid[$i]=$!
    for _ in $(seq 1 200); do
        curl -fs "http://127.0.0.1:${server_port[$i]}/healthz" >/dev/null 2>&1 && return 0
        sleep 0.05
    done
    echo "$chaos_name: server $i did not start; see $work/server$i.log" >&2
    return 1
}

chaos_start_servers() {
    local i
    for i in 0 1; do
        server_port[$i]=$(free_port)
        start_server "$i"
    done
}

# kill_server INDEX: kill -9 (mid-request), then start it again on its port.
kill_server() {
    kill -9 "${server_pid[$1]}"
    wait "${server_pid[$1]}" 2>/dev/null || true
    sleep 0.3
    start_server "$1"
}

# chaos_stop: ends the replay and both servers (kill -9), for the caller's EXIT trap.
chaos_stop() {
    local i
    [[ -n $replay_pid ]] && kill "$replay_pid" 2>/dev/null || true
    for i in 0 1; do
        [[ -n ${server_pid[$i]:-} ]] || continue
        kill -9 "${server_pid[$i]}" 2>/dev/null || true
        wait "${server_pid[$i]}" 2>/dev/null || true
    done
}

# chaos_start_replay PLAYERS SPINS RATE MAX_ATTEMPTS KEY_PREFIX: generates a scenario with
# duplicates, concurrent duplicates and client timeouts, and replays it over both servers in the background.
chaos_start_replay() {
    "$bin" replay generate --players "$1" --spins "$2" --dup-rate 0.05 --concurrent-dup-rate 0.03 \
        --timeout-rate 0.03 --seed "$RANDOM" --prefix "$5$RANDOM-" >"$work/scenario.jsonl"
    local args=(--targets "http://127.0.0.1:${server_port[0]},http://127.0.0.1:${server_port[1]}"
        --admin-token "$admin" --jwt-secret "$secret" --connections 8 --max-attempts "$4" --report "$work/report.json")
    (($3 > 0)) && args+=(--rate "$3")
    started=$(date +%s)
    "$bin" replay run "$work/scenario.jsonl" "${args[@]}" >"$work/replay.out" 2>"$work/replay.err" &
    replay_pid=$!
}

# chaos_fault_loop EVERY FAULT ENTRY…: every EVERY seconds (a decimal) while the replay runs, calls
# FAULT with the next schedule entry's words (`kill 0` → FAULT kill 0), round and round.
chaos_fault_loop() {
    local every_ms fault=$2 step=0 deadline
    every_ms=$(python3 -c "print(int($1*1000))")
    shift 2
    local schedule=("$@")
    while true; do
        deadline=$(($(date +%s%N) / 1000000 + every_ms))
        while (($(date +%s%N) / 1000000 < deadline)) && kill -0 "$replay_pid" 2>/dev/null; do sleep 0.2; done
        kill -0 "$replay_pid" 2>/dev/null || break
        # shellcheck disable=SC2086 # an entry is the fault's words
        "$fault" ${schedule[$((step % ${#schedule[@]}))]}
        step=$((step + 1))
    done
}

# chaos_finish: waits for the replay, prints its output, sets elapsed; fails when it left no report.
chaos_finish() {
    local rc=0
    wait "$replay_pid" || rc=$?
    replay_pid=
    elapsed=$(($(date +%s) - started))
    cat "$work/replay.out"
    if [[ ! -s $work/report.json ]]; then
        echo "$chaos_name: the replay did not finish (exit $rc):" >&2
        tail -20 "$work/replay.err" >&2
        return 1
    fi
}
