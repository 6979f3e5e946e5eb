import Foundation
import SlotMath

// libFuzzer target for the game definition loader, `GameDefinition.load(json:file:)`.
//
// Properties checked on every input:
// - loading is deterministic (the same bytes give the same definition or the same error);
// - an accepted definition makes a game that plays: a few spins on every reel set, at the smallest
//   and largest bet, each with one stop per reel, a `reelCount × rows` grid, wins that are never
//   negative and a total that is their sum.

private func load(_ data: Data) -> Result<GameDefinition, GameDefinitionError> {
    do throws(GameDefinitionError) {
        return .success(try GameDefinition.load(json: data, file: "fuzz.json"))
    } catch {
        return .failure(error)
    }
}

private func check(_ outcome: SpinOutcome, in definition: GameDefinition) {
    if outcome.stops.count != definition.reelCount { fatalError("\(outcome.stops.count) stops for \(definition.reelCount) reels") }
    if outcome.grid.count != definition.reelCount || outcome.grid.contains(where: { $0.count != definition.rows }) {
        fatalError("the grid is not \(definition.reelCount) × \(definition.rows)")
    }
    if outcome.wins.contains(where: { $0.amount < 0 }) || outcome.totalWin < 0 { fatalError("a negative win: \(outcome)") }
    if outcome.wins.reduce(0, { $0 + $1.amount }) != outcome.totalWin { fatalError("total is not the sum of the wins: \(outcome)") }
    if outcome.freeSpinsAwarded < 0 { fatalError("negative free spins awarded") }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    let first = load(bytes)
    let second = load(bytes)
    if first != second { fatalError("loading the same bytes twice differs") }
    guard case .success(let definition) = first else { return 0 }
    let game = makeGame(definition)
    var generator = Xoshiro256StarStar(seed: UInt64(size))
    let bets = [definition.bets.min(), definition.bets.max()].compactMap { $0 }
    for reels in ReelSetName.allCases where definition.reelSets[reels] != nil {
        let multiplier = reels == .free ? definition.freeSpins?.multiplier ?? 1 : 1
        for bet in bets {
            for _ in 0..<4 {
                check(game.play(reels: reels, bet: bet, multiplier: multiplier, using: &generator), in: definition)
            }
        }
    }
    return 0
}
