import JSON

/// Writes `GET /v1/wallet`'s body: player, balance, tickets (sorted by game), feature, boost.
package enum WalletBody {
    /// The wallet JSON of `player`; deterministic for a given state (a credit replay is byte-identical).
    package static func encode(player: PlayerID, state: WalletState) -> [UInt8] {
        var w = JSONWriter(capacity: 256)
        w.raw("{\"player\":")
        w.string(player.value)
        w.raw(",\"balance\":")
        w.int(state.wallet.balance)
        w.raw(",\"tickets\":{")
        for (index, game) in state.wallet.tickets.keys.sorted().enumerated() {
            if index > 0 { w.raw(",") }
            w.string(game)
            w.raw(":")
            w.int(state.wallet.tickets[game] ?? 0)
        }
        w.raw("},\"feature\":")
        w.round(state.round, withGame: true)
        w.raw(",\"boost\":")
        if let until = state.wallet.boostUntil {
            w.raw("{\"until\":\"")
            w.raw(Timestamp.format(millis: until))
            w.raw("\"}")
        } else {
            w.null()
        }
        w.raw("}")
        return w.bytes
    }
}

extension JSONWriter {
    /// A free-spins round as API.md shows it (`null` when none): the spin body's `feature`, or with
    /// `game` and `bet` first, the wallet's.
    mutating func round(_ round: FreeSpinsRound?, withGame: Bool) {
        guard let round else { return null() }
        raw("{")
        if withGame {
            raw("\"game\":")
            string(round.game)
            raw(",\"bet\":")
            int(round.bet)
            raw(",")
        }
        raw("\"freeSpinsLeft\":")
        int(round.left)
        raw(",\"freeSpinsTotal\":")
        int(round.total)
        raw(",\"multiplier\":")
        int(round.multiplier)
        raw(",\"roundWin\":")
        int(round.roundWin)
        raw("}")
    }
}
