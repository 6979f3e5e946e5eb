import Metrics
package import Spin
import Synchronization
import Time

/// One event loop's request and spin counters and latencies.
///
/// **Thread rule**: the recording methods (`requestStarted`, `requestFinished`, `countResponse`,
/// `count`, `publish`) are called only on the thread of the loop that owns this object. Any
/// thread may read it (`add(into:nowNanos:)`, `/status`, `/metrics`).
///
/// The design keeps every lock and every atomic read-modify-write off the hot path:
/// - counters are `Atomic`s with exactly one writer, so an increment is a relaxed load and a
///   relaxed store (two plain moves; no `lock` prefix); a reader sees each counter's latest value
///   (counters are not mutually consistent, which monitoring does not need);
/// - latencies (a `SlidingLatencyWindow` for `/status` and a lifetime `LatencyHistogram` for
///   `/metrics`, whose buckets must never go down) are plain values the loop alone touches.
///   The loop *publishes* a copy of them into a `Mutex`-guarded slot at most once per
///   `publishIntervalNanos` (default 1 s), checked on each response (one comparison), and the
///   owner should also call `publish` from a periodic loop timer so an idle loop's last
///   requests show. Readers merge the published copy: latencies are at most one interval old,
///   readers never wait for a loop, and the loop takes the mutex only once a second (a
///   ~75 KB copy into pre-allocated memory, no allocation).
///
/// The alternative, asking each loop to run a closure that snapshots its window, was not chosen:
/// `/status` runs on a loop itself and would have to wait for the others asynchronously.
package final class LoopMetrics: @unchecked Sendable {
    // @unchecked: `statuses`/`spins` point to atomics allocated in `init`, freed in `deinit`;
    // `live` is touched only on the owning loop's thread (thread rule
    // above); everything else is an Atomic or a Mutex.
    /// Status codes counted one by one; anything outside is counted as 0.
    static let statusSlots = 600
    /// How stale the published latencies may get while requests flow.
    package let publishIntervalNanos: UInt64
    private let statuses: UnsafeMutablePointer<Atomic<UInt64>>
    private let spins: UnsafeMutablePointer<Atomic<UInt64>>
    private let inFlight = Atomic<Int64>(0)
    /// One stored property, so a response costs one exclusivity check on the class.
    private var live: Latencies
    private let published: Mutex<Latencies>

    private struct Latencies {
        var window: SlidingLatencyWindow
        var lifetime = LatencyHistogram()
        /// When `live` is next due to be published (unused in the published copy).
        var nextPublishNanos: UInt64 = 0

        /// Records one latency; returns whether a publication is due.
        @inline(__always)
        mutating func record(_ micros: UInt64, nowNanos: UInt64) -> Bool {
            window.record(micros, nowNanos: nowNanos)
            lifetime.record(micros)
            return nowNanos >= nextPublishNanos
        }

        mutating func overwrite(with other: Latencies) {
            window.overwrite(with: other.window)
            lifetime.overwrite(with: other.lifetime)
        }
    }

    /// - Parameters:
    ///   - window: the ring used for "the last minute" (default: 6 × 10 s).
    ///   - publishIntervalNanos: the most a reader's latencies lag behind the loop (default 1 s).
    package init(window: SlidingLatencyWindow = SlidingLatencyWindow(), publishIntervalNanos: UInt64 = 1_000_000_000) {
        self.publishIntervalNanos = publishIntervalNanos
        statuses = .allocate(capacity: Self.statusSlots)
        for index in 0..<Self.statusSlots { (statuses + index).initialize(to: Atomic(0)) }
        spins = .allocate(capacity: SpinDisposition.allCases.count)
        for index in 0..<SpinDisposition.allCases.count { (spins + index).initialize(to: Atomic(0)) }
        live = Latencies(window: window)
        published = Mutex(Latencies(window: window))
    }

    deinit {
        statuses.deinitialize(count: Self.statusSlots)
        statuses.deallocate()
        spins.deinitialize(count: SpinDisposition.allCases.count)
        spins.deallocate()
    }

    /// Adds 1 to a counter that only this loop writes.
    @inline(__always)
    private static func increment(_ counter: borrowing Atomic<UInt64>) {
        counter.store(counter.load(ordering: .relaxed) &+ 1, ordering: .relaxed)
    }

    /// A request began (counted in `inFlight` until `requestFinished`).
    @inline(__always)
    package func requestStarted() {
        inFlight.store(inFlight.load(ordering: .relaxed) &+ 1, ordering: .relaxed)
    }

    /// A request that `requestStarted` counted was answered.
    /// - Parameters:
    ///   - status: the response's status code.
    ///   - micros: its duration, from the first byte read to the response handed to the socket.
    ///   - nowNanos: `MonotonicClock.nanos()` now, which places it in the latency window.
    @inline(__always)
    package func requestFinished(status: Int, micros: UInt64, nowNanos: UInt64) {
        inFlight.store(inFlight.load(ordering: .relaxed) &- 1, ordering: .relaxed)
        countResponse(status: status, micros: micros, nowNanos: nowNanos)
    }

    /// Counts a response that was never counted as started (e.g. a `400` for bad HTTP).
    @inline(__always)
    package func countResponse(status: Int, micros: UInt64, nowNanos: UInt64) {
        Self.increment(statuses[status >= 0 && status < Self.statusSlots ? status : 0])
        if live.record(micros, nowNanos: nowNanos) { publish(nowNanos: nowNanos) }
    }

    /// Counts a spin's outcome.
    @inline(__always)
    package func count(_ outcome: SpinDisposition) {
        Self.increment(spins[outcome.rawValue])
    }

    /// Copies the loop's latencies to where readers see them. Called by `countResponse` when
    /// due; call it also from a periodic loop timer (e.g. every second) and before reading in tests.
    package func publish(nowNanos: UInt64) {
        live.nextPublishNanos = nowNanos &+ publishIntervalNanos
        published.withLock { $0.overwrite(with: live) }
    }

    /// Adds this loop's figures to `snapshot`; the latency window is the one ending at `nowNanos`.
    package func add(into snapshot: inout MetricsSnapshot, nowNanos: UInt64) {
        for status in 0..<Self.statusSlots {
            let value = statuses[status].load(ordering: .relaxed)
            if value > 0 { snapshot.requestsByStatus[status, default: 0] &+= value }
        }
        for outcome in SpinDisposition.allCases {
            snapshot.spins[outcome] &+= spins[outcome.rawValue].load(ordering: .relaxed)
        }
        snapshot.inFlight &+= inFlight.load(ordering: .relaxed)
        published.withLock { latencies in
            latencies.window.merge(into: &snapshot.recentLatency, nowNanos: nowNanos)
            snapshot.lifetimeLatency.merge(latencies.lifetime)
        }
    }
}
