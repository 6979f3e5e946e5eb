import Time

/// The figures of every loop, summed at one moment.
package struct MetricsSnapshot: Sendable, Equatable {
    /// Responses sent, by status code (0 for a code outside 0 ..< 600).
    package var requestsByStatus: [Int: UInt64] = [:]
    /// Spins by outcome index (the application names the outcomes).
    package var spinsByOutcome: [UInt64] = []
    /// Connections open now.
    package var connectionsOpen = 0
    /// Connections accepted since start (including ones closed at once over the limit).
    package var connectionsAccepted = 0
    /// Silent or idle connections closed to admit a new one at the connection limit.
    package var connectionsShed = 0
    /// Connections whose reading is paused now (too many responses or bytes queued).
    package var pausedConnections = 0
    /// Connections closed because their queued output made no progress within the drain timeout.
    package var closedUndrained = 0
    /// Requests started and not yet answered.
    package var inFlight: Int64 = 0
    /// Request latencies of the last minute (`/status` percentiles).
    package var recentLatency = LatencyHistogram()
    /// Request latencies since start (the `/metrics` histogram, which only grows).
    package var lifetimeLatency = LatencyHistogram()

    package init() {}

    /// All responses sent.
    package var requestsTotal: UInt64 { requestsByStatus.values.reduce(0, &+) }
}

/// The `LoopMetrics` of every event loop, created before the loops start.
package final class MetricsRegistry: Sendable {
    /// One entry per loop, in loop order.
    package let loops: [LoopMetrics]

    /// - Parameters:
    ///   - loopCount: how many event loops will record.
    ///   - spinOutcomes: how many spin outcomes each loop counts.
    ///   - window: the latency window each loop keeps (default: 6 × 10 s).
    package init(loopCount: Int, spinOutcomes: Int = 0, window: SlidingLatencyWindow = SlidingLatencyWindow()) {
        loops = (0..<max(loopCount, 1)).map { _ in LoopMetrics(spinOutcomes: spinOutcomes, window: window) }
    }

    /// The metrics loop `index` writes (modulo the number of loops).
    package subscript(loop index: Int) -> LoopMetrics { loops[index % loops.count] }

    /// The sum over every loop. Safe from any thread; takes each loop's latency lock in turn.
    /// - Parameter nowNanos: monotonic nanoseconds now: the end of the latency window.
    /// - Parameter latencies: whether to merge the latency histograms too (else counters only).
    package func snapshot(nowNanos: UInt64, latencies: Bool = true) -> MetricsSnapshot {
        var snapshot = MetricsSnapshot()
        for loop in loops { loop.add(into: &snapshot, nowNanos: nowNanos, latencies: latencies) }
        return snapshot
    }
}
