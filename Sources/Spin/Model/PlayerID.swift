/// A player's id (the JWT `sub`): 1–64 characters of `[A-Za-z0-9_.:-]`.
package struct PlayerID: Sendable, Hashable, CustomStringConvertible {
    /// The validated id.
    package let value: String

    /// Validates `value`.
    /// - Returns: `nil` when `value` is empty, longer than 64 bytes or holds another character.
    package init?(_ value: String) {
        let utf8 = value.utf8
        guard (1...64).contains(utf8.count), utf8.allSatisfy(PlayerID.isAllowed) else { return nil }
        self.value = value
    }

    package var description: String { value }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."),
            UInt8(ascii: ":"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }
}
