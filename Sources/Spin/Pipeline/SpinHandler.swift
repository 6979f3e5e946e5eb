package import SlotMath

/// Step 4 of the pipeline: one handler per spin kind checks its preconditions, says what the spin
/// costs, and plays it.
///
/// Rules: `charge` decides only from the context (so a stored error is a pure function of the
/// player's state); `play` draws only from `generator` and never fails; neither touches the store.
package protocol SpinHandler: Sendable {
    /// Checks the preconditions and prices the spin.
    /// - Throws: a `SpinError`; stored errors (`feature_active`, `insufficient_funds`, …) are kept
    ///   under the key, others leave the key usable.
    func charge(_ context: SpinContext) throws(SpinError) -> SpinCharge

    /// Plays the spin on the decided reels.
    func play(
        _ context: SpinContext, charge: SpinCharge, reels: ReelSetName, using generator: inout some RandomNumberGenerator
    ) -> SpinPlay
}

extension SpinHandler {
    /// `feature_active` when a free-spins round is active.
    package func requireNoRound(_ context: SpinContext) throws(SpinError) {
        if context.round != nil { throw .featureActive }
    }

    /// `insufficient_funds` when the balance is below `debit`.
    package func requireFunds(_ context: SpinContext, debit: Int) throws(SpinError) {
        if context.wallet.balance < debit { throw .insufficientFunds(balance: context.wallet.balance, debit: debit) }
    }

    /// The request's bet, which validation guarantees for every kind but `free`.
    package func requiredBet(_ context: SpinContext) throws(SpinError) -> Int {
        guard let bet = context.request.body.bet else { throw .invalidRequest("bet: required") }
        return bet
    }

    /// A new round of the game's smallest award at `bet`.
    package func startRound(_ context: SpinContext, bet: Int, award: Int) -> FreeSpinsRound {
        FreeSpinsRound(
            game: context.game.rules.id, bet: bet, left: award, total: award,
            multiplier: context.game.rules.freeSpinsMultiplier, roundWin: 0)
    }
}
