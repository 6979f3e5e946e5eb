package import Spin

/// Spin counts by outcome.
package struct SpinCounts: Sendable, Equatable {
    package var settled: UInt64 = 0
    package var replayed: UInt64 = 0
    package var conflicts: UInt64 = 0
    package var rejected: UInt64 = 0

    package init(settled: UInt64 = 0, replayed: UInt64 = 0, conflicts: UInt64 = 0, rejected: UInt64 = 0) {
        self.settled = settled
        self.replayed = replayed
        self.conflicts = conflicts
        self.rejected = rejected
    }

    /// The count of one outcome.
    package subscript(outcome: SpinDisposition) -> UInt64 {
        get {
            switch outcome {
            case .settled: settled
            case .replayed: replayed
            case .conflict: conflicts
            case .rejected: rejected
            }
        }
        set {
            switch outcome {
            case .settled: settled = newValue
            case .replayed: replayed = newValue
            case .conflict: conflicts = newValue
            case .rejected: rejected = newValue
            }
        }
    }
}
