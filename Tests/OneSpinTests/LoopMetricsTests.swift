import Foundation
import OneSpin
import Synchronization
import Testing
import Time

@Suite struct LoopMetricsTests {
    static let second: UInt64 = 1_000_000_000

    @Test func countsRequestsSpinsAndLatencies() {
        let registry = MetricsRegistry(loopCount: 2)
        let loop = registry[loop: 0]
        loop.requestStarted()
        loop.requestStarted()
        loop.requestFinished(status: 200, micros: 500, nowNanos: 5 * Self.second)
        loop.countResponse(status: 400, micros: 30, nowNanos: 5 * Self.second)
        loop.countResponse(status: 999, micros: 30, nowNanos: 5 * Self.second)
        registry[loop: 3].count(.settled)
        registry[loop: 1].count(.conflict)
        loop.count(.settled)
        loop.count(.replayed)
        loop.count(.rejected)
        loop.publish(nowNanos: 5 * Self.second)
        let snapshot = registry.snapshot(nowNanos: 6 * Self.second)
        #expect(snapshot.requestsByStatus == [200: 1, 400: 1, 0: 1])
        #expect(snapshot.requestsTotal == 3)
        #expect(snapshot.inFlight == 1)
        #expect(snapshot.spins == SpinCounts(settled: 2, replayed: 1, conflicts: 1, rejected: 1))
        #expect(snapshot.recentLatency.count == 3 && snapshot.recentLatency.max == 500)
        #expect(snapshot.lifetimeLatency == snapshot.recentLatency)
        loop.publish(nowNanos: 7 * Self.second)
        let later = registry.snapshot(nowNanos: 120 * Self.second)
        #expect(later.recentLatency.isEmpty, "the last minute no longer holds them")
        #expect(later.lifetimeLatency.count == 3, "the lifetime histogram keeps them")
    }

    @Test func latenciesReachReadersWhenPublished() {
        let metrics = LoopMetrics(publishIntervalNanos: Self.second)
        var snapshot = MetricsSnapshot()
        metrics.countResponse(status: 200, micros: 10, nowNanos: 100)            // first one: published at once
        metrics.countResponse(status: 200, micros: 20, nowNanos: Self.second / 2)  // not yet due
        metrics.add(into: &snapshot, nowNanos: Self.second)
        #expect(snapshot.requestsTotal == 2, "counters are always current")
        #expect(snapshot.recentLatency.count == 1 && snapshot.lifetimeLatency.count == 1)
        metrics.countResponse(status: 200, micros: 30, nowNanos: Self.second + 100)  // due: publishes all three
        snapshot = MetricsSnapshot()
        metrics.add(into: &snapshot, nowNanos: Self.second + 100)
        #expect(snapshot.recentLatency.count == 3 && snapshot.recentLatency.max == 30)
        metrics.countResponse(status: 200, micros: 40, nowNanos: Self.second + 200)
        metrics.publish(nowNanos: Self.second + 300)                                  // the loop's timer
        snapshot = MetricsSnapshot()
        metrics.add(into: &snapshot, nowNanos: Self.second + 300)
        #expect(snapshot.lifetimeLatency.count == 4 && snapshot.lifetimeLatency.sum == 100)
    }

    /// Each loop thread writes its own metrics while another thread snapshots: totals are exact
    /// and every snapshot sees non-decreasing counts.
    @Test func loopsWriteWhileAnotherThreadReads() async {
        let loops = 2, perLoop = 50_000
        let registry = MetricsRegistry(loopCount: loops)
        let writersDone = Atomic<Int>(0)
        let now = MonotonicClock.nanos()
        for index in 0..<loops {
            Thread {
                let metrics = registry[loop: index]
                for request in 0..<perLoop {
                    metrics.requestStarted()
                    metrics.count(.settled)
                    metrics.requestFinished(status: request % 10 == 0 ? 409 : 200, micros: UInt64(request % 5_000), nowNanos: now)
                }
                metrics.publish(nowNanos: now)
                writersDone.add(1, ordering: .releasing)
            }.start()
        }
        var previous: UInt64 = 0
        var reads = 0
        while writersDone.load(ordering: .acquiring) < loops {
            let snapshot = registry.snapshot(nowNanos: now)
            #expect(snapshot.spins.settled >= previous)
            previous = snapshot.spins.settled
            reads += 1
            await Task.yield()
        }
        let final = registry.snapshot(nowNanos: now)
        let total = UInt64(loops * perLoop)
        #expect(final.spins.settled == total)
        #expect(final.requestsTotal == total)
        #expect(final.requestsByStatus[409] == total / 10)
        #expect(final.inFlight == 0)
        #expect(final.recentLatency.count == total && final.recentLatency.max == 4_999)
        #expect(reads > 0)
    }
}
