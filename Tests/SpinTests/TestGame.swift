import SlotMath
import Spin

/// A deterministic test double of a game, standing in for SlotMath's real games.
///
/// SlotMath's `GameDefinition` has no package initializer yet, so the pipeline is tested through
/// Spin's `SpinGame` seam (the one `CatalogGame` adapts real SlotMath games to). The double has
/// three reels of three rows; the outcome is a pure function of the stops: the middle row pays
/// `pays[symbol] × bet × multiplier` when all three middle symbols are the same, and three `S`
/// scatters anywhere award `awards[2]` free spins. Reel strips of a single symbol force an outcome
/// whatever the generator draws (e.g. all `S` forces a natural trigger).
struct TestGame: SpinGame {
    let rules: GameRules
    let strips: [ReelSetName: [[String]]]
    let pays: [String: Int]
    let award: Int

    func play(reels: ReelSetName, bet: Int, multiplier: Int, using generator: inout some RandomNumberGenerator) -> SpinOutcome {
        let set = strips[reels] ?? []
        let stops = set.map { Int.random(in: 0..<$0.count, using: &generator) }
        return evaluate(stops: stops, reels: reels, bet: bet, multiplier: multiplier)
    }

    func evaluate(stops: [Int], reels: ReelSetName, bet: Int, multiplier: Int) -> SpinOutcome {
        let set = strips[reels] ?? []
        let grid = zip(set, stops).map { strip, stop in (0..<3).map { strip[(stop + $0) % strip.count] } }
        let scatters = grid.joined().filter { $0 == "S" }.count
        var wins: [SpinWin] = []
        let middle = grid.map { $0[1] }
        if let first = middle.first, middle.allSatisfy({ $0 == first }), let pay = pays[first] {
            wins.append(SpinWin(line: 1, symbol: first, count: middle.count, ways: nil, amount: pay * bet * multiplier))
        }
        return SpinOutcome(
            stops: stops, grid: grid, wins: wins, scatterCount: scatters,
            freeSpinsAwarded: scatters >= 3 && rules.hasFeature ? award : 0, totalWin: wins.reduce(0) { $0 + $1.amount })
    }
}
