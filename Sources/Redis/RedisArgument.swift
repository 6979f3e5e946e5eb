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
        [UInt8](unsafeUninitializedCapacity: byteCount) { buffer, initialized in
            if let base = buffer.baseAddress { initialized = write(at: base) - base }
        }
    }

    /// Writes the argument's `byteCount` bytes at `cursor`; returns the position after them.
    func write(at cursor: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        switch storage {
        case .string(var string):
            return string.withUTF8 { source in
                if let base = source.baseAddress { UnsafeMutableRawPointer(cursor).copyMemory(from: base, byteCount: source.count) }
                return cursor + source.count
            }
        case .bytes(let bytes):
            return bytes.withUnsafeBufferPointer { source in
                if let base = source.baseAddress { UnsafeMutableRawPointer(cursor).copyMemory(from: base, byteCount: source.count) }
                return cursor + source.count
            }
        case .integer(let integer):
            return RedisCommandEncoder.writeDecimal(integer, at: cursor)
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
