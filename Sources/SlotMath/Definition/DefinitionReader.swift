import JSON

/// Turns a parsed JSON object into a validated `GameDefinition`, naming file and field on failure.
struct DefinitionReader {
    let file: String

    private static let topLevelFields: Set<String> = [
        "id", "name", "kind", "rows", "symbols", "wild", "scatter", "lines", "coins", "pays",
        "scatterPays", "freeSpins", "buyMultiplier", "bets", "reelSets",
    ]

    mutating func definition(from object: [String: JSONValue]) throws(GameDefinitionError) -> GameDefinition {
        for key in object.keys.sorted() where !Self.topLevelFields.contains(key) {
            throw .unknownField(file: file, field: key)
        }
        let id = try string(object, "id")
        guard !id.isEmpty, id.utf8.allSatisfy({ $0.isIDCharacter }) else {
            throw .invalidValue(file: file, field: "id", reason: "must be non-empty lowercase letters, digits, '-' or '_'")
        }
        let name = try string(object, "name")
        let kindText = try string(object, "kind")
        guard let kind = GameKind(rawValue: kindText) else {
            throw .invalidValue(file: file, field: "kind", reason: "unknown kind \"\(kindText)\" (lines or ways)")
        }
        let rows = try int(object["rows"], "rows", in: 1...8)
        let symbols = try strings(object["symbols"], "symbols")
        guard !symbols.isEmpty, symbols.count <= 200 else {
            throw .invalidValue(file: file, field: "symbols", reason: "must hold 1 to 200 symbols")
        }
        var known = Set<String>()
        for (index, symbol) in symbols.enumerated() where !known.insert(symbol).inserted {
            throw .duplicate(file: file, field: "symbols[\(index)]", value: symbol)
        }
        let wild = try optionalSymbol(object, "wild", known: known)
        let scatter = try optionalSymbol(object, "scatter", known: known)
        if let wild, wild == scatter {
            throw .invalidValue(file: file, field: "scatter", reason: "the scatter cannot also be the wild")
        }

        let reelSets = try reelSets(object["reelSets"], known: known, rows: rows, scatter: scatter)
        let reelCount = reelSets[.base]?.count ?? 0

        let lines = try lines(object["lines"], kind: kind, rows: rows, reelCount: reelCount)
        let coins = try int(object["coins"], "coins", in: 1...1_000_000)
        let pays = try pays(object["pays"], known: known, reelCount: reelCount, kind: kind, wild: wild, scatter: scatter)

        var scatterPays: [Int] = []
        if let value = object["scatterPays"] {
            guard scatter != nil else {
                throw .invalidValue(file: file, field: "scatterPays", reason: "the game has no scatter")
            }
            scatterPays = try payArray(value, "scatterPays", reelCount: reelCount)
        } else if scatter != nil {
            scatterPays = Array(repeating: 0, count: reelCount)
        }

        let freeSpins = try freeSpins(object["freeSpins"], reelCount: reelCount, scatter: scatter)
        if freeSpins != nil, reelSets[.free] == nil {
            throw .missingReelSet(file: file, field: "reelSets.free")
        }
        if freeSpins == nil, reelSets[.free] != nil {
            throw .invalidValue(file: file, field: "reelSets.free", reason: "free reels need freeSpins")
        }
        var buyMultiplier: Int?
        if let value = object["buyMultiplier"] {
            guard freeSpins != nil else {
                throw .invalidValue(file: file, field: "buyMultiplier", reason: "only games with freeSpins can be bought")
            }
            buyMultiplier = try int(value, "buyMultiplier", in: 1...1_000_000)
        }

        let bets = try ints(object["bets"], "bets")
        guard !bets.isEmpty else { throw .invalidValue(file: file, field: "bets", reason: "must not be empty") }
        var seenBets = Set<Int>()
        for (index, bet) in bets.enumerated() {
            guard bet > 0, bet % coins == 0 else { throw .badBet(file: file, field: "bets[\(index)]", bet: bet, coins: coins) }
            guard seenBets.insert(bet).inserted else { throw .duplicate(file: file, field: "bets[\(index)]", value: "\(bet)") }
        }

        let definition = GameDefinition(
            id: id, name: name, kind: kind, rows: rows, symbols: symbols, wild: wild, scatter: scatter,
            lines: lines, coins: coins, pays: pays, scatterPays: scatterPays, freeSpins: freeSpins,
            buyMultiplier: buyMultiplier, bets: bets, reelSets: reelSets
        )
        if definition.freeSpins?.retrigger == true {
            let compiled = CompiledGame(definition)
            let (numerator, denominator) = compiled.retriggerSpinsPerFreeSpin()
            if numerator >= denominator {
                throw .endlessFeature(file: file, expected: Double(numerator) / Double(denominator))
            }
        }
        return definition
    }

