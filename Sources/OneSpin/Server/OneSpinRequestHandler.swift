import Digest
import HTTP
import IOLoop
import Spin

#if canImport(Glibc)
import Glibc
#endif

/// Answers onespin's routes on one event loop: routing, authentication, then the `SpinService`
/// call in a task that runs on this loop (so its store calls pipeline with the loop's other requests).
final class OneSpinRequestHandler: HTTPRequestHandler {
    private let loop: EventLoop
    private let service: SpinService
    private let context: ServerContext
    private let metrics: LoopMetrics
    /// Tokens whose signature and claims this loop already checked, by their exact bytes; the time
    /// window is re-checked on every use. Loop-confined, bounded (cleared when full).
    private var tokenCache: [TokenCacheKey: PlayerToken.Verified] = [:]
    private static let tokenCacheLimit = 10_000

    init(loop: EventLoop, service: SpinService, context: ServerContext, metrics: LoopMetrics) {
        self.loop = loop
        self.service = service
        self.context = context
        self.metrics = metrics
        publishMetrics()
    }

    /// Publishes this loop's latencies for readers once a second, even when idle.
    private func publishMetrics() {
        loop.schedule(after: .seconds(1)) { [self] in
            metrics.publish(nowNanos: MonotonicClock.nanos())
            publishMetrics()
        }
    }

