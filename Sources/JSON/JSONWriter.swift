/// Appends JSON to a byte buffer by hand: the response writer of the hot path.
///
/// The project's one JSON writer (spin answers, problem bodies, logs, status, tokens). Strings are
/// escaped per RFC 8259 §7: `"` and `\` with a backslash, LF/CR/TAB as `\n` `\r` `\t`, every
/// other control character below U+0020 as `\u00XX`; everything else — DEL (0x7f) and non-ASCII
/// included — passes through as UTF-8.
///
/// Its members are `@inlinable`: they sit on the hot path of other modules (`Spin` writes every
/// spin answer with them), where a cross-module call per fragment would cost.
package struct JSONWriter: Sendable {
    /// The bytes written so far.
    @inlinable package var bytes: [UInt8] { storage }

    @usableFromInline var storage: [UInt8]

    @inlinable
    package init(capacity: Int = 256) {
        storage = []
        storage.reserveCapacity(capacity)
    }

    /// Appends text verbatim (punctuation, keys known to need no escaping, pre-encoded JSON).
    /// (Through `withUTF8`: one copy of a contiguous buffer, where appending the `utf8` view cost
    /// some 200 instructions a call.)
    @inlinable
    package mutating func raw(_ text: String) {
        var text = text
        text.withUTF8 { storage.append(contentsOf: $0) }
    }

    /// Appends fixed text (keys, punctuation) verbatim, straight from the literal's bytes: no
    /// `String` to retain and open as `raw(_:)` does (a spin's body writes some 35 of these).
    @inlinable
    package mutating func raw(literal text: StaticString) {
        storage.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends bytes verbatim (a stored JSON document).
    @inlinable
    package mutating func raw(bytes other: some Sequence<UInt8>) { storage.append(contentsOf: other) }

    /// Appends an integer of any width.
    @inlinable
    package mutating func int(_ value: some BinaryInteger) {
        guard let small = Int64(exactly: value) else { return raw(String(value)) }
        int(small)
    }

    /// Appends an `Int` (the common case, and not generic: the optimiser does not specialise the
    /// generic form across the module boundary, so every `Int` gets this one).
    package mutating func int(_ value: Int) { int(Int64(value)) }

    /// Appends an `Int64`: the one digit writer.
    package mutating func int(_ small: Int64) {
        if small < 0 { storage.append(UInt8(ascii: "-")) }
        var magnitude = small.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for the 20 digits of UInt64.max, stored backwards
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[23 - count] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            storage.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[(24 - count)...]))
        }
    }

    /// Appends `true` or `false`.
    @inlinable
    package mutating func bool(_ value: Bool) { value ? raw(literal: "true") : raw(literal: "false") }

    /// Appends `null`.
    @inlinable
    package mutating func null() { raw(literal: "null") }

    @usableFromInline static let hex = Array("0123456789abcdef".utf8)

    /// Appends a quoted, escaped string: runs that need no escape are copied whole.
    @inlinable
    package mutating func string(_ value: String) {
        var value = value
        storage.append(UInt8(ascii: "\""))
        value.withUTF8 { source in
            var start = 0
            for (offset, byte) in source.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                storage.append(contentsOf: UnsafeBufferPointer(rebasing: source[start..<offset]))
                start = offset + 1
                storage.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): storage.append(byte)
                case 0x0a: storage.append(UInt8(ascii: "n"))
                case 0x0d: storage.append(UInt8(ascii: "r"))
                case 0x09: storage.append(UInt8(ascii: "t"))
                default:
                    storage.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                    storage.append(JSONWriter.hex[Int(byte >> 4)])
                    storage.append(JSONWriter.hex[Int(byte & 0x0f)])
                }
            }
            storage.append(contentsOf: UnsafeBufferPointer(rebasing: source[start...]))
        }
        storage.append(UInt8(ascii: "\""))
    }

    /// `value` as a quoted, escaped JSON string, for callers that build text rather than bytes.
    package static func quoted(_ value: String) -> String {
        var writer = JSONWriter(capacity: value.utf8.count + 2)
        writer.string(value)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
