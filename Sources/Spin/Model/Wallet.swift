/// A player's money and entitlements, as the store holds them.
package struct Wallet: Sendable, Hashable {
    /// Balance in minor units, never negative.
    package var balance: Int
    /// Bumped by every change; a commit is fenced against the version it read.
    package var version: Int64
    /// Buy-feature tickets per game id (games with zero tickets are absent).
    package var tickets: [String: Int]
    /// Epoch milliseconds until which the player is boosted, `nil` when not boosted.
    package var boostUntil: Int64?

    /// The highest balance a wallet may hold, in minor units (10^15: below 2^53, so the Redis
    /// scripts' Lua numbers stay exact). A credit past it is `422 balance_limit_exceeded`; spins
    /// never check it (a spin's win is bounded and far below the headroom to 2^53).
    package static let balanceLimit = 1_000_000_000_000_000

    /// The most tickets a wallet may hold for one game; adding past it is `400 invalid_request`
    /// naming `count` (so a ticket count never overflows, in either store).
    package static let ticketLimit = 1_000_000_000

    package init(balance: Int, version: Int64, tickets: [String: Int] = [:], boostUntil: Int64? = nil) {
        self.balance = balance
        self.version = version
        self.tickets = tickets
        self.boostUntil = boostUntil
    }

    /// Whether the boost is active at `nowMillis`.
    package func isBoosted(at nowMillis: Int64) -> Bool {
        guard let boostUntil else { return false }
        return boostUntil > nowMillis
    }
}

/// A wallet with the player's active round: what `GET /v1/wallet` shows.
package struct WalletState: Sendable, Hashable {
    package var wallet: Wallet
    package var round: FreeSpinsRound?

    package init(wallet: Wallet, round: FreeSpinsRound?) {
        self.wallet = wallet
        self.round = round
    }
}
