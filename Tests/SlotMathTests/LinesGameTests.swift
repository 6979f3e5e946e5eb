import SlotMath
import Testing

@Suite struct LinesGameTests {
    /// A 3×3 grid game whose base reels are exactly the given columns (stop 0 shows them).
    static func grid(_ columns: [[String]]) throws -> any Game {
        makeGame(try GameDefinition.make(GameDefinition.makeJSON(base: columns, free: nil)))
    }

    @Test func everyLineShapePaysWithItsNumber() throws {
        let lines = [[1, 1, 1], [0, 0, 0], [2, 2, 2], [0, 1, 2], [2, 1, 0]]
        for (index, line) in lines.enumerated() {
            var columns = [["X", "X", "X"], ["Y", "Y", "Y"], ["X", "X", "X"]]
            for reel in 0..<3 { columns[reel][line[reel]] = "A" }
            let outcome = try Self.grid(columns).evaluate(stops: [0, 0, 0], reels: .base, bet: 10, multiplier: 1)
            #expect(outcome.grid == columns)
            #expect(outcome.wins == [SpinWin(line: index + 1, symbol: "A", count: 3, ways: nil, amount: 20)])
            #expect(outcome.totalWin == 20)
        }
    }

    @Test func twoOfAKindPaysAndRunsStopAtTheFirstMismatch() throws {
        let outcome = try Self.grid([["X", "A", "X"], ["Y", "A", "Y"], ["X", "B", "X"]])
            .evaluate(stops: [0, 0, 0], reels: .base, bet: 5, multiplier: 1)
        #expect(outcome.wins == [SpinWin(line: 1, symbol: "A", count: 2, ways: nil, amount: 2)])
    }

    @Test func wildSubstitutesAndLinePaysItsBestReading() throws {
        let sevens = try makeGame(GameDefinition.makeRow(["WILD", "WILD", "SEVEN", "SEVEN", "BAR"]))
        #expect(sevens.evaluate(stops: [0, 0, 0, 0, 0], reels: .base, bet: 10, multiplier: 1).wins
            == [SpinWin(line: 1, symbol: "SEVEN", count: 4, ways: nil, amount: 400)])
        let wilds = try makeGame(GameDefinition.makeRow(["WILD", "WILD", "SEVEN", "SEVEN", "BAR"], wildPays: [0, 60, 80, 90, 500]))
        #expect(wilds.evaluate(stops: [0, 0, 0, 0, 0], reels: .base, bet: 10, multiplier: 1).wins
            == [SpinWin(line: 1, symbol: "WILD", count: 2, ways: nil, amount: 600)])
    }

    @Test func wildOnlyLinesPayTheWildOrTheBestSymbol() throws {
        let own = try makeGame(GameDefinition.makeRow(Array(repeating: "WILD", count: 5), wildPays: [0, 0, 100, 200, 1000]))
        #expect(own.evaluate(stops: [0, 0, 0, 0, 0], reels: .base, bet: 1, multiplier: 1).wins
            == [SpinWin(line: 1, symbol: "WILD", count: 5, ways: nil, amount: 1000)])
        let substitute = try makeGame(GameDefinition.makeRow(["WILD", "WILD", "WILD", "STAR", "SEVEN"]))
        // The scatter is never substituted: three wilds read as the best three-symbol run.
        #expect(substitute.evaluate(stops: [0, 0, 0, 0, 0], reels: .base, bet: 1, multiplier: 1).wins
            == [SpinWin(line: 1, symbol: "SEVEN", count: 3, ways: nil, amount: 20)])
    }

    @Test func wildDoesNotSubstituteForTheScatter() throws {
        let game = try makeGame(GameDefinition.makeRow(["STAR", "WILD", "WILD", "BLANK", "BLANK"]))
        #expect(game.evaluate(stops: [0, 0, 0, 0, 0], reels: .base, bet: 1, multiplier: 1).wins.isEmpty)
    }

    @Test func scattersPayAnywhereOnTheTotalBetAndAwardFreeSpins() throws {
        let game = makeGame(try GameDefinition.make(GameDefinition.makeJSON(
            base: [["S", "X", "Y", "X"], ["X", "Y", "S"], ["Y", "S", "X"]]
        )))
        let outcome = game.evaluate(stops: [0, 0, 0], reels: .base, bet: 10, multiplier: 1)
        #expect(outcome.scatterCount == 3)
        #expect(outcome.freeSpinsAwarded == 3)
        #expect(outcome.wins == [SpinWin(line: nil, symbol: "S", count: 3, ways: nil, amount: 50)])
        let two = game.evaluate(stops: [1, 0, 0], reels: .base, bet: 10, multiplier: 1)
        #expect(two.scatterCount == 2)
        #expect(two.freeSpinsAwarded == 0)
        #expect(two.totalWin == 10)
    }

    @Test func multiplierAppliesToEveryWin() throws {
        let columns = [["A", "A", "S"], ["A", "S", "Y"], ["A", "X", "X"]]
        let game = try Self.grid(columns)
        let single = game.evaluate(stops: [0, 0, 0], reels: .base, bet: 5, multiplier: 1)
        let tripled = game.evaluate(stops: [0, 0, 0], reels: .base, bet: 5, multiplier: 3)
        #expect(single.totalWin > 0)
        #expect(tripled.wins.map(\.amount) == single.wins.map { $0.amount * 3 })
        #expect(tripled.totalWin == single.totalWin * 3)
    }

    @Test func stopsWrapAroundTheReel() throws {
        let game = makeGame(try GameDefinition.make())
        let outcome = game.evaluate(stops: [3, 0, 0], reels: .base, bet: 5, multiplier: 1)
        #expect(outcome.grid[0] == ["C", "A", "B"])
    }
}
