import Synchronization

/// The server's counters, summed over its loops at the time of reading.
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

/// One loop's counters: written only by that loop (relaxed atomics, no shared lock), read
/// from any thread by `HTTPServer.statistics()`.
/// `@unchecked Sendable` rather than `LoopBound`: readers on other threads must reach the counts
/// (a `LoopBound` admits only its loop); `statuses` points to atomics allocated in `init` and
/// freed in `deinit`, everything else is an `Atomic`.
final class LoopCounters: @unchecked Sendable {
    static let statusSlots = 600
    let open = Atomic<Int>(0)
    let accepted = Atomic<Int>(0)
    let shed = Atomic<Int>(0)
    let paused = Atomic<Int>(0)
    let closedUndrained = Atomic<Int>(0)
    private let statuses: UnsafeMutablePointer<Atomic<Int>>

    init() {
        statuses = .allocate(capacity: Self.statusSlots)
        for index in 0..<Self.statusSlots { (statuses + index).initialize(to: Atomic(0)) }
    }

    deinit {
        statuses.deinitialize(count: Self.statusSlots)
        statuses.deallocate()
    }

    func countResponse(status: Int) {
        let slot = status >= 0 && status < Self.statusSlots ? status : 0
        // One writer (the loop): a relaxed load and store, no locked read-modify-write.
        statuses[slot].store(statuses[slot].load(ordering: .relaxed) &+ 1, ordering: .relaxed)
    }

    /// A connection's reading was paused (`true`) or resumed.
    func readingPaused(_ paused: Bool) {
        self.paused.wrappingAdd(paused ? 1 : -1, ordering: .relaxed)
    }

    func add(into statistics: inout HTTPServerStatistics) {
        statistics.connectionsOpen += open.load(ordering: .relaxed)
        statistics.connectionsAccepted += accepted.load(ordering: .relaxed)
        statistics.connectionsShed += shed.load(ordering: .relaxed)
        statistics.pausedConnections += paused.load(ordering: .relaxed)
        statistics.closedUndrained += closedUndrained.load(ordering: .relaxed)
        for status in 0..<Self.statusSlots {
            let count = statuses[status].load(ordering: .relaxed)
            if count > 0 { statistics.requestsByStatus[status, default: 0] += count }
        }
    }
}
