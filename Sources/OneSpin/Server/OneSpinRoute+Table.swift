import HTTP
import Spin
import Time

extension OneSpinRoute {
    /// Every route of the API, one line each (a handler longer than a line is a function below).
    /// Order does not matter: the most specific pattern wins.
    package static let table: [OneSpinRoute] = [
        .get("/healthz", .open { _, _ in .now(.healthy) }),
        .get("/readyz", .open(readiness)),
        .get("/v1/games", .open { _, services in .now(RouteReply(.json(body: services.context.games.body))) }),
        .post("/v1/spins", countsSpins: true, .player(spin)),
        .get("/v1/spins/:spinId", .player(lookup)),
        .get("/v1/history", .player(history)),
        .get("/v1/wallet", .player { player, _, services in services.run { await $0.wallet(player: player) } }),
        .post("/admin/players/:id/credit", .adminOnPlayer(credit)),
        .post("/admin/players/:id/tickets", .adminOnPlayer { player, request, services in services.run(with: request.body) { await $0.addTickets(player: player, body: $1) } }),
        .put("/admin/players/:id/boost", .adminOnPlayer { player, request, services in services.run(with: request.body) { await $0.setBoost(player: player, body: $1) } }),
        .get("/admin/players/:id", .adminOnPlayer { player, _, services in services.run { await $0.wallet(player: player) } }),
        .get("/status", .admin { _, services in services.observe(.json) }),
        .get("/metrics", .admin { _, services in services.observe(.prometheus) }),
        .get("/openapi.json", .open { _, services in .now(RouteReply(services.context.web.openAPI)) }),
        .get("/demo", .open { request, services in demo(request, services, services.context.web.demoPage) }),
        .get("/demo/onespin.js", .open { request, services in demo(request, services, services.context.web.demoClient) }),
    ]

    /// The demo page and its client: served with `--demo` or the embedded store, else `404`.
    private static func demo(_ request: HTTPRequest, _ services: RouteServices, _ file: HTTPResponse) -> RouteAnswer {
        guard services.context.servesDemo else {
            return .now(.problem(
                status: 404, code: "not_found",
                detail: "no route for path \(OneSpinRequestHandler.quoted(request.path)) (the demo is off: --demo)"))
        }
        return .now(RouteReply(file))
    }

    /// `GET /readyz`: `200` while the store answers a ping, else `503 store_unavailable`.
    private static func readiness(_: HTTPRequest, _ services: RouteServices) -> RouteAnswer {
        services.run { service in
            await service.isReady() ? SpinReply(status: 200, body: Array(#"{"status":"ok"}"#.utf8)) : SpinReply(.storeUnavailable)
        }
    }

    /// `POST /v1/spins`: the player's rate limit, the `--record` line, then the spin.
    private static func spin(_ player: PlayerID, _ request: HTTPRequest, _ services: RouteServices) -> RouteAnswer {
        let context = services.context
        if let limiter = context.rateLimiter, let retryAfter = limiter.admit(player, nowMillis: SystemWallClock().nowMillis()) {
            return .now(RouteReply(SpinReply(.rateLimited(retryAfter: retryAfter))))
        }
        let key = request.headers["Idempotency-Key"]
        let body = request.body
        context.recorder?.record(player: player, key: key, body: body)
        return services.run { await $0.spin(player: player, idempotencyKey: key, body: body) }
    }

    /// `GET /v1/spins/{spinId}`: the stored answer of a spin.
    private static func lookup(_ player: PlayerID, _ request: HTTPRequest, _ services: RouteServices) -> RouteAnswer {
        let spinId = request.pathParameters["spinId"] ?? ""
        return services.run { await $0.lookup(player: player, spinId: spinId) }
    }

    /// `GET /v1/history?limit=N`: N from 1 to 100 when given.
    private static func history(_ player: PlayerID, _ request: HTTPRequest, _ services: RouteServices) -> RouteAnswer {
        let text = request.query("limit")
        let limit = text.flatMap { Int($0) }
        if text != nil, !(1...100).contains(limit ?? 0) {
            return .now(RouteReply(SpinReply(.invalidRequest("query parameter limit: a whole number from 1 to 100"))))
        }
        return services.run { await $0.history(player: player, limit: limit) }
    }

    /// `POST /admin/players/{id}/credit`, idempotent by `Idempotency-Key`.
    private static func credit(_ player: PlayerID, _ request: HTTPRequest, _ services: RouteServices) -> RouteAnswer {
        let key = request.headers["Idempotency-Key"]
        let body = request.body
        return services.run { await $0.credit(player: player, idempotencyKey: key, body: body) }
    }
}
