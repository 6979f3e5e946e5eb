import Synchronization

/// One event loop's request and spin counters and latencies.
///
/// Written by the loop that owns it, read by any thread (`/status`, `/metrics`) through
/// `add(into:nowNanos:)`. The design, chosen so that the hot path takes no shared lock:
/// - counters are relaxed `Atomic`s: an uncontended `lock xadd` on a cache line only this loop
///   writes; readers see each counter's latest value (counters are not mutually consistent,
///   which monitoring does not need);
/// - the latencies (a `SlidingLatencyWindow` for `/status` and a lifetime `LatencyHistogram`
///   for `/metrics`, whose buckets must never go down) sit behind a `Mutex` of this loop only.
///   It is uncontended except while a reader merges it (a few microseconds per `/status`
///   read), so recording costs one uncontended lock/unlock, and readers need not hop onto
///   the loop (which works even while a loop is busy or stopped).
package final class LoopMetrics: @unchecked Sendable {
    // @unchecked: `statuses` is a pointer to atomics allocated in `init` and freed in `deinit`;
    // everything else is an Atomic or a Mutex.
    /// Status codes counted one by one; anything outside is counted as 0.
    static let statusSlots = 600
    private let statuses: UnsafeMutablePointer<Atomic<UInt64>>
    private let spins: UnsafeMutablePointer<Atomic<UInt64>>
    private let inFlight = Atomic<Int64>(0)
    private let latency: Mutex<Latencies>

    private struct Latencies {
        var window: SlidingLatencyWindow
        var lifetime = LatencyHistogram()
    }

    /// - Parameter window: the ring used for "the last minute" (default: 6 × 10 s).
    package init(window: SlidingLatencyWindow = SlidingLatencyWindow()) {
        statuses = .allocate(capacity: Self.statusSlots)
        for index in 0..<Self.statusSlots { (statuses + index).initialize(to: Atomic(0)) }
        spins = .allocate(capacity: SpinOutcome.allCases.count)
        for index in 0..<SpinOutcome.allCases.count { (spins + index).initialize(to: Atomic(0)) }
        latency = Mutex(Latencies(window: window))
    }

    deinit {
        statuses.deinitialize(count: Self.statusSlots)
        statuses.deallocate()
        spins.deinitialize(count: SpinOutcome.allCases.count)
        spins.deallocate()
    }

    /// A request began (counted in `inFlight` until `requestFinished`).
    @inline(__always)
    package func requestStarted() {
        inFlight.wrappingAdd(1, ordering: .relaxed)
    }

    /// A request that `requestStarted` counted was answered.
    /// - Parameters:
    ///   - status: the response's status code.
    ///   - micros: its duration, from the first byte read to the response handed to the socket.
    ///   - nowNanos: `MonotonicClock.nanos()` now, which places it in the latency window.
    @inline(__always)
    package func requestFinished(status: Int, micros: UInt64, nowNanos: UInt64) {
        inFlight.wrappingSubtract(1, ordering: .relaxed)
        countResponse(status: status, micros: micros, nowNanos: nowNanos)
    }

    /// Counts a response that was never counted as started (e.g. a `400` for bad HTTP).
    @inline(__always)
    package func countResponse(status: Int, micros: UInt64, nowNanos: UInt64) {
        let slot = status >= 0 && status < Self.statusSlots ? status : 0
        statuses[slot].wrappingAdd(1, ordering: .relaxed)
        latency.withLock { latencies in
            latencies.window.record(micros, nowNanos: nowNanos)
            latencies.lifetime.record(micros)
        }
    }

    /// Counts a spin's outcome.
    @inline(__always)
    package func count(_ outcome: SpinOutcome) {
        spins[outcome.rawValue].wrappingAdd(1, ordering: .relaxed)
    }

    /// Adds this loop's figures to `snapshot`; the latency window is the one ending at `nowNanos`.
    package func add(into snapshot: inout MetricsSnapshot, nowNanos: UInt64) {
        for status in 0..<Self.statusSlots {
            let value = statuses[status].load(ordering: .relaxed)
            if value > 0 { snapshot.requestsByStatus[status, default: 0] &+= value }
        }
        for outcome in SpinOutcome.allCases {
            snapshot.spins[outcome] &+= spins[outcome.rawValue].load(ordering: .relaxed)
        }
        snapshot.inFlight &+= inFlight.load(ordering: .relaxed)
        latency.withLock { latencies in
            latencies.window.merge(into: &snapshot.recentLatency, nowNanos: nowNanos)
            snapshot.lifetimeLatency.merge(latencies.lifetime)
        }
    }
}
