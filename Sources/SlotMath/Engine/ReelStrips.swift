/// One reel set as flat integer tables, precomputed once per game.
struct ReelStrips: Sendable {
    let reelCount: Int
    let rows: Int
    /// Stops per reel.
    let lengths: [Int]
    /// Each reel's symbols followed by its first `rows - 1` again, so a window never wraps.
    let symbols: [UInt8]
    /// Start of each reel in `symbols`.
    let offsets: [Int]
    /// Scatters visible in the window at each stop, indexed like `symbols` (`offsets[reel] + stop`).
    let scatters: [UInt8]
    /// Per window, for each symbol: how many of that symbol or the wild it shows
    /// (`wayCounts[(offsets[reel] + stop) * symbolCount + symbol]`), for ways evaluation.
    let wayCounts: [UInt8]
    let symbolCount: Int
    /// Product of reel lengths: the number of distinct stop combinations.
    let cycle: Int

    init(reels: [[UInt8]], rows: Int, symbolCount: Int, wild: UInt8, scatter: UInt8) {
        reelCount = reels.count
        self.rows = rows
        self.symbolCount = symbolCount
        lengths = reels.map(\.count)
        var symbols: [UInt8] = []
        var offsets: [Int] = []
        var scatters: [UInt8] = []
        var wayCounts: [UInt8] = []
        for reel in reels {
            offsets.append(symbols.count)
            for stop in 0..<(reel.count + rows - 1) { symbols.append(reel[stop % reel.count]) }
            for stop in 0..<(reel.count + rows - 1) {
                var counts = [UInt8](repeating: 0, count: symbolCount)
                var scatterCount: UInt8 = 0
                for row in 0..<rows {
                    let symbol = reel[(stop + row) % reel.count]
                    if symbol == scatter { scatterCount += 1 }
                    if symbol == wild {
                        for other in 0..<symbolCount where UInt8(other) != scatter { counts[other] += 1 }
                    } else {
                        counts[Int(symbol)] += 1
                    }
                }
                scatters.append(scatterCount)
                wayCounts.append(contentsOf: counts)
            }
        }
        self.symbols = symbols
        self.offsets = offsets
        self.scatters = scatters
        self.wayCounts = wayCounts
        cycle = lengths.reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? .max : $0 * $1 }
    }

    /// The symbol shown at `row` of `reel` for `stop`.
    @inline(__always)
    func symbol(reel: Int, stop: Int, row: Int) -> UInt8 {
        symbols[offsets[reel] &+ stop &+ row]
    }

    /// `result[n]`: stop combinations of reels `from...` showing `n` scatters in total.
    func scatterDistribution(from first: Int = 0) -> [Int] {
        var distribution = [1]
        for reel in first..<reelCount {
            var perReel = [Int](repeating: 0, count: rows + 1)
            for stop in 0..<lengths[reel] { perReel[Int(scatters[offsets[reel] + stop])] += 1 }
            var next = [Int](repeating: 0, count: distribution.count + rows)
            for (count, combinations) in distribution.enumerated() where combinations > 0 {
                for (extra, stops) in perReel.enumerated() where stops > 0 {
                    next[count + extra] += combinations * stops
                }
            }
            distribution = next
        }
        return distribution
    }
}
