import JSON

/// The fast path of `SpinRequestBody.parse`: reads the common shape — one flat object whose members
/// are `game` and `kind` as plain ASCII strings and `bet` as an integer — straight from the bytes,
/// with no `JSONValue` tree.
///
/// It only ever accepts a document the strict reader accepts with the same meaning; anything else
/// (escapes, non-ASCII, other types, unknown or repeated members, a value the reader rejects, an
/// unknown kind, an empty game) makes it answer `nil`, and the caller falls back to the full reader,
/// which produces the exact same value or error as before.
struct SpinRequestBodyScanner {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The body, or `nil` when the bytes are not in the common shape.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> SpinRequestBody? {
        var scanner = SpinRequestBodyScanner(bytes)
        return scanner.body()
    }

    private mutating func body() -> SpinRequestBody? {
        skipSpace()
        guard take(UInt8(ascii: "{")) else { return nil }
        var game: String?
        var bet: Int?
        var kind: SpinKind?
        skipSpace()
        if !take(UInt8(ascii: "}")) {
            repeat {
                skipSpace()
                guard let key = memberName() else { return nil }
                skipSpace()
                guard take(UInt8(ascii: ":")) else { return nil }
                skipSpace()
                switch key {
                case .game:
                    guard game == nil, let text = plainString(), !text.isEmpty else { return nil }
                    game = String(decoding: text, as: UTF8.self)
                case .bet:
                    guard bet == nil, let value = integer() else { return nil }
                    bet = value
                case .kind:
                    guard kind == nil, let text = plainString(), let parsed = Self.kind(text) else { return nil }
                    kind = parsed
                case .other:
                    return nil
                }
                skipSpace()
            } while take(UInt8(ascii: ","))
            guard take(UInt8(ascii: "}")) else { return nil }
        }
        skipSpace()
        guard index == bytes.count, let game else { return nil }
        let resolved = kind ?? .normal
        guard bet != nil || resolved == .free else { return nil }
        return SpinRequestBody(game: game, bet: bet, kind: resolved)
    }

    private enum Member { case game, bet, kind, other }

    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0a, 0x0d: index += 1
            default: return
            }
        }
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// A string of printable ASCII without escapes; `nil` for anything else.
    private mutating func plainString() -> UnsafeBufferPointer<UInt8>? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                return text
            }
            guard byte >= 0x20, byte < 0x7f, byte != UInt8(ascii: "\\") else { return nil }
            index += 1
        }
        return nil
    }

    private mutating func memberName() -> Member? {
        guard let text = plainString() else { return nil }
        if text.elementsEqual("game".utf8) { return .game }
        if text.elementsEqual("bet".utf8) { return .bet }
        if text.elementsEqual("kind".utf8) { return .kind }
        return .other
    }

    /// `-?(0|[1-9][0-9]*)` not followed by a fraction or an exponent, within `Int`; else `nil`.
    private mutating func integer() -> Int? {
        let negative = take(UInt8(ascii: "-"))
        let start = index
        var magnitude: UInt64 = 0
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            let (times, overflow) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, carry) = times.addingReportingOverflow(UInt64(bytes[index] - UInt8(ascii: "0")))
            guard !overflow, !carry else { return nil }
            magnitude = sum
            index += 1
        }
        let digits = index - start
        guard digits > 0, digits == 1 || bytes[start] != UInt8(ascii: "0") else { return nil }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] | 0x20 == UInt8(ascii: "e") { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return Int(truncatingIfNeeded: 0 &- magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int(magnitude)
    }

    private static func kind(_ text: UnsafeBufferPointer<UInt8>) -> SpinKind? {
        SpinKind.allCases.first { text.elementsEqual($0.rawValue.utf8) }
    }
}
