package import HTTP
package import Spin
package import Time

/// onespin's API as a function, without sockets or an event loop: a request in, a reply out.
///
/// `route` does everything that decides an answer, in this fixed order — match the route
/// (`404`, `405` with `Allow`), check access (`401`), take the player from an operator route's
/// path (`400`), check a JSON body's media type (`415`) — and only then calls the route's handler,
/// which answers now or later. The server's loop handler runs `later` work on its loop; tests and
/// fuzz targets call `respond(to:)` and await the reply.
///
/// Not `Sendable`: the token cache belongs to one loop (one instance per loop, like the handler).
package final class OneSpinAPI {
    /// A request routed: what logs and metrics need to know about it, and its answer.
    package struct Routed {
        /// The matched route's pattern (`/v1/spins/:spinId`), or `unmatched`.
        package var route: String
        /// The player, masked, once known (authenticated, or named by an operator route's path).
        package var player: MaskedPlayer?
        /// Whether the answer counts as a spin outcome (an authenticated `POST /v1/spins`).
        package var countsSpins: Bool
        package var answer: RouteAnswer

        init(route: String, player: MaskedPlayer? = nil, countsSpins: Bool = false, answer: RouteAnswer) {
            self.route = route
            self.player = player
            self.countsSpins = countsSpins
            self.answer = answer
        }
    }

    private let services: RouteServices
    private let authenticator: RequestAuthenticator

    init(service: SpinService, context: ServerContext) {
        self.services = RouteServices(service: service, context: context)
        self.authenticator = RequestAuthenticator(tokens: context.tokens, adminToken: context.adminToken)
    }

    /// The API as `onespin serve` builds it, over `store`, without a server or a loop — for unit
    /// tests and fuzz targets (`/status` then reports no connections).
    /// - Parameters:
    ///   - configuration: secrets, games, lock wait, rate limit (`host`, `port`, `threads` are unused).
    ///   - store: the store every call goes to (a `MemorySpinStore` for a test).
    ///   - random: reel stops; seed it for reproducible spins.
    ///   - clock: time for settlement stamps and boosts.
    ///   - logger: where `/status` reads its dropped-line count.
    /// - Throws: `StartupError` when the games cannot be loaded.
    package convenience init(
        configuration: ServerConfiguration, store: any SpinStore, random: any SpinRandomSource = SystemRandomSource(),
        clock: any WallClock = SystemWallClock(), logger: Logger = Logger(level: .error)
    ) throws(OneSpinServer.StartupError) {
        let catalog = try OneSpinServer.loadGames(configuration)
        let options = SpinPipeline.Options(busyWaitBound: .milliseconds(configuration.lockWaitMilliseconds))
        let service = SpinService(store: store, games: SpinGames(catalog: catalog), clock: clock, random: random, options: options)
        let context = ServerContext(
            games: GameDirectory(catalog: catalog), configuration: configuration, logger: logger, statistics: { nil },
            web: try WebAssets())
        self.init(service: service, context: context)
    }

    /// Answers `request` (the convenience of tests and fuzz targets).
    package func respond(to request: HTTPRequest) async -> RouteReply {
        await route(request).answer.reply()
    }

    /// Routes `request` and checks it; the answer is the handler's, or the refusal that came first.
    package func route(_ request: HTTPRequest) -> Routed {
        switch OneSpinRoute.router.match(method: request.method, path: request.path) {
        case .notFound:
            return Routed(route: "unmatched", answer: .now(.problem(
                status: 404, code: "not_found", detail: "no route for path \(OneSpinRequestHandler.quoted(request.path))")))
        case .methodNotAllowed(let allow):
            let methods = allow.joined(separator: ", ")
            return Routed(route: "unmatched", answer: .now(.problem(
                status: 405, code: "method_not_allowed",
                detail: "method \(request.method) is not allowed on \(OneSpinRequestHandler.quoted(request.path)); allowed: \(methods)",
                headers: ["Allow": methods])))
        case .invalidParameter(_, let detail):
            return Routed(route: "unmatched", answer: .now(.problem(status: 400, code: "invalid_request", detail: detail)))
        case .matched(let index, let parameters):
            guard parameters.isEmpty else {
                var request = request
                request.pathParameters = parameters
                return dispatch(OneSpinRoute.table[index], request)
            }
            return dispatch(OneSpinRoute.table[index], request)
        }
    }

    /// Access, the path's player, the body's media type, then the handler — each kind of handler
    /// reached only through its own check (an exhaustive switch: no route falls through).
    private func dispatch(_ route: OneSpinRoute, _ request: HTTPRequest) -> Routed {
        switch route.handler {
        case .open(let handler):
            return Routed(route: route.pattern, answer: handler(request, services))
        case .player(let handler):
            switch authenticator.player(request) {
            case .failure(let refusal):
                return Routed(route: route.pattern, answer: .now(refusal.reply))
            case .success(let player):
                return Routed(
                    route: route.pattern, player: MaskedPlayer(player), countsSpins: route.countsSpins,
                    answer: Self.refusal(route, request) ?? handler(player, request, services))
            }
        case .admin(let handler):
            guard authenticator.isOperator(request) else {
                return Routed(route: route.pattern, answer: .now(RequestAuthenticator.operatorRequired))
            }
            return Routed(route: route.pattern, answer: Self.refusal(route, request) ?? handler(request, services))
        case .adminOnPlayer(let handler):
            guard authenticator.isOperator(request) else {
                return Routed(route: route.pattern, answer: .now(RequestAuthenticator.operatorRequired))
            }
            guard let id = request.pathParameters["id"], let player = PlayerID(id) else {
                let error = SpinError.invalidRequest("path parameter id: a player id is 1-64 characters of [A-Za-z0-9_.:-]")
                return Routed(route: route.pattern, answer: .now(RouteReply(SpinReply(error))))
            }
            return Routed(
                route: route.pattern, player: MaskedPlayer(player), answer: Self.refusal(route, request) ?? handler(player, request, services))
        }
    }

    /// The refusal of a request whose body the route cannot take (`415` on a JSON route).
    private static func refusal(_ route: OneSpinRoute, _ request: HTTPRequest) -> RouteAnswer? {
        guard route.body == .json, let refusal = ContentTypeCheck.refusal(request) else { return nil }
        return .now(RouteReply(refusal, code: "unsupported_media_type", disposition: route.countsSpins ? .rejected : nil))
    }
}
