/// The best reading, in units, of every line a lines game can show: one lookup per payline.
///
/// Symbols are first folded into reading classes: each paying symbol and the wild keep their own
/// class, and every other symbol (scatter, blanks) shares one, since it pays nothing and ends any
/// run wherever it stands. A line of classes `c[0], …, c[n-1]` pays `pays[Σ c[reel] × places[reel]]`.
struct LineTable: Sendable {
    /// Reading class of each symbol id.
    let classes: [UInt8]
    /// Place value of each reel: `classCount^(reelCount − 1 − reel)`.
    let places: [Int32]
    /// Best reading in units of each class tuple.
    let pays: [UInt16]

    /// Builds the table of a lines game.
    /// - Parameters:
    ///   - game: the compiled game.
    ///   - limit: largest table, in entries.
    /// - Returns: `nil` for a ways game, a table past `limit`, or a pay above `UInt16.max`.
    init?(game: CompiledGame, limit: Int) {
        let reelCount = game.reelCount
        guard game.definition.kind == .lines, reelCount > 0, game.pays.allSatisfy({ $0 >= 0 && $0 <= Int(UInt16.max) }) else {
            return nil
        }
        var classes = [UInt8](repeating: 0, count: game.symbolCount)
        var representatives: [UInt8] = []
        var dead: UInt8?
        for symbol in 0..<game.symbolCount {
            let id = UInt8(symbol)
            if id == game.wild || game.payingSymbols.contains(id) {
                classes[symbol] = UInt8(representatives.count)
                representatives.append(id)
            } else if let dead {
                classes[symbol] = dead
            } else {
                dead = UInt8(representatives.count)
                classes[symbol] = UInt8(representatives.count)
                representatives.append(id)
            }
        }
        let classCount = representatives.count
        var size = 1
        for _ in 0..<reelCount {
            let (next, overflow) = size.multipliedReportingOverflow(by: classCount)
            guard !overflow, next <= limit, next <= Int(Int32.max) else { return nil }
            size = next
        }
        var places = [Int32](repeating: 1, count: reelCount)
        for reel in stride(from: reelCount - 2, through: 0, by: -1) { places[reel] = places[reel + 1] * Int32(classCount) }
        var pays = [UInt16](repeating: 0, count: size)
        var tuple = [Int](repeating: 0, count: reelCount)
        for index in 0..<size {
            pays[index] = UInt16(game.readLine { representatives[tuple[$0]] }.units)
            // Next tuple: increment the last reel's class, carrying leftwards.
            var reel = reelCount - 1
            while reel >= 0 {
                tuple[reel] += 1
                if tuple[reel] < classCount { break }
                tuple[reel] = 0
                reel -= 1
            }
        }
        self.classes = classes
        self.places = places
        self.pays = pays
    }
}
