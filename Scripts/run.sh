#!/usr/bin/env bash
# Builds onespin (release) and runs it in the foreground, with a private Redis (AOF under ./.data/)
# unless ONESPIN_REDIS is set. Prints the URL, the demo page's URL with a demo player's token and a
# ready-to-paste spin for that player.
# Extra arguments go to `onespin serve` (e.g. --port 9090).
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/setup.sh
swift build -c release --product onespin
bin=.build/release/onespin

export ONESPIN_JWT_SECRET=${ONESPIN_JWT_SECRET:-dev-secret-change-me-0123456789}
export ONESPIN_ADMIN_TOKEN=${ONESPIN_ADMIN_TOKEN:-dev-admin-token-change-me}
export ONESPIN_PORT=${ONESPIN_PORT:-8080}
export ONESPIN_HOST=${ONESPIN_HOST:-127.0.0.1}
# The demo page is served with Redis only when asked for; this script asks (ONESPIN_DEMO=0 turns it off).
export ONESPIN_DEMO=${ONESPIN_DEMO:-1}

source Scripts/redis-private.sh
if [[ -z ${ONESPIN_REDIS:-} ]]; then
    mkdir -p .data
    start_private_redis "$PWD/.data" --appendonly yes --appendfsync everysec
    trap 'stop_private_redis' EXIT
    export ONESPIN_REDIS=$REDIS_URL
    echo "redis: $ONESPIN_REDIS (data in ./.data, append-only)"
fi

"$bin" serve "$@" &
server=$!
stop_all() { kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; stop_private_redis; }
trap stop_all EXIT
trap 'exit 130' INT TERM
url="http://$ONESPIN_HOST:$ONESPIN_PORT"
for _ in $(seq 1 100); do curl -fs "$url/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

player=demo-player
curl -fs -X POST "$url/admin/players/$player/credit" -H "Authorization: Bearer $ONESPIN_ADMIN_TOKEN" \
    -H "Idempotency-Key: demo-credit-1" -H 'Content-Type: application/json' \
    -d '{"amount": 100000, "reason": "demo"}' >/dev/null || echo "(demo credit failed: see the server log)"
token=$("$bin" token --player "$player" --ttl 86400)
cat <<MSG

onespin is serving on $url  (Ctrl-C stops it)
The demo page (the token is valid for 24 hours):

  $url/demo#token=$token

A spin for the demo player (run it twice: the second answer is the same, replayed):

  curl -s -X POST $url/v1/spins -H 'Authorization: Bearer $token' \\
       -H 'Idempotency-Key: demo-spin-1' -H 'Content-Type: application/json' \\
       -d '{"game": "fruit5", "bet": 100}'

MSG
wait "$server" || true
