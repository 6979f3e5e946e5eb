/// The result of one free-spins round.
package struct FreeSpinsResult: Sendable, Hashable {
    /// Total round win in units (coins for a bet of `coins`), multiplier applied.
    package var units: Int
    /// Free spins played, retriggered ones included.
    package var spinsPlayed: Int
    /// Free spins added by retriggers.
    package var retriggeredSpins: Int
}