    func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        metrics.requestStarted()
        let match = OneSpinRoute.match(method: request.method, path: request.path)
        var route = "unmatched"
        if case .matched(let matched, _) = match { route = matched.pattern }
        let responder = RequestScope(
            responder: responder, metrics: metrics, logger: context.logger, startedNanos: loop.now,
            method: request.method, route: route, requestID: request.requestID)
        switch match {
        case .notFound:
            responder.finish(.problem(status: 404, code: "not_found", detail: "no route for path \(Self.quoted(request.path))"))
        case .methodNotAllowed(let allow):
            responder.finish(.problem(
                status: 405, code: "method_not_allowed",
                detail: "method \(request.method) is not allowed on \(Self.quoted(request.path)); allowed: \(allow.joined(separator: ", "))",
                headers: ["Allow": allow.joined(separator: ", ")]))
        case .invalidParameter(_, let detail):
            responder.finish(.problem(status: 400, code: "invalid_request", detail: detail))
        case .matched(let route, let parameters):
            guard !parameters.isEmpty else { return dispatch(route, request, responder) }
            var request = request
            request.pathParameters = parameters
            dispatch(route, request, responder)
        }
    }

    private func dispatch(_ route: OneSpinRoute, _ request: HTTPRequest, _ responder: RequestScope) {
        switch route.access {
        case .open:
            break
        case .admin:
            guard isOperator(request) else { return responder.finish(Self.unauthorized("Authorization: a valid operator bearer token is required")) }
        case .player:
            break
        }
        switch route {
        case .healthz:
            responder.finish(Self.healthy)
        case .games:
            responder.finish(.json(body: context.games.body))
        case .readyz:
            run(responder) { service in
                await service.isReady()
                    ? SpinReply(status: 200, body: Array(#"{"status":"ok"}"#.utf8))
                    : SpinReply(.storeUnavailable)
            }
        case .spin, .spinLookup, .history, .wallet:
            let player: PlayerID
            switch authenticate(request) {
            case .success(let id): player = id
            case .failure(let response): return responder.finish(response)
            }
            var scope = responder
            scope.player = MaskedPlayer(player)
            scope.isSpin = route == .spin
            playerRoute(route, player, request, scope)
        case .adminCredit, .adminTickets, .adminBoost, .adminPlayer:
            guard let id = request.pathParameters["id"], let player = PlayerID(id) else {
                return responder.finish(HTTPResponse(SpinReply(.invalidRequest("path parameter id: a player id is 1-64 characters of [A-Za-z0-9_.:-]"))))
            }
            var scope = responder
            scope.player = MaskedPlayer(player)
            adminRoute(route, player, request, scope)
        case .status, .metrics:
            let context = context
            let service = service
            Task(executorPreference: loop) {
                responder.finish(await context.observe(route, service: service))
            }
        }
    }

    private func playerRoute(_ route: OneSpinRoute, _ player: PlayerID, _ request: HTTPRequest, _ responder: RequestScope) {
        switch route {
        case .spin:
            if let limiter = context.rateLimiter, let retryAfter = limiter.admit(player, nowMillis: SystemSpinClock().nowMillis()) {
                return responder.finish(HTTPResponse(SpinReply(.rateLimited(retryAfter: retryAfter))))
            }
            let key = request.headers["Idempotency-Key"]
            let body = request.body
            context.recorder?.record(player: player, key: key, body: body)
            run(responder) { await $0.spin(player: player, idempotencyKey: key, body: body) }
        case .spinLookup:
            let spinId = request.pathParameters["spinId"] ?? ""
            run(responder) { await $0.lookup(player: player, spinId: spinId) }
        case .history:
            let text = request.query("limit")
            let limit = text.flatMap { Int($0) }
            if text != nil, !(1...100).contains(limit ?? 0) {
                return responder.finish(HTTPResponse(SpinReply(.invalidRequest("query parameter limit: a whole number from 1 to 100"))))
            }
            run(responder) { await $0.history(player: player, limit: limit) }
        default:
            run(responder) { await $0.wallet(player: player) }
        }
    }

    private func adminRoute(_ route: OneSpinRoute, _ player: PlayerID, _ request: HTTPRequest, _ responder: RequestScope) {
        let body = request.body
        switch route {
        case .adminCredit:
            let key = request.headers["Idempotency-Key"]
            run(responder) { await $0.credit(player: player, idempotencyKey: key, body: body) }
        case .adminTickets:
            run(responder) { await $0.addTickets(player: player, body: body) }
        case .adminBoost:
            run(responder) { await $0.setBoost(player: player, body: body) }
        default:
            run(responder) { await $0.wallet(player: player) }
        }
    }

    /// Runs a service call on this loop and answers with its reply.
    private func run(_ responder: RequestScope, _ operation: @escaping @Sendable (SpinService) async -> SpinReply) {
        let service = service
        Task(executorPreference: loop) {
            responder.finish(HTTPResponse(await operation(service)))
        }
    }

    private enum Authentication {
        case success(PlayerID)
        case failure(HTTPResponse)
    }

    private func authenticate(_ request: HTTPRequest) -> Authentication {
        guard let token = Self.bearer(request) else {
            return .failure(Self.unauthorized("Authorization: a Bearer player token is required"))
        }
        let now = Self.epochSeconds()
        let verified: PlayerToken.Verified
        let key = TokenCacheKey(token)
        if let cached = tokenCache[key] {
            verified = cached
        } else {
            guard let checked = try? context.tokens.check(token) else {
                return .failure(Self.unauthorized("Authorization: the bearer token is not a valid player token"))
            }
            if tokenCache.count >= Self.tokenCacheLimit { tokenCache.removeAll(keepingCapacity: true) }
            tokenCache[key] = checked
            verified = checked
        }
        guard verified.isValid(at: now) else {
            return .failure(Self.unauthorized("Authorization: the bearer token is expired or not yet valid"))
        }
        return .success(verified.player)
    }

    /// Seconds since the epoch from the precise clock. Not `time(nil)`: glibc reads the coarse clock
    /// there, which lags a second boundary by up to a tick, so a token issued "now" by a precise clock
    /// would briefly look issued in the future (`iat`).
    static func epochSeconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec)
    }

    private func isOperator(_ request: HTTPRequest) -> Bool {
        guard let token = Self.bearer(request) else { return false }
        return ConstantTime.equal(token, context.adminToken)
    }

    /// The token of an `Authorization: Bearer <token>` header (scheme case-insensitive).
    static func bearer(_ request: HTTPRequest) -> [UInt8]? {
        guard let value = request.headers["Authorization"] else { return nil }
        if let token = value.utf8.withContiguousStorageIfAvailable(bearerToken) { return token }
        return Array(value.utf8).withUnsafeBufferPointer(bearerToken)
    }

    /// The token after `Bearer ` (ASCII case-insensitive, then any spaces), copied in one go.
    private static func bearerToken(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard bytes.count > 7 else { return nil }
        var index = 0
        for expected in "bearer ".utf8 {
            let byte = bytes[index]
            guard byte == expected || (byte >= 0x41 && byte <= 0x5A && byte | 0x20 == expected) else { return nil }
            index += 1
        }
        while index < bytes.count && bytes[index] == UInt8(ascii: " ") { index += 1 }
        return index < bytes.count ? Array(UnsafeBufferPointer(rebasing: bytes[index...])) : nil
    }

    /// The `/healthz` answer, built once.
    private static let healthy = HTTPResponse.json(body: #"{"status":"ok"}"#)

    static func unauthorized(_ detail: String) -> HTTPResponse {
        var response = HTTPResponse(SpinReply(.unauthorized(detail)))
        response.headers.replaceOrAdd(name: "WWW-Authenticate", value: "Bearer")
        return response
    }

    /// A path for an error detail: at most 100 characters, no control characters.
    static func quoted(_ path: String) -> String {
        let clean = String(path.unicodeScalars.prefix(100).map { $0.value < 0x20 || $0.value == 0x7f ? "?" : Character($0) })
        return "'" + clean + "'"
    }
}

extension HTTPResponse {
    /// The HTTP form of a service reply: its status and bytes, `Idempotent-Replayed` and `Retry-After`.
    init(_ reply: SpinReply) {
        var headers: HTTPHeaders = ["Content-Type": reply.contentType]
        if reply.replayed { headers.add(name: "Idempotent-Replayed", value: "true") }
        if let retryAfter = reply.retryAfter { headers.add(name: "Retry-After", value: String(retryAfter)) }
        self.init(status: reply.status, headers: headers, body: reply.body)
    }
}
