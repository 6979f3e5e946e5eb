extension CompiledGame {
    /// Builds the API outcome for given stops; `reelWins` adds the mechanic's line or ways wins (in units).
    func outcome(
        stops rawStops: [Int], reels: ReelSetName, bet: Int, multiplier: Int,
        reelWins: (ReelStrips, UnsafeMutableBufferPointer<Int>) -> [(line: Int?, symbol: UInt8, count: Int, ways: Int?, units: Int)]
    ) -> SpinOutcome {
        guard let strips = strips[reels] ?? strips[.base] else {
            return SpinOutcome(stops: rawStops, grid: [], wins: [], scatterCount: 0, freeSpinsAwarded: 0, totalWin: 0)
        }
        // Stops outside a reel wrap around rather than trap: evaluation must never crash on input.
        var stops = (0..<reelCount).map { reel in
            let stop = reel < rawStops.count ? rawStops[reel] : 0
            return ((stop % strips.lengths[reel]) + strips.lengths[reel]) % strips.lengths[reel]
        }
        let names = definition.symbols
        let grid = (0..<reelCount).map { reel in
            (0..<rows).map { row in names[Int(strips.symbol(reel: reel, stop: stops[reel], row: row))] }
        }
        let scale = bet / definition.coins * multiplier
        var wins: [SpinWin] = []
        let (found, scatters) = stops.withUnsafeMutableBufferPointer { buffer in
            (reelWins(strips, buffer), scatterCount(strips, buffer))
        }
        for win in found {
            wins.append(
                SpinWin(line: win.line, symbol: names[Int(win.symbol)], count: win.count, ways: win.ways, amount: win.units * scale)
            )
        }
        if scatterUnits[scatters] > 0, let scatterName = definition.scatter {
            wins.append(
                SpinWin(line: nil, symbol: scatterName, count: scatters, ways: nil, amount: scatterUnits[scatters] * scale)
            )
        }
        return SpinOutcome(
            stops: stops, grid: grid, wins: wins, scatterCount: scatters, freeSpinsAwarded: awards[scatters],
            totalWin: wins.reduce(0) { $0 + $1.amount }
        )
    }
}
