/// The reader's grammar walked without building values: what `JSONValue.validate(array:)` runs.
///
/// Accepts exactly what `document()` accepts — the same nesting limit, duplicate keys, escapes,
/// surrogates, UTF-8 and numbers, with the same error for the same bytes — but builds nothing except
/// the member names it must compare. A stored answer is checked this way before every replay, where
/// building the whole value cost ~70,000 instructions for a 330-byte body.
extension JSONReader {
    mutating func validateDocument() throws(JSONReadError) {
        skipSpace()
        try skipValue(depth: 0)
        skipSpace()
        guard index == bytes.count else { throw fail("trailing characters after the document") }
    }

    private mutating func skipValue(depth: Int) throws(JSONReadError) {
        guard index < bytes.count else { throw fail("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): try skipObject(depth: depth + 1)
        case UInt8(ascii: "["): try skipArray(depth: depth + 1)
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try scanNumber()
        default: throw fail("unexpected character")
        }
    }

    private mutating func skipObject(depth: Int) throws(JSONReadError) {
        guard depth <= JSONValue.maxDepth else { throw fail("nested deeper than \(JSONValue.maxDepth)") }
        index += 1
        // Member names are compared as their bytes while every name is plain ASCII (no escape)
        // and there are few: for such names `String` equality is byte equality. Any other name —
        // or many names — switches to the reader's own `String` comparison (canonical
        // equivalence: "\u212A" equals "K"), so the same duplicates are found.
        let firstKey = plainKeys.count
        defer { plainKeys.removeSubrange(firstKey...) }
        var keys: [String] = []
        var seen: Set<String> = []
        var plain = true
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return
        }
        while true {
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a member name") }
            let keyOffset = index
            if plain, plainKeys.count - firstKey < Self.plainKeyLimit, let range = skipPlainKey() {
                if Self.contains(plainKeys[firstKey...], range, in: bytes) {
                    let key = String(decoding: bytes[range], as: UTF8.self)
                    throw JSONReadError(offset: keyOffset, reason: "duplicate key \"\(key)\"")
                }
                plainKeys.append(range)
            } else {
                if plain {
                    plain = false
                    keys = plainKeys[firstKey...].map { String(decoding: bytes[$0], as: UTF8.self) }
                }
                let key = try string()
                if Self.isDuplicate(key, keys, &seen) {
                    throw JSONReadError(offset: keyOffset, reason: "duplicate key \"\(key)\"")
                }
                keys.append(key)
            }
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected ':'") }
            index += 1
            skipSpace()
            try skipValue(depth: depth)
            if try endOfContainer(UInt8(ascii: "}")) { return }
        }
    }

    /// Whether one of `keys` holds the same bytes as `key` (ranges of `bytes`), compared on the buffer.
    private static func contains(_ keys: ArraySlice<Range<Int>>, _ key: Range<Int>, in bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            keys.contains { other in
                guard other.count == key.count else { return false }
                var offset = 0
                while offset < key.count {
                    if buffer[other.lowerBound + offset] != buffer[key.lowerBound + offset] { return false }
                    offset += 1
                }
                return true
            }
        }
    }

    /// Names compared byte by byte before an object switches to `String` comparison.
    private static let plainKeyLimit = 32

    /// Moves past a member name of printable ASCII without escapes and returns its bytes' range;
    /// `nil` (not moved) for any other name.
    private mutating func skipPlainKey() -> Range<Int>? {
        let start = index + 1
        let end = bytes.withUnsafeBufferPointer { buffer in
            var end = start
            while end < buffer.count {
                let byte = buffer[end]
                if byte == UInt8(ascii: "\"") { return end }
                guard byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\\") else { return -1 }
                end += 1
            }
            return -1
        }
        guard end >= 0 else { return nil }
        index = end + 1
        return start..<end
    }

    private mutating func skipArray(depth: Int) throws(JSONReadError) {
        guard depth <= JSONValue.maxDepth else { throw fail("nested deeper than \(JSONValue.maxDepth)") }
        index += 1
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return
        }
        while true {
            skipSpace()
            try skipValue(depth: depth)
            if try endOfContainer(UInt8(ascii: "]")) { return }
        }
    }

    /// A string value: checked where it has no escapes (the common case); one with escapes is read
    /// by `string()` itself.
    private mutating func skipString() throws(JSONReadError) {
        let open = index
        // Runs to the closing quote, a backslash or a control character, on the buffer itself.
        let (stop, high) = bytes.withUnsafeBufferPointer { buffer -> (Int, UInt8) in
            var stop = open + 1
            var high: UInt8 = 0
            while stop < buffer.count {
                let byte = buffer[stop]
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
                high |= byte
                stop += 1
            }
            return (stop, high)
        }
        if stop < bytes.count {
            let byte = bytes[stop]
            if byte == UInt8(ascii: "\"") {
                index = stop
                if high >= 0x80 { _ = try validUTF8(bytes[(open + 1)..<index]) }
                index += 1
                return
            }
            if byte < 0x20 {
                index = stop
                throw fail("control character in a string")
            }
        }
        // An escape, or no closing quote: `string()` reads (or rejects) it from the start.
        index = open
        _ = try string()
    }
}
