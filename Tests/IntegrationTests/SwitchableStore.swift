import Spin

/// A real store that can be made unreachable on demand: while its `StoreSwitch` is down, every
/// call throws `SpinStoreError.unavailable` before touching the store underneath (as a refused
/// connection does), so nothing is applied.
final class SwitchableStore: SpinStore {
    private let base: any SpinStore
    private let power: StoreSwitch

    init(base: any SpinStore, power: StoreSwitch) {
        self.base = base
        self.power = power
    }

    private func check() throws(SpinStoreError) {
        if power.isDown { throw .unavailable("switched off by the test") }
    }

    func claim(_ request: ClaimRequest) async throws(SpinStoreError) -> ClaimOutcome {
        try check()
        return try await base.claim(request)
    }

    func commit(_ commit: SpinCommit) async throws(SpinStoreError) -> CommitOutcome {
        try check()
        return try await base.commit(commit)
    }

    func abandon(player: PlayerID, spinId: SpinID, lockToken: String) async throws(SpinStoreError) {
        try check()
        try await base.abandon(player: player, spinId: spinId, lockToken: lockToken)
    }

    func lookup(player: PlayerID, spinId: SpinID) async throws(SpinStoreError) -> LookupOutcome {
        try check()
        return try await base.lookup(player: player, spinId: spinId)
    }

    func history(player: PlayerID, limit: Int) async throws(SpinStoreError) -> [[UInt8]] {
        try check()
        return try await base.history(player: player, limit: limit)
    }

    func wallet(player: PlayerID) async throws(SpinStoreError) -> WalletState? {
        try check()
        return try await base.wallet(player: player)
    }

    func credit(
        player: PlayerID, amount: Int, key: SpinID, fingerprint: String, reason: String
    ) async throws(SpinStoreError) -> CreditOutcome {
        try check()
        return try await base.credit(player: player, amount: amount, key: key, fingerprint: fingerprint, reason: reason)
    }

    func addTickets(player: PlayerID, game: String, count: Int) async throws(SpinStoreError) -> TicketsOutcome {
        try check()
        return try await base.addTickets(player: player, game: game, count: count)
    }

    func setBoost(player: PlayerID, until: Int64?) async throws(SpinStoreError) -> WalletState? {
        try check()
        return try await base.setBoost(player: player, until: until)
    }

    func ping() async throws(SpinStoreError) {
        try check()
        try await base.ping()
    }

    func recentEvents(limit: Int) async throws(SpinStoreError) -> [SpinEvent] {
        try check()
        return try await base.recentEvents(limit: limit)
    }
}
