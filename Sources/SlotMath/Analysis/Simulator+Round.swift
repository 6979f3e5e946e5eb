extension Simulator {
    /// Plays one free-spins round of `awarded` spins, as the simulator does (for tests and tools).
    /// - Parameters:
    ///   - awarded: spins awarded by the trigger.
    ///   - generator: the source of reel stops.
    /// - Returns: the round's win in units (coins for a bet of `coins`) and spin counts.
    package func playRound(awarded: Int, using generator: inout some RandomNumberGenerator) -> FreeSpinsResult {
        SpinKernel(game: game, lineTable: lineTable).playRound(awarded: awarded, using: &generator)
    }

    /// The win in units (coins for a bet of `coins`, scatter included, multiplier 1) of given stops,
    /// evaluated as the simulator does (building its tables on every call: for tests and tools); stops
    /// outside a reel wrap around.
    /// - Parameters:
    ///   - stops: one stop per reel.
    ///   - reels: the reel set.
    /// - Returns: the win in units; equals `evaluate(stops:reels:bet: coins, multiplier: 1).totalWin`.
    package func spinUnits(stops: [Int], reels: ReelSetName) -> Int {
        let kernel = SpinKernel(game: game, lineTable: lineTable)
        guard let strips = game.strips[reels] ?? game.strips[.base], let tables = kernel.reels(reels) else { return 0 }
        let wrapped = (0..<game.reelCount).map { reel in
            let stop = reel < stops.count ? stops[reel] : 0
            return ((stop % strips.lengths[reel]) + strips.lengths[reel]) % strips.lengths[reel]
        }
        return kernel.evaluate(tables, stops: wrapped).units
    }
}
