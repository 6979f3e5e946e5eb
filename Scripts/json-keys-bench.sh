#!/usr/bin/env bash
# Times the JSON reader (Sources/JSON) on objects of 1k/2k/4k/6k keys, built with -O on its own.
# Usage: Scripts/json-keys-bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=.build-bench
mkdir -p "$out"
swiftc=${SWIFTC:-/opt/swift/usr/bin/swiftc}
"$swiftc" -O -swift-version 6 -parse-as-library -package-name onespin -module-name JSONKeys \
    Sources/JSON/JSONReader.swift Sources/JSON/JSONValue.swift Scripts/bench/JSONKeysMain.swift -o "$out/json-keys"
"$out/json-keys"
