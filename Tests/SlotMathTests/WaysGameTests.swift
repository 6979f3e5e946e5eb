import SlotMath
import Testing

@Suite struct WaysGameTests {
    static func grid(_ columns: [[String]]) throws -> any Game {
        makeGame(try GameDefinition.make(GameDefinition.makeJSON(kind: "ways", base: columns, free: nil)))
    }

    @Test func waysMultiplyMatchesPerReelWildsIncluded() throws {
        let outcome = try Self.grid([["A", "A", "X"], ["A", "W", "Y"], ["A", "X", "X"]])
            .evaluate(stops: [0, 0, 0], reels: .base, bet: 10, multiplier: 1)
        // A: 2 × 2 × 1 = 4 ways of 3 → 10 × 4 × 10 / 5; the wild also makes B and C two-reel runs, which pay nothing.
        #expect(outcome.wins == [SpinWin(line: nil, symbol: "A", count: 3, ways: 4, amount: 80)])
    }

    @Test func waysMustStartOnTheFirstReelAndBeAdjacent() throws {
        let outcome = try Self.grid([["X", "Y", "X"], ["A", "A", "A"], ["A", "A", "A"]])
            .evaluate(stops: [0, 0, 0], reels: .base, bet: 5, multiplier: 1)
        #expect(outcome.wins.isEmpty)
        let shorter = try Self.grid([["A", "Y", "A"], ["A", "A", "X"], ["X", "Y", "X"]])
            .evaluate(stops: [0, 0, 0], reels: .base, bet: 5, multiplier: 2)
        #expect(shorter.wins == [SpinWin(line: nil, symbol: "A", count: 2, ways: 4, amount: 16)])
    }

    @Test func makeGameChoosesTheMechanic() throws {
        #expect(makeGame(try GameDefinition.make()) is LinesGame)
        #expect(makeGame(try GameDefinition.make(GameDefinition.makeJSON(kind: "ways"))) is WaysGame)
    }
}
