/// One Redis reply, fully copied out of hiredis.
package enum RedisValue: Sendable, Hashable {
    /// A bulk string: arbitrary bytes, NULs included.
    case bulkString([UInt8])
    /// A simple status reply such as `OK` or `PONG`.
    case status(String)
    /// An integer reply.
    case integer(Int64)
    /// A multi-bulk reply.
    case array([RedisValue])
    /// A nil bulk string or nil array.
    case null
    /// An error reply from the server (for example `ERR Function not found`).
    case error(String)

    /// The bulk string decoded as UTF-8 (invalid bytes repaired), or the status text; otherwise `nil`.
    package var string: String? {
        switch self {
        case .bulkString(let bytes): String(decoding: bytes, as: UTF8.self)
        case .status(let text): text
        default: nil
        }
    }

    /// The integer reply, or a bulk string that spells a decimal integer; otherwise `nil`.
    package var int: Int? {
        switch self {
        case .integer(let value): Int(exactly: value)
        case .bulkString(let bytes): Int(String(decoding: bytes, as: UTF8.self))
        default: nil
        }
    }

    /// The bytes of a bulk string (or of a status); otherwise `nil`.
    package var bytes: [UInt8]? {
        switch self {
        case .bulkString(let bytes): bytes
        case .status(let text): Array(text.utf8)
        default: nil
        }
    }

    /// The elements of an array reply; otherwise `nil`.
    package var array: [RedisValue]? {
        if case .array(let elements) = self { elements } else { nil }
    }

    /// Whether this is the nil reply.
    package var isNull: Bool {
        if case .null = self { true } else { false }
    }

    /// The message of an error reply; otherwise `nil`.
    package var errorMessage: String? {
        if case .error(let message) = self { message } else { nil }
    }
}
