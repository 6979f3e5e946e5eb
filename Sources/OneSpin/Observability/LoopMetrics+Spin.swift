package import Metrics
package import Spin

extension LoopMetrics {
    /// Counts a spin's outcome.
    @inline(__always)
    package func count(_ outcome: SpinDisposition) {
        countSpin(outcome: outcome.rawValue)
    }
}

extension MetricsRegistry {
    /// The registry of a server with `loopCount` event loops, counting every `SpinDisposition`.
    package static func spins(loopCount: Int) -> MetricsRegistry {
        MetricsRegistry(loopCount: loopCount, spinOutcomes: SpinDisposition.allCases.count)
    }
}

extension MetricsSnapshot {
    /// Spin counts by outcome, named.
    package var spins: SpinCounts {
        get {
            var counts = SpinCounts()
            for outcome in SpinDisposition.allCases where outcome.rawValue < spinsByOutcome.count {
                counts[outcome] = spinsByOutcome[outcome.rawValue]
            }
            return counts
        }
        set {
            if spinsByOutcome.count < SpinDisposition.allCases.count {
                spinsByOutcome += Array(repeating: 0, count: SpinDisposition.allCases.count - spinsByOutcome.count)
            }
            for outcome in SpinDisposition.allCases { spinsByOutcome[outcome.rawValue] = newValue[outcome] }
        }
    }
}
