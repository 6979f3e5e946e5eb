import Synchronization

/// Response bytes queued unwritten across the whole server, against a budget: past it, a
/// connection that already has output queued is not read further until its own output drains.
/// Shared by every loop (one relaxed atomic; updated only on partial writes and their drain).
package final class OutputBudget: Sendable {
    /// The budget in bytes.
    package let limit: Int
    private let queued = Atomic<Int>(0)

    package init(limit: Int) {
        self.limit = limit
    }

    /// Bytes queued unwritten now.
    package var queuedBytes: Int { queued.load(ordering: .relaxed) }

    /// `true` while the queued bytes exceed the budget.
    package var isExceeded: Bool { queued.load(ordering: .relaxed) > limit }

    /// Adds (or, negative, removes) queued bytes.
    func add(_ bytes: Int) {
        queued.wrappingAdd(bytes, ordering: .relaxed)
    }
}
