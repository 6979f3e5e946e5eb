import Glibc

/// How an `HTTPServer` listens, and the limits and timeouts it enforces.
package struct HTTPServerConfiguration: Sendable {
    /// IPv4 address to bind, e.g. `"0.0.0.0"` or `"127.0.0.1"`.
    package var host: String = "0.0.0.0"
    /// Port to bind; 0 picks a free one (`HTTPServer.start()` returns it).
    package var port: Int = 8080
    /// Event loop threads, each with its own `SO_REUSEPORT` listener. Default: online cores.
    package var threads: Int = HTTPServerConfiguration.coreCount
    /// Request size limits (414, 431, 413).
    package var limits = HTTPLimits()
    /// A request head not complete this long after its first byte → 408 and close.
    package var headerTimeout: Duration = .seconds(10)
    /// A body with no byte for this long → 408 and close.
    package var bodyTimeout: Duration = .seconds(10)
    /// A keep-alive connection with nothing to do for this long is closed.
    package var idleTimeout: Duration = .seconds(60)
    /// Connections open at once across all loops. Beyond it, new connections are accepted
    /// and closed at once (no response): cheaper than a 503 under a flood.
    package var maxConnections: Int = 20_000
    /// How long `shutdown` waits for in-flight requests when called without a deadline.
    package var shutdownDeadline: Duration = .seconds(10)
    /// `listen` backlog per listener.
    package var backlog: Int32 = 1024

    package init(host: String = "0.0.0.0", port: Int = 8080) {
        self.host = host
        self.port = port
    }

    /// Online processor cores (at least 1).
    package static var coreCount: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }
}
