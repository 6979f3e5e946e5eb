import JSON
import SlotMath

/// Writes the `200` body of a settled spin (API.md's shape, plus `stops` and `ways`).
enum SpinResponseBody {
    static func encode(
        request: SpinRequest, charge: SpinCharge, play: SpinPlay, balance: Int, boosted: Bool, settledAt: Int64
    ) -> [UInt8] {
        var w = JSONWriter(capacity: 512)
        w.raw(literal: "{\"spinId\":")
        w.string(request.spinId.value)
        w.raw(literal: ",\"game\":")
        w.string(request.body.game)
        w.raw(literal: ",\"kind\":\"")
        w.raw(request.body.kind.rawValue)
        w.raw(literal: "\",\"bet\":")
        w.int(charge.bet)
        w.raw(literal: ",\"debit\":")
        w.int(charge.debit)
        w.raw(literal: ",\"win\":")
        w.int(play.win)
        w.raw(literal: ",\"balance\":")
        w.int(balance)
        w.raw(literal: ",\"reels\":[")
        let outcome = play.outcome
        for (index, column) in (outcome?.grid ?? []).enumerated() {
            if index > 0 { w.raw(literal: ",") }
            w.raw(literal: "[")
            for (row, symbol) in column.enumerated() {
                if row > 0 { w.raw(literal: ",") }
                w.string(symbol)
            }
            w.raw(literal: "]")
        }
        w.raw(literal: "],\"stops\":[")
        for (index, stop) in (outcome?.stops ?? []).enumerated() {
            if index > 0 { w.raw(literal: ",") }
            w.int(stop)
        }
        w.raw(literal: "],\"wins\":[")
        for (index, win) in (outcome?.wins ?? []).enumerated() {
            if index > 0 { w.raw(literal: ",") }
            w.raw(literal: "{\"line\":")
            if let line = win.line { w.int(line) } else { w.null() }
            w.raw(literal: ",\"symbol\":")
            w.string(win.symbol)
            w.raw(literal: ",\"count\":")
            w.int(win.count)
            if let ways = win.ways {
                w.raw(literal: ",\"ways\":")
                w.int(ways)
            }
            w.raw(literal: ",\"amount\":")
            w.int(win.amount)
            w.raw(literal: "}")
        }
        w.raw(literal: "],\"feature\":")
        w.round(play.round, withGame: false)
        w.raw(literal: ",\"boosted\":")
        w.bool(boosted)
        w.raw(literal: ",\"settledAt\":\"")
        w.raw(Timestamp.format(millis: settledAt))
        w.raw(literal: "\"}")
        return w.bytes
    }
}
