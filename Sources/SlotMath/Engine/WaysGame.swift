/// A game paying left-to-right adjacent-reel ways: per symbol, the product of matching positions per reel.
package struct WaysGame: Game {
    package let definition: GameDefinition
    let compiled: CompiledGame

    /// Wraps a validated definition of kind `ways`.
    package init(definition: GameDefinition) {
        self.definition = definition
        compiled = CompiledGame(definition)
    }

    package func evaluate(stops: [Int], reels: ReelSetName, bet: Int, multiplier: Int) -> SpinOutcome {
        let game = compiled
        return game.outcome(stops: stops, reels: reels, bet: bet, multiplier: multiplier) { strips, stops in
            var wins: [(line: Int?, symbol: UInt8, count: Int, ways: Int?, units: Int)] = []
            for symbol in game.payingSymbols {
                var ways = 1
                var run = 0
                while run < game.reelCount {
                    let count = Int(strips.wayCounts[(strips.offsets[run] + stops[run]) * strips.symbolCount + Int(symbol)])
                    if count == 0 { break }
                    ways *= count
                    run += 1
                }
                if run > 0, game.pay(symbol, run) > 0 {
                    wins.append((line: nil, symbol: symbol, count: run, ways: ways, units: game.pay(symbol, run) * ways))
                }
            }
            return wins
        }
    }
}

/// The game implementation for a validated definition: `LinesGame` or `WaysGame` by its kind.
/// - Parameter definition: a validated definition.
/// - Returns: the playable game.
package func makeGame(_ definition: GameDefinition) -> any Game {
    switch definition.kind {
    case .lines: LinesGame(definition: definition)
    case .ways: WaysGame(definition: definition)
    }
}
