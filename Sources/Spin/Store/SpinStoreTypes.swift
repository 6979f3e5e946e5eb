/// What `SpinStore.claim` is asked.
package struct ClaimRequest: Sendable, Hashable {
    package var player: PlayerID
    package var spinId: SpinID
    /// The request body's fingerprint, stored with the pending key.
    package var fingerprint: String

    package init(player: PlayerID, spinId: SpinID, fingerprint: String) {
        self.player = player
        self.spinId = spinId
        self.fingerprint = fingerprint
    }
}

/// A successful claim: the lock's token and the state read under it.
package struct Claim: Sendable, Hashable {
    package var lockToken: String
    package var wallet: Wallet
    package var round: FreeSpinsRound?

    package init(lockToken: String, wallet: Wallet, round: FreeSpinsRound?) {
        self.lockToken = lockToken
        self.wallet = wallet
        self.round = round
    }
}

/// The answer of `SpinStore.claim`.
package enum ClaimOutcome: Sendable, Hashable {
    /// The key is ours and so is the player's lock.
    case claimed(Claim)
    /// The key is done: this is its stored response and the fingerprint it was stored with.
    case replay(StoredResponse, fingerprint: String)
    /// The key is pending under a live lease, with this fingerprint.
    case inProgress(fingerprint: String)
    /// Another spin holds the player's lock.
    case playerBusy
    /// The player has no wallet.
    case unknownPlayer
}

/// One settled spin for the events stream.
package struct SpinEvent: Sendable, Hashable {
    package var spinId: String
    package var player: String
    package var game: String
    package var kind: String
    package var bet: Int
    package var debit: Int
    package var win: Int
    package var balance: Int

    package init(spinId: String, player: String, game: String, kind: String, bet: Int, debit: Int, win: Int, balance: Int) {
        self.spinId = spinId
        self.player = player
        self.game = game
        self.kind = kind
        self.bet = bet
        self.debit = debit
        self.win = win
        self.balance = balance
    }
}

/// What `SpinStore.commit` applies.
package struct SpinCommit: Sendable, Hashable {
    package var player: PlayerID
    package var spinId: SpinID
    package var fingerprint: String
    /// The claim's lock token (fencing).
    package var lockToken: String
    /// The wallet version the claim read (fencing).
    package var expectedVersion: Int64
    /// The new balance (unchanged for a stored error).
    package var balance: Int
    /// The new tickets (unchanged for a stored error).
    package var tickets: [String: Int]
    /// The tickets the claim read. The version fence makes them what the store holds at commit
    /// time, so a store may write only the games whose count differs from these.
    package var claimedTickets: [String: Int]
    /// Whether the claim read a round. The version fence keeps that true at commit time, so a store
    /// may skip deleting a round that is not there (`true`, the default, always deletes).
    package var claimedRound: Bool
    /// The round after the spin; `nil` deletes it.
    package var round: FreeSpinsRound?
    /// The response stored under the key.
    package var response: StoredResponse
    /// The event of a settled `200`; `nil` for a stored error (no history, no event).
    package var event: SpinEvent?

    package init(
        player: PlayerID, spinId: SpinID, fingerprint: String, lockToken: String, expectedVersion: Int64,
        balance: Int, tickets: [String: Int], claimedTickets: [String: Int], claimedRound: Bool = true, round: FreeSpinsRound?,
        response: StoredResponse, event: SpinEvent?
    ) {
        self.player = player
        self.spinId = spinId
        self.fingerprint = fingerprint
        self.lockToken = lockToken
        self.expectedVersion = expectedVersion
        self.balance = balance
        self.tickets = tickets
        self.claimedTickets = claimedTickets
        self.claimedRound = claimedRound
        self.round = round
        self.response = response
        self.event = event
    }
}

/// The answer of `SpinStore.commit`.
package enum CommitOutcome: Sendable, Hashable {
    case committed
    /// The lock or the wallet version changed since the claim; nothing was applied.
    case fenced
}

/// The answer of `SpinStore.lookup`.
package enum LookupOutcome: Sendable, Hashable {
    case done(StoredResponse)
    case inProgress
    case unknown
}

/// The answer of `SpinStore.addTickets`.
package enum TicketsOutcome: Sendable, Hashable {
    /// Added: the wallet right after.
    case added(WalletState)
    /// The player has no wallet.
    case unknownPlayer
    /// The player holds `held` tickets of the game; adding would pass `Wallet.ticketLimit` (nothing changed).
    case limitExceeded(held: Int)
}

/// The answer of `SpinStore.credit`.
package enum CreditOutcome: Sendable, Hashable {
    /// Applied (or replayed): the wallet right after this credit.
    case credited(WalletState, replayed: Bool)
    /// The debit would take the balance below zero (stored: a replay answers the same).
    case insufficientFunds(balance: Int, replayed: Bool)
    /// The credit would lift the balance above `Wallet.balanceLimit` (stored like `insufficientFunds`).
    case balanceLimitExceeded(balance: Int, replayed: Bool)
    /// The key was used with a different body.
    case keyReused
}
