package import Spin

/// A player id reduced to what a log line may show: its first 2 characters, then `***`
/// (`alice` → `al***`, `a` → `a***`, empty → `***`).
///
/// The full id is dropped in `init` and never stored, so a `Logger`, which accepts players only
/// as `MaskedPlayer`, cannot write one.
package struct MaskedPlayer: Sendable, Hashable, CustomStringConvertible {
    /// The masked form.
    package let masked: String

    /// Masks any string taken for a player id (even one that is not a valid `PlayerID`).
    package init(_ id: some StringProtocol) {
        masked = String(id.prefix(2)) + "***"
    }

    /// Masks a player's id.
    package init(_ player: PlayerID) {
        // A player id is ASCII (`PlayerID`: [A-Za-z0-9_.:-]), so its first two characters are its
        // first two bytes: copied in place (a small string, no allocation, no grapheme breaking).
        var value = player.value
        masked = value.withUTF8 { bytes in
            String(unsafeUninitializedCapacity: min(bytes.count, 2) + 3) { out in
                var count = 0
                for byte in bytes.prefix(2) {
                    out[count] = byte
                    count += 1
                }
                for _ in 0..<3 {
                    out[count] = UInt8(ascii: "*")
                    count += 1
                }
                return count
            }
        }
    }

    package var description: String { masked }
}
