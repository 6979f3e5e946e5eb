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
        if let round = state.round {
            w.raw("{\"game\":")
            w.string(round.game)
            w.raw(",\"bet\":")
            w.int(round.bet)
            w.raw(",\"freeSpinsLeft\":")
            w.int(round.left)
            w.raw(",\"freeSpinsTotal\":")
            w.int(round.total)
            w.raw(",\"multiplier\":")
            w.int(round.multiplier)
            w.raw(",\"roundWin\":")
            w.int(round.roundWin)
            w.raw("}")
        } else {
            w.null()
        }
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
