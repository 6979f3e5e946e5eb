package import SlotMath

/// What the spin pipeline needs of a game: its rules and a way to play one spin.
///
/// `CatalogGame` adapts every SlotMath `Game`; tests may supply their own deterministic games.
/// Implementations must be pure apart from the generator: the same draws give the same outcome.
package protocol SpinGame: Sendable {
    /// The game's rules as the pipeline reads them.
    var rules: GameRules { get }

    /// Plays one spin.
    /// - Parameters:
    ///   - reels: the reel set decided by the strategy.
    ///   - bet: total stake in minor units.
    ///   - multiplier: applied to every win (1 outside free spins).
    ///   - generator: the source of the reel stops.
    /// - Returns: the evaluated outcome with its stops.
    func play(reels: ReelSetName, bet: Int, multiplier: Int, using generator: inout some RandomNumberGenerator) -> SpinOutcome
}

/// The rules of a game that decide what a spin may do and cost.
package struct GameRules: Sendable, Hashable {
    package var id: String
    /// Accepted bets, in minor units.
    package var bets: [Int]
    /// Price of a bought feature as a multiple of the bet; `nil` when it cannot be bought.
    package var buyMultiplier: Int?
    /// Free spins a bought or ticket round starts with; `nil` for a game without a feature.
    package var featureAward: Int?
    /// Multiplier of free-spin wins.
    package var freeSpinsMultiplier: Int
    /// Whether scatters during free spins add spins.
    package var retrigger: Bool

    package init(id: String, bets: [Int], buyMultiplier: Int?, featureAward: Int?, freeSpinsMultiplier: Int, retrigger: Bool) {
        self.id = id
        self.bets = bets
        self.buyMultiplier = buyMultiplier
        self.featureAward = featureAward
        self.freeSpinsMultiplier = freeSpinsMultiplier
        self.retrigger = retrigger
    }

    /// Reads the rules off a SlotMath definition.
    package init(definition: GameDefinition) {
        self.init(
            id: definition.id, bets: definition.bets, buyMultiplier: definition.buyMultiplier,
            featureAward: definition.smallestAward, freeSpinsMultiplier: definition.freeSpins?.multiplier ?? 1,
            retrigger: definition.freeSpins?.retrigger ?? false)
    }

    /// Whether the game has a free-spins feature.
    package var hasFeature: Bool { featureAward != nil }
}

/// A SlotMath `Game` as a `SpinGame`.
package struct CatalogGame: SpinGame {
    package let game: any Game
    package let rules: GameRules

    package init(_ game: any Game) {
        self.game = game
        self.rules = GameRules(definition: game.definition)
    }

    package func play(reels: ReelSetName, bet: Int, multiplier: Int, using generator: inout some RandomNumberGenerator) -> SpinOutcome {
        game.play(reels: reels, bet: bet, multiplier: multiplier, using: &generator)
    }
}

/// The games the pipeline serves, by id.
package struct SpinGames: Sendable {
    private let byID: [String: any SpinGame]

    /// Every game of a SlotMath catalog.
    package init(catalog: GameCatalog) {
        self.init(catalog.sorted.map { CatalogGame($0) })
    }

    package init(_ games: [any SpinGame]) {
        var byID: [String: any SpinGame] = [:]
        for game in games { byID[game.rules.id] = game }
        self.byID = byID
    }

    /// The game with this id.
    package func game(_ id: String) -> (any SpinGame)? { byID[id] }
}
