import Spin
import Synchronization

/// A deliberately broken `SpinStore` around a correct one: the first time a done key is claimed
/// again, it forgets the key and settles the spin a second time (under a hidden alias), so one
/// duplicate is applied twice. The replay checker must catch it.
final class BrokenSpinStore: SpinStore {
    private let inner: any SpinStore
    /// (player, key) → the alias being settled; `broken` once one duplicate went through.
    private let state = Mutex<(aliases: [String: SpinID], broken: Bool)>(([:], false))

    init(inner: any SpinStore) {
        self.inner = inner
    }

    private static func name(_ player: PlayerID, _ key: SpinID) -> String { player.value + "\u{0}" + key.value }

    private func alias(_ player: PlayerID, _ key: SpinID) -> SpinID {
        state.withLock { $0.aliases[Self.name(player, key)] } ?? key
    }

    func claim(_ request: ClaimRequest) async throws(SpinStoreError) -> ClaimOutcome {
        let outcome = try await inner.claim(request)
        guard case .replay = outcome, let alias = SpinID(request.spinId.value + "~dup") else { return outcome }
        let takeIt = state.withLock { state in
            guard !state.broken else { return false }
            state.broken = true
            state.aliases[Self.name(request.player, request.spinId)] = alias
            return true
        }
        guard takeIt else { return outcome }
        var forgotten = request
        forgotten.spinId = alias
        return try await inner.claim(forgotten)
    }

    func commit(_ commit: SpinCommit) async throws(SpinStoreError) -> CommitOutcome {
        var aliased = commit
        aliased.spinId = alias(commit.player, commit.spinId)
        let outcome = try await inner.commit(aliased)
        state.withLock { _ = $0.aliases.removeValue(forKey: Self.name(commit.player, commit.spinId)) }
        return outcome
    }

    func abandon(player: PlayerID, spinId: SpinID, lockToken: String) async throws(SpinStoreError) {
        let aliased = alias(player, spinId)
        state.withLock { _ = $0.aliases.removeValue(forKey: Self.name(player, spinId)) }
        try await inner.abandon(player: player, spinId: aliased, lockToken: lockToken)
    }

    func lookup(player: PlayerID, spinId: SpinID) async throws(SpinStoreError) -> LookupOutcome {
        try await inner.lookup(player: player, spinId: spinId)
    }

    func history(player: PlayerID, limit: Int) async throws(SpinStoreError) -> [[UInt8]] {
        try await inner.history(player: player, limit: limit)
    }

    func wallet(player: PlayerID) async throws(SpinStoreError) -> WalletState? {
        try await inner.wallet(player: player)
    }

    func credit(player: PlayerID, amount: Int, key: SpinID, fingerprint: String, reason: String) async throws(SpinStoreError) -> CreditOutcome {
        try await inner.credit(player: player, amount: amount, key: key, fingerprint: fingerprint, reason: reason)
    }

    func addTickets(player: PlayerID, game: String, count: Int) async throws(SpinStoreError) -> TicketsOutcome {
        try await inner.addTickets(player: player, game: game, count: count)
    }

    func setBoost(player: PlayerID, until: Int64?) async throws(SpinStoreError) -> WalletState? {
        try await inner.setBoost(player: player, until: until)
    }

    func ping() async throws(SpinStoreError) {
        try await inner.ping()
    }

    func recentEvents(limit: Int) async throws(SpinStoreError) -> [SpinEvent] {
        try await inner.recentEvents(limit: limit)
    }
}
