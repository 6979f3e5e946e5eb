import JSON

/// Writes `GET /v1/wallet`'s body: player, balance, tickets (sorted by game), feature, boost.
package enum WalletBody {
    /// The wallet JSON of `player`; deterministic for a given state (a credit replay is byte-identical).
    package static func encode(player: PlayerID, state: WalletState) -> [UInt8] {
        var w = JSONWriter(capacity: 256)
        w.raw(literal: "{\"player\":")
        w.string(player.value)
        w.raw(literal: ",\"balance\":")
        w.int(state.wallet.balance)
        w.raw(literal: ",\"tickets\":{")
        for (index, game) in state.wallet.tickets.keys.sorted().enumerated() {
            if index > 0 { w.raw(literal: ",") }
            w.string(game)
            w.raw(literal: ":")
            w.int(state.wallet.tickets[game] ?? 0)
        }
        w.raw(literal: "},\"feature\":")
        w.round(state.round, withGame: true)
        w.raw(literal: ",\"boost\":")
        if let until = state.wallet.boostUntil {
            w.raw(literal: "{\"until\":\"")
            w.raw(Timestamp.format(millis: until))
            w.raw(literal: "\"}")
        } else {
            w.null()
        }
        w.raw(literal: "}")
        return w.bytes
    }
}

extension JSONWriter {
    /// A free-spins round as API.md shows it (`null` when none): the spin body's `feature`, or with
    /// `game` and `bet` first, the wallet's.
    mutating func round(_ round: FreeSpinsRound?, withGame: Bool) {
        guard let round else { return null() }
        raw(literal: "{")
        if withGame {
            raw(literal: "\"game\":")
            string(round.game)
            raw(literal: ",\"bet\":")
            int(round.bet)
            raw(literal: ",")
        }
        raw(literal: "\"freeSpinsLeft\":")
        int(round.left)
        raw(literal: ",\"freeSpinsTotal\":")
        int(round.total)
        raw(literal: ",\"multiplier\":")
        int(round.multiplier)
        raw(literal: ",\"roundWin\":")
        int(round.roundWin)
        raw(literal: "}")
    }
}
