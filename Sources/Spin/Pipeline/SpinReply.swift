/// What the HTTP layer sends for a spin-service call.
package struct SpinReply: Sendable, Hashable {
    /// HTTP status.
    package var status: Int
    /// The body bytes (for a settled or replayed spin, exactly the stored bytes).
    package var body: [UInt8]
    /// Whether this replays a stored response (`Idempotent-Replayed: true`).
    package var replayed: Bool
    /// Seconds for `Retry-After`, when given.
    package var retryAfter: Int?
    /// `application/problem+json` when `true`, `application/json` otherwise.
    package var isProblem: Bool

    package init(status: Int, body: [UInt8], replayed: Bool = false, retryAfter: Int? = nil, isProblem: Bool = false) {
        self.status = status
        self.body = body
        self.replayed = replayed
        self.retryAfter = retryAfter
        self.isProblem = isProblem
    }

    /// The reply of a domain error.
    package init(_ error: SpinError) {
        self.init(status: error.status, body: error.problemBody, retryAfter: error.retryAfter, isProblem: true)
    }

    /// The reply of a stored response.
    package init(_ stored: StoredResponse, replayed: Bool) {
        self.init(status: stored.status, body: stored.body, replayed: replayed, isProblem: stored.isProblem)
    }

    /// The `Content-Type` value.
    package var contentType: String {
        isProblem ? "application/problem+json" : "application/json; charset=utf-8"
    }
}
