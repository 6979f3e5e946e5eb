/// A game as written in its JSON file (format: DESIGN.md "Game definitions"), after validation.
package struct GameDefinition: Sendable, Hashable {
    package struct FreeSpins: Sendable, Hashable {
        /// `awards[n-1]`: free spins for `n` scatters.
        package var awards: [Int]
        package var multiplier: Int
        package var retrigger: Bool

        /// Free-spins rules: `awards[n-1]` spins for `n` scatters, every win × `multiplier`.
        package init(awards: [Int], multiplier: Int, retrigger: Bool) {
            self.awards = awards
            self.multiplier = multiplier
            self.retrigger = retrigger
        }
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

    /// A definition from its parts, unvalidated; load files with `load(json:file:)` instead.
    package init(
        id: String, name: String, kind: GameKind, rows: Int, symbols: [String], wild: String?, scatter: String?,
        lines: [[Int]], coins: Int, pays: [String: [Int]], scatterPays: [Int], freeSpins: FreeSpins?,
        buyMultiplier: Int?, bets: [Int], reelSets: [ReelSetName: [[String]]]
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.rows = rows
        self.symbols = symbols
        self.wild = wild
        self.scatter = scatter
        self.lines = lines
        self.coins = coins
        self.pays = pays
        self.scatterPays = scatterPays
        self.freeSpins = freeSpins
        self.buyMultiplier = buyMultiplier
        self.bets = bets
        self.reelSets = reelSets
    }
}
