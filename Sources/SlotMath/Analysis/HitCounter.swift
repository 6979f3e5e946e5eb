/// Counts the stop combinations whose base spin wins anything, exactly, by a depth-first walk over
/// reels that stops as soon as a prefix decides the outcome.
///
/// Pays never decrease as a run grows (validated), so once a prefix pays, every completion pays;
/// once no line or way can grow any more, only the scatter can still add a win, and the
/// completions with a paying scatter total are counted from the suffix scatter distributions.
struct HitCounter {
    let game: CompiledGame
    let strips: ReelStrips
    private let reelCount: Int
    /// Stop combinations of reels `k...`.
    private let suffixCycle: [Int]
    /// `scatterCompletions[k][n]`: combinations of reels `k...` whose scatters, added to `n`, pay.
    private let scatterCompletions: [[Int]]
    /// Per depth, per line (or per paying symbol for ways): state after that many reels.
    private var wilds: [Int]
    private var first: [UInt8]
    private var run: [Int]
    private let width: Int

    init(game: CompiledGame, strips: ReelStrips) {
        self.game = game
        self.strips = strips
        reelCount = game.reelCount
        var suffixCycle = [Int](repeating: 1, count: reelCount + 1)
        for reel in stride(from: reelCount - 1, through: 0, by: -1) { suffixCycle[reel] = suffixCycle[reel + 1] * strips.lengths[reel] }
        self.suffixCycle = suffixCycle
        let maxScatters = game.scatterUnits.count - 1
        scatterCompletions = (0...reelCount).map { reel in
            let distribution = strips.scatterDistribution(from: reel)
            return (0...maxScatters).map { seen in
                var total = 0
                for (extra, combinations) in distribution.enumerated() where combinations > 0 {
                    if game.scatterUnits[min(seen + extra, maxScatters)] > 0 { total += combinations }
                }
                return total
            }
        }
        width = game.definition.kind == .lines ? game.lineCount : game.payingSymbols.count
        wilds = [Int](repeating: 0, count: width * (reelCount + 1))
        first = [UInt8](repeating: CompiledGame.none, count: width * (reelCount + 1))
        run = [Int](repeating: 0, count: width * (reelCount + 1))
    }

    /// The number of winning stop combinations.
    mutating func count() -> Int { visit(depth: 0, scatters: 0) }

    private mutating func visit(depth: Int, scatters: Int) -> Int {
        var hits = 0
        let maxScatters = game.scatterUnits.count - 1
        for stop in 0..<strips.lengths[depth] {
            let (paid, alive) = advance(depth: depth, stop: stop)
            let seen = min(scatters + Int(strips.scatters[strips.offsets[depth] + stop]), maxScatters)
            if paid || game.scatterUnits[seen] > 0 {
                hits += suffixCycle[depth + 1]
            } else if depth + 1 == reelCount {
                continue
            } else if !alive {
                hits += scatterCompletions[depth + 1][seen]
            } else {
                hits += visit(depth: depth + 1, scatters: seen)
            }
        }
        return hits
    }

    /// Computes the states at `depth + 1` from those at `depth` and the stop of reel `depth`.
    /// - Returns: whether something already pays, and whether any reading can still grow.
    private mutating func advance(depth: Int, stop: Int) -> (paid: Bool, alive: Bool) {
        let from = depth * width
        let to = from + width
        let next = depth + 1
        var paid = false
        var alive = false
        switch game.definition.kind {
        case .lines:
            for line in 0..<width {
                let symbol = strips.symbol(reel: depth, stop: stop, row: game.lineRows[line * reelCount + depth])
                var w = wilds[from + line]
                var f = first[from + line]
                var n = run[from + line]
                if w == depth {
                    if symbol == game.wild {
                        w = next
                    } else {
                        f = symbol
                        n = symbol == game.scatter ? 0 : next
                    }
                } else if n == depth, n > 0, symbol == f || symbol == game.wild {
                    n = next
                }
                wilds[to + line] = w
                first[to + line] = f
                run[to + line] = n
                if w > 0, game.pay(game.wild, w) > 0 || game.bestPay[w - 1] > 0 { paid = true }
                if n > 0, game.pay(f, n) > 0 { paid = true }
                if w == next, game.pay(game.wild, reelCount) > 0 || game.bestPay[reelCount - 1] > 0 { alive = true }
                if n == next, game.pay(f, reelCount) > 0 { alive = true }
            }
        case .ways:
            for (index, symbol) in game.payingSymbols.enumerated() {
                var n = run[from + index]
                if n == depth, strips.wayCounts[(strips.offsets[depth] + stop) * strips.symbolCount + Int(symbol)] > 0 {
                    n = next
                }
                run[to + index] = n
                if n > 0, game.pay(symbol, n) > 0 { paid = true }
                if n == next, game.pay(symbol, reelCount) > 0 { alive = true }
            }
        }
        return (paid, alive)
    }
}
