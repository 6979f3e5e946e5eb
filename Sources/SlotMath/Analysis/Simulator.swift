import Dispatch
import Synchronization

/// Plays many seeded trials of a game, whole free-spins rounds included, on several threads.
///
/// Trials are split into fixed chunks of `chunkSize`; chunk `k` draws from stream `k` of the seed,
/// and chunk results merge in chunk order, so the report is the same for any thread count.
package struct Simulator: Sendable {
    let game: CompiledGame
    /// The lines game's line table, built once and copied per worker.
    let lineTable: LineTable?
    /// Trials per chunk (and per RNG stream).
    package static let chunkSize = 1 << 16

    /// A simulator for a validated definition.
    /// - Parameters:
    ///   - definition: a validated definition.
    ///   - lineTableLimit: largest line table (in entries) a lines game may use; 0 reads every line
    ///     symbol by symbol (slower, same results).
    package init(definition: GameDefinition, lineTableLimit: Int = 1 << 20) {
        game = CompiledGame(definition)
        lineTable = LineTable(game: game, limit: lineTableLimit)
    }

    /// Runs the simulation.
    /// - Parameters:
    ///   - spins: number of trials.
    ///   - seed: the run's seed.
    ///   - threads: worker threads (results do not depend on it).
    ///   - reels: reel set of base-game spins.
    ///   - mode: normal spins or bought rounds (`buy` on a game without a buy feature plays nothing).
    ///   - progress: called after each chunk with (trials done, total), from a worker thread.
    /// - Returns: the measured figures.
    package func run(
        spins: Int, seed: UInt64, threads: Int = 1, reels: ReelSetName = .base, mode: SimulationMode = .normal,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) -> SimulationReport {
        let start = ContinuousClock.now
        let total = max(0, spins)
        let chunks = (total + Self.chunkSize - 1) / Self.chunkSize
        let nextChunk = Atomic<Int>(0)
        let done = Atomic<Int>(0)
        let results = Mutex<[ChunkTally]>(Array(repeating: ChunkTally(), count: chunks))
        let workers = max(1, min(threads, max(chunks, 1)))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let kernel = SpinKernel(game: game, lineTable: lineTable)
            while true {
                let chunk = nextChunk.wrappingAdd(1, ordering: .relaxed).oldValue
                guard chunk < chunks else { return }
                let count = min(Self.chunkSize, total - chunk * Self.chunkSize)
                var generator = Xoshiro256StarStar(seed: seed, stream: UInt64(chunk))
                let tally = Self.playChunk(kernel, count: count, reels: reels, mode: mode, using: &generator)
                results.withLock { $0[chunk] = tally }
                let finished = done.wrappingAdd(count, ordering: .relaxed).newValue
                progress?(finished, total)
            }
        }
        var sum = ChunkTally()
        for tally in results.withLock({ $0 }) { sum.merge(tally) }
        let elapsed = start.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return report(sum, spins: total, seed: seed, threads: workers, reels: reels, mode: mode, seconds: seconds)
    }

    private func report(
        _ sum: ChunkTally, spins: Int, seed: UInt64, threads: Int, reels: ReelSetName, mode: SimulationMode, seconds: Double
    ) -> SimulationReport {
        let coins = Double(game.definition.coins)
        let stake = mode == .buy ? coins * Double(game.definition.buyMultiplier ?? 1) : coins
        let n = Double(max(spins, 1))
        let mean = Double(sum.units) / n
        let variance = max(0, sum.squares / n - mean * mean)
        let deviation = variance.squareRoot() / stake
        let rtp = mean / stake
        let halfWidth = 1.959964 * deviation / n.squareRoot()
        return SimulationReport(
            game: game.definition.id, reels: reels, mode: mode, spins: spins, seed: seed, threads: threads,
            rtp: rtp, rtpLow: rtp - halfWidth, rtpHigh: rtp + halfWidth, standardDeviation: deviation,
            hitFrequency: Double(sum.hits) / n, largestWin: Double(sum.largest) / coins,
            featureFrequency: Double(sum.triggers) / n, spinsPerSecond: seconds > 0 ? Double(spins) / seconds : 0,
            seconds: seconds
        )
    }

    private static func playChunk(
        _ kernel: SpinKernel, count: Int, reels: ReelSetName, mode: SimulationMode, using generator: inout Xoshiro256StarStar
    ) -> ChunkTally {
        var tally = ChunkTally()
        guard let strips = kernel.reels(reels) else { return tally }
        let award = kernel.game.definition.smallestAward ?? 0
        if mode == .buy, kernel.game.definition.buyMultiplier == nil { return tally }
        for _ in 0..<count {
            var units: Int
            switch mode {
            case .normal:
                let spin = kernel.spin(strips, using: &generator)
                units = spin.units
                if units > 0 { tally.hits &+= 1 }
                let awarded = kernel.award(scatters: spin.scatters)
                if awarded > 0 {
                    tally.triggers &+= 1
                    units &+= kernel.playRound(awarded: awarded, using: &generator).units
                }
            case .buy:
                units = kernel.playRound(awarded: award, using: &generator).units
                if units > 0 { tally.hits &+= 1 }
                tally.triggers &+= 1
            }
            tally.units &+= units
            tally.squares += Double(units) * Double(units)
            if units > tally.largest { tally.largest = units }
        }
        return tally
    }
}

/// Sums over one chunk of trials, in units.
struct ChunkTally: Sendable {
    var units = 0
    var squares = 0.0
    var hits = 0
    var triggers = 0
    var largest = 0

    mutating func merge(_ other: ChunkTally) {
        units += other.units
        squares += other.squares
        hits += other.hits
        triggers += other.triggers
        largest = max(largest, other.largest)
    }
}
