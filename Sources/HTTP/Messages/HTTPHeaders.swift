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

    /// Reserves room for `count` fields.
    mutating func reserveCapacity(_ count: Int) { fields.reserveCapacity(count) }

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
        guard firstIndex(of: name) != nil else { return }
        fields.removeAll { Self.equalIgnoringCase($0.name, name) }
    }

    /// The first value of `name` (case-insensitive), or nil.
    package subscript(name: String) -> String? {
        firstIndex(of: name).map { fields[$0].value }
    }

    /// Every value of `name` (case-insensitive), in order.
    package func values(for name: String) -> [String] {
        var values: [String] = []
        for field in fields where Self.equalIgnoringCase(field.name, name) { values.append(field.value) }
        return values
    }

    /// `true` when a field named `name` exists.
    package func contains(_ name: String) -> Bool { firstIndex(of: name) != nil }

    /// `true` when any value of `name`, read as a comma-separated list, holds `token`
    /// (case-insensitive), e.g. `Connection: keep-alive, Upgrade`.
    package func listContains(_ name: String, token: String) -> Bool {
        for field in fields where Self.equalIgnoringCase(field.name, name) {
            if Self.list(field.value, contains: token) { return true }
        }
        return false
    }

    private func firstIndex(of name: String) -> Int? {
        for index in fields.indices where Self.equalIgnoringCase(fields[index].name, name) { return index }
        return nil
    }

    /// `true` when the comma-separated `list` has an item equal to `token` (ASCII case-insensitive,
    /// items trimmed of spaces and tabs).
    private static func list(_ list: String, contains token: String) -> Bool {
        withBytes(list) { list in
            withBytes(token) { token in
                var start = 0
                while start <= list.count {
                    var end = start
                    while end < list.count && list[end] != UInt8(ascii: ",") { end += 1 }
                    // Like `split(separator:)`: empty items are skipped, then each is trimmed.
                    var low = start, high = end
                    while low < high && (list[low] == 0x20 || list[low] == 0x09) { low += 1 }
                    while high > low && (list[high - 1] == 0x20 || list[high - 1] == 0x09) { high -= 1 }
                    if end > start, equalIgnoringCase(UnsafeBufferPointer(rebasing: list[low..<high]), token) {
                        return true
                    }
                    start = end + 1
                }
                return false
            }
        }
    }

    static func trimmed(_ bytes: String.UTF8View.SubSequence) -> String.UTF8View.SubSequence {
        var slice = bytes
        while let first = slice.first, first == 0x20 || first == 0x09 { slice = slice.dropFirst() }
        while let last = slice.last, last == 0x20 || last == 0x09 { slice = slice.dropLast() }
        return slice
    }

    /// ASCII case-insensitive comparison.
    static func equalIgnoringCase(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        return withBytes(a) { a in withBytes(b) { b in equalIgnoringCase(a, b) } }
    }

    /// ASCII case-insensitive comparison of raw bytes.
    static func equalIgnoringCase(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        for index in 0..<a.count where a[index] != b[index] {
            guard lowercase(a[index]) == lowercase(b[index]) else { return false }
        }
        return true
    }

    /// ASCII case-insensitive comparison with a literal written in lowercase.
    static func equalIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, lowercased literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        let expected = literal.utf8Start
        for index in 0..<bytes.count where lowercase(bytes[index]) != expected[index] { return false }
        return true
    }

    static func equalIgnoringCase(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) where x != y {
            guard lowercase(x) == lowercase(y) else { return false }
        }
        return true
    }

    /// Runs `body` on the UTF-8 bytes of `text` (copying only a non-contiguous string).
    @inline(__always)
    static func withBytes<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = text
        return copy.withUTF8(body)
    }

    @inline(__always)
    static func lowercase(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}
