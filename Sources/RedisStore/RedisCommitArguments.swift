package import Redis
package import Spin

/// The keys and arguments of one call of `RedisSpinScripts.commit`, built from a `SpinCommit`:
/// eight fixed arguments, then named groups with no padding for what is absent
/// (`RedisSpinFields.CommitGroup`): one `ticket` group per game whose count changed since the claim,
/// a `round` group when a round remains, an `event` group for a settled `200`.
package struct RedisCommitArguments {
    package let keys: [RedisArgument]
    package let arguments: [RedisArgument]

    /// Days a player's history list outlives its last spin.
    package static let historyTTLSeconds = 7 * 86_400

    /// How far a history list may grow past its length before the commit trims it back: one `LTRIM`
    /// every this many spins instead of one per spin (readers ask for at most the length).
    package static let historyTrimSlack = 16

    /// `nil` when the wallet version cannot grow (a wallet at `Int64.max` is not ours to wrap).
    package init?(_ commit: SpinCommit, limits: SpinStoreLimits) {
        let (next, overflow) = commit.expectedVersion.addingReportingOverflow(1)
        if overflow { return nil }
        let keys = RedisSpinKeys(commit.player)
        self.keys = [keys.record(commit.spinId), keys.lock, keys.wallet, keys.round, keys.history, keys.events]
        var arguments: [RedisArgument] = [
            RedisArgument(commit.lockToken), RedisArgument(Int(commit.expectedVersion)), RedisArgument(commit.balance),
            RedisArgument(RedisKeyRecord.doneBytes(fingerprint: commit.fingerprint, response: commit.response)),
            RedisArgument(commit.event == nil ? [] : commit.response.body),
            RedisArgument(Int(limits.keyTTL)), RedisArgument(Int(next)), RedisArgument(commit.claimedRound ? "1" : "0"),
        ]
        arguments.reserveCapacity(arguments.count + 24)
        for (game, count) in Self.changedTickets(commit) {
            arguments.append(RedisArgument(RedisSpinFields.CommitGroup.ticket))
            arguments.append(RedisArgument(game))
            arguments.append(RedisArgument(count))
        }
        if let round = commit.round {
            arguments.append(RedisArgument(RedisSpinFields.CommitGroup.round))
            arguments.append(RedisArgument(round.game))
            for number in [round.bet, round.left, round.total, round.multiplier, round.roundWin] { arguments.append(RedisArgument(number)) }
        }
        if let event = commit.event {
            arguments.append(RedisArgument(RedisSpinFields.CommitGroup.event))
            arguments.append(RedisArgument(limits.historyLength))
            arguments.append(RedisArgument(limits.historyLength + Self.historyTrimSlack))
            arguments.append(RedisArgument(Self.historyTTLSeconds))
            arguments.append(RedisArgument(limits.eventsLength))
            for text in [event.spinId, event.player, event.game, event.kind] { arguments.append(RedisArgument(text)) }
            for number in [event.bet, event.debit, event.win, event.balance] { arguments.append(RedisArgument(number)) }
        }
        self.arguments = arguments
    }

    /// The games whose ticket count differs from what the claim read, sorted; `0` for one that is
    /// gone. The claim's tickets are what Redis holds while the version fence passes.
    static func changedTickets(_ commit: SpinCommit) -> [(game: String, count: Int)] {
        var changed: [(game: String, count: Int)] = []
        for (game, count) in commit.tickets where count > 0 && commit.claimedTickets[game] != count {
            changed.append((game, count))
        }
        for (game, count) in commit.claimedTickets where count > 0 && (commit.tickets[game] ?? 0) <= 0 {
            changed.append((game, 0))
        }
        return changed.sorted { $0.game < $1.game }
    }
}
