/// The field names of the Redis hashes, declared once: the Lua scripts (`RedisSpinScripts`) get
/// them spliced into their text, the Swift encoder and decoders use the same constants.
package enum RedisSpinFields {
    /// The wallet hash: `balance`, `version`, `boost` (epoch ms), `t:<game>` per game's tickets, and
    /// `round`: `1` while the player's round hash exists, `0` when it does not (written by every commit;
    /// absent on a wallet no spin has committed to since, so the round hash must be read to know).
    package enum Wallet {
        package static let balance = "balance"
        package static let version = "version"
        package static let boost = "boost"
        package static let ticketPrefix = "t:"
        package static let round = "round"
    }

    /// The free-spins round hash.
    package enum Round {
        package static let game = "game"
        package static let bet = "bet"
        package static let left = "left"
        package static let total = "total"
        package static let multiplier = "mult"
        package static let win = "win"
        /// The numeric fields in the order `FreeSpinsRound` lists them (bet, left, total, mult, win).
        package static let numbers = [bet, left, total, multiplier, win]
    }

    /// The idempotency-key record of the earlier layout, a hash: `state` (`pending`/`done`), `fp`,
    /// `owner` (lock token while pending), `status`, `body`. Records are strings now
    /// (`RedisKeyRecord`); these names read the hashes still alive from before.
    package enum Record {
        package static let state = "state"
        package static let fingerprint = "fp"
        package static let owner = "owner"
        package static let status = "status"
        package static let body = "body"
        package static let pending = "pending"
        package static let done = "done"
    }

    /// The fields of one entry of a partition's events stream.
    package enum Event {
        package static let spin = "spin"
        package static let player = "player"
        package static let game = "game"
        package static let kind = "kind"
        package static let bet = "bet"
        package static let debit = "debit"
        package static let win = "win"
        package static let balance = "balance"
    }

    /// The group names of the commit script's arguments (`RedisCommitArguments`).
    package enum CommitGroup {
        package static let ticket = "ticket"
        package static let round = "round"
        package static let event = "event"
    }
}
