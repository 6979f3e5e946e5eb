import JSON

/// A domain error of the spin API: a stable `code`, its HTTP status and an RFC 9457 body.
///
/// `isStored` says whether the error is decided by the player's state and therefore stored under
/// the idempotency key and replayed like a `200` (API.md's error table, last column).
package struct SpinError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: String, Sendable, Hashable {
        case missingIdempotencyKey = "missing_idempotency_key"
        case invalidIdempotencyKey = "invalid_idempotency_key"
        case invalidRequest = "invalid_request"
        case unauthorized
        case unknownGame = "unknown_game"
        case unknownPlayer = "unknown_player"
        case unknownSpin = "unknown_spin"
        case requestInProgress = "request_in_progress"
        case playerBusy = "player_busy"
        case featureActive = "feature_active"
        case noActiveFeature = "no_active_feature"
        case insufficientFunds = "insufficient_funds"
        case noTicket = "no_ticket"
        case idempotencyKeyReused = "idempotency_key_reused"
        case balanceLimitExceeded = "balance_limit_exceeded"
        case internalError = "internal_error"
        case rateLimited = "rate_limited"
        case storeUnavailable = "store_unavailable"
    }

    private let base: Code
    /// What was wrong, precisely, naming the field or header.
    package let detail: String
    /// Seconds for `Retry-After`, when the client should retry.
    package let retryAfter: Int?
    /// What the operator needs and the client does not (the store's own words on a `5xx`): logged
    /// with the request, never sent.
    package let cause: String?

    private init(_ base: Code, _ detail: String, retryAfter: Int? = nil, cause: String? = nil) {
        self.base = base
        self.detail = detail
        self.retryAfter = retryAfter
        self.cause = cause
    }

    /// The stable snake_case code.
    package var code: String { base.rawValue }

    /// The HTTP status.
    package var status: Int {
        switch base {
        case .missingIdempotencyKey, .invalidIdempotencyKey, .invalidRequest: 400
        case .unauthorized: 401
        case .insufficientFunds, .noTicket: 402
        case .unknownGame, .unknownPlayer, .unknownSpin: 404
        case .requestInProgress, .playerBusy, .featureActive, .noActiveFeature: 409
        case .idempotencyKeyReused, .balanceLimitExceeded: 422
        case .internalError: 500
        case .rateLimited: 429
        case .storeUnavailable: 503
        }
    }

    /// A short human summary of the problem type.
    package var title: String {
        switch base {
        case .missingIdempotencyKey: "Missing idempotency key"
        case .invalidIdempotencyKey: "Invalid idempotency key"
        case .invalidRequest: "Invalid request"
        case .unauthorized: "Unauthorized"
        case .unknownGame: "Unknown game"
        case .unknownPlayer: "Unknown player"
        case .unknownSpin: "Unknown spin"
        case .requestInProgress: "Request in progress"
        case .playerBusy: "Player busy"
        case .featureActive: "Free-spins round active"
        case .noActiveFeature: "No active free-spins round"
        case .insufficientFunds: "Insufficient funds"
        case .noTicket: "No ticket"
        case .idempotencyKeyReused: "Idempotency key reused"
        case .balanceLimitExceeded: "Balance limit exceeded"
        case .internalError: "Internal error"
        case .rateLimited: "Rate limited"
        case .storeUnavailable: "Store unavailable"
        }
    }

    /// Whether the response is stored under the key and replayed (decided by the player's state).
    package var isStored: Bool {
        switch base {
        case .featureActive, .noActiveFeature, .insufficientFunds, .noTicket, .balanceLimitExceeded: true
        default: false
        }
    }

    /// How a spin refused with this error counts in `/status` and `/metrics`: `conflict` for the
    /// `409`s (a busy key or player, or the round state), `rejected` for every other.
    package var disposition: SpinDisposition {
        switch base {
        case .requestInProgress, .playerBusy, .featureActive, .noActiveFeature: .conflict
        default: .rejected
        }
    }

    /// Which stored error (`isStored`) a stored problem body is, by the problem `type` it starts
    /// with; nil when it is none of them. For stores that keep only status and body.
    package static func storedCode(ofProblemBody body: [UInt8]) -> String? {
        for code in [Code.featureActive, .noActiveFeature, .insufficientFunds, .noTicket] {
            if body.starts(with: Array("{\"type\":\"\(ProblemDocument.typePrefix)\(code.rawValue)\"".utf8)) { return code.rawValue }
        }
        return nil
    }

    /// The RFC 9457 body: `{"type":…,"title":…,"status":…,"detail":…,"code":…}`, by `ProblemDocument`.
    package var problemBody: [UInt8] {
        ProblemDocument.body(status: status, code: code, title: title, detail: detail)
    }

    package var description: String { "\(code): \(detail)" }

    package static let missingIdempotencyKey = SpinError(.missingIdempotencyKey, "Idempotency-Key: header missing or empty")
    package static func invalidIdempotencyKey(_ detail: String) -> SpinError { SpinError(.invalidIdempotencyKey, detail) }
    package static func invalidRequest(_ detail: String) -> SpinError { SpinError(.invalidRequest, detail) }
    package static func unauthorized(_ detail: String) -> SpinError { SpinError(.unauthorized, detail) }
    package static func unknownGame(_ game: String) -> SpinError {
        SpinError(.unknownGame, "game: no game with id \"\(game)\"")
    }
    package static let unknownPlayer = SpinError(.unknownPlayer, "player: no wallet yet")
    package static let unknownSpin = SpinError(.unknownSpin, "spinId: never used by this player, or expired")
    package static let requestInProgress = SpinError(
        .requestInProgress, "Idempotency-Key: the same key is being processed right now", retryAfter: 1)
    package static let playerBusy = SpinError(
        .playerBusy, "player: another spin holds the player's lock", retryAfter: 1)
    package static let featureActive = SpinError(
        .featureActive, "kind: a free-spins round is active; play it with kind \"free\"")
    package static let noActiveFeature = SpinError(.noActiveFeature, "kind: \"free\" but no free-spins round is active")
    package static func insufficientFunds(balance: Int, debit: Int) -> SpinError {
        SpinError(.insufficientFunds, "balance: \(balance) is below the debit \(debit)")
    }
    /// A credit that would lift the balance above `Wallet.balanceLimit` (decided by the wallet, so stored).
    package static func balanceLimitExceeded(balance: Int, amount: Int) -> SpinError {
        SpinError(
            .balanceLimitExceeded,
            "amount: balance \(balance) + \(amount) would exceed the balance limit \(Wallet.balanceLimit)")
    }
    /// A stored record that failed validation when read back; the request applied nothing.
    package static func internalError(_ detail: String) -> SpinError { SpinError(.internalError, detail) }
    package static func noTicket(game: String) -> SpinError {
        SpinError(.noTicket, "kind: no ticket for game \"\(game)\"")
    }
    package static let idempotencyKeyReused = SpinError(
        .idempotencyKeyReused, "Idempotency-Key: already used with a different body")
    package static func rateLimited(retryAfter: Int) -> SpinError {
        SpinError(.rateLimited, "player: too many requests", retryAfter: retryAfter)
    }
    /// The error a store failure answers: `503 store_unavailable` when the store cannot be reached,
    /// `500 internal_error` when it answered something that failed validation (a corrupt or hostile
    /// stored record): such a record is never replayed, and the request applies nothing.
    /// The client reads what happened; the store's reason goes to the request's log line only.
    package static func store(_ error: SpinStoreError) -> SpinError {
        guard error.isProtocolViolation else {
            return SpinError(.storeUnavailable, storeUnavailable.detail, retryAfter: storeUnavailable.retryAfter, cause: error.reason)
        }
        return SpinError(.internalError, "store: a stored record failed validation; nothing was applied", cause: error.reason)
    }
    package static let storeUnavailable = SpinError(
        .storeUnavailable, "store: cannot be reached; nothing was applied", retryAfter: 1)
}
