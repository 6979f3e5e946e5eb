/// A game paying left-to-right runs along fixed paylines, each line paying its best reading.
package struct LinesGame: Game {
    package let definition: GameDefinition
    let compiled: CompiledGame

    /// Wraps a validated definition of kind `lines`.
    package init(definition: GameDefinition) {
        self.definition = definition
        compiled = CompiledGame(definition)
    }

    package func evaluate(stops: [Int], reels: ReelSetName, bet: Int, multiplier: Int) -> SpinOutcome {
        let game = compiled
        return game.outcome(stops: stops, reels: reels, bet: bet, multiplier: multiplier) { strips, stops in
            var wins: [(line: Int?, symbol: UInt8, count: Int, ways: Int?, units: Int)] = []
            for line in 0..<game.lineCount {
                let reading = game.readLine { reel in
                    strips.symbol(reel: reel, stop: stops[reel], row: game.lineRows[line * game.reelCount + reel])
                }
                if reading.units > 0 {
                    wins.append((line: line + 1, symbol: reading.symbol, count: reading.count, ways: nil, units: reading.units))
                }
            }
            return wins
        }
    }
}
