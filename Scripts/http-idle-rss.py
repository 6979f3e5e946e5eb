#!/usr/bin/env python3
"""Opens N keep-alive connections to a server, sends one request on each, keeps them idle,
and prints the server's VmRSS before and after.
Usage: Scripts/http-idle-rss.py PID PORT [N=5000] [PATH=/healthz]"""
import resource, socket, sys, time

pid, port = int(sys.argv[1]), int(sys.argv[2])
count = int(sys.argv[3]) if len(sys.argv) > 3 else 5000
path = sys.argv[4] if len(sys.argv) > 4 else "/healthz"
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, count + 1000), hard))

def rss():
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS"):
                return line.split()[1] + " kB"

print("before:", rss())
sockets = []
request = f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode()
for i in range(count):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(request)
    sockets.append(s)
ok = 0
for s in sockets:
    s.settimeout(5)
    if s.recv(4096).startswith(b"HTTP/1.1 200"):
        ok += 1
time.sleep(1)
print(f"{count} idle keep-alive connections ({ok} answered 200): VmRSS", rss())
for s in sockets:
    s.close()
