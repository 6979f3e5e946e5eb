/// What the HTTP layer sends for a spin-service call, with the facts logs and metrics need (the
/// problem `code`, the spin `outcome`), so that nobody reads them back from the bytes.
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
    /// The problem's `code` when `isProblem` (a replayed stored error included).
    package var code: String?
    /// How the request ended, when it is a spin (`POST /v1/spins`); other routes' replies carry one
    /// too, which nobody counts.
    package var disposition: SpinDisposition
    /// For the log only, never sent: why a `5xx` happened (`SpinError.cause`).
    package var cause: String? = nil

    /// A success: `200`/`202` with a JSON body; `replayed` when it repeats a stored answer.
    package init(status: Int, body: [UInt8], replayed: Bool = false, retryAfter: Int? = nil) {
        self.status = status
        self.body = body
        self.replayed = replayed
        self.retryAfter = retryAfter
        self.isProblem = false
        self.code = nil
        self.disposition = replayed ? .replayed : .settled
    }

    /// The reply of a domain error.
    package init(_ error: SpinError) {
        self.status = error.status
        self.body = error.problemBody
        self.replayed = false
        self.retryAfter = error.retryAfter
        self.isProblem = true
        self.code = error.code
        self.disposition = error.disposition
        self.cause = error.cause
    }

    /// The reply of a stored response: a replay, or a `200` just committed.
    package init(_ stored: StoredResponse, replayed: Bool) {
        self.status = stored.status
        self.body = stored.body
        self.replayed = replayed
        self.retryAfter = nil
        self.isProblem = stored.isProblem
        self.code = stored.code
        self.disposition = replayed ? .replayed : .settled
    }

    /// The same answer, marked as the replay of a stored one.
    package func asReplay() -> SpinReply {
        var reply = self
        reply.replayed = true
        reply.disposition = .replayed
        return reply
    }

    /// The `Content-Type` value.
    package var contentType: String {
        isProblem ? "application/problem+json" : "application/json; charset=utf-8"
    }
}
