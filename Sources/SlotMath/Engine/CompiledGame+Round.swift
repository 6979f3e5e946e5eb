/// The result of one free-spins round.
package struct FreeSpinsRound: Sendable, Hashable {
    /// Total round win in units (coins for a bet of `coins`), multiplier applied.
    package var units: Int
    /// Free spins played, retriggered ones included.
    package var spinsPlayed: Int
    /// Free spins added by retriggers.
    package var retriggeredSpins: Int
}

extension CompiledGame {
    /// Plays a whole free-spins round on the `free` reels: every win × multiplier, retriggers added
    /// when the game allows them. `stops` is scratch space of `reelCount` entries.
    @inline(__always)
    func playRound(
        awarded: Int, stops: UnsafeMutableBufferPointer<Int>, using generator: inout some RandomNumberGenerator
    ) -> FreeSpinsRound {
        guard let freeSpins = definition.freeSpins, let strips = strips[.free] else {
            return FreeSpinsRound(units: 0, spinsPlayed: 0, retriggeredSpins: 0)
        }
        var round = FreeSpinsRound(units: 0, spinsPlayed: 0, retriggeredSpins: 0)
        var left = awarded
        while left > 0 {
            left &-= 1
            round.spinsPlayed &+= 1
            for reel in 0..<reelCount { stops[reel] = Int.random(in: 0..<strips.lengths[reel], using: &generator) }
            let spin = spinUnits(strips, stops)
            round.units &+= spin.units &* freeSpins.multiplier
            if freeSpins.retrigger {
                let extra = awards[spin.scatters]
                left &+= extra
                round.retriggeredSpins &+= extra
            }
        }
        return round
    }
}

extension Simulator {
    /// Plays one free-spins round of `awarded` spins, as the simulator does (for tests and tools).
    /// - Parameters:
    ///   - awarded: spins awarded by the trigger.
    ///   - generator: the source of reel stops.
    /// - Returns: the round's win in units (coins for a bet of `coins`) and spin counts.
    package func playRound(awarded: Int, using generator: inout some RandomNumberGenerator) -> FreeSpinsRound {
        let stops = UnsafeMutableBufferPointer<Int>.allocate(capacity: game.reelCount)
        defer { stops.deallocate() }
        return game.playRound(awarded: awarded, stops: stops, using: &generator)
    }
}
