/// A parsed JSON value, read strictly from bytes by `JSONValue.parse(_:)`.
///
/// Objects keep their members in order; a duplicate key is a parse error. Integers that fit in
/// `Int64` are `.integer`; every other number (fractions, exponents, out-of-range integers) keeps its
/// text as `.number`, so a caller can say precisely why it is not acceptable.
package enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    /// The deepest nesting of arrays and objects accepted.
    package static let maxDepth = 8

    /// Parses one JSON document; whitespace may surround it, nothing else.
    /// - Throws: `JSONReadError` naming the byte offset and what was wrong.
    /// (`@inlinable` so the copy into an array is specialised in the caller's module: unspecialised,
    /// it would cost a generic call per byte.)
    @inlinable
    package static func parse(_ bytes: some Collection<UInt8>) throws(JSONReadError) -> JSONValue {
        try parse(array: Array(bytes))
    }

    /// `parse(_:)` on an array, without a copy.
    package static func parse(array bytes: [UInt8]) throws(JSONReadError) -> JSONValue {
        var reader = JSONReader(bytes: bytes)
        return try reader.document()
    }

    /// Checks `bytes` as `parse(array:)` reads them — the same documents accepted, the same error for
    /// the others — without building the value (no allocation beyond object member names).
    /// - Throws: `JSONReadError` naming the byte offset and what was wrong.
    package static func validate(array bytes: [UInt8]) throws(JSONReadError) {
        var reader = JSONReader(bytes: bytes)
        try reader.validateDocument()
    }

    /// The member `key` of an object, `nil` for a missing member or a non-object.
    package subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The member names of an object (empty for anything else).
    package var keys: [String] {
        guard case .object(let members) = self else { return [] }
        return members.map(\.key)
    }

    /// A short name of the value's type for error details.
    package var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer, .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    package static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.integer(let a), .integer(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }

    package func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let v): hasher.combine(v)
        case .integer(let v): hasher.combine(v)
        case .number(let v): hasher.combine(v)
        case .string(let v): hasher.combine(v)
        case .array(let v): hasher.combine(v)
        case .object(let members):
            for member in members {
                hasher.combine(member.key)
                hasher.combine(member.value)
            }
        }
    }
}

/// Why bytes are not an acceptable JSON document.
package struct JSONReadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Byte offset where reading stopped.
    package let offset: Int
    /// What was wrong.
    package let reason: String

    package init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    package var description: String { "invalid JSON at byte \(offset): \(reason)" }
}
