/// What the client saw for one player: every key it sent, the first stored answer of each, and
/// whether any later answer differed. Owned by one worker thread.
package struct PlayerLedger: Sendable {
    /// One idempotency key.
    package struct KeyRecord: Sendable {
        /// The first answer that was not retryable (the stored one).
        package var first: SpinAnswer?
        /// Answers received for this key (retryable ones included).
        package var answers = 0
        /// The first later answer that differed from `first`.
        package var mismatch: SpinAnswer?
    }

    package let player: String
    /// The balance read after provisioning, before the first spin.
    package var baseline: Int
    package private(set) var keys: [String: KeyRecord] = [:]
    /// Keys in the order first sent.
    package private(set) var order: [String] = []

    package init(player: String, baseline: Int) {
        self.player = player
        self.baseline = baseline
    }

    /// Notes that `key` is being sent (so an unanswered key is still looked up).
    package mutating func touch(_ key: String) {
        if keys[key] == nil {
            keys[key] = KeyRecord()
            order.append(key)
        }
    }

    /// Records an answer to `key`. Retryable answers only count; the first stored answer becomes the
    /// reference every later one must equal.
    /// - Returns: true when this was the key's first stored answer.
    @discardableResult
    package mutating func observe(_ key: String, _ answer: SpinAnswer) -> Bool {
        touch(key)
        keys[key, default: KeyRecord()].answers += 1
        guard !answer.isRetryable else { return false }
        guard let first = keys[key]?.first else {
            keys[key]?.first = answer
            return true
        }
        if !answer.sameAnswer(as: first), keys[key]?.mismatch == nil { keys[key]?.mismatch = answer }
        return false
    }

    /// Adopts a stored answer the client never received (found by lookup after the run).
    package mutating func adopt(_ key: String, _ answer: SpinAnswer) {
        touch(key)
        if keys[key]?.first == nil { keys[key]?.first = answer }
    }

    /// Σ debit and Σ win over the keys whose stored answer is a `200`; `nil` when a sum overflows
    /// (the server answered amounts no real run can reach).
    package var totals: (debit: Int, win: Int)? {
        var debit = 0
        var win = 0
        for record in keys.values {
            guard let first = record.first, first.status == 200 else { continue }
            let (newDebit, debitOverflow) = debit.addingReportingOverflow(first.debit)
            let (newWin, winOverflow) = win.addingReportingOverflow(first.win)
            guard !debitOverflow, !winOverflow else { return nil }
            debit = newDebit
            win = newWin
        }
        return (debit, win)
    }
}
