package import JSON

/// The body of `POST /v1/spins`, parsed strictly from bytes.
package struct SpinRequestBody: Sendable, Hashable {
    /// The game id.
    package var game: String
    /// The stake in minor units; `nil` only for `free` (the round's bet applies).
    package var bet: Int?
    /// The kind, `normal` when absent.
    package var kind: SpinKind

    package init(game: String, bet: Int?, kind: SpinKind) {
        self.game = game
        self.bet = bet
        self.kind = kind
    }

    /// Parses `{"game": string, "bet": integer, "kind": string}`.
    /// - Throws: `invalid_request` whose detail names the field.
    package static func parse(_ bytes: some Collection<UInt8>) throws(SpinError) -> SpinRequestBody {
        if let body = bytes.withContiguousStorageIfAvailable({ SpinRequestBodyScanner.scan($0) }) ?? nil { return body }
        let document: JSONValue
        do {
            document = try JSONValue.parse(bytes)
        } catch {
            throw .invalidRequest("body: \(error)")
        }
        guard case .object(let members) = document else {
            throw .invalidRequest("body: must be a JSON object, not \(document.typeName)")
        }
        var game: String?
        var bet: Int?
        var kind = SpinKind.normal
        for (key, value) in members {
            switch key {
            case "game":
                guard case .string(let text) = value else { throw .invalidRequest("game: must be a string, not \(value.typeName)") }
                guard !text.isEmpty else { throw .invalidRequest("game: must not be empty") }
                game = text
            case "bet":
                bet = try integerField("bet", value)
            case "kind":
                guard case .string(let text) = value else { throw .invalidRequest("kind: must be a string, not \(value.typeName)") }
                guard let parsed = SpinKind(rawValue: text) else {
                    throw .invalidRequest("kind: unknown kind; one of normal, buy_feature, ticket, free")
                }
                kind = parsed
            default:
                throw .invalidRequest("\(key): unknown field")
            }
        }
        guard let game else { throw .invalidRequest("game: required") }
        if bet == nil, kind != .free { throw .invalidRequest("bet: required") }
        return SpinRequestBody(game: game, bet: bet, kind: kind)
    }

    /// Reads a JSON integer field that must fit in `Int`.
    /// - Throws: `invalid_request` naming `field`.
    package static func integerField(_ field: String, _ value: JSONValue) throws(SpinError) -> Int {
        switch value {
        case .integer(let number):
            guard let exact = Int(exactly: number) else { throw .invalidRequest("\(field): out of range") }
            return exact
        case .number(let text):
            if text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) {
                throw .invalidRequest("\(field): must be an integer, not a fraction")
            }
            throw .invalidRequest("\(field): out of range for a 64-bit integer")
        default:
            throw .invalidRequest("\(field): must be an integer, not \(value.typeName)")
        }
    }

    /// The canonical form hashed for the fingerprint: `game\nbet\nkind` (`-` for an omitted bet).
    package var canonicalForm: String { "\(game)\n\(bet.map(String.init) ?? "-")\n\(kind.rawValue)" }

    /// SHA-256 hex of `canonicalForm`: two bodies meaning the same spin share it.
    package var fingerprint: String { SpinFingerprints.fingerprint(of: self) }
}
