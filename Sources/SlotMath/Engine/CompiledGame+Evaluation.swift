/// The best reading of one payline.
struct LineReading: Sendable {
    var units: Int
    var symbol: UInt8
    var count: Int
}

extension CompiledGame {
    /// Best reading of a line given the symbol at each reel, left to right.
    ///
    /// Readings are: for every paying symbol `s`, the run of `s` or wild from the left; and, when the
    /// wild pays, the run of wilds. Only three can be best: the wilds' own run, the first non-wild
    /// symbol's run, and (after leading wilds) the best-paying symbol's run of that many wilds.
    @inline(__always)
    func readLine(_ symbolAt: (Int) -> UInt8) -> LineReading {
        var wilds = 0
        while wilds < reelCount, symbolAt(wilds) == wild { wilds &+= 1 }
        var best = LineReading(units: 0, symbol: Self.none, count: 0)
        if wilds > 0 {
            let own = pay(wild, wilds)
            if own > 0 { best = LineReading(units: own, symbol: wild, count: wilds) }
            if bestPay[wilds &- 1] > best.units {
                best = LineReading(units: bestPay[wilds &- 1], symbol: bestPaySymbol[wilds &- 1], count: wilds)
            }
        }
        if wilds < reelCount {
            let first = symbolAt(wilds)
            if first != scatter {
                var run = wilds &+ 1
                while run < reelCount {
                    let next = symbolAt(run)
                    guard next == first || next == wild else { break }
                    run &+= 1
                }
                let units = pay(first, run)
                if units > best.units { best = LineReading(units: units, symbol: first, count: run) }
            }
        }
        return best
    }

    /// Scatters visible for these stops.
    @inline(__always)
    func scatterCount(_ strips: ReelStrips, _ stops: UnsafeMutableBufferPointer<Int>) -> Int {
        var count = 0
        for reel in 0..<reelCount { count &+= Int(strips.scatters[strips.offsets[reel] &+ stops[reel]]) }
        return count
    }
}
