/// How a spin request ended, decided where it ended (the pipeline, an error's definition, the
/// route that refused it) and carried by its `SpinReply` into metrics: nothing reads it back from
/// a status or a header.
package enum SpinDisposition: Int, Sendable, CaseIterable {
    /// Played and committed for the first time.
    case settled
    /// Answered from the stored response of an earlier request with the same key.
    case replayed
    /// Refused with a `409`: the key or the player was busy (`request_in_progress`, `player_busy`),
    /// or the player's round state refused it (`feature_active`, `no_active_feature`, first time).
    case conflict
    /// Refused for any other reason (bad input, a reused key, funds, rate limit, store unavailable…).
    case rejected

    /// The `outcome` label value in `/metrics`.
    package var label: String {
        switch self {
        case .settled: "settled"
        case .replayed: "replayed"
        case .conflict: "conflict"
        case .rejected: "rejected"
        }
    }
}
