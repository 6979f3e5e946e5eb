import JSON
import SlotMath

/// Writes the `200` body of a settled spin (API.md's shape, plus `stops` and `ways`).
enum SpinResponseBody {
    static func encode(
        request: SpinRequest, charge: SpinCharge, play: SpinPlay, balance: Int, boosted: Bool, settledAt: Int64
    ) -> [UInt8] {
        var w = JSONWriter(capacity: 512)
        w.raw("{\"spinId\":")
        w.string(request.spinId.value)
        w.raw(",\"game\":")
        w.string(request.body.game)
        w.raw(",\"kind\":\"")
        w.raw(request.body.kind.rawValue)
        w.raw("\",\"bet\":")
        w.int(charge.bet)
        w.raw(",\"debit\":")
        w.int(charge.debit)
        w.raw(",\"win\":")
        w.int(play.win)
        w.raw(",\"balance\":")
        w.int(balance)
        w.raw(",\"reels\":[")
        let outcome = play.outcome
        for (index, column) in (outcome?.grid ?? []).enumerated() {
            if index > 0 { w.raw(",") }
            w.raw("[")
            for (row, symbol) in column.enumerated() {
                if row > 0 { w.raw(",") }
                w.string(symbol)
            }
            w.raw("]")
        }
        w.raw("],\"stops\":[")
        for (index, stop) in (outcome?.stops ?? []).enumerated() {
            if index > 0 { w.raw(",") }
            w.int(stop)
        }
        w.raw("],\"wins\":[")
        for (index, win) in (outcome?.wins ?? []).enumerated() {
            if index > 0 { w.raw(",") }
            w.raw("{\"line\":")
            if let line = win.line { w.int(line) } else { w.null() }
            w.raw(",\"symbol\":")
            w.string(win.symbol)
            w.raw(",\"count\":")
            w.int(win.count)
            if let ways = win.ways {
                w.raw(",\"ways\":")
                w.int(ways)
            }
            w.raw(",\"amount\":")
            w.int(win.amount)
            w.raw("}")
        }
        w.raw("],\"feature\":")
        w.round(play.round, withGame: false)
        w.raw(",\"boosted\":")
        w.bool(boosted)
        w.raw(",\"settledAt\":\"")
        w.raw(Timestamp.format(millis: settledAt))
        w.raw("\"}")
        return w.bytes
    }
}
