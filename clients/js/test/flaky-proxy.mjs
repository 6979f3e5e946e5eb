// A fault-injecting TCP proxy for the client tests: the bad mobile network. Every request is
// forwarded to the server; then a share of the responses is dropped (both sockets destroyed after
// the server answered, so the spin may well have landed) and another share is stalled (never
// forwarded; the client's timeout fires).
import net from "node:net";

/**
 * @param {{port: number, host?: string}} upstream
 * @param {{dropRate?: number, stallRate?: number, random?: () => number}} faults
 * @returns {Promise<{port: number, stats: {responses: number, dropped: number, stalled: number}, keys: Map<string, number>, close: () => Promise<void>}>}
 *   keys: every Idempotency-Key the client sent, with how many requests carried it.
 */
export async function startFlakyProxy(upstream, { dropRate = 0, stallRate = 0, random = Math.random } = {}) {
  const stats = { responses: 0, dropped: 0, stalled: 0 };
  const keys = new Map();
  const sockets = new Set();
  const server = net.createServer((client) => {
    const server = net.connect(upstream.port, upstream.host ?? "127.0.0.1");
    sockets.add(client).add(server);
    const destroy = () => { client.destroy(); server.destroy(); sockets.delete(client); sockets.delete(server); };
    client.on("error", destroy).on("close", destroy);
    server.on("error", destroy).on("close", destroy);
    client.on("data", (chunk) => {
      for (const match of chunk.toString("latin1").matchAll(/^idempotency-key: *([^\r\n]*)\r$/gim)) {
        keys.set(match[1], (keys.get(match[1]) ?? 0) + 1);
      }
    });
    client.pipe(server);
    let stalled = false;
    server.on("data", (chunk) => {
      if (stalled) return;
      // A chunk that starts a response decides its fate (responses here fit in one chunk or more;
      // later chunks of the same response follow the first's fate).
      if (chunk.subarray(0, 5).toString("latin1") === "HTTP/") {
        stats.responses++;
        const roll = random();
        if (roll < dropRate) { stats.dropped++; return destroy(); }
        if (roll < dropRate + stallRate) { stats.stalled++; stalled = true; return; }
      }
      client.write(chunk);
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: server.address().port,
    stats,
    keys,
    close: () => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); }),
  };
}
