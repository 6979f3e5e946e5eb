package import HTTP

/// A keep-alive connection to one of several servers of a fleet that moves on to the next server
/// when the current one cannot be reached, drops the connection or times out: the client of a
/// fleet behind a load balancer. Used from one thread at a time.
///
/// A failed send is never resent here: the caller decides (it resends the same idempotency key, so
/// a request that reached a server that died before answering is settled once wherever it lands).
package final class FailoverConnection {
    package let targets: [ReplayTarget]
    /// Index in `targets` of the current server.
    package private(set) var index: Int
    private var client: HTTPClient?
    private let timeout: Duration
    /// Times the connection moved to another server.
    package private(set) var failovers = 0

    /// Connects to `targets[start % count]`, or to the next one that answers.
    /// - Throws: the last connect error when no target can be reached.
    package init(targets: [ReplayTarget], start: Int = 0, timeout: Duration = .seconds(30)) throws {
        precondition(!targets.isEmpty, "a failover connection needs at least one target")
        self.targets = targets
        self.timeout = timeout
        index = start % targets.count
        var lastError: (any Error)?
        for _ in targets.indices {
            do {
                client = try HTTPClient(host: target.host, port: target.port, timeout: timeout)
                return
            } catch {
                lastError = error
                index = (index + 1) % targets.count
            }
        }
        if let lastError { throw lastError }
    }

    /// The server requests go to now.
    package var target: ReplayTarget { targets[index] }

    /// Sends one request to the current server; on a transport error moves to the next server and
    /// rethrows.
    /// - Throws: `HTTPClientError` (connect, read, write, timeout, closed).
    package func send(_ request: HTTPClientRequest) throws -> HTTPClientResponse {
        do {
            let connection = try client ?? HTTPClient(host: target.host, port: target.port, timeout: timeout)
            client = connection
            return try connection.send(request)
        } catch {
            client?.close()
            client = nil
            if targets.count > 1 {
                index = (index + 1) % targets.count
                failovers += 1
            }
            throw error
        }
    }
}
