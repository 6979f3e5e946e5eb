/// Where wallets, rounds, idempotency records, locks, history and events live.
///
/// Rules every implementation must keep (the in-memory store and the Redis store alike):
/// - `claim` and `commit` are each ONE atomic step: no other call of any client observes or
///   interleaves with half of one.
/// - `claim` writes nothing unless it returns `.claimed`; then it has marked the key pending
///   (with the fingerprint and a pending lease) and taken the player's lock (a fresh random token
///   and a lock lease). An expired pending lease makes the key claimable again; an expired lock
///   lease frees the lock.
/// - `commit` changes nothing and returns `.fenced` unless the lock is still held with the claim's
///   token AND the wallet version is still the one the claim read. Otherwise it applies everything
///   at once: balance, tickets, round (written or deleted), the response under the key (done, with
///   the key TTL), and for a `200` the history entry (newest first, trimmed to 100) and one event;
///   then bumps the version and releases the lock.
/// - Every other change of a wallet (credit, tickets, boost) bumps its version, so a spin that read
///   the older wallet is fenced rather than overwriting it.
/// - A failure to reach the store throws `SpinStoreError`; a call that throws applied nothing the
///   caller can observe as half done.
/// - Keys are scoped per player: the same `SpinID` of two players names two records.
package protocol SpinStore: Sendable {
    /// Replays, refuses, or claims a spin key and the player's lock in one atomic step.
    func claim(_ request: ClaimRequest) async throws(SpinStoreError) -> ClaimOutcome

    /// Settles a claimed spin in one atomic step, fenced by lock token and wallet version.
    func commit(_ commit: SpinCommit) async throws(SpinStoreError) -> CommitOutcome

    /// Drops the pending key and releases the lock if `lockToken` still holds it.
    func abandon(player: PlayerID, spinId: SpinID, lockToken: String) async throws(SpinStoreError)

    /// The state of a spin key.
    func lookup(player: PlayerID, spinId: SpinID) async throws(SpinStoreError) -> LookupOutcome

    /// The player's last `limit` settled spin bodies, newest first.
    func history(player: PlayerID, limit: Int) async throws(SpinStoreError) -> [[UInt8]]

    /// The player's wallet and round, `nil` before the first credit.
    func wallet(player: PlayerID) async throws(SpinStoreError) -> WalletState?

    /// Adds `amount` (negative for a debit, never below zero) once per `key`; creates the wallet.
    /// A replay of `key` with the same fingerprint returns the stored outcome with `replayed`; a
    /// different fingerprint returns `.keyReused`.
    func credit(
        player: PlayerID, amount: Int, key: SpinID, fingerprint: String, reason: String
    ) async throws(SpinStoreError) -> CreditOutcome

    /// Adds `count` tickets for `game`, never past `Wallet.ticketLimit` (then nothing changes).
    func addTickets(player: PlayerID, game: String, count: Int) async throws(SpinStoreError) -> TicketsOutcome

    /// Sets (or clears with `nil`) the boost deadline in epoch ms; `nil` when the player has no wallet.
    func setBoost(player: PlayerID, until: Int64?) async throws(SpinStoreError) -> WalletState?

    /// Succeeds when the store answers.
    func ping() async throws(SpinStoreError)

    /// The last `limit` events appended by commits, oldest first (for tests and tooling).
    func recentEvents(limit: Int) async throws(SpinStoreError) -> [SpinEvent]
}

/// The store could not be reached or answered nonsense.
package struct SpinStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: String, Sendable, Hashable {
        case unavailable, protocolViolation = "protocol_violation"
    }

    private let base: Code
    /// What happened, without secrets.
    package let reason: String

    private init(_ base: Code, _ reason: String) {
        self.base = base
        self.reason = reason
    }

    package var code: String { base.rawValue }
    /// Whether the store answered something invalid (rather than not answering at all).
    package var isProtocolViolation: Bool { base == .protocolViolation }
    package var description: String { "store \(code): \(reason)" }

    /// The store cannot be reached (connection refused, timeout, down).
    package static func unavailable(_ reason: String) -> SpinStoreError { SpinStoreError(.unavailable, reason) }
    /// The store answered something the client cannot understand.
    package static func protocolViolation(_ reason: String) -> SpinStoreError { SpinStoreError(.protocolViolation, reason) }
}
