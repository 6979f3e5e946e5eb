/// The last line of defence against credentials in logs (the first is `MaskedPlayer`).
enum LogRedaction {
    static let redacted = "[redacted]"
    /// Field names written by `LogRecord` itself.
    static let reservedKeys: Set<String> = [
        "time", "level", "msg", "requestId", "method", "route", "status", "durationMicros", "player", "code",
    ]
    /// Words that make an extra field's value unprintable.
    static let sensitiveWords = ["token", "secret", "password", "passwd", "authorization", "bearer", "player", "cookie", "jwt"]

    /// `value`, or `[redacted]` when it looks like a credential: it holds a JWT-like
    /// segment (`eyJ`, the base64url of `{"`) or a `Bearer ` scheme.
    static func scrub(_ value: String) -> String {
        if value.contains("eyJ") { return redacted }
        if value.lowercased().contains("bearer ") { return redacted }
        return value
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
