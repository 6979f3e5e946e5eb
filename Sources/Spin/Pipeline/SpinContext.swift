package import SlotMath

/// Everything the decide and play steps may read about one claimed spin.
package struct SpinContext: Sendable {
    /// The validated request.
    package let request: SpinRequest
    /// The game the request names.
    package let game: any SpinGame
    /// The wallet as the claim read it.
    package let wallet: Wallet
    /// The active free-spins round, if any.
    package let round: FreeSpinsRound?
    /// The time of the decision, epoch ms.
    package let nowMillis: Int64

    package init(request: SpinRequest, game: any SpinGame, wallet: Wallet, round: FreeSpinsRound?, nowMillis: Int64) {
        self.request = request
        self.game = game
        self.wallet = wallet
        self.round = round
        self.nowMillis = nowMillis
    }
}

/// What the strategies decided before anything is played.
package struct SpinDecision: Sendable {
    /// The handler that plays the spin; a strategy must set it.
    package var handler: (any SpinHandler)?
    /// The reel set the spin plays on.
    package var reels: ReelSetName

    package init(handler: (any SpinHandler)? = nil, reels: ReelSetName = .base) {
        self.handler = handler
        self.reels = reels
    }
}

/// What a handler says a spin costs, after checking its preconditions.
package struct SpinCharge: Sendable, Hashable {
    /// The bet the spin plays at (the round's bet for free spins).
    package var bet: Int
    /// Taken from the balance.
    package var debit: Int
    /// Tickets of the request's game consumed.
    package var ticketsUsed: Int

    package init(bet: Int, debit: Int, ticketsUsed: Int = 0) {
        self.bet = bet
        self.debit = debit
        self.ticketsUsed = ticketsUsed
    }
}

/// What a handler played.
package struct SpinPlay: Sendable, Hashable {
    /// The evaluated reels; `nil` when the spin plays no reels (a bought round starts at once).
    package var outcome: SpinOutcome?
    /// Added to the balance.
    package var win: Int
    /// The round after this spin; `nil` when none is active.
    package var round: FreeSpinsRound?

    package init(outcome: SpinOutcome?, win: Int, round: FreeSpinsRound?) {
        self.outcome = outcome
        self.win = win
        self.round = round
    }
}
