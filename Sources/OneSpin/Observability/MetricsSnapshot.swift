package import Metrics
import Time

/// The request and spin figures of every loop, summed at one moment.
package struct MetricsSnapshot: Sendable, Equatable {
    /// Responses sent, by status code (0 for a code outside 0 ..< 600).
    package var requestsByStatus: [Int: UInt64] = [:]
    /// Spin outcomes.
    package var spins = SpinCounts()
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
    ///   - window: the latency window each loop keeps (default: 6 × 10 s).
    package init(loopCount: Int, window: SlidingLatencyWindow = SlidingLatencyWindow()) {
        loops = (0..<max(loopCount, 1)).map { _ in LoopMetrics(window: window) }
    }

    /// The metrics loop `index` writes (modulo the number of loops).
    package subscript(loop index: Int) -> LoopMetrics { loops[index % loops.count] }

    /// The sum over every loop. Safe from any thread; takes each loop's latency lock in turn.
    /// - Parameter nowNanos: `MonotonicClock.nanos()` now: the end of the latency window.
    package func snapshot(nowNanos: UInt64 = MonotonicClock.nanos()) -> MetricsSnapshot {
        var snapshot = MetricsSnapshot()
        for loop in loops { loop.add(into: &snapshot, nowNanos: nowNanos) }
        return snapshot
    }
}
