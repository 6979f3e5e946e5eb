/// The last line of defence against credentials in logs (the first is `MaskedPlayer`).
enum LogRedaction {
    static let redacted = "[redacted]"
    /// Field names written by `LogRecord` itself.
    static let reservedKeys: Set<String> = [
        "time", "level", "msg", "requestId", "method", "route", "status", "durationMicros", "player", "code",
    ]
    /// Words that make an extra field's value unprintable.
    static let sensitiveWords = ["token", "secret", "password", "passwd", "authorization", "bearer", "player", "cookie", "jwt"]

    /// `value`, or `[redacted]` when it looks like a credential (`looksLikeCredential`).
    static func scrub(_ value: String) -> String {
        looksLikeCredential(value) ? redacted : value
    }

    /// Whether `value` holds a JWT-like segment (`eyJ`, the base64url of `{"`) or a `Bearer `
    /// scheme in any ASCII case.
    ///
    /// One pass over the UTF-8 bytes, no allocation (the log writer calls it for every string of
    /// every line). Byte matching is at least as strict as comparing characters: no other
    /// character is, or lower-cases to, these ASCII letters, and a combining mark after `eyJ` or
    /// the space still matches here.
    static func looksLikeCredential(_ value: String) -> Bool {
        var value = value
        return value.withUTF8 { looksLikeCredential($0) }
    }

    /// `looksLikeCredential` of a string's UTF-8 bytes.
    static func looksLikeCredential(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        var index = 0
        while index + 3 <= count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "e") && bytes[index + 1] == UInt8(ascii: "y") && bytes[index + 2] == UInt8(ascii: "J") {
                return true
            }
            // `| 0x20` folds an ASCII capital onto its small letter (B → b); no other byte maps onto a letter.
            if byte | 0x20 == UInt8(ascii: "b") && index + 7 <= count
                && bytes[index + 1] | 0x20 == UInt8(ascii: "e") && bytes[index + 2] | 0x20 == UInt8(ascii: "a")
                && bytes[index + 3] | 0x20 == UInt8(ascii: "r") && bytes[index + 4] | 0x20 == UInt8(ascii: "e")
                && bytes[index + 5] | 0x20 == UInt8(ascii: "r") && bytes[index + 6] == UInt8(ascii: " ")
            {
                return true
            }
            index += 1
        }
        return false
    }

    /// Whether an extra field may use `key`: 1–32 ASCII letters, digits or `_`, not reserved.
    static func isAllowedKey(_ key: String) -> Bool {
        guard (1...32).contains(key.utf8.count), !reservedKeys.contains(key) else { return false }
        return key.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) || byte == 0x5f
        }
    }

    /// Whether an extra field's name says its value is sensitive.
    static func isSensitiveKey(_ key: String) -> Bool {
        let lowered = key.lowercased()
        return sensitiveWords.contains { lowered.contains($0) }
    }
}