    // MARK: - Sections

    private func reelSets(
        _ value: JSONValue?, known: Set<String>, rows: Int, scatter: String?
    ) throws(GameDefinitionError) -> [ReelSetName: [[String]]] {
        guard let value else { throw .missingField(file: file, field: "reelSets") }
        guard let object = value.members else { throw .wrongType(file: file, field: "reelSets", expected: "an object") }
        for key in object.keys.sorted() where ReelSetName(rawValue: key) == nil {
            throw .unknownField(file: file, field: "reelSets.\(key)")
        }
        guard object["base"] != nil else { throw .missingReelSet(file: file, field: "reelSets.base") }
        guard object["boosted"] != nil else { throw .missingReelSet(file: file, field: "reelSets.boosted") }
        var sets: [ReelSetName: [[String]]] = [:]
        var reelCount: Int?
        for name in ReelSetName.allCases {
            guard let setValue = object[name.rawValue] else { continue }
            let field = "reelSets.\(name.rawValue)"
            guard case .array(let reelValues) = setValue else { throw .wrongType(file: file, field: field, expected: "an array of reels") }
            if let reelCount, reelValues.count != reelCount {
                throw .wrongReelCount(file: file, field: field, expected: reelCount, actual: reelValues.count)
            }
            guard (1...10).contains(reelValues.count) else {
                throw .invalidValue(file: file, field: field, reason: "must have 1 to 10 reels")
            }
            reelCount = reelValues.count
            var reels: [[String]] = []
            for (reelIndex, reelValue) in reelValues.enumerated() {
                let reelField = "\(field)[\(reelIndex)]"
                let reel = try strings(reelValue, reelField)
                guard reel.count >= rows, reel.count <= 10_000 else {
                    throw .invalidValue(file: file, field: reelField, reason: "must have \(rows) to 10000 stops")
                }
                for (stop, symbol) in reel.enumerated() where !known.contains(symbol) {
                    throw .unknownSymbol(file: file, field: "\(reelField)[\(stop)]", symbol: symbol)
                }
                if let scatter {
                    // Scatter positions must be at least `rows` apart (cyclically): one per window at most.
                    let positions = reel.indices.filter { reel[$0] == scatter }
                    for (index, position) in positions.enumerated() {
                        let next = index + 1 < positions.count ? positions[index + 1] : positions[0] + reel.count
                        if positions.count > 1, next - position < rows {
                            throw .invalidValue(
                                file: file, field: "\(reelField)[\(position)]",
                                reason: "scatter \"\(scatter)\" can show twice in one window (scatters must be \(rows) stops apart)"
                            )
                        }
                    }
                }
                reels.append(reel)
            }
            sets[name] = reels
        }
        return sets
    }

