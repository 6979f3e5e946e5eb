"""Opens N keep-alive connections to HOST:PORT, sends one request on each, reads the answers, then
holds them idle and prints the server's RSS (VmRSS of PID) in MiB. Usage: idle_connections.py PORT PID N"""
import resource, socket, sys, time

port, pid, count = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
resource.setrlimit(resource.RLIMIT_NOFILE, (count + 1024, count + 1024))
def rss():
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
before = rss()
socks = []
for _ in range(count):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    socks.append(s)
for s in socks:
    s.recv(4096)
time.sleep(1)
after = rss()
open_count = sum(1 for s in socks if s.fileno() >= 0)
print(f"{before:.1f} {after:.1f} {open_count}")
for s in socks:
    s.close()
