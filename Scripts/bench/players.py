"""Credits N bench players through the admin API and writes their tokens, one per line.
Usage: players.py URL ADMIN_TOKEN JWT_SECRET N OUT_FILE"""
import base64, hashlib, hmac, json, sys, time, http.client, urllib.parse

url, admin, secret, count, out = sys.argv[1], sys.argv[2], sys.argv[3].encode(), int(sys.argv[4]), sys.argv[5]
parsed = urllib.parse.urlparse(url)
conn = http.client.HTTPConnection(parsed.hostname, parsed.port)
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
now = int(time.time())
run = str(now)
with open(out, "w") as f:
    for i in range(count):
        player = f"bench-{run}-{i}"
        conn.request("POST", f"/admin/players/{player}/credit",
                     body=json.dumps({"amount": 10_000_000_000, "reason": "bench"}),
                     headers={"Authorization": f"Bearer {admin}", "Idempotency-Key": f"bench-credit-{player}",
                              "Content-Type": "application/json"})
        r = conn.getresponse(); r.read()
        if r.status != 200:
            sys.exit(f"credit {player}: HTTP {r.status}")
        head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
        claims = b64(json.dumps({"sub": player, "iat": now, "exp": now + 86400}, separators=(",", ":")).encode())
        sig = b64(hmac.new(secret, f"{head}.{claims}".encode(), hashlib.sha256).digest())
        f.write(f"{head}.{claims}.{sig}\n")
