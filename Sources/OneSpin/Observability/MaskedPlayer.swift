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
        self.init(player.value)
    }

    package var description: String { masked }
}
