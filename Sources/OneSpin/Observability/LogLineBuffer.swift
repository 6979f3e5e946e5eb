import JSON

/// The bytes of a batch of log lines, appended through pointers: the log writer's own buffer.
///
/// Not `JSONWriter`: its generic byte appends are not specialised across the module boundary, and a
/// log line is mostly fixed keys and short plain values, copied whole here. Escaping stays
/// `JSONWriter`'s (a value that needs it goes through `JSONWriter.quoted`), so there is one rule.
struct LogLineBuffer {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    /// Empties the buffer, keeping its capacity unless a batch of long lines grew it past 1 MiB.
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: bytes.capacity <= 1 << 20)
    }

    /// Appends fixed text (keys, punctuation) verbatim.
    mutating func append(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends bytes verbatim.
    mutating func append(_ other: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: other)
    }

    /// Appends `value` as a JSON string, or `"[redacted]"` when it looks like a credential
    /// (`LogRedaction.looksLikeCredential`).
    mutating func scrubbed(_ value: String) { quoted(value, scrub: true) }

    /// Appends `value` as a JSON string, not scrubbed (the masked player, an extra field's key).
    mutating func string(_ value: String) { quoted(value, scrub: false) }

    /// One look at the bytes decides redaction and escaping; a value with nothing to escape (the
    /// usual case) is copied whole, the rest is escaped by `JSONWriter.quoted`.
    private mutating func quoted(_ value: String, scrub: Bool) {
        var text = value
        let needsEscaping = text.withUTF8 { utf8 -> Bool in
            if scrub && LogRedaction.looksLikeCredential(utf8) {
                quoted(LogRedaction.redacted, scrub: false)
                return false
            }
            // What `JSONWriter.string` escapes: `"`, `\` and the controls below U+0020.
            if utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) { return true }
            bytes.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: utf8)
            bytes.append(UInt8(ascii: "\""))
            return false
        }
        guard needsEscaping else { return }
        var escaped = JSONWriter.quoted(value)
        escaped.withUTF8 { append($0) }
    }

    /// Appends an integer in decimal.
    mutating func int(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for 20 digits, written backwards
        withUnsafeMutableBytes(of: &digits) { buffer in
            var start = buffer.count
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[start...]))
        }
    }

    /// Appends an unsigned integer in decimal.
    mutating func int(_ value: UInt64) {
        if let small = Int64(exactly: value) { return int(small) }
        var text = String(value)
        text.withUTF8 { append($0) }
    }
}