    private func lines(
        _ value: JSONValue?, kind: GameKind, rows: Int, reelCount: Int
    ) throws(GameDefinitionError) -> [[Int]] {
        switch kind {
        case .ways:
            guard value == nil else {
                throw .invalidValue(file: file, field: "lines", reason: "a ways game has no lines")
            }
            return []
        case .lines:
            guard let value else { throw .missingField(file: file, field: "lines") }
            guard case .array(let lineValues) = value, !lineValues.isEmpty else {
                throw .wrongType(file: file, field: "lines", expected: "a non-empty array of lines")
            }
            var lines: [[Int]] = []
            for (index, lineValue) in lineValues.enumerated() {
                let line = try ints(lineValue, "lines[\(index)]")
                guard line.count == reelCount else {
                    throw .wrongLength(file: file, field: "lines[\(index)]", expected: reelCount, actual: line.count)
                }
                for (reel, row) in line.enumerated() where !(0..<rows).contains(row) {
                    throw .invalidValue(file: file, field: "lines[\(index)][\(reel)]", reason: "row \(row) is outside 0..<\(rows)")
                }
                lines.append(line)
            }
            return lines
        }
    }

    private func pays(
        _ value: JSONValue?, known: Set<String>, reelCount: Int, kind: GameKind, wild: String?, scatter: String?
    ) throws(GameDefinitionError) -> [String: [Int]] {
        guard let value else { throw .missingField(file: file, field: "pays") }
        guard let object = value.members else { throw .wrongType(file: file, field: "pays", expected: "an object") }
        var pays: [String: [Int]] = [:]
        for symbol in object.keys.sorted() {
            let field = "pays.\(symbol)"
            guard known.contains(symbol) else { throw .unknownSymbol(file: file, field: field, symbol: symbol) }
            if symbol == scatter {
                throw .invalidValue(file: file, field: field, reason: "the scatter pays through scatterPays")
            }
            if symbol == wild, kind == .ways {
                throw .invalidValue(file: file, field: field, reason: "a ways game's wild cannot pay on its own")
            }
            if let payValue = object[symbol] { pays[symbol] = try payArray(payValue, field, reelCount: reelCount) }
        }
        guard pays.values.contains(where: { $0.contains { $0 > 0 } }) else {
            throw .invalidValue(file: file, field: "pays", reason: "no symbol pays anything")
        }
        return pays
    }

    private func freeSpins(
        _ value: JSONValue?, reelCount: Int, scatter: String?
    ) throws(GameDefinitionError) -> GameDefinition.FreeSpins? {
        guard let value else { return nil }
        guard scatter != nil else {
            throw .invalidValue(file: file, field: "freeSpins", reason: "free spins need a scatter")
        }
        guard let object = value.members else { throw .wrongType(file: file, field: "freeSpins", expected: "an object") }
        for key in object.keys.sorted() where !["awards", "multiplier", "retrigger"].contains(key) {
            throw .unknownField(file: file, field: "freeSpins.\(key)")
        }
        guard let awardsValue = object["awards"] else { throw .missingField(file: file, field: "freeSpins.awards") }
        let awards = try payArray(awardsValue, "freeSpins.awards", reelCount: reelCount)
        guard awards.contains(where: { $0 > 0 }) else {
            throw .invalidValue(file: file, field: "freeSpins.awards", reason: "awards no free spins at all")
        }
        let multiplier = try int(object["multiplier"], "freeSpins.multiplier", in: 1...1000)
        guard let retriggerValue = object["retrigger"] else { throw .missingField(file: file, field: "freeSpins.retrigger") }
        guard case .bool(let retrigger) = retriggerValue else {
            throw .wrongType(file: file, field: "freeSpins.retrigger", expected: "true or false")
        }
        return GameDefinition.FreeSpins(awards: awards, multiplier: multiplier, retrigger: retrigger)
    }
}

extension JSONValue {
    var isNull: Bool { if case .null = self { true } else { false } }
}

extension UInt8 {
    fileprivate var isIDCharacter: Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self)
            || self == UInt8(ascii: "-") || self == UInt8(ascii: "_")
    }
}
