/// The HTTP server's figures, summed over its loops' `LoopMetrics` (module `Metrics`) at the
/// time of reading, with the output queued now.
package struct HTTPServerStatistics: Sendable, Equatable {
    /// Connections open now.
    package var connectionsOpen: Int = 0
    /// Connections accepted since start (including ones closed at once over the limit).
    package var connectionsAccepted: Int = 0
    /// Silent or idle connections closed to admit a new one when the connection limit was full.
    package var connectionsShed: Int = 0
    /// Response bytes queued unwritten across the server now.
    package var outputQueuedBytes: Int = 0
    /// Connections whose reading is paused now (too many responses or bytes queued).
    package var pausedConnections: Int = 0
    /// Connections closed because their queued output made no progress within the drain timeout.
    package var closedUndrained: Int = 0
    /// Responses sent, by status code.
    package var requestsByStatus: [Int: Int] = [:]

    /// All responses sent.
    package var requestsTotal: Int { requestsByStatus.values.reduce(0, +) }
}
