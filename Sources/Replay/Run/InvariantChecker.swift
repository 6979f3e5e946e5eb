/// The verdict on one invariant.
package struct InvariantVerdict: Sendable, Hashable {
    package static let settledOnce = "settled at most once"
    package static let balance = "balance = credit - debits + wins"
    package static let sameAnswer = "every resend got the same answer"

    package var name: String
    package var passed: Bool
    /// For a failure, the first offending player or key and what differed; otherwise what was checked.
    package var detail: String

    package init(name: String, passed: Bool, detail: String) {
        self.name = name
        self.passed = passed
        self.detail = detail
    }
}

/// What the server says about one player after the run.
package struct ServerView: Sendable {
    package var balance: Int?
    /// `spinId`s of `GET /v1/history?limit=100`, newest first.
    package var historyIds: [String]
    /// `GET /v1/spins/{key}` of every key the client sent.
    package var lookups: [String: SpinAnswer]

    package init(balance: Int?, historyIds: [String], lookups: [String: SpinAnswer]) {
        self.balance = balance
        self.historyIds = historyIds
        self.lookups = lookups
    }
}

/// Checks the three invariants of a replay from the client's ledgers and the server's own view.
package enum InvariantChecker {
    /// - Parameters:
    ///   - ledgers: what the client saw, per player.
    ///   - views: the server's wallet, history and key lookups, per player.
    /// - Returns: one verdict per invariant, in a fixed order.
    package static func check(ledgers: [PlayerLedger], views: [String: ServerView]) -> [InvariantVerdict] {
        var settledFailure: String?
        var balanceFailure: String?
        var answerFailure: String?
        var keysChecked = 0
        for ledger in ledgers.sorted(by: { $0.player < $1.player }) {
            let view = views[ledger.player] ?? ServerView(balance: nil, historyIds: [], lookups: [:])
            if settledFailure == nil {
                var seen = Set<String>()
                if let duplicate = view.historyIds.first(where: { !seen.insert($0).inserted }) {
                    settledFailure = "player \(ledger.player): key \(duplicate) appears twice in the history"
                }
            }
            for key in ledger.order {
                guard let record = ledger.keys[key] else { continue }
                keysChecked += 1
                if settledFailure == nil, let first = record.first {
                    if let lookup = view.lookups[key], !lookup.sameAnswer(as: first) {
                        settledFailure = "player \(ledger.player): key \(key): the lookup answers \(lookup.status) "
                            + "(\(lookup.bodyLength) bytes), not the first answer \(first.status) (\(first.bodyLength) bytes)"
                    }
                }
                if answerFailure == nil, let mismatch = record.mismatch, let first = record.first {
                    answerFailure = "player \(ledger.player): key \(key): a resend got \(mismatch.status) (\(mismatch.bodyLength) bytes), "
                        + "the first answer was \(first.status) (\(first.bodyLength) bytes)"
                }
            }
            if balanceFailure == nil {
                let totals = ledger.totals
                let (debit, win) = totals ?? (0, 0)
                let (afterDebit, debitOverflow) = ledger.baseline.subtractingReportingOverflow(debit)
                let (expected, winOverflow) = afterDebit.addingReportingOverflow(win)
                if totals == nil || debitOverflow || winOverflow {
                    balanceFailure = "player \(ledger.player): the answers' debits and wins overflow a 64-bit sum"
                } else if view.balance != expected {
                    balanceFailure = "player \(ledger.player): expected \(ledger.baseline) - \(debit) + \(win) = \(expected), "
                        + "the server has \(view.balance.map(String.init) ?? "no wallet")"
                }
            }
        }
        let players = ledgers.count
        return [
            InvariantVerdict(
                name: InvariantVerdict.settledOnce, passed: settledFailure == nil,
                detail: settledFailure ?? "\(keysChecked) keys looked up, \(players) histories without a repeated spinId"),
            InvariantVerdict(
                name: InvariantVerdict.balance, passed: balanceFailure == nil,
                detail: balanceFailure ?? "\(players) wallets match the answered spins"),
            InvariantVerdict(
                name: InvariantVerdict.sameAnswer, passed: answerFailure == nil,
                detail: answerFailure ?? "every repeated answer was byte-identical to the first"),
        ]
    }
}
