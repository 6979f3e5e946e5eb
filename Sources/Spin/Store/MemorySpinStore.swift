import Synchronization
package import Time

/// The embedded `SpinStore`: every player's state in memory behind one `Mutex`.
///
/// Same semantics as the Redis store (see `SpinStore`), for a single process and for tests. Each
/// call is one critical section, so claim and commit are atomic; the lock is never held across an
/// `await`. Time comes from the injected clock, so leases and TTLs can be expired instantly.
package final class MemorySpinStore: SpinStore {
    /// Lifetimes of the store's records (shared with every store).
    package typealias Limits = SpinStoreLimits

    private let state = Mutex(MemoryStoreState())
    private let clock: any WallClock
    private let limits: Limits

    package init(clock: any WallClock = SystemWallClock(), limits: Limits = Limits()) {
        self.clock = clock
        self.limits = limits
    }

    package func claim(_ request: ClaimRequest) async throws(SpinStoreError) -> ClaimOutcome {
        let now = clock.nowMillis()
        let token = MemorySpinStore.newToken()
        return state.withLock { $0.claim(request, token: token, now: now, limits: limits) }
    }

    package func commit(_ commit: SpinCommit) async throws(SpinStoreError) -> CommitOutcome {
        let now = clock.nowMillis()
        return state.withLock { $0.commit(commit, now: now, limits: limits) }
    }

    package func abandon(player: PlayerID, spinId: SpinID, lockToken: String) async throws(SpinStoreError) {
        let now = clock.nowMillis()
        state.withLock { $0.abandon(player: player, spinId: spinId, lockToken: lockToken, now: now) }
    }

    package func lookup(player: PlayerID, spinId: SpinID) async throws(SpinStoreError) -> LookupOutcome {
        let now = clock.nowMillis()
        return state.withLock { $0.lookup(player: player, spinId: spinId, now: now) }
    }

    package func history(player: PlayerID, limit: Int) async throws(SpinStoreError) -> [[UInt8]] {
        state.withLock { Array(($0.players[player]?.history ?? []).prefix(max(0, limit))) }
    }

    package func wallet(player: PlayerID) async throws(SpinStoreError) -> WalletState? {
        state.withLock { $0.players[player].map { WalletState(wallet: $0.wallet, round: $0.round) } }
    }

    package func credit(
        player: PlayerID, amount: Int, key: SpinID, fingerprint: String, reason: String
    ) async throws(SpinStoreError) -> CreditOutcome {
        let now = clock.nowMillis()
        return state.withLock {
            $0.credit(player: player, amount: amount, key: key, fingerprint: fingerprint, now: now, limits: limits)
        }
    }

    package func addTickets(player: PlayerID, game: String, count: Int) async throws(SpinStoreError) -> TicketsOutcome {
        state.withLock { state in
            guard let held = state.players[player].map({ $0.wallet.tickets[game] ?? 0 }) else { return .unknownPlayer }
            // `held` is within 0…ticketLimit, so neither side of the check can overflow.
            guard count <= Wallet.ticketLimit - held else { return .limitExceeded(held: held) }
            let total = held + count
            guard let updated = state.updateWallet(player, { $0.tickets[game] = total > 0 ? total : nil }) else { return .unknownPlayer }
            return .added(updated)
        }
    }

    package func setBoost(player: PlayerID, until: Int64?) async throws(SpinStoreError) -> WalletState? {
        state.withLock { state in state.updateWallet(player) { $0.boostUntil = until } }
    }

    package func ping() async throws(SpinStoreError) {}

    package func recentEvents(limit: Int) async throws(SpinStoreError) -> [SpinEvent] {
        state.withLock { Array($0.events.suffix(max(0, limit))) }
    }

    /// 128 random bits as hex: a lock token nobody else holds.
    private static func newToken() -> String {
        // One getrandom call for both words (SystemRandomNumberGenerator makes one per `next()`).
        var words: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &words) { SystemRandomBytes().fill($0) }
        let (high, low) = words
        let text = String(high, radix: 16) + "-" + String(low, radix: 16)
        return text
    }
}
