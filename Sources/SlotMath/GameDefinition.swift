/// A game as written in its JSON file (format: DESIGN.md "Game definitions"), after validation.
package struct GameDefinition: Sendable, Hashable {
    package struct FreeSpins: Sendable, Hashable {
        /// `awards[n-1]`: free spins for `n` scatters.
        package var awards: [Int]
        package var multiplier: Int
        package var retrigger: Bool
    }

    package var id: String
    package var name: String
    package var kind: GameKind
    package var rows: Int
    package var symbols: [String]
    package var wild: String?
    package var scatter: String?
    /// Row index per reel, 0 = top; empty for ways games.
    package var lines: [[Int]]
    package var coins: Int
    package var pays: [String: [Int]]
    package var scatterPays: [Int]
    package var freeSpins: FreeSpins?
    package var buyMultiplier: Int?
    package var bets: [Int]
    package var reelSets: [ReelSetName: [[String]]]

    /// Number of reels.
    package var reelCount: Int { reelSets[.base]?.count ?? 0 }

    /// The smallest non-zero free-spins award: what `buy_feature` and `ticket` start.
    package var smallestAward: Int? { freeSpins?.awards.filter { $0 > 0 }.min() }
}
