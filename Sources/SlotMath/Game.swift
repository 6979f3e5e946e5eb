/// The name of one of a game's reel sets.
package enum ReelSetName: String, Sendable, Hashable, CaseIterable, Codable {
    case base, boosted, free
}

/// The mechanic a game pays by.
package enum GameKind: String, Sendable, Hashable, Codable {
    case lines, ways
}

/// One paying combination of a spin.
package struct SpinWin: Sendable, Hashable {
    /// 1-based payline number for lines games; `nil` for ways wins and scatter wins.
    package var line: Int?
    /// The paying symbol (the wild itself when a wild-only run pays best).
    package var symbol: String
    /// How many reels (from the left) or, for a scatter win, how many scatters.
    package var count: Int
    /// Number of ways for a ways win; `nil` otherwise.
    package var ways: Int?
    /// Win in minor units, multiplier already applied.
    package var amount: Int

    package init(line: Int?, symbol: String, count: Int, ways: Int?, amount: Int) {
        self.line = line
        self.symbol = symbol
        self.count = count
        self.ways = ways
        self.amount = amount
    }
}

/// The evaluated result of one spin: what the reels showed and what it paid.
package struct SpinOutcome: Sendable, Hashable {
    /// The reel stops drawn, one per reel; re-evaluating them gives the same outcome.
    package var stops: [Int]
    /// Visible symbols, one array per reel, top to bottom.
    package var grid: [[String]]
    /// Every paying combination, multiplier applied.
    package var wins: [SpinWin]
    /// Scatter symbols visible anywhere.
    package var scatterCount: Int
    /// Free spins awarded by this spin's scatters (0 when none).
    package var freeSpinsAwarded: Int
    /// Sum of `wins` amounts, in minor units.
    package var totalWin: Int

    package init(stops: [Int], grid: [[String]], wins: [SpinWin], scatterCount: Int, freeSpinsAwarded: Int, totalWin: Int) {
        self.stops = stops
        self.grid = grid
        self.wins = wins
        self.scatterCount = scatterCount
        self.freeSpinsAwarded = freeSpinsAwarded
        self.totalWin = totalWin
    }
}

/// A playable slot game: a validated definition and the mechanic that evaluates it.
///
/// Implementations must be pure: the same stops, reel set, bet and multiplier always give the
/// same outcome, and all money is integer minor units.
package protocol Game: Sendable {
    /// The validated definition the game plays by.
    var definition: GameDefinition { get }

    /// Evaluates given reel stops.
    /// - Parameters:
    ///   - stops: one stop per reel, each in `0..<reel.count` of the chosen set.
    ///   - reels: the reel set the stops index into.
    ///   - bet: total stake in minor units (one of the definition's bets).
    ///   - multiplier: applied to every win (1 outside free spins).
    /// - Returns: the outcome; free spins awarded follow the definition's awards.
    func evaluate(stops: [Int], reels: ReelSetName, bet: Int, multiplier: Int) -> SpinOutcome
}

extension Game {
    /// Draws stops uniformly with `generator` (never `%`) and evaluates them.
    package func play(
        reels: ReelSetName, bet: Int, multiplier: Int, using generator: inout some RandomNumberGenerator
    ) -> SpinOutcome {
        let strips = definition.reelSets[reels] ?? []
        // `draw(below:)` draws the values `Int.random(in: 0..<count)` draws (Lemire's method on
        // `next()`), without its generic path, which is not specialised when the generator's type
        // is only known at run time (a spin's handler is an existential).
        let stops = strips.map { Int(truncatingIfNeeded: generator.draw(below: UInt64($0.count))) }
        return evaluate(stops: stops, reels: reels, bet: bet, multiplier: multiplier)
    }
}
