/// Appends JSON to a byte buffer by hand: the response writer of the hot path.
///
/// The project's one JSON writer (spin answers, problem bodies, logs, status, tokens). Strings are
/// escaped per RFC 8259 §7: `"` and `\` with a backslash, LF/CR/TAB as `\n` `\r` `\t`, every
/// other control character below U+0020 as `\u00XX`; everything else — DEL (0x7f) and non-ASCII
/// included — passes through as UTF-8.
package struct JSONWriter: Sendable {
    /// The bytes written so far.
    package private(set) var bytes: [UInt8]

    package init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Appends text verbatim (punctuation, keys known to need no escaping, pre-encoded JSON).
    package mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    /// Appends bytes verbatim (a stored JSON document).
    package mutating func raw(bytes other: some Sequence<UInt8>) { bytes.append(contentsOf: other) }

    /// Appends an integer.
    package mutating func int(_ value: some BinaryInteger) {
        guard let small = Int64(exactly: value) else { return raw(String(value)) }
        if small < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = small.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for the 20 digits of UInt64.max, stored backwards
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[23 - count] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[(24 - count)...]))
        }
    }

    /// Appends `true` or `false`.
    package mutating func bool(_ value: Bool) { raw(value ? "true" : "false") }

    /// Appends `null`.
    package mutating func null() { raw("null") }

    private static let hex = Array("0123456789abcdef".utf8)

    /// Appends a quoted, escaped string.
    package mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case 0x0a: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
            case 0x0d: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
            case 0..<0x20:
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                bytes.append(JSONWriter.hex[Int(byte >> 4)])
                bytes.append(JSONWriter.hex[Int(byte & 0x0f)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// `value` as a quoted, escaped JSON string, for callers that build text rather than bytes.
    package static func quoted(_ value: String) -> String {
        var writer = JSONWriter(capacity: value.utf8.count + 2)
        writer.string(value)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
