/// An active free-spins round of one player.
package struct FreeSpinsRound: Sendable, Hashable {
    /// The game the round belongs to.
    package var game: String
    /// The bet level the round plays at, in minor units.
    package var bet: Int
    /// Free spins still to play.
    package var left: Int
    /// Free spins awarded in all (retriggers included).
    package var total: Int
    /// Applied to every win of the round.
    package var multiplier: Int
    /// What the round has won so far, in minor units.
    package var roundWin: Int

    package init(game: String, bet: Int, left: Int, total: Int, multiplier: Int, roundWin: Int) {
        self.game = game
        self.bet = bet
        self.left = left
        self.total = total
        self.multiplier = multiplier
        self.roundWin = roundWin
    }
}
