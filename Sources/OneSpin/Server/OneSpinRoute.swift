package import HTTP
package import Spin

/// One route of the API, declared once: method, pattern, who may call it, what body it takes,
/// and its handler. `OneSpinRoute.table` lists them all; `OneSpinAPI` routes, checks access and
/// the body's media type, then calls the handler — no other place names a route.
///
/// Access is the handler's kind, not a separate flag: a `.player` handler takes the `PlayerID`
/// that only authentication produces, so a player route cannot be served unauthenticated, and an
/// operator handler is only ever called after the admin token matched.
package struct OneSpinRoute: Sendable {
    /// Who may call a route.
    package enum Access: Sendable, Equatable {
        /// Anyone.
        case open
        /// A player with a valid bearer token (`Authorization: Bearer <JWT>`).
        case player
        /// An operator with the admin token.
        case admin
    }

    /// What a route's request body must be.
    package enum Body: Sendable, Equatable {
        /// None is read (any sent is ignored).
        case none
        /// JSON: `Content-Type: application/json` or `415 unsupported_media_type`.
        case json
    }

    /// A handler, of the kind that says who may call it.
    package enum Handler: Sendable {
        /// Anyone: called straight away.
        case open(@Sendable (HTTPRequest, RouteServices) -> RouteAnswer)
        /// Called with the authenticated player.
        case player(@Sendable (PlayerID, HTTPRequest, RouteServices) -> RouteAnswer)
        /// Called once the operator token matched.
        case admin(@Sendable (HTTPRequest, RouteServices) -> RouteAnswer)
        /// `/admin/players/:id/…`: called once the operator token matched, with the player the path names.
        case adminOnPlayer(@Sendable (PlayerID, HTTPRequest, RouteServices) -> RouteAnswer)
    }

    package let method: String
    /// A path with `:name` segments for parameters (`/v1/spins/:spinId`); logs name the route by it.
    package let pattern: String
    package let body: Body
    /// Whether its answers count in the spin outcomes of `/status` and `/metrics`.
    package let countsSpins: Bool
    package let handler: Handler

    /// Who may call it, as its handler's kind says.
    package var access: Access {
        switch handler {
        case .open: .open
        case .player: .player
        case .admin, .adminOnPlayer: .admin
        }
    }

    static func get(_ pattern: String, _ handler: Handler) -> OneSpinRoute {
        OneSpinRoute(method: "GET", pattern: pattern, body: .none, countsSpins: false, handler: handler)
    }

    static func post(_ pattern: String, body: Body = .json, countsSpins: Bool = false, _ handler: Handler) -> OneSpinRoute {
        OneSpinRoute(method: "POST", pattern: pattern, body: body, countsSpins: countsSpins, handler: handler)
    }

    static func put(_ pattern: String, body: Body = .json, _ handler: Handler) -> OneSpinRoute {
        OneSpinRoute(method: "PUT", pattern: pattern, body: body, countsSpins: false, handler: handler)
    }

    /// The router of `table`: a `RouteTable` (non-generic, so it runs specialised from this module)
    /// whose indices are positions in `table`.
    package static let router: RouteTable = {
        var router = RouteTable()
        for route in table { router.add(route.method, route.pattern) }
        return router
    }()
}

/// What a handler may call besides its request: the spin service and the server's shared parts.
/// One per `OneSpinAPI`, passed by reference, so that calling a handler copies nothing.
package final class RouteServices: Sendable {
    let service: SpinService
    let context: ServerContext

    init(service: SpinService, context: ServerContext) {
        self.service = service
        self.context = context
    }

    /// Work on the spin service, answered with its reply.
    func run(_ operation: @escaping @Sendable (SpinService) async -> SpinReply) -> RouteAnswer {
        .later { [self] in RouteReply(await operation(service)) }
    }

    /// Work on the spin service with one value of the request (its body…), answered with its reply.
    func run<Value: Sendable>(with value: Value, _ operation: @escaping @Sendable (SpinService, Value) async -> SpinReply) -> RouteAnswer {
        .later { [self] in RouteReply(await operation(service, value)) }
    }

    /// `/status` (JSON) or `/metrics` (Prometheus text).
    func observe(_ format: ServerContext.StatusFormat) -> RouteAnswer {
        .later { [self] in RouteReply(await context.observe(format, service: service)) }
    }
}
