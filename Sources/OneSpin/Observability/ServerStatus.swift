package import Metrics

/// Whether the spin store answers, as `/status` and `/readyz` report it.
package struct StoreHealth: Sendable, Equatable {
    /// Which store the process runs on.
    package enum Kind: String, Sendable {
        case redis
        case memory
    }

    package var kind: Kind
    /// Whether the last ping was answered.
    package var reachable: Bool
    /// The last ping's round trip, `nil` when it was not answered.
    package var pingMicros: UInt64?

    package init(kind: Kind, reachable: Bool, pingMicros: UInt64?) {
        self.kind = kind
        self.reachable = reachable
        self.pingMicros = pingMicros
    }
}

/// Every figure of `/status` and `/metrics`, gathered at one moment; rendered by
/// `StatusDocument` and `PrometheusExposition`.
package struct ServerStatus: Sendable, Equatable {
    /// The server's version string.
    package var version: String
    /// Whole seconds since the process started serving.
    package var uptimeSeconds: UInt64
    package var store: StoreHealth
    /// Connections open now (`HTTPServerStatistics.connectionsOpen`).
    package var connectionsOpen: Int
    /// Connections accepted since start (`HTTPServerStatistics.connectionsAccepted`).
    package var connectionsAccepted: Int
    /// Silent or idle connections shed to admit new ones (`HTTPServerStatistics.connectionsShed`).
    package var connectionsShed = 0
    /// Pending response output (`HTTPServerStatistics`' output figures).
    package var output = OutputStatus()
    /// Requests, spins and latencies summed over the loops.
    package var metrics: MetricsSnapshot
    /// Log lines dropped because the log buffer was full (`Logger.droppedLines`).
    package var logLinesDropped: UInt64
    /// Event loop threads.
    package var threads: Int

    package init(
        version: String, uptimeSeconds: UInt64, store: StoreHealth, connectionsOpen: Int,
        connectionsAccepted: Int, metrics: MetricsSnapshot, logLinesDropped: UInt64, threads: Int
    ) {
        self.version = version
        self.uptimeSeconds = uptimeSeconds
        self.store = store
        self.connectionsOpen = connectionsOpen
        self.connectionsAccepted = connectionsAccepted
        self.metrics = metrics
        self.logLinesDropped = logLinesDropped
        self.threads = threads
    }
}

/// The `output` object of `/status`: response bytes queued unwritten and what the bounds did.
package struct OutputStatus: Sendable, Equatable {
    /// Response bytes queued unwritten across the server now.
    package var queuedBytes = 0
    /// Connections whose reading is paused now (too many responses or bytes queued).
    package var pausedConnections = 0
    /// Connections closed because their output did not drain within the drain timeout.
    package var closedUndrained = 0

    package init(queuedBytes: Int = 0, pausedConnections: Int = 0, closedUndrained: Int = 0) {
        self.queuedBytes = queuedBytes
        self.pausedConnections = pausedConnections
        self.closedUndrained = closedUndrained
    }
}
