package import Redis
package import Spin

/// Turns the flat `HGETALL` arrays of the wallet and round hashes, and stream entries, into values.
package enum RedisWalletDecoder {
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

    /// The wallet hash, read field by field (no dictionary of the fields); `nil` when malformed.
    /// Whatever bytes sit in Redis, only a wallet within the contract's ranges comes out: a balance in
    /// 0…`Wallet.balanceLimit`, a version ≥ 0, ticket counts in 0…`Wallet.ticketLimit`, a boost
    /// instant `Timestamp.format` can write.
    static func wallet(_ value: RedisValue) -> Wallet? {
        guard let items = value.array, items.count % 2 == 0 else { return nil }
        var balance: Int?
        var version: Int64?
        var boost: Int64?
        var tickets: [String: Int] = [:]
        var index = 0
        while index < items.count {
            guard let key = items[index].bytes, let field = items[index + 1].string else { return nil }
            if key.elementsEqual(RedisSpinFields.Wallet.balance.utf8) {
                guard let number = Self.balance(field) else { return nil }
                balance = number
            } else if key.elementsEqual(RedisSpinFields.Wallet.version.utf8) {
                guard let number = Int64(field), number >= 0 else { return nil }
                version = number
            } else if key.elementsEqual(RedisSpinFields.Wallet.boost.utf8) {
                guard let number = Int64(field), Timestamp.formattable.contains(number) else { return nil }
                boost = number
            } else if key.starts(with: RedisSpinFields.Wallet.ticketPrefix.utf8) {
                guard let count = Self.tickets(field), let game = String(validating: key[RedisSpinFields.Wallet.ticketPrefix.utf8.count...], as: UTF8.self) else { return nil }
                if count > 0 { tickets[game] = count }
            }
            index += 2
        }
        guard let balance, let version else { return nil }
        return Wallet(balance: balance, version: version, tickets: tickets, boostUntil: boost)
    }

    /// A stored ticket count: a whole number in 0…`Wallet.ticketLimit`, else `nil`.
    static func tickets(_ text: String) -> Int? {
        guard let number = Int(text), (0...Wallet.ticketLimit).contains(number) else { return nil }
        return number
    }

    /// A stored amount: a whole number in 0…`Wallet.balanceLimit`, else `nil`.
    static func balance(_ text: String) -> Int? {
        guard let number = Int(text), (0...Wallet.balanceLimit).contains(number) else { return nil }
        return number
    }

    /// Whether the wallet hash's `round` marker says the player has no round (`0`); a wallet without
    /// the marker (no commit since it was written) does not say, and its round hash decides.
    static func saysNoRound(_ wallet: RedisValue) -> Bool {
        guard let items = wallet.array else { return false }
        var index = 0
        while index + 1 < items.count {
            if let key = items[index].bytes, key.elementsEqual(RedisSpinFields.Wallet.round.utf8) {
                return items[index + 1].bytes?.elementsEqual("0".utf8) ?? false
            }
            index += 2
        }
        return false
    }

    /// The round hash: `.some(nil)` when there is none, `nil` when it is malformed.
    static func optionalRound(_ value: RedisValue) -> FreeSpinsRound?? {
        guard let items = value.array else { return nil }
        if items.isEmpty { return .some(nil) }
        guard let round = round(value) else { return nil }
        return .some(round)
    }

    /// The round hash, read field by field; `nil` when absent or malformed. Counts and amounts must
    /// be in range (bet ≥ 1, spins left ≥ 1, total ≥ left, multiplier 1…1000, win ≥ 0, all ≤ the
    /// balance limit), so the free-spin arithmetic on them cannot overflow.
    static func round(_ value: RedisValue) -> FreeSpinsRound? {
        guard let items = value.array, items.count % 2 == 0, !items.isEmpty else { return nil }
        var game: String?
        var numbers: [Int?] = [nil, nil, nil, nil, nil]  // bet, left, total, mult, win
        var index = 0
        while index < items.count {
            guard let key = items[index].bytes, let field = items[index + 1].string else { return nil }
            if key.elementsEqual(RedisSpinFields.Round.game.utf8) {
                game = field
            } else if let slot = roundFields.firstIndex(where: { key.elementsEqual($0.utf8) }) {
                guard let number = Self.balance(field) else { return nil }
                numbers[slot] = number
            }
            index += 2
        }
        guard let game, let bet = numbers[0], let left = numbers[1], let total = numbers[2], let multiplier = numbers[3],
              let win = numbers[4], bet >= 1, left >= 1, total >= left, (1...1000).contains(multiplier) else { return nil }
        return FreeSpinsRound(game: game, bet: bet, left: left, total: total, multiplier: multiplier, roundWin: win)
    }

    private static let roundFields = RedisSpinFields.Round.numbers

    /// One `XRANGE` entry: `[id, [field, value, …]]`.
    package static func event(_ entry: RedisValue) -> SpinEvent? {
        guard let parts = entry.array, parts.count == 2, let f = fields(parts[1]) else { return nil }
        typealias E = RedisSpinFields.Event
        guard let spin = f[E.spin], let player = f[E.player], let game = f[E.game], let kind = f[E.kind],
              let bet = f[E.bet].flatMap({ Int($0) }), let debit = f[E.debit].flatMap({ Int($0) }),
              let win = f[E.win].flatMap({ Int($0) }), let balance = f[E.balance].flatMap({ Int($0) }) else { return nil }
        return SpinEvent(spinId: spin, player: player, game: game, kind: kind, bet: bet, debit: debit, win: win, balance: balance)
    }
}
