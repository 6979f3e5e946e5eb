import Redis
import Spin

/// Turns the flat `HGETALL` arrays of the wallet and round hashes, and stream entries, into values.
enum RedisWalletDecoder {
    static func fields(_ value: RedisValue) -> [String: String]? {
        guard let items = value.array, items.count % 2 == 0 else { return nil }
        var result: [String: String] = [:]
        var index = 0
        while index < items.count {
            guard let key = items[index].string, let field = items[index + 1].string else { return nil }
            result[key] = field
            index += 2
        }
        return result
    }

    static func wallet(_ value: RedisValue) -> Wallet? {
        guard let fields = fields(value), let balance = fields["balance"].flatMap({ Int($0) }),
              let version = fields["version"].flatMap({ Int64($0) }) else { return nil }
        var tickets: [String: Int] = [:]
        for (key, count) in fields where key.hasPrefix("t:") {
            if let count = Int(count), count > 0 { tickets[String(key.dropFirst(2))] = count }
        }
        return Wallet(balance: balance, version: version, tickets: tickets, boostUntil: fields["boost"].flatMap { Int64($0) })
    }

    static func round(_ value: RedisValue) -> FreeSpinsRound? {
        guard let fields = fields(value), let game = fields["game"], let bet = fields["bet"].flatMap({ Int($0) }),
              let left = fields["left"].flatMap({ Int($0) }), let total = fields["total"].flatMap({ Int($0) }),
              let multiplier = fields["mult"].flatMap({ Int($0) }), let win = fields["win"].flatMap({ Int($0) }) else { return nil }
        return FreeSpinsRound(game: game, bet: bet, left: left, total: total, multiplier: multiplier, roundWin: win)
    }

    /// One `XRANGE` entry: `[id, [field, value, …]]`.
    static func event(_ entry: RedisValue) -> SpinEvent? {
        guard let parts = entry.array, parts.count == 2, let f = fields(parts[1]) else { return nil }
        guard let spin = f["spin"], let player = f["player"], let game = f["game"], let kind = f["kind"],
              let bet = f["bet"].flatMap({ Int($0) }), let debit = f["debit"].flatMap({ Int($0) }),
              let win = f["win"].flatMap({ Int($0) }), let balance = f["balance"].flatMap({ Int($0) }) else { return nil }
        return SpinEvent(spinId: spin, player: player, game: game, kind: kind, bet: bet, debit: debit, win: win, balance: balance)
    }
}
