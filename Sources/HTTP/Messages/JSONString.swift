/// A minimal JSON writer for the hot path: appends raw fragments and correctly escaped
/// string literals (RFC 8259: `"`, `\`, and control characters below U+0020).
package struct JSONString: Sendable {
    package private(set) var bytes: [UInt8] = []

    package init() {}

    /// Appends `text` as is (the caller guarantees it is valid JSON syntax).
    package mutating func append(raw text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// Appends `text` as a quoted, escaped JSON string.
    package mutating func append(string text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x08: bytes.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// The text written so far.
    package var string: String { String(decoding: bytes, as: UTF8.self) }
}
