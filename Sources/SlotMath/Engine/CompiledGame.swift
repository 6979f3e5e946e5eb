/// A definition compiled for speed: symbols are small integer ids, every reel set is a flat table.
///
/// Money inside the engine is counted in *units*: coins for a bet of `coins`. A win of `u` units
/// pays `u × bet / coins` minor units, exact because every bet is a multiple of `coins`. Line wins
/// are `pays`, ways wins `pays × ways`, scatter wins `scatterPays × coins`.
struct CompiledGame: Sendable {
    /// Symbol id meaning "none" (no wild, no scatter, no symbol yet).
    static let none: UInt8 = .max

    let definition: GameDefinition
    let reelCount: Int
    let rows: Int
    let wild: UInt8
    let scatter: UInt8
    let symbolCount: Int
    /// `pays[symbol * reelCount + n - 1]`, zero for symbols without pays.
    let pays: [Int]
    /// Symbols that can form a line or way reading: every symbol with pays except the wild.
    let payingSymbols: [UInt8]
    /// `bestPay[n - 1]`: best pay among `payingSymbols` for a run of `n` (a wild-only run's substitute reading).
    let bestPay: [Int]
    /// The symbol giving `bestPay[n - 1]`.
    let bestPaySymbol: [UInt8]
    /// `scatterUnits[n]`: scatter win in units for `n` scatters (index 0 is 0).
    let scatterUnits: [Int]
    /// `awards[n]`: free spins for `n` scatters (index 0 is 0).
    let awards: [Int]
    /// Row per reel, `lineRows[line * reelCount + reel]`.
    let lineRows: [Int]
    let lineCount: Int
    let strips: [ReelSetName: ReelStrips]

    init(_ definition: GameDefinition) {
        self.definition = definition
        let reelCount = definition.reelCount
        self.reelCount = reelCount
        rows = definition.rows
        symbolCount = definition.symbols.count
        var ids: [String: UInt8] = [:]
        for (index, symbol) in definition.symbols.enumerated() { ids[symbol] = UInt8(index) }
        let wild = definition.wild.flatMap { ids[$0] } ?? Self.none
        let scatter = definition.scatter.flatMap { ids[$0] } ?? Self.none
        self.wild = wild
        self.scatter = scatter

        var pays = [Int](repeating: 0, count: symbolCount * reelCount)
        var paying: [UInt8] = []
        for (symbol, values) in definition.pays {
            guard let id = ids[symbol] else { continue }
            for (index, value) in values.enumerated() { pays[Int(id) * reelCount + index] = value }
            if id != wild, values.contains(where: { $0 > 0 }) { paying.append(id) }
        }
        self.pays = pays
        payingSymbols = paying.sorted()
        var bestPay = [Int](repeating: 0, count: reelCount)
        var bestPaySymbol = [UInt8](repeating: Self.none, count: reelCount)
        for n in 0..<reelCount {
            for symbol in payingSymbols where pays[Int(symbol) * reelCount + n] > bestPay[n] {
                bestPay[n] = pays[Int(symbol) * reelCount + n]
                bestPaySymbol[n] = symbol
            }
        }
        self.bestPay = bestPay
        self.bestPaySymbol = bestPaySymbol
        scatterUnits = [0] + definition.scatterPays.map { $0 * definition.coins } + Array(repeating: 0, count: max(0, reelCount - definition.scatterPays.count))
        awards = [0] + (definition.freeSpins?.awards ?? Array(repeating: 0, count: reelCount))
        lineRows = definition.lines.flatMap { $0 }
        lineCount = definition.lines.count

        var strips: [ReelSetName: ReelStrips] = [:]
        for (name, reels) in definition.reelSets {
            strips[name] = ReelStrips(
                reels: reels.map { $0.map { ids[$0] ?? 0 } }, rows: definition.rows, symbolCount: symbolCount,
                wild: wild, scatter: scatter
            )
        }
        self.strips = strips
    }

    /// The id of a symbol name.
    func id(of symbol: String) -> UInt8? {
        definition.symbols.firstIndex(of: symbol).map { UInt8($0) }
    }

    /// The pay for a run of `count` of `symbol`.
    @inline(__always)
    func pay(_ symbol: UInt8, _ count: Int) -> Int {
        pays[Int(symbol) &* reelCount &+ count &- 1]
    }

    /// Expected retrigger spins per free spin as an exact fraction (numerator, denominator = cycle of `free`).
    func retriggerSpinsPerFreeSpin() -> (Int, Int) {
        guard definition.freeSpins?.retrigger == true, let free = strips[.free] else { return (0, 1) }
        let distribution = free.scatterDistribution()
        var numerator = 0
        for (count, combinations) in distribution.enumerated() where combinations > 0 { numerator += combinations * awards[count] }
        return (numerator, free.cycle)
    }
}
