/// Exact theoretical figures of one game and reel set.
package struct RTPReport: Sendable, Hashable, Codable {
    /// The game id.
    package var game: String
    /// The reel set played by base-game spins (`base` or `boosted`).
    package var reels: ReelSetName
    /// Total return to player as a fraction of the bet: `baseRtp + featureRtp`.
    package var rtp: Double
    /// Return of base-game spin wins (lines or ways, and scatter).
    package var baseRtp: Double
    /// Return of the free-spins rounds the base game triggers.
    package var featureRtp: Double
    /// Expected round win of the smallest award over its price `bet × buyMultiplier`; `nil` without a buy feature.
    package var buyRtp: Double?
    /// Probability that a base-game spin wins anything.
    package var hitFrequency: Double
    /// Probability that a base-game spin triggers free spins.
    package var featureFrequency: Double
    /// Number of distinct stop combinations of the reel set (product of reel lengths).
    package var cycle: Int
    /// How the figures were computed.
    package var method: String

    package init(
        game: String, reels: ReelSetName, rtp: Double, baseRtp: Double, featureRtp: Double, buyRtp: Double?,
        hitFrequency: Double, featureFrequency: Double, cycle: Int, method: String
    ) {
        self.game = game
        self.reels = reels
        self.rtp = rtp
        self.baseRtp = baseRtp
        self.featureRtp = featureRtp
        self.buyRtp = buyRtp
        self.hitFrequency = hitFrequency
        self.featureFrequency = featureFrequency
        self.cycle = cycle
        self.method = method
    }
}
