import Metrics
import Synchronization

/// Counters and latencies of a run. Each worker writes only its own slot (an uncontended lock per
/// request); the progress thread takes each slot's last-second window once a second.
package final class ReplayMeter: Sendable {
    /// One worker's figures.
    struct Figures: Sendable {
        var latency = LatencyHistogram()
        var requests = 0
        /// Keys whose first stored answer arrived.
        var settled = 0
        var replays = 0
        var retries = 0
        var errors = 0
        /// Times a connection moved to another server after a transport error.
        var failovers = 0
        var statuses: [Int: Int] = [:]

        mutating func add(_ other: Figures) {
            latency.merge(other.latency)
            requests += other.requests
            settled += other.settled
            replays += other.replays
            retries += other.retries
            errors += other.errors
            failovers += other.failovers
            statuses.merge(other.statuses, uniquingKeysWith: +)
        }
    }

    final class Slot: Sendable {
        let total = Mutex(Figures())
        let window = Mutex(Figures())

        func update(_ change: (inout Figures) -> Void) {
            total.withLock { change(&$0) }
            window.withLock { change(&$0) }
        }
    }

    let slots: [Slot]

    init(workers: Int) {
        slots = (0..<workers).map { _ in Slot() }
    }

    /// Everything so far.
    func totals() -> Figures {
        var sum = Figures()
        for slot in slots { sum.add(slot.total.withLock { $0 }) }
        return sum
    }

    /// The figures since the last call, and a fresh window.
    func takeWindow() -> Figures {
        var sum = Figures()
        for slot in slots {
            sum.add(slot.window.withLock { figures in
                let taken = figures
                figures = Figures()
                return taken
            })
        }
        return sum
    }
}
