/// One binary-safe argument of a Redis command: a string literal, `String`, `[UInt8]` or `Int`.
package struct RedisArgument: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    enum Storage: Sendable, Hashable {
        case string(String)
        case bytes([UInt8])
        case integer(Int)
    }

    let storage: Storage

    /// The UTF-8 bytes of `string`.
    package init(_ string: String) { storage = .string(string) }
    /// The bytes as they are, NULs included.
    package init(_ bytes: [UInt8]) { storage = .bytes(bytes) }
    /// The decimal text of `integer`.
    package init(_ integer: Int) { storage = .integer(integer) }
    /// The UTF-8 bytes of the literal.
    package init(stringLiteral value: String) { storage = .string(value) }
    /// The decimal text of the literal.
    package init(integerLiteral value: Int) { storage = .integer(value) }

    /// The bytes sent on the wire.
    package var bytes: [UInt8] {
        var output: [UInt8] = []
        append(to: &output)
        return output
    }

    /// Appends the argument's bytes (without RESP framing) to `output`.
    func append(to output: inout [UInt8]) {
        switch storage {
        case .string(var string):
            string.withUTF8 { output.append(contentsOf: $0) }
        case .bytes(let bytes): output.append(contentsOf: bytes)
        case .integer(let integer): RedisCommandEncoder.appendDecimal(integer, to: &output)
        }
    }

    /// The number of bytes `append(to:)` writes.
    var byteCount: Int {
        switch storage {
        case .string(let string): string.utf8.count
        case .bytes(let bytes): bytes.count
        case .integer(let integer): RedisCommandEncoder.decimalDigitCount(integer)
        }
    }
}
