/// The credentials of an `Authorization: Bearer <token>` header value (RFC 6750).
package enum BearerToken {
    /// The token after `Bearer ` (scheme ASCII case-insensitive, then any spaces), copied in one
    /// go; `nil` when the value is not a bearer credential or the token is empty.
    package static func token(inHeaderValue value: String) -> [UInt8]? {
        if let token = value.utf8.withContiguousStorageIfAvailable(token(in:)) { return token }
        return Array(value.utf8).withUnsafeBufferPointer(token(in:))
    }

    /// `token(inHeaderValue:)` over the value's bytes.
    package static func token(in bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard bytes.count > 7 else { return nil }
        var index = 0
        let scheme: StaticString = "bearer "
        for expected in UnsafeBufferPointer(start: scheme.utf8Start, count: scheme.utf8CodeUnitCount) {
            let byte = bytes[index]
            guard byte == expected || (byte >= 0x41 && byte <= 0x5A && byte | 0x20 == expected) else { return nil }
            index += 1
        }
        while index < bytes.count && bytes[index] == UInt8(ascii: " ") { index += 1 }
        return index < bytes.count ? Array(UnsafeBufferPointer(rebasing: bytes[index...])) : nil
    }
}
