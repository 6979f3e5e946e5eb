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
    /// A request head not complete this long after accept (the first request) or after its first
    /// byte (a later one on a keep-alive connection) → 408 and close. A connection that never
    /// sends a byte gets the 408 at this deadline too.
    package var headerTimeout: Duration = .seconds(10)
    /// A body with no byte for this long → 408 and close.
    package var bodyTimeout: Duration = .seconds(10)
    /// A keep-alive connection with nothing to do for this long is closed.
    package var idleTimeout: Duration = .seconds(60)
    /// A dispatched request whose handler has not answered this long later: the connection closes.
    package var responseTimeout: Duration = .seconds(60)
    /// Queued response bytes that make no progress this long (the peer does not read): closed.
    package var drainTimeout: Duration = .seconds(30)
    /// After a final response, unread input is drained this long before the close.
    package var lingerTimeout: Duration = .seconds(1)
    /// Response bytes queued on one connection beyond which it is not read further until they drain.
    package var maxQueuedOutputBytes: Int = 256 * 1024
    /// Response bytes queued across the whole server beyond which connections that already have
    /// output queued are not read further (those with nothing queued still are).
    package var outputBudgetBytes: Int = 64 * 1024 * 1024
    /// Requests one connection may have dispatched and unanswered (pipelining) before it is paused.
    /// With `maxQueuedOutputBytes` it bounds one connection's response memory: an asynchronous
    /// handler's answers arrive after the requests were taken, so at most this many land beyond the cap.
    package var maxOutstandingRequests: Int = 32
    /// Connections open at once across all loops. When full, the oldest silent (never sent a byte)
    /// or idle keep-alive connection is shed to admit the new one; when none is, the new one is
    /// accepted and closed at once (no response): cheaper than a 503 under a flood.
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
