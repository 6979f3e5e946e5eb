import Metrics
import OneSpin

extension ServerStatus {
    /// A busy server's figures: a few status codes, spins of every outcome, latencies from
    /// 40 µs to 3 s in both the last-minute window and the lifetime histogram.
    static func make(
        version: String = "1.2.3",
        store: StoreHealth = StoreHealth(kind: .redis, reachable: true, pingMicros: 180),
        latencies: [UInt64] = [40, 90, 120, 450, 450, 800, 1_200, 2_500, 9_000, 40_000, 3_000_000],
        logLinesDropped: UInt64 = 4
    ) -> ServerStatus {
        var metrics = MetricsSnapshot()
        metrics.requestsByStatus = [200: 1_000, 409: 7, 404: 3, 503: 1]
        metrics.spins = SpinCounts(settled: 900, replayed: 20, conflicts: 7, rejected: 11)
        metrics.inFlight = 2
        for latency in latencies {
            metrics.recentLatency.record(latency)
            metrics.lifetimeLatency.record(latency)
        }
        metrics.lifetimeLatency.record(77)
        var status = ServerStatus(
            version: version, uptimeSeconds: 3_600, store: store, connectionsOpen: 12, connectionsAccepted: 345,
            metrics: metrics, logLinesDropped: logLinesDropped, threads: 2
        )
        status.connectionsShed = 6
        status.output = OutputStatus(queuedBytes: 70_000, pausedConnections: 2, closedUndrained: 1)
        return status
    }
}
