/// The simulator's inner loop: one game's tables copied once per worker into flat, pointer-addressed
/// memory, so a spin does no bounds checks, no reference counting and no allocation.
///
/// A lines game with a `LineTable` reads each payline with one lookup: each reel position holds its
/// symbol's reading class already scaled by the reel's place, so a line's table index is a sum over
/// reels. Reels are taken in pairs: per spin, the index parts of every row pair of a reel pair are
/// summed once (`rows²` sums per pair), and each line then adds one precomputed sum per pair.
/// Other lines games read lines as `CompiledGame` does.
/// For the same stops a spin pays what `Game.evaluate` pays at a bet of `coins` (tested).
final class SpinKernel {
    /// One reel set's tables.
    struct Reels {
        var lengths: UnsafeMutableBufferPointer<UInt64>
        var offsets: UnsafeMutableBufferPointer<Int>
        /// Symbol ids, laid out like `ReelStrips.symbols`.
        var symbols: UnsafeMutableBufferPointer<UInt8>
        /// Line-table class × the reel's place value, laid out like `symbols` (empty without a line table).
        var placed: UnsafeMutableBufferPointer<Int32>
        var scatters: UnsafeMutableBufferPointer<UInt8>
        var wayCounts: UnsafeMutableBufferPointer<UInt8>

        init(_ strips: ReelStrips, lineTable: LineTable?) {
            lengths = .copy(strips.lengths.map { UInt64($0) })
            offsets = .copy(strips.offsets)
            symbols = .copy(strips.symbols)
            var placed: [Int32] = []
            if let lineTable {
                placed = [Int32](repeating: 0, count: strips.symbols.count)
                for reel in 0..<strips.reelCount {
                    let end = reel + 1 < strips.reelCount ? strips.offsets[reel + 1] : strips.symbols.count
                    for index in strips.offsets[reel]..<end {
                        placed[index] = Int32(lineTable.classes[Int(strips.symbols[index])]) * lineTable.places[reel]
                    }
                }
            }
            self.placed = .copy(placed)
            scatters = .copy(strips.scatters)
            wayCounts = .copy(strips.wayCounts)
        }

        func deallocate() {
            lengths.deallocate()
            offsets.deallocate()
            symbols.deallocate()
            placed.deallocate()
            scatters.deallocate()
            wayCounts.deallocate()
        }
    }

    let game: CompiledGame
    private let reelCount: Int
    private let symbolCount: Int
    private let isLines: Bool
    private let lineCount: Int
    private let lineRows: UnsafeMutableBufferPointer<Int>
    /// Best reading in units of every symbol tuple (empty when the game has none).
    private let lineTable: UnsafeMutableBufferPointer<UInt16>
    private let hasLineTable: Bool
    private let pays: UnsafeMutableBufferPointer<Int>
    private let payingSymbols: UnsafeMutableBufferPointer<Int>
    private let scatterUnits: UnsafeMutableBufferPointer<Int>
    private let awards: UnsafeMutableBufferPointer<Int>
    private let freeMultiplier: Int
    private let retrigger: Bool
    /// Scratch: `offsets[reel] + stop` of the spin being evaluated.
    private let positions: UnsafeMutableBufferPointer<Int>
    /// Reel pairs (the last one single when `reelCount` is odd), and the first sum of each in `pairSums`.
    private let pairCount: Int
    private let pairStarts: UnsafeMutableBufferPointer<Int>
    /// Scratch: per pair, the line-table index part of every row pair (`rowA × rows + rowB`).
    private let pairSums: UnsafeMutableBufferPointer<Int>
    /// `lineCodes[line × pairCount + pair]`: where in `pairSums` the line's part for that pair is.
    private let lineCodes: UnsafeMutableBufferPointer<Int>
    private var reelSets: [ReelSetName: Reels] = [:]

    /// Builds the kernel of a compiled game.
    /// - Parameters:
    ///   - game: the compiled game.
    ///   - lineTable: the game's line table, or `nil` to read lines symbol by symbol.
    init(game: CompiledGame, lineTable: LineTable?) {
        self.game = game
        reelCount = game.reelCount
        symbolCount = game.symbolCount
        isLines = game.definition.kind == .lines
        lineCount = game.lineCount
        lineRows = .copy(game.lineRows)
        self.lineTable = .copy(lineTable?.pays ?? [])
        hasLineTable = lineTable != nil
        pays = .copy(game.pays)
        payingSymbols = .copy(game.payingSymbols.map { Int($0) })
        scatterUnits = .copy(game.scatterUnits)
        awards = .copy(game.awards)
        freeMultiplier = game.definition.freeSpins?.multiplier ?? 0
        retrigger = game.definition.freeSpins?.retrigger ?? false
        positions = .allocate(capacity: max(reelCount, 1))
        positions.initialize(repeating: 0)
        let rows = game.rows
        pairCount = (reelCount + 1) / 2
        let starts = (0..<pairCount).map { pair in pair * rows * rows }
        pairStarts = .copy(starts)
        pairSums = .allocate(capacity: max(pairCount * rows * rows, 1))
        pairSums.initialize(repeating: 0)
        var codes: [Int] = []
        for line in 0..<game.lineCount {
            for pair in 0..<pairCount {
                let first = game.lineRows[line * reelCount + 2 * pair]
                let second = 2 * pair + 1 < reelCount ? game.lineRows[line * reelCount + 2 * pair + 1] : 0
                codes.append(starts[pair] + first * rows + second)
            }
        }
        lineCodes = .copy(codes)
        for (name, strips) in game.strips { reelSets[name] = Reels(strips, lineTable: lineTable) }
    }

