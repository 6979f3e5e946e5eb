import Dispatch
import Glibc
package import IOLoop
package import Metrics
import Synchronization

/// An HTTP/1.1 server: one event loop thread per configured thread, each with its own
/// `SO_REUSEPORT` listener, connections and handler.
package final class HTTPServer: Sendable {
    private enum State {
        case idle
        case running(loops: [EventLoop], servers: [LoopBound<ServerLoop>])
        case draining(loops: [EventLoop], servers: [LoopBound<ServerLoop>])
        case stopped
    }

    /// How the server was configured.
    package let configuration: HTTPServerConfiguration
    private let makeHandler: @Sendable (EventLoop, LoopMetrics) -> any HTTPRequestHandler
    private let state = Mutex(State.idle)
    /// Every loop's counters: loop `i` records into `metrics[loop: i]`.
    package let metrics: MetricsRegistry
    private let outputBudget: OutputBudget

    /// - Parameters:
    ///   - configuration: where to listen, limits and timeouts.
    ///   - metrics: where the loops count (one `LoopMetrics` per loop); default: a registry of its own.
    ///   - makeHandler: called once per loop, on that loop's thread, with the loop's metrics, to make
    ///     its handler (which records its own figures there, on that loop only).
    package init(
        configuration: HTTPServerConfiguration, metrics: MetricsRegistry? = nil,
        makeHandler: @escaping @Sendable (EventLoop, LoopMetrics) -> any HTTPRequestHandler
    ) {
        self.configuration = configuration
        self.makeHandler = makeHandler
        self.metrics = metrics ?? MetricsRegistry(loopCount: max(1, configuration.threads))
        outputBudget = OutputBudget(limit: configuration.outputBudgetBytes)
    }

    /// - Parameters:
    ///   - configuration: where to listen, limits and timeouts.
    ///   - makeHandler: called once per loop, on that loop's thread, to make its handler.
    package convenience init(
        configuration: HTTPServerConfiguration,
        makeHandler: @escaping @Sendable (EventLoop) -> any HTTPRequestHandler
    ) {
        self.init(configuration: configuration) { loop, _ in makeHandler(loop) }
    }

    /// The server's event loops (empty before `start`).
    package var loops: [EventLoop] {
        state.withLock { state in
            switch state {
            case .running(let loops, _), .draining(let loops, _): loops
            case .idle, .stopped: []
            }
        }
    }

    /// Binds the listeners, starts the loops and returns once they accept connections.
    /// Ignores `SIGPIPE` for the process and raises its open-file soft limit to the hard limit.
    /// - Returns: the bound port (the free port picked when the configured port is 0).
    /// - Throws: `SystemCallError` when a socket cannot be bound or a loop cannot start.
    package func start() throws -> Int {
        signal(SIGPIPE, SIG_IGN)
        Self.raiseOpenFileLimit()
        let threads = max(1, configuration.threads)
        var listeners: [Int32] = []
        var loops: [EventLoop] = []
        func cleanUp() {
            for fd in listeners { close(fd) }
            for loop in loops { loop.stop(); loop.waitUntilStopped() }
        }
        let port: Int
        do {
            let first = try ListeningSocket.open(host: configuration.host, port: configuration.port, backlog: configuration.backlog)
            listeners.append(first)
            port = try ListeningSocket.boundPort(first)
            for _ in 1..<threads {
                listeners.append(try ListeningSocket.open(host: configuration.host, port: port, backlog: configuration.backlog))
            }
            for index in 0..<threads { loops.append(try EventLoop(name: "onespin-http-\(index)")) }
        } catch {
            cleanUp()
            throw error
        }
        let servers = Mutex<[Int: LoopBound<ServerLoop>]>([:])
        let failure = Mutex<(any Error)?>(nil)
        let ready = DispatchSemaphore(value: 0)
        for (index, loop) in loops.enumerated() {
            let listener = listeners[index]
            let configuration = configuration
            let loopMetrics = metrics[loop: index]
            let makeHandler = makeHandler
            let outputBudget = outputBudget
            loop.execute {
                let server = ServerLoop(
                    loop: loop, listener: listener, configuration: configuration,
                    handler: makeHandler(loop, loopMetrics), metrics: loopMetrics, outputBudget: outputBudget
                )
                do {
                    try server.start()
                    servers.withLock { $0[index] = LoopBound(server, loop: loop) }
                } catch {
                    failure.withLock { $0 = error }
                }
                ready.signal()
            }
        }
        for _ in loops { ready.wait() }
        if let error = failure.withLock({ $0 }) {
            cleanUp()
            throw error
        }
        let ordered = servers.withLock { all in (0..<threads).compactMap { all[$0] } }
        state.withLock { $0 = .running(loops: loops, servers: ordered) }
        return port
    }

    /// Graceful stop, callable from any thread (a signal watcher, a handler): closes the
    /// listeners, closes idle keep-alive connections at once and busy ones after their
    /// responses (sent with `Connection: close`), force-closes whatever is left at
    /// `deadline`, then ends the loop threads. Returns at once; see `waitUntilStopped`.
    package func shutdown(deadline: Duration) {
        let running = state.withLock { state -> [(EventLoop, LoopBound<ServerLoop>)] in
            guard case .running(let loops, let servers) = state else { return [] }
            state = .draining(loops: loops, servers: servers)
            return Array(zip(loops, servers))
        }
        for (loop, server) in running {
            loop.execute { server.value.beginDrain(deadline: deadline) }
        }
    }

    /// `shutdown(deadline: configuration.shutdownDeadline)`.
    package func shutdown() {
        shutdown(deadline: configuration.shutdownDeadline)
    }

    /// Blocks until every loop thread has ended (after `shutdown`). Not on a loop thread.
    package func waitUntilStopped() {
        for loop in loops { loop.waitUntilStopped() }
        state.withLock { state in
            if case .draining = state { state = .stopped }
        }
    }

    /// Raises the soft `RLIMIT_NOFILE` to the hard limit: every connection is a descriptor.
    private static func raiseOpenFileLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }

    /// Counters summed over the loops; lock-free for the loops.
    package func statistics() -> HTTPServerStatistics {
        let counts = metrics.snapshot(nowNanos: 0, latencies: false)
        return HTTPServerStatistics(
            connectionsOpen: counts.connectionsOpen, connectionsAccepted: counts.connectionsAccepted,
            connectionsShed: counts.connectionsShed, outputQueuedBytes: outputBudget.queuedBytes,
            pausedConnections: counts.pausedConnections, closedUndrained: counts.closedUndrained,
            requestsByStatus: counts.requestsByStatus.mapValues { Int(truncatingIfNeeded: $0) })
    }
}
