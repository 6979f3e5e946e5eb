/// What a spin request asks for (API.md `kind`).
package enum SpinKind: String, Sendable, Hashable, CaseIterable {
    /// A paid spin on the base game.
    case normal
    /// Pays `bet × buyMultiplier` and starts a free-spins round at once.
    case buyFeature = "buy_feature"
    /// Consumes one buy-feature ticket instead of paying.
    case ticket
    /// The next spin of an active free-spins round.
    case free
}
