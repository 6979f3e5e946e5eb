/// The recursive-descent reader behind `JSONValue.parse(_:)` (RFC 8259, strict), and behind
/// `JSONValue.validate(array:)`, which walks the same grammar without building values
/// (`JSONReader+Validation.swift`).
struct JSONReader {
    let bytes: [UInt8]
    var index = 0
    /// Validation only: the member names of the objects being checked, innermost last (one
    /// buffer for the whole document rather than an array per object).
    var plainKeys: [Range<Int>] = []

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func document() throws(JSONReadError) -> JSONValue {
        skipSpace()
        let value = try value(depth: 0)
        skipSpace()
        guard index == bytes.count else { throw fail("trailing characters after the document") }
        return value
    }

    func fail(_ reason: String) -> JSONReadError { JSONReadError(offset: index, reason: reason) }

    /// After an object's member or an array's element (spaces skipped): moves past a `,` (`false`: more
    /// follow) or past `closing` (`true`: the container ends); anything else is an error.
    mutating func endOfContainer(_ closing: UInt8) throws(JSONReadError) -> Bool {
        skipSpace()
        guard index < bytes.count else { throw fail("unexpected end of input") }
        if bytes[index] == UInt8(ascii: ",") {
            index += 1
            return false
        }
        guard bytes[index] == closing else {
            throw fail("expected ',' or '\(String(decoding: CollectionOfOne(closing), as: UTF8.self))'")
        }
        index += 1
        return true
    }

    mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0a, 0x0d: index += 1
            default: return
            }
        }
    }

    private mutating func value(depth: Int) throws(JSONReadError) -> JSONValue {
        guard index < bytes.count else { throw fail("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw fail("unexpected character")
        }
    }

    /// Reads the literal `word` (`true`, `false`, `null`: ASCII, compared byte for byte).
    mutating func literal(_ word: StaticString) throws(JSONReadError) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw fail("unexpected end of input") }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            throw fail("unknown literal")
        }
        index += count
    }

    private mutating func object(depth: Int) throws(JSONReadError) -> JSONValue {
        guard depth <= JSONValue.maxDepth else { throw fail("nested deeper than \(JSONValue.maxDepth)") }
        index += 1
        var members: [(key: String, value: JSONValue)] = []
        // Duplicate detection stays linear: a scan of the few members of a small object, a hash set
        // once an object grows past `scanLimit` (6,000 keys cost 106 ms with the scan alone).
        var seen: Set<String> = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a member name") }
            let keyOffset = index
            let key = try string()
            if Self.isDuplicate(key, members.lazy.map(\.key), &seen) {
                throw JSONReadError(offset: keyOffset, reason: "duplicate key \"\(key)\"")
            }
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected ':'") }
            index += 1
            skipSpace()
            members.append((key, try value(depth: depth)))
            if try endOfContainer(UInt8(ascii: "}")) { return .object(members) }
        }
    }

    /// Members scanned linearly before a hash set takes over.
    private static let scanLimit = 8

    /// Whether `key` is already one of `keys` (an object's earlier member names); fills `seen` with
    /// every key once there are more than `scanLimit`.
    static func isDuplicate(_ key: String, _ keys: some Collection<String>, _ seen: inout Set<String>) -> Bool {
        if keys.count < scanLimit { return keys.contains(key) }
        if seen.isEmpty {
            seen.reserveCapacity(keys.count * 2)
            for earlier in keys { seen.insert(earlier) }
        }
        return !seen.insert(key).inserted
    }

    private mutating func array(depth: Int) throws(JSONReadError) -> JSONValue {
        guard depth <= JSONValue.maxDepth else { throw fail("nested deeper than \(JSONValue.maxDepth)") }
        index += 1
        var elements: [JSONValue] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            skipSpace()
            elements.append(try value(depth: depth))
            if try endOfContainer(UInt8(ascii: "]")) { return .array(elements) }
        }
    }

    private mutating func number() throws(JSONReadError) -> JSONValue {
        let start = index
        let integral = try scanNumber()
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if integral, let value = Int64(text) { return .integer(value) }
        return .number(text)
    }

    /// Moves past one number; whether it has neither fraction nor exponent.
    mutating func scanNumber() throws(JSONReadError) -> Bool {
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw fail("expected a digit") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { throw fail("leading zero") }
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        var integral = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            integral = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw fail("expected a digit after '.'") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            integral = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw fail("expected a digit in the exponent") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        return integral
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    mutating func string() throws(JSONReadError) -> String {
        index += 1
        let start = index
        // Fast path: no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = try validUTF8(bytes[start..<index])
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw fail("control character in a string") }
            index += 1
        }
        var out = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return try validUTF8(out[...])
            case UInt8(ascii: "\\"):
                index += 1
                try escape(into: &out)
            case 0..<0x20:
                throw fail("control character in a string")
            default:
                out.append(byte)
                index += 1
            }
        }
        throw fail("unterminated string")
    }

    /// `slice` as a `String`, or the error when it is not valid UTF-8. Decoding repairs every
    /// invalid sequence (to U+FFFD) and yields valid UTF-8, so the slice was valid exactly when the
    /// decoded bytes equal it; ASCII, the common case, needs no comparison. (`String(validating:)`
    /// is not specialised here and costs some 60 instructions a byte.)
    func validUTF8(_ slice: ArraySlice<UInt8>) throws(JSONReadError) -> String {
        let text = String(decoding: slice, as: UTF8.self)
        guard Self.isASCII(slice) || text.utf8.elementsEqual(slice) else { throw fail("invalid UTF-8 in a string") }
        return text
    }

    /// Whether every byte of `slice` is below 0x80.
    static func isASCII(_ slice: ArraySlice<UInt8>) -> Bool {
        slice.withUnsafeBufferPointer { buffer in
            var high: UInt8 = 0
            for byte in buffer { high |= byte }
            return high < 0x80
        }
    }

    private mutating func escape(into out: inout [UInt8]) throws(JSONReadError) {
        guard index < bytes.count else { throw fail("unterminated escape") }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(byte)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0c)
        case UInt8(ascii: "n"): out.append(0x0a)
        case UInt8(ascii: "r"): out.append(0x0d)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4()
            if (0xd800..<0xdc00).contains(scalar) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else { throw fail("unpaired surrogate") }
                index += 2
                let low = try hex4()
                guard (0xdc00..<0xe000).contains(low) else { throw fail("unpaired surrogate") }
                scalar = 0x10000 + ((scalar - 0xd800) << 10) + (low - 0xdc00)
            } else if (0xdc00..<0xe000).contains(scalar) {
                throw fail("unpaired surrogate")
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw fail("invalid \\u escape") }
            out.append(contentsOf: String(unicode).utf8)
        default:
            throw fail("unknown escape")
        }
    }

    private mutating func hex4() throws(JSONReadError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw fail("short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail("bad hex digit in \\u escape")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }
}
