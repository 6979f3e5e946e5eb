/// Lifetimes of the store's records.
package struct SpinStoreLimits: Sendable {
    /// How long a done key is kept, in ms (default 1 h).
    package var keyTTL: Int64
    /// How long a pending key blocks its retries, in ms (default 10 s).
    package var pendingLease: Int64
    /// How long the player's lock lives without a commit, in ms (default 5 s).
    package var lockLease: Int64
    /// Settled spins kept per player (default 100).
    package var historyLength: Int
    /// Events kept in all.
    package var eventsLength: Int

    package init(
        keyTTL: Int64 = 3_600_000, pendingLease: Int64 = 10_000, lockLease: Int64 = 5_000,
        historyLength: Int = 100, eventsLength: Int = 10_000
    ) {
        self.keyTTL = keyTTL
        self.pendingLease = pendingLease
        self.lockLease = lockLease
        self.historyLength = historyLength
        self.eventsLength = eventsLength
    }
}
