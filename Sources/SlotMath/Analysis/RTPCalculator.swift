/// Exact return to player of a game, without enumerating every stop combination.
///
/// Every reel stop is uniform and independent, so:
/// - a payline's expected win depends only on each reel's symbol frequencies (every row of a reel
///   shows each symbol as often), so one line is summed over distinct symbol tuples and × lines;
/// - a ways win factorises per reel: `Π E[matches]` up to the run's end × `P(no match)` after it;
/// - scatter counts per window convolve reel by reel;
/// - hit frequency is a pruned enumeration (`HitCounter`) that stops as soon as a prefix of
///   reels decides the outcome.
/// All sums are exact `Int` (64-bit) numerators over the cycle; for the shipped games the largest
/// is below 2^50. They become `Double` only in the final divisions. The free-spins round is
/// combined analytically: round win = awarded × E[free-spin win] ÷ (1 − E[retrigger spins per spin]).
package struct RTPCalculator: Sendable {
    let game: CompiledGame

    /// A calculator for a validated definition.
    package init(definition: GameDefinition) {
        game = CompiledGame(definition)
    }

    /// Exact figures when base-game spins play `reels`.
    /// - Parameter reels: `base` or `boosted` (free spins always play `free`).
    /// - Returns: the report.
    package func report(reels: ReelSetName = .base) -> RTPReport {
        let definition = game.definition
        guard let strips = game.strips[reels] ?? game.strips[.base] else {
            return RTPReport(
                game: definition.id, reels: reels, rtp: 0, baseRtp: 0, featureRtp: 0, buyRtp: nil,
                hitFrequency: 0, featureFrequency: 0, cycle: 0, method: "no reels"
            )
        }
        let coins = Double(definition.coins)
        let base = totals(strips)
        let cycle = Double(strips.cycle)
        let baseRtp = Double(base.winUnits) / cycle / coins
        var counter = HitCounter(game: game, strips: strips)
        let hits = counter.count()

        var featureRtp = 0.0
        var buyRtp: Double?
        if let freeSpins = definition.freeSpins, let freeStrips = game.strips[.free] {
            let free = totals(freeStrips)
            let freeWin = Double(free.winUnits * freeSpins.multiplier)
            let retrigger = freeSpins.retrigger ? free.awardedSpins : 0
            // Expected round win per awarded spin, in units: E[free-spin win] / (1 − E[retrigger]).
            let perAwardedSpin = freeWin / Double(freeStrips.cycle - retrigger)
            featureRtp = Double(base.awardedSpins) / cycle * perAwardedSpin / coins
            if let price = definition.buyMultiplier, let award = definition.smallestAward {
                buyRtp = Double(award) * perAwardedSpin / coins / Double(price)
            }
        }
        return RTPReport(
            game: definition.id, reels: reels, rtp: baseRtp + featureRtp, baseRtp: baseRtp, featureRtp: featureRtp,
            buyRtp: buyRtp, hitFrequency: Double(hits) / cycle,
            featureFrequency: Double(base.triggers) / cycle, cycle: strips.cycle,
            method: "exact: per-reel factorisation of \(definition.kind.rawValue) and scatter wins over \(strips.cycle) combinations, "
                + "pruned enumeration for hit frequency, free-spins round combined analytically"
        )
    }

    /// Sums over the whole cycle of a reel set (multiplier 1).
    struct Totals {
        /// Σ spin win in units (reel wins and scatter wins).
        var winUnits: Int
        /// Σ free spins awarded.
        var awardedSpins: Int
        /// Number of combinations awarding free spins.
        var triggers: Int
    }

    func totals(_ strips: ReelStrips) -> Totals {
        var totals = Totals(winUnits: reelWinNumerator(strips), awardedSpins: 0, triggers: 0)
        for (count, combinations) in strips.scatterDistribution().enumerated() where combinations > 0 {
            totals.winUnits += combinations * game.scatterUnits[count]
            totals.awardedSpins += combinations * game.awards[count]
            if game.awards[count] > 0 { totals.triggers += combinations }
        }
        return totals
    }

    /// Σ over every stop combination of the line or ways win, in units.
    func reelWinNumerator(_ strips: ReelStrips) -> Int {
        switch game.definition.kind {
        case .lines: linesNumerator(strips)
        case .ways: waysNumerator(strips)
        }
    }

    private func linesNumerator(_ strips: ReelStrips) -> Int {
        // Distinct symbols per reel with their stop counts.
        let frequencies: [[(symbol: UInt8, count: Int)]] = (0..<game.reelCount).map { reel in
            var counts = [Int](repeating: 0, count: game.symbolCount)
            for stop in 0..<strips.lengths[reel] { counts[Int(strips.symbol(reel: reel, stop: stop, row: 0))] += 1 }
            return counts.enumerated().filter { $0.element > 0 }.map { (UInt8($0.offset), $0.element) }
        }
        var tuple = [UInt8](repeating: 0, count: game.reelCount)
        var oneLine = 0
        func visit(_ reel: Int, _ weight: Int) {
            if reel == game.reelCount {
                oneLine += weight * game.readLine { tuple[$0] }.units
                return
            }
            for entry in frequencies[reel] {
                tuple[reel] = entry.symbol
                visit(reel + 1, weight * entry.count)
            }
        }
        visit(0, 1)
        return oneLine * game.lineCount
    }

    private func waysNumerator(_ strips: ReelStrips) -> Int {
        var total = 0
        for symbol in game.payingSymbols {
            // matches[reel]: Σ over stops of matching positions; misses[reel]: stops with none.
            var matches = [Int](repeating: 0, count: game.reelCount)
            var misses = [Int](repeating: 0, count: game.reelCount)
            for reel in 0..<game.reelCount {
                for stop in 0..<strips.lengths[reel] {
                    let count = Int(strips.wayCounts[(strips.offsets[reel] + stop) * strips.symbolCount + Int(symbol)])
                    matches[reel] += count
                    if count == 0 { misses[reel] += 1 }
                }
            }
            var prefix = 1
            for run in 1...game.reelCount {
                prefix *= matches[run - 1]
                var combinations = prefix
                if run < game.reelCount {
                    combinations *= misses[run]
                    for reel in (run + 1)..<game.reelCount { combinations *= strips.lengths[reel] }
                }
                total += game.pay(symbol, run) * combinations
            }
        }
        return total
    }
}
