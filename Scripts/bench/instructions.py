"""Instructions per request of a server running under `valgrind --tool=callgrind`.

Usage: instructions.py URL SERVER_PID CALLGRIND_OUT_PREFIX ADMIN_TOKEN JWT_SECRET REQUESTS

For each kind of request — GET /healthz, GET /v1/wallet, a replayed spin, a fresh spin — it sends a warm-up, zeroes
the server's counters (`callgrind_control --zero`), sends REQUESTS requests one after another on one
keep-alive connection (each answer read before the next request: the same work every time), dumps
the counters (`callgrind_control --dump`) and prints the instructions of the dump divided by the
requests, one line per kind: `healthz 12345`.
"""
import base64, glob, hashlib, hmac, json, os, re, socket, subprocess, sys, time

url, pid, prefix, admin, secret, count = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5].encode(), int(sys.argv[6])
host, port = url.removeprefix("http://").split(":")
connection = socket.create_connection((host, int(port)))
connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
pending = b""


def exchange(method, path, headers=None, body=b""):
    """Sends one request and reads its answer; returns (status, body)."""
    global pending
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}"]
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}")
    if body:
        lines.append("Content-Type: application/json")
        lines.append(f"Content-Length: {len(body)}")
    connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
    while b"\r\n\r\n" not in pending:
        pending += receive()
    head, pending = pending.split(b"\r\n\r\n", 1)
    status = int(head.split(b" ", 2)[1])
    length = int(re.search(rb"(?im)^content-length:\s*(\d+)", head).group(1))
    while len(pending) < length:
        pending += receive()
    answer, pending = pending[:length], pending[length:]
    return status, answer


def receive():
    chunk = connection.recv(65536)
    if not chunk:
        sys.exit("instructions: the server closed the connection")
    return chunk


def token(player):
    b64 = lambda raw: base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    now = int(time.time())
    head = b64(b'{"alg":"HS256","typ":"JWT"}')
    claims = b64(json.dumps({"sub": player, "iat": now - 5, "exp": now + 86400}, separators=(",", ":")).encode())
    signature = b64(hmac.new(secret, f"{head}.{claims}".encode(), hashlib.sha256).digest())
    return f"{head}.{claims}.{signature}"


def callgrind(command):
    subprocess.run(["callgrind_control", command, pid], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def dumped_instructions(before):
    """The instruction total of the dump file that appeared since `before`."""
    for _ in range(200):
        files = set(glob.glob(prefix + "*")) - before
        for path in files:
            with open(path) as dump:
                for line in dump:
                    if line.startswith(("summary:", "totals:")):
                        return int(line.split()[1])
        time.sleep(0.05)
    sys.exit("instructions: no callgrind dump appeared")


player = f"instr-{int(time.time())}-{os.getpid()}"
bearer = {"Authorization": f"Bearer {token(player)}"}
status, _ = exchange("POST", f"/admin/players/{player}/credit", {"Authorization": f"Bearer {admin}", "Idempotency-Key": f"credit-{player}"},
                     b'{"amount": 100000000000, "reason": "instructions"}')
if status != 200:
    sys.exit(f"instructions: credit answered {status}")
spin = b'{"game":"classic3","bet":10}'
fresh_keys = iter(range(10 ** 9))
kinds = {
    "healthz": lambda: exchange("GET", "/healthz"),
    "wallet": lambda: exchange("GET", "/v1/wallet", bearer),
    "replay": lambda: exchange("POST", "/v1/spins", {**bearer, "Idempotency-Key": "replayed-key"}, spin),
    "fresh": lambda: exchange("POST", "/v1/spins", {**bearer, "Idempotency-Key": f"fresh-{next(fresh_keys)}"}, spin),
}
for kind, send in kinds.items():
    for _ in range(max(20, count // 10)):
        send()
    before = set(glob.glob(prefix + "*"))
    callgrind("--zero")
    for _ in range(count):
        status, _ = send()
        if status != 200:
            sys.exit(f"instructions: {kind} answered {status}")
    callgrind("--dump")
    print(f"{kind} {dumped_instructions(before) // count}", flush=True)
