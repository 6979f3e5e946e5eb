package import HTTP
package import Spin

/// An answer of the API with the facts logs and metrics need: the problem `code` and, for a spin,
/// its `outcome` — carried from where they were decided, never read back from the bytes.
package struct RouteReply: Sendable {
    /// What goes over the wire.
    package var response: HTTPResponse
    /// The problem `code` of an error answer.
    package var code: String?
    /// How a spin request ended; nil for answers that are not a spin's (the route decides whether
    /// it counts).
    package var disposition: SpinDisposition?
    /// Why a `5xx` happened, for the request's log line (never sent).
    package var cause: String?

    package init(_ response: HTTPResponse, code: String? = nil, disposition: SpinDisposition? = nil) {
        self.response = response
        self.code = code
        self.disposition = disposition
    }

    /// The HTTP form of a service reply: its status and bytes, `Idempotent-Replayed` and
    /// `Retry-After`, with its code and outcome.
    package init(_ reply: SpinReply) {
        var headers: HTTPHeaders = ["Content-Type": reply.contentType]
        if reply.replayed { headers.add(name: "Idempotent-Replayed", value: "true") }
        if let retryAfter = reply.retryAfter { headers.add(name: "Retry-After", value: String(retryAfter)) }
        self.init(HTTPResponse(status: reply.status, headers: headers, body: reply.body), code: reply.code, disposition: reply.disposition)
        self.cause = reply.cause
    }

    /// A problem the router itself answers (`404`, `405`, `415`…).
    static func problem(status: Int, code: String, detail: String, headers: HTTPHeaders = [:]) -> RouteReply {
        RouteReply(.problem(status: status, code: code, detail: detail, headers: headers), code: code)
    }

    /// `401 unauthorized` with `WWW-Authenticate: Bearer`.
    static func unauthorized(_ detail: String) -> RouteReply {
        var reply = RouteReply(SpinReply(.unauthorized(detail)))
        reply.disposition = nil
        reply.response.headers.replaceOrAdd(name: "WWW-Authenticate", value: "Bearer")
        return reply
    }

    /// `/healthz`'s answer, built once.
    static let healthy = RouteReply(.json(body: #"{"status":"ok"}"#))
}

/// What a route's handler answers: a reply now (no task, no allocation beyond the reply), or work
/// to run — on the request's event loop in the server, simply awaited in a test.
package enum RouteAnswer: Sendable {
    case now(RouteReply)
    case later(@Sendable () async -> RouteReply)

    /// Awaits the reply.
    package func reply() async -> RouteReply {
        switch self {
        case .now(let reply): reply
        case .later(let work): await work()
        }
    }
}
