import SlotMath
import Testing

@Suite struct SpinKernelTests {
    /// The simulator's kernel (with and without the line table) pays exactly what `Game.evaluate` pays.
    @Test(arguments: ["classic3", "fruit5", "ways243"])
    func kernelPaysWhatEvaluatePays(id: String) throws {
        let game = try #require(try GameCatalog.loadBundled().game(id))
        let definition = game.definition
        let simulators = [Simulator(definition: definition), Simulator(definition: definition, lineTableLimit: 0)]
        var generator = Xoshiro256StarStar(seed: 99)
        var paying = 0
        for reels in ReelSetName.allCases {
            guard let strips = definition.reelSets[reels] else { continue }
            for _ in 0..<3_000 {
                let stops = strips.map { Int(generator.draw(below: UInt64($0.count))) }
                let expected = game.evaluate(stops: stops, reels: reels, bet: definition.coins, multiplier: 1).totalWin
                for simulator in simulators {
                    #expect(simulator.spinUnits(stops: stops, reels: reels) == expected, "\(id) \(reels) \(stops)")
                }
                if expected > 0 { paying += 1 }
            }
        }
        #expect(paying > 1_000)
    }

    @Test func lineTablePaysFixtureGamesLikeEvaluate() throws {
        // Every stop combination of the tiny game (wild, scatter, 2-of-a-kind pays, unused symbols).
        let definition = try GameDefinition.make()
        let game = LinesGame(definition: definition)
        let simulator = Simulator(definition: definition)
        let lengths = try #require(definition.reelSets[.base]).map(\.count)
        for a in 0..<lengths[0] {
            for b in 0..<lengths[1] {
                for c in 0..<lengths[2] {
                    let expected = game.evaluate(stops: [a, b, c], reels: .base, bet: 5, multiplier: 1).totalWin
                    #expect(simulator.spinUnits(stops: [a, b, c], reels: .base) == expected)
                }
            }
        }
    }

    @Test func boundedDrawMatchesTheStandardLibrary() {
        for bound: UInt64 in [1, 2, 3, 7, 40, 1 << 32 + 1, (1 << 63) + 1, .max] {
            var ours = Xoshiro256StarStar(seed: bound)
            var library = Xoshiro256StarStar(seed: bound)
            for _ in 0..<2_000 {
                let value = ours.draw(below: bound)
                #expect(value < bound)
                #expect(value == library.next(upperBound: bound))
            }
        }
    }

    @Test func boundedDrawIsUniform() {
        // Chi-square over 37 cells, 370k draws: 36 degrees of freedom, p = 0.001 at 67.99.
        var generator = Xoshiro256StarStar(seed: 5)
        var cells = [Int](repeating: 0, count: 37)
        for _ in 0..<370_000 { cells[Int(generator.draw(below: 37))] += 1 }
        let chiSquare = cells.reduce(0.0) { $0 + Double(($1 - 10_000) * ($1 - 10_000)) / 10_000 }
        #expect(chiSquare < 67.99)
    }
}
