#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ with -sanitize=fuzzer,address and runs each for N seconds.
# Usage: Scripts/fuzz.sh [--seconds N] [--build-only] [TARGET...]   (targets: http json jwt game handler; default all)
# `handler` drives the whole server (router, auth, bodies, service, memory store) over real sockets.
# Crash inputs are kept in .build-fuzz/crashes/<target>/; the script fails if any target crashes.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
seconds=30
build_only=false
targets=()
while [[ $# -gt 0 ]]; do
    case $1 in
        --seconds) seconds=$2; shift 2 ;;
        --build-only) build_only=true; shift ;;
        -h|--help) sed -n 2,4p "$0"; exit 0 ;;
        *) targets+=("$1"); shift ;;
    esac
done
[[ ${#targets[@]} -gt 0 ]] || targets=(http json jwt game handler)

swiftc=${SWIFTC:-/opt/swift/usr/bin/swiftc}
clang=${CLANG:-/opt/swift/usr/bin/clang}
out=$root/.build-fuzz
mkdir -p "$out/modules" "$out/obj" "$out/bin" "$out/include/CLinux"
flags=(-swift-version 6 -enable-upcoming-feature ExistentialAny -enable-upcoming-feature InternalImportsByDefault
    -package-name onespin -parse-as-library -sanitize=fuzzer,address -O -g -warnings-as-errors
    -I "$out/modules" -I "$out/include" -I "$root/Sources/CCrypto" -I "$root/Sources/CHiredis")

# The C wrappers: CCrypto is a system module (headers + libcrypto); CLinux is one C file.
cat >"$out/include/CLinux/module.modulemap" <<MAP
module CLinux {
    header "$root/Sources/CLinux/include/CLinux.h"
    export *
}
MAP

# Newer than every file it was built from?
fresh() { local target=$1; shift; [[ -f $target ]] && [[ -z $(find "$@" -newer "$target" -print -quit) ]]; }

# build_module NAME SOURCE...: one whole-module object and its .swiftmodule.
build_module() {
    local name=$1; shift
    fresh "$out/obj/$name.o" "$@" "$0" && return 0
    echo "building module $name"
    "$swiftc" "${flags[@]}" -module-name "$name" -wmo -c "$@" \
        -emit-module -emit-module-path "$out/modules/$name.swiftmodule" -o "$out/obj/$name.o"
}

# build_target NAME OBJECTS -- SOURCES...: a fuzzer executable.
build_target() {
    local name=$1; shift
    local objects=()
    while [[ $1 != -- ]]; do objects+=("$out/obj/$1.o"); shift; done
    shift
    fresh "$out/bin/$name" "$@" "${objects[@]}" "$0" && return 0
    echo "building fuzz target $name"
    "$swiftc" "${flags[@]}" -module-name "Fuzz_$name" "$@" "${objects[@]}" -use-ld=lld -lcrypto -lhiredis -o "$out/bin/$name"
}

sources() { find "$@" -name '*.swift' | sort; }
needs() { local t; for t in "${targets[@]}"; do [[ " $* " == *" $t "* ]] && return 0; done; return 1; }

if needs http json jwt game handler; then
    build_module JSON Sources/JSON/*.swift
    build_module Time Sources/Time/*.swift
fi
if needs http handler; then
    if ! fresh "$out/obj/CLinux.o" Sources/CLinux; then
        "$clang" -O1 -g -fsanitize=fuzzer-no-link,address -I Sources/CLinux/include -c Sources/CLinux/CLinux.c -o "$out/obj/CLinux.o"
    fi
    build_module IOLoop Sources/IOLoop/*.swift
    build_module Metrics Sources/Metrics/*.swift
    mapfile -t http_sources < <(sources Sources/HTTP)
    build_module HTTP "${http_sources[@]}"
    needs http && build_target http CLinux Time IOLoop JSON Metrics HTTP -- Fuzz/HTTPParserFuzz.swift
fi
if needs json jwt game handler; then
    mapfile -t slotmath_sources < <(sources Sources/SlotMath)
    build_module SlotMath "${slotmath_sources[@]}" Fuzz/Support/SlotMathBundle.swift
fi
if needs json jwt handler; then
    build_module Digest Sources/Digest/*.swift
    mapfile -t spin_sources < <(sources Sources/Spin)
    build_module Spin "${spin_sources[@]}"
fi
needs game && build_target game JSON SlotMath -- Fuzz/GameDefinitionFuzz.swift
needs json && build_target json JSON Time SlotMath Digest Spin -- Fuzz/JSONBodyFuzz.swift
needs jwt handler && build_module Auth Sources/Auth/*.swift
needs jwt && build_target jwt JSON Time SlotMath Digest Spin Auth -- Fuzz/PlayerTokenFuzz.swift
if needs handler; then
    mapfile -t redis_sources < <(sources Sources/Redis)
    build_module Redis "${redis_sources[@]}"
    mapfile -t redis_store_sources < <(sources Sources/RedisStore)
    build_module RedisStore "${redis_store_sources[@]}"
    mapfile -t replay_sources < <(sources Sources/Replay)
    build_module Replay "${replay_sources[@]}"
    mapfile -t onespin_sources < <(sources Sources/OneSpin)
    build_module OneSpin "${onespin_sources[@]}" "$root"/Fuzz/Support/OneSpinBundle.swift
    build_target handler CLinux Time IOLoop JSON Metrics HTTP SlotMath Digest Spin Auth Redis RedisStore Replay OneSpin -- \
        "$root"/Fuzz/RequestHandlerFuzz.swift "$root"/Fuzz/Handler/*.swift  # absolute: it finds the games by #filePath
fi

$build_only && exit 0

status=0
for target in "${targets[@]}"; do
    crashes=$out/crashes/$target
    corpus=$out/corpus/$target
    mkdir -p "$crashes" "$corpus"
    echo "== fuzzing $target for ${seconds}s"
    # The handler target runs a server on its own threads, never stopped: LeakSanitizer (per input
    # and at exit) would count what those threads hold mid-request, so it is off there (ASan's
    # other checks stay on).
    extra=()
    leaks=1
    [[ $target == handler ]] && extra=(-detect_leaks=0) && leaks=0
    set +e
    # New inputs go to the scratch corpus; the checked-in seeds are read only.
    (cd "$crashes" && ASAN_OPTIONS=detect_leaks=$leaks SWIFT_BACKTRACE=enable=no "$out/bin/$target" "${extra[@]}" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$crashes/" "$corpus" "$root/Fuzz/Corpus/$target") \
        >"$out/$target.log" 2>&1
    code=$?
    set -e
    grep -E '^stat::number_of_executed_units|^stat::average_exec_per_sec|^stat::new_units_added|^Done' "$out/$target.log" || true
    if [[ $code -ne 0 ]]; then
        echo "!! $target failed (exit $code); see $out/$target.log and $crashes/" >&2
        grep -E 'ERROR|Fatal error|SUMMARY|artifact' "$out/$target.log" | head -5 >&2 || true
        status=1
    fi
done
exit $status
