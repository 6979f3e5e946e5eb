/// What a simulation run measured.
package struct SimulationReport: Sendable, Hashable, Codable {
    package var game: String
    /// The reel set of base-game spins.
    package var reels: ReelSetName
    package var mode: SimulationMode
    /// Trials played: base-game spins (each with its whole free-spins round) or bought rounds.
    package var spins: Int
    package var seed: UInt64
    package var threads: Int
    /// Measured return to player: total won over total staked.
    package var rtp: Double
    /// 95% confidence interval of `rtp`, from the variance of per-trial wins.
    package var rtpLow: Double
    package var rtpHigh: Double
    /// Standard deviation of one trial's win, in units of its stake (the bet, or the buy price).
    package var standardDeviation: Double
    /// Fraction of trials whose base spin (normal) or round (buy) won anything.
    package var hitFrequency: Double
    /// Largest single trial win (spin plus its round), as a multiple of the bet.
    package var largestWin: Double
    /// Fraction of base-game spins triggering free spins (1 in buy mode).
    package var featureFrequency: Double
    /// Trials per second of wall time.
    package var spinsPerSecond: Double
    /// Wall time in seconds.
    package var seconds: Double

    /// Half-width of a confidence interval at `z` standard errors (1.96 → 95%, 2.576 → 99%).
    package func halfWidth(z: Double) -> Double { (rtpHigh - rtp) / 1.959964 * z }
}

/// What one simulated trial is.
package enum SimulationMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// A base-game spin at the bet, playing any free-spins round it triggers.
    case normal
    /// A bought free-spins round of the smallest award at `bet × buyMultiplier`.
    case buy
}