    deinit {
        lineRows.deallocate()
        lineTable.deallocate()
        pays.deallocate()
        payingSymbols.deallocate()
        scatterUnits.deallocate()
        awards.deallocate()
        positions.deallocate()
        pairStarts.deallocate()
        pairSums.deallocate()
        lineCodes.deallocate()
        for reels in reelSets.values { reels.deallocate() }
    }

    /// The tables of a reel set (`base` when the set is missing).
    func reels(_ name: ReelSetName) -> Reels? { reelSets[name] ?? reelSets[.base] }

    /// Draws one stop per reel and evaluates the spin.
    /// - Returns: the spin's win in units (line or ways and scatter, multiplier 1) and its scatter count.
    @inline(__always)
    func spin(_ reels: Reels, using generator: inout some RandomNumberGenerator) -> (units: Int, scatters: Int) {
        for reel in 0..<reelCount {
            positions[reel] = reels.offsets[reel] &+ Int(truncatingIfNeeded: generator.draw(below: reels.lengths[reel]))
        }
        return evaluate(reels)
    }

    /// Evaluates given stops (each in range) like `spin` does: for tests.
    func evaluate(_ reels: Reels, stops: [Int]) -> (units: Int, scatters: Int) {
        for reel in 0..<reelCount { positions[reel] = reels.offsets[reel] + stops[reel] }
        return evaluate(reels)
    }

    /// Plays a free-spins round of `awarded` spins on the `free` reels, retriggers included.
    /// - Returns: the round's win in units, multiplier applied, and the spins played and retriggered.
    @inline(__always)
    func playRound(awarded: Int, using generator: inout some RandomNumberGenerator) -> FreeSpinsResult {
        var round = FreeSpinsResult(units: 0, spinsPlayed: 0, retriggeredSpins: 0)
        guard freeMultiplier > 0, let free = reelSets[.free] else { return round }
        var left = awarded
        while left > 0 {
            left &-= 1
            round.spinsPlayed &+= 1
            let spin = spin(free, using: &generator)
            round.units &+= spin.units &* freeMultiplier
            if retrigger {
                let extra = awards[spin.scatters]
                left &+= extra
                round.retriggeredSpins &+= extra
            }
        }
        return round
    }

    /// The free spins `scatters` scatters award.
    @inline(__always)
    func award(scatters: Int) -> Int { awards[scatters] }

    @inline(__always)
    private func evaluate(_ reels: Reels) -> (units: Int, scatters: Int) {
        var scatters = 0
        for reel in 0..<reelCount { scatters &+= Int(reels.scatters[positions[reel]]) }
        var total = scatterUnits[scatters]
        if !isLines {
            total &+= waysUnits(reels)
        } else if !hasLineTable {
            total &+= linesUnitsByReading(reels)
        } else {
            total &+= linesUnitsByTable(reels)
        }
        return (total, scatters)
    }

    @inline(__always)
    private func linesUnitsByTable(_ reels: Reels) -> Int {
        let rows = game.rows
        for pair in 0..<pairCount {
            let start = pairStarts[pair]
            let first = positions[2 &* pair]
            if 2 &* pair &+ 1 < reelCount {
                let second = positions[2 &* pair &+ 1]
                for rowA in 0..<rows {
                    let part = Int(reels.placed[first &+ rowA])
                    for rowB in 0..<rows { pairSums[start &+ rowA &* rows &+ rowB] = part &+ Int(reels.placed[second &+ rowB]) }
                }
            } else {
                for rowA in 0..<rows { pairSums[start &+ rowA &* rows] = Int(reels.placed[first &+ rowA]) }
            }
        }
        var total = 0
        switch pairCount {
        case 3:  // five or six reels: the common shape, unrolled
            for line in 0..<lineCount {
                let code = line &* 3
                let index = pairSums[lineCodes[code]] &+ pairSums[lineCodes[code &+ 1]] &+ pairSums[lineCodes[code &+ 2]]
                total &+= Int(lineTable[index])
            }
        case 2:  // three or four reels
            for line in 0..<lineCount {
                let code = line &* 2
                total &+= Int(lineTable[pairSums[lineCodes[code]] &+ pairSums[lineCodes[code &+ 1]]])
            }
        default:
            var code = 0
            for _ in 0..<lineCount {
                var index = 0
                for _ in 0..<pairCount {
                    index &+= pairSums[lineCodes[code]]
                    code &+= 1
                }
                total &+= Int(lineTable[index])
            }
        }
        return total
    }

    private func linesUnitsByReading(_ reels: Reels) -> Int {
        var total = 0
        for line in 0..<lineCount {
            let rows = line &* reelCount
            total &+= game.readLine { reel in reels.symbols[positions[reel] &+ lineRows[rows &+ reel]] }.units
        }
        return total
    }

    @inline(__always)
    private func waysUnits(_ reels: Reels) -> Int {
        var total = 0
        for symbol in payingSymbols {
            var ways = 1
            var run = 0
            while run < reelCount {
                let count = Int(reels.wayCounts[positions[run] &* symbolCount &+ symbol])
                if count == 0 { break }
                ways &*= count
                run &+= 1
            }
            if run > 0 { total &+= pays[symbol &* reelCount &+ run &- 1] &* ways }
        }
        return total
    }
}

extension UnsafeMutableBufferPointer {
    /// A new buffer holding a copy of `elements` (deallocate it).
    fileprivate static func copy(_ elements: [Element]) -> Self {
        let buffer = Self.allocate(capacity: Swift.max(elements.count, 1))
        _ = buffer.initialize(from: elements)
        return buffer
    }
}
