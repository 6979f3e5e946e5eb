/// A game definition file that cannot be loaded: names the file, the field and the problem.
package struct GameDefinitionError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: String, Sendable, Hashable {
        case unreadable, invalidJSON, missingField, unknownField, wrongType, invalidValue
        case unknownSymbol, wrongLength, wrongReelCount, badBet, missingReelSet, duplicate, endlessFeature
    }

    private let code: Code
    /// The file the definition came from (its last path component).
    package let file: String
    /// The JSON path of the offending field, e.g. `reelSets.base[2][17]`.
    package let field: String
    /// What is wrong with the field.
    package let reason: String

    /// The stable machine-readable code, e.g. `unknown_symbol`.
    package var codeName: String {
        switch code {
        case .unreadable: "unreadable"
        case .invalidJSON: "invalid_json"
        case .missingField: "missing_field"
        case .unknownField: "unknown_field"
        case .wrongType: "wrong_type"
        case .invalidValue: "invalid_value"
        case .unknownSymbol: "unknown_symbol"
        case .wrongLength: "wrong_length"
        case .wrongReelCount: "wrong_reel_count"
        case .badBet: "bad_bet"
        case .missingReelSet: "missing_reel_set"
        case .duplicate: "duplicate"
        case .endlessFeature: "endless_feature"
        }
    }

    package var description: String {
        field.isEmpty ? "\(file): \(reason)" : "\(file): \(field): \(reason)"
    }

    private init(_ code: Code, file: String, field: String, reason: String) {
        self.code = code
        self.file = file
        self.field = field
        self.reason = reason
    }

    package static func unreadable(file: String, errno: Int32) -> Self {
        Self(.unreadable, file: file, field: "", reason: "cannot read file (errno \(errno))")
    }
    package static func invalidJSON(file: String) -> Self {
        Self(.invalidJSON, file: file, field: "", reason: "not a JSON object")
    }
    package static func missingField(file: String, field: String) -> Self {
        Self(.missingField, file: file, field: field, reason: "required field is missing")
    }
    package static func unknownField(file: String, field: String) -> Self {
        Self(.unknownField, file: file, field: field, reason: "unknown field")
    }
    package static func wrongType(file: String, field: String, expected: String) -> Self {
        Self(.wrongType, file: file, field: field, reason: "expected \(expected)")
    }
    package static func invalidValue(file: String, field: String, reason: String) -> Self {
        Self(.invalidValue, file: file, field: field, reason: reason)
    }
    package static func unknownSymbol(file: String, field: String, symbol: String) -> Self {
        Self(.unknownSymbol, file: file, field: field, reason: "unknown symbol \"\(symbol)\"")
    }
    package static func wrongLength(file: String, field: String, expected: Int, actual: Int) -> Self {
        Self(.wrongLength, file: file, field: field, reason: "has \(actual) entries, expected \(expected)")
    }
    package static func wrongReelCount(file: String, field: String, expected: Int, actual: Int) -> Self {
        Self(.wrongReelCount, file: file, field: field, reason: "has \(actual) reels, expected \(expected)")
    }
    package static func badBet(file: String, field: String, bet: Int, coins: Int) -> Self {
        Self(.badBet, file: file, field: field, reason: "bet \(bet) is not a positive multiple of coins (\(coins))")
    }
    package static func missingReelSet(file: String, field: String) -> Self {
        Self(.missingReelSet, file: file, field: field, reason: "required reel set is missing")
    }
    package static func duplicate(file: String, field: String, value: String) -> Self {
        Self(.duplicate, file: file, field: field, reason: "duplicate \"\(value)\"")
    }
    package static func endlessFeature(file: String, expected: Double) -> Self {
        Self(
            .endlessFeature, file: file, field: "freeSpins",
            reason: "expected retrigger spins per free spin is \(expected) (must be below 1, or the round never ends)"
        )
    }
}
