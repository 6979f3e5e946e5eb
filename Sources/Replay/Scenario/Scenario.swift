import JSON

/// A replay scenario: an optional header and the client actions, in file order (JSON Lines).
package struct Scenario: Sendable, Hashable {
    package var header: ScenarioHeader?
    package var actions: [ScenarioAction]

    package init(header: ScenarioHeader?, actions: [ScenarioAction]) {
        self.header = header
        self.actions = actions
    }

    /// The players in order of first appearance.
    package var players: [String] {
        var seen = Set<String>()
        var ordered: [String] = []
        for action in actions where seen.insert(action.player).inserted { ordered.append(action.player) }
        return ordered
    }

    /// The scenario as JSON Lines (header first when present), newline-terminated.
    package var text: String {
        var out = header.map { $0.line + "\n" } ?? ""
        for action in actions { out += action.line + "\n" }
        return out
    }

    /// Parses JSON Lines; blank lines are skipped.
    /// - Throws: `ScenarioError` naming the line and field at fault; `.empty` without actions.
    package static func parse(_ bytes: [UInt8]) throws(ScenarioError) -> Scenario {
        var header: ScenarioHeader?
        var actions: [ScenarioAction] = []
        var lineNumber = 0
        for rawLine in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.last == UInt8(ascii: "\r") ? rawLine.dropLast() : rawLine
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            guard let object = try? JSONValue.parse(line), case .object = object else {
                throw .notJSON(line: lineNumber)
            }
            if object["scenario"] != nil {
                guard header == nil, actions.isEmpty else { throw .misplacedHeader(line: lineNumber) }
                header = try parseHeader(object, line: lineNumber)
            } else {
                actions.append(try parseAction(object, line: lineNumber))
            }
        }
        guard !actions.isEmpty else { throw .empty }
        return Scenario(header: header, actions: actions)
    }

    private static func parseHeader(_ object: JSONValue, line: Int) throws(ScenarioError) -> ScenarioHeader {
        let version = try integer(object, "scenario", line: line, in: 1...Int.max)
        guard version == ScenarioHeader.version else {
            throw .invalid("scenario", line: line, "version \(version) is not supported (only \(ScenarioHeader.version))")
        }
        return ScenarioHeader(
            players: try optionalInteger(object, "players", line: line, in: 0...Int.max) ?? 0,
            initialCredit: try optionalInteger(object, "initialCredit", line: line, in: 0...Int.max) ?? 0,
            seed: UInt64(try optionalInteger(object, "seed", line: line, in: 0...Int.max) ?? 0))
    }

    private static func parseAction(_ object: JSONValue, line: Int) throws(ScenarioError) -> ScenarioAction {
        let player = try string(object, "player", line: line, pattern: isPlayerCharacter, maxLength: 64)
        let spin = try string(object, "spin", line: line, pattern: { $0 > 0x20 && $0 < 0x7f }, maxLength: 255)
        let game = try string(object, "game", line: line, pattern: { $0 > 0x20 && $0 < 0x7f }, maxLength: 64)
        let bet = try integer(object, "bet", line: line, in: 0...Int.max)
        let kind = object["kind"] == nil ? "normal" : try string(object, "kind", line: line, pattern: { $0 > 0x20 && $0 < 0x7f }, maxLength: 32)
        var send = ScenarioAction.Send.once
        if let value = object["send"] {
            guard case .string(let text) = value, let parsed = ScenarioAction.Send(rawValue: text) else {
                let names = ScenarioAction.Send.allCases.map(\.rawValue).joined(separator: ", ")
                throw .invalid("send", line: line, "must be one of \(names)")
            }
            send = parsed
        }
        var action = ScenarioAction(player: player, spin: spin, game: game, bet: bet, kind: kind, send: send)
        switch send {
        case .once:
            break
        case .resend:
            action.copies = try optionalInteger(object, "copies", line: line, in: 1...1000) ?? 1
        case .concurrent:
            action.copies = try optionalInteger(object, "copies", line: line, in: 2...64) ?? 2
        case .timeout:
            action.timeoutMs = try integer(object, "timeoutMs", line: line, in: 0...60_000)
        }
        return action
    }

    private static func isPlayerCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: "-"): true
        default: false
        }
    }

    private static func string(
        _ object: JSONValue, _ field: String, line: Int, pattern: (UInt8) -> Bool, maxLength: Int
    ) throws(ScenarioError) -> String {
        guard let value = object[field] else { throw .missing(field, line: line) }
        guard case .string(let text) = value else { throw .invalid(field, line: line, "must be a string") }
        guard (1...maxLength).contains(text.utf8.count), text.utf8.allSatisfy(pattern) else {
            throw .invalid(field, line: line, "must be 1-\(maxLength) allowed characters, got \"\(text.prefix(40))\"")
        }
        return text
    }

    private static func integer(_ object: JSONValue, _ field: String, line: Int, in range: ClosedRange<Int>) throws(ScenarioError) -> Int {
        guard let value = try optionalInteger(object, field, line: line, in: range) else { throw .missing(field, line: line) }
        return value
    }

    private static func optionalInteger(
        _ object: JSONValue, _ field: String, line: Int, in range: ClosedRange<Int>
    ) throws(ScenarioError) -> Int? {
        guard let value = object[field] else { return nil }
        // Booleans, fractions and exponents are not `.integer`: refused.
        guard case .integer(let wide) = value, let integer = Int(exactly: wide), range.contains(integer) else {
            throw .invalid(field, line: line, "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return integer
    }
}
