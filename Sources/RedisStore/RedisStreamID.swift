/// A stream entry id, `<milliseconds>-<sequence>`, ordered as Redis orders them.
package struct RedisStreamID: Sendable, Hashable, Comparable, CustomStringConvertible {
    package let milliseconds: UInt64
    package let sequence: UInt64

    /// Parses `ms-seq`; `nil` when malformed.
    package init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let milliseconds = UInt64(parts[0]), let sequence = UInt64(parts[1]) else { return nil }
        self.milliseconds = milliseconds
        self.sequence = sequence
    }

    package var description: String { "\(milliseconds)-\(sequence)" }

    package static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.milliseconds, lhs.sequence) < (rhs.milliseconds, rhs.sequence)
    }
}
