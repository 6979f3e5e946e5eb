package import SlotMath

/// `normal`: pays the bet, plays one spin; a scatter trigger starts a round at the spin's bet.
package struct NormalSpinHandler: SpinHandler {
    package init() {}

    package func charge(_ context: SpinContext) throws(SpinError) -> SpinCharge {
        try requireNoRound(context)
        let bet = try requiredBet(context)
        try requireFunds(context, debit: bet)
        return SpinCharge(bet: bet, debit: bet)
    }

    package func play(
        _ context: SpinContext, charge: SpinCharge, reels: ReelSetName, using generator: inout some RandomNumberGenerator
    ) -> SpinPlay {
        let outcome = context.game.play(reels: reels, bet: charge.bet, multiplier: 1, using: &generator)
        let round = outcome.freeSpinsAwarded > 0 && context.game.rules.hasFeature
            ? startRound(context, bet: charge.bet, award: outcome.freeSpinsAwarded) : nil
        return SpinPlay(outcome: outcome, win: outcome.totalWin, round: round)
    }
}

/// `buy_feature`: pays `bet × buyMultiplier` and starts a round of the smallest award at once.
/// It plays no reels: the response shows `reels: []`, `win: 0` and the new round.
package struct BuyFeatureHandler: FeatureRoundStarter {
    package init() {}

    package func charge(_ context: SpinContext) throws(SpinError) -> SpinCharge {
        try requireNoRound(context)
        let bet = try requiredBet(context)
        guard let multiplier = context.game.rules.buyMultiplier else {
            throw .invalidRequest("kind: game \"\(context.game.rules.id)\" has no buy feature")
        }
        let (price, overflow) = bet.multipliedReportingOverflow(by: multiplier)
        guard !overflow else { throw .invalidRequest("bet: price overflows") }
        try requireFunds(context, debit: price)
        return SpinCharge(bet: bet, debit: price)
    }
}

/// `ticket`: consumes one ticket of the game instead of paying; like `buy_feature` otherwise.
package struct TicketHandler: FeatureRoundStarter {
    package init() {}

    package func charge(_ context: SpinContext) throws(SpinError) -> SpinCharge {
        try requireNoRound(context)
        let bet = try requiredBet(context)
        guard (context.wallet.tickets[context.game.rules.id] ?? 0) > 0 else {
            throw .noTicket(game: context.game.rules.id)
        }
        return SpinCharge(bet: bet, debit: 0, ticketsUsed: 1)
    }
}

/// A handler that plays no reels and starts a round of the game's smallest award at the spin's
/// bet (`buy_feature`, `ticket`): they differ only in what they charge.
package protocol FeatureRoundStarter: SpinHandler {}

extension FeatureRoundStarter {
    package func play(
        _ context: SpinContext, charge: SpinCharge, reels: ReelSetName, using generator: inout some RandomNumberGenerator
    ) -> SpinPlay {
        SpinPlay(outcome: nil, win: 0, round: startRound(context, bet: charge.bet, award: context.game.rules.featureAward ?? 0))
    }
}

/// `free`: the next spin of the active round, on the decided reels with the round's multiplier;
/// a retrigger adds awards; the last spin ends the round.
package struct FreeSpinHandler: SpinHandler {
    package init() {}

    package func charge(_ context: SpinContext) throws(SpinError) -> SpinCharge {
        guard let round = context.round else { throw .noActiveFeature }
        guard round.game == context.game.rules.id else {
            throw .invalidRequest("game: the active round is on \"\(round.game)\"")
        }
        // The round comes from the store: its bet must be one of the game's, so the win (bet × pay ×
        // multiplier, the multiplier bounded when the round is read) cannot overflow.
        guard context.game.rules.bets.contains(round.bet) else {
            throw .internalError("round: the stored bet \(round.bet) is not one of the game's bets")
        }
        if let bet = context.request.body.bet, bet != round.bet {
            throw .invalidRequest("bet: must equal the round's bet \(round.bet) or be omitted")
        }
        return SpinCharge(bet: round.bet, debit: 0)
    }

    package func play(
        _ context: SpinContext, charge: SpinCharge, reels: ReelSetName, using generator: inout some RandomNumberGenerator
    ) -> SpinPlay {
        guard var round = context.round else { return SpinPlay(outcome: nil, win: 0, round: nil) }
        let outcome = context.game.play(reels: reels, bet: round.bet, multiplier: round.multiplier, using: &generator)
        round.left -= 1
        if context.game.rules.retrigger, outcome.freeSpinsAwarded > 0 {
            round.left += outcome.freeSpinsAwarded
            round.total += outcome.freeSpinsAwarded
        }
        round.roundWin += outcome.totalWin
        return SpinPlay(outcome: outcome, win: outcome.totalWin, round: round.left > 0 ? round : nil)
    }
}
