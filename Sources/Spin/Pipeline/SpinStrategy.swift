/// Step 3 of the pipeline: refines the decision of which handler plays and on which reels.
///
/// Strategies run in order, each seeing what the previous ones decided; they read the player's
/// state and must not play, draw random numbers or touch the store. A new rule (a promotion, a
/// boost) is a new strategy added to the chain, never a branch in the pipeline.
package protocol SpinStrategy: Sendable {
    /// Adjusts `decision` for the spin in `context`.
    func decide(_ context: SpinContext, _ decision: inout SpinDecision)
}

/// The strategy chain onespin runs by default.
package enum SpinStrategies {
    /// Kind → handler and reels, then boost.
    package static let standard: [any SpinStrategy] = [KindStrategy(), BoostStrategy()]
}

/// Picks the handler of the request's kind; free spins play on the `free` reels, everything else
/// on `base`.
package struct KindStrategy: SpinStrategy {
    package init() {}

    package func decide(_ context: SpinContext, _ decision: inout SpinDecision) {
        switch context.request.body.kind {
        case .normal:
            decision.handler = NormalSpinHandler()
            decision.reels = .base
        case .buyFeature:
            decision.handler = BuyFeatureHandler()
            decision.reels = .base
        case .ticket:
            decision.handler = TicketHandler()
            decision.reels = .base
        case .free:
            decision.handler = FreeSpinHandler()
            decision.reels = .free
        }
    }
}

/// Base-game spins of a boosted player (boost deadline in the future) use the `boosted` reels.
package struct BoostStrategy: SpinStrategy {
    package init() {}

    package func decide(_ context: SpinContext, _ decision: inout SpinDecision) {
        if decision.reels == .base, context.wallet.isBoosted(at: context.nowMillis) {
            decision.reels = .boosted
        }
    }
}
