/// A spin's id: the client's `Idempotency-Key`, 1–255 characters of visible ASCII.
package struct SpinID: Sendable, Hashable, CustomStringConvertible {
    /// The key after unquoting: what `spinId` shows.
    package let value: String

    /// The maximum length of a key, in characters.
    package static let maxLength = 255

    /// Parses an `Idempotency-Key` header value: an RFC 8941 sf-string (`"abc"`, with `\"` and
    /// `\\` escapes) or a bare token.
    /// - Parameter header: the raw header value, `nil` when the header is absent.
    /// - Throws: `missing_idempotency_key` when absent or empty, `invalid_idempotency_key` otherwise.
    package static func parse(header: String?) throws(SpinError) -> SpinID {
        guard let header, !header.isEmpty else { throw .missingIdempotencyKey }
        // The usual key, a plain token, is the header itself: checked in place, nothing copied.
        var text = header
        let plain = text.withUTF8 { utf8 in
            utf8[0] != UInt8(ascii: "\"") && utf8.count <= maxLength && utf8.allSatisfy { $0 > 0x20 && $0 < 0x7f }
        }
        if plain { return SpinID(unchecked: header) }
        let bytes = Array(header.utf8)
        var key: [UInt8]
        if bytes[0] == UInt8(ascii: "\"") {
            key = try unquote(bytes)
            if key.isEmpty { throw .missingIdempotencyKey }
        } else {
            key = bytes
        }
        guard key.count <= maxLength else {
            throw .invalidIdempotencyKey("Idempotency-Key: longer than \(maxLength) characters")
        }
        guard key.allSatisfy({ $0 > 0x20 && $0 < 0x7f }) else {
            throw .invalidIdempotencyKey("Idempotency-Key: only visible ASCII characters, no spaces")
        }
        return SpinID(unchecked: String(decoding: key, as: UTF8.self))
    }

    /// Wraps a value that is already known to be valid (a stored spin id, a path segment checked by
    /// `init?(_:)`).
    package init?(_ value: String) {
        guard let parsed = try? SpinID.parse(header: value), parsed.value == value else { return nil }
        self = parsed
    }

    private init(unchecked value: String) { self.value = value }

    package var description: String { value }

    private static func unquote(_ bytes: [UInt8]) throws(SpinError) -> [UInt8] {
        guard bytes.count >= 2, bytes[bytes.count - 1] == UInt8(ascii: "\"") else {
            throw .invalidIdempotencyKey("Idempotency-Key: unterminated sf-string")
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count - 2)
        var index = 1
        let end = bytes.count - 1
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") {
                guard index + 1 < end, bytes[index + 1] == UInt8(ascii: "\"") || bytes[index + 1] == UInt8(ascii: "\\")
                else { throw .invalidIdempotencyKey("Idempotency-Key: bad escape in sf-string") }
                out.append(bytes[index + 1])
                index += 2
            } else if byte == UInt8(ascii: "\"") {
                throw .invalidIdempotencyKey("Idempotency-Key: unescaped quote inside sf-string")
            } else {
                out.append(byte)
                index += 1
            }
        }
        return out
    }
}
