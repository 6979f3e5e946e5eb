/// HTTP header fields in the order received or added, with case-insensitive lookup and
/// repeated names kept as separate fields.
package struct HTTPHeaders: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    /// One field as it appeared (name case preserved).
    package struct Field: Sendable, Equatable {
        package var name: String
        package var value: String
    }

    package private(set) var fields: [Field] = []

    package init() {}

    package init(_ pairs: [(String, String)]) {
        fields = pairs.map { Field(name: $0.0, value: $0.1) }
    }

    package init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    package var count: Int { fields.count }
    package var isEmpty: Bool { fields.isEmpty }

    package func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }

    /// Appends a field, keeping any earlier ones of the same name.
    package mutating func add(name: String, value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// Replaces every field named `name` with one field (or removes them when `value` is nil).
    package mutating func replaceOrAdd(name: String, value: String) {
        remove(name: name)
        add(name: name, value: value)
    }

    /// Removes every field named `name` (case-insensitive).
    package mutating func remove(name: String) {
        fields.removeAll { Self.equalIgnoringCase($0.name, name) }
    }

    /// The first value of `name` (case-insensitive), or nil.
    package subscript(name: String) -> String? {
        for field in fields where Self.equalIgnoringCase(field.name, name) { return field.value }
        return nil
    }

    /// Every value of `name` (case-insensitive), in order.
    package func values(for name: String) -> [String] {
        fields.lazy.filter { Self.equalIgnoringCase($0.name, name) }.map(\.value)
    }

    /// `true` when a field named `name` exists.
    package func contains(_ name: String) -> Bool { self[name] != nil }

    /// `true` when any value of `name`, read as a comma-separated list, holds `token`
    /// (case-insensitive), e.g. `Connection: keep-alive, Upgrade`.
    package func listContains(_ name: String, token: String) -> Bool {
        for value in values(for: name) {
            for item in value.utf8.split(separator: UInt8(ascii: ",")) {
                if Self.equalIgnoringCase(Self.trimmed(item), token.utf8) { return true }
            }
        }
        return false
    }

    static func trimmed(_ bytes: String.UTF8View.SubSequence) -> String.UTF8View.SubSequence {
        var slice = bytes
        while let first = slice.first, first == 0x20 || first == 0x09 { slice = slice.dropFirst() }
        while let last = slice.last, last == 0x20 || last == 0x09 { slice = slice.dropLast() }
        return slice
    }

    /// ASCII case-insensitive comparison.
    static func equalIgnoringCase(_ a: String, _ b: String) -> Bool {
        equalIgnoringCase(a.utf8, b.utf8)
    }

    static func equalIgnoringCase(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) where x != y {
            guard lowercase(x) == lowercase(y) else { return false }
        }
        return true
    }

    @inline(__always)
    static func lowercase(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}
