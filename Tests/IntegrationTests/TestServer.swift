import Auth
import Dispatch
import Foundation
import HTTP
import IOLoop
import OneSpin
import Redis
import RedisStore
import Spin

/// A real `OneSpinServer`, built the way `onespin serve` builds it, on 127.0.0.1 and port 0, on the
/// memory store or on Redis; reached over real sockets with blocking `HTTPClient`s.
///
/// Use it only through `withServer`, which waits for the bound port and always shuts the server
/// down gracefully. `store` is a handle on the very data the server uses (the same memory store
/// instance, or the same Redis through a second client), for tests that must hold a key or a lock.
struct TestServer: Sendable {
    static let jwtSecret = Array("integration-tests-jwt-secret-0123456789".utf8)
    static let adminToken = "integration-tests-admin-token-0123456789"
    static let host = "127.0.0.1"

    let kind: StoreKind
    let port: Int
    let store: any SpinStore
    private let tokens = PlayerToken(secret: TestServer.jwtSecret)

    /// Runs `body` against a fresh server and shuts it down afterwards, whatever happens.
    /// - Parameters:
    ///   - kind: the store.
    ///   - limits: store leases; the production defaults (key TTL from the configuration) when nil.
    ///   - random: a seeded source for deterministic reels; the system's CSPRNG when nil.
    ///   - redisURL: another Redis than `REDIS_URL` (e.g. a private one a test stops); a
    ///     `redis-sentinel://` or `redis-cluster://` URL is served through the production wiring.
    ///   - power: when given, every store call fails with `unavailable` while it is down.
    ///   - configure: changes to the configuration (lock wait, key TTL, …).
    static func withServer<T>(
        _ kind: StoreKind, limits: SpinStoreLimits? = nil, random: (any SpinRandomSource)? = nil, redisURL: String? = nil,
        power: StoreSwitch? = nil, logger: Logger? = nil, configure: (inout ServerConfiguration) -> Void = { _ in },
        _ body: (TestServer) async throws -> T
    ) async throws -> T {
        var configuration = ServerConfiguration(jwtSecret: jwtSecret, adminToken: Array(adminToken.utf8))
        configuration.host = host
        configuration.port = 0
        configuration.threads = 2
        configuration.shutdownDeadlineSeconds = 5
        configure(&configuration)
        let limits = limits ?? SpinStoreLimits(keyTTL: Int64(configuration.keyTTLSeconds) * 1000)
        var overrides = OneSpinServer.Overrides(random: random)
        let handle: any SpinStore
        var ownClient: RedisLoopClient?
        var ownTopology: RedisTopologyEnvironment.Connection?
        switch kind {
        case .memory:
            let memory = MemorySpinStore(limits: limits)
            handle = memory
            let served: any SpinStore = power.map { SwitchableStore(base: memory, power: $0) } ?? memory
            overrides.store = { _ in served }
        case .redis where redisURL.map({ !$0.hasPrefix("redis://") }) ?? false:
            // Sentinel or Cluster: the server wires its store the way production does; the handle
            // is a connection of the test's own to the same topology.
            guard let url = redisURL else { throw RedisTestEnvironment.Missing() }
            configuration.redisURL = url
            let connection = try await RedisTopologyEnvironment.Connection(url: url)
            ownTopology = connection
            handle = RedisSpinStore(client: connection.client, limits: limits)
        case .redis:
            guard let url = redisURL ?? RedisTestEnvironment.url else { throw RedisTestEnvironment.Missing() }
            configuration.redisURL = url
            let redis = try RedisConfiguration(url: url)
            overrides.store = { loop in
                let store = RedisSpinStore(client: RedisLoopClient(loop: loop, configuration: redis), limits: limits)
                guard let power else { return store }
                return SwitchableStore(base: store, power: power)
            }
            // A client of its own: a test's heavy reads never delay the shared client's lease-timed calls.
            let client = try await RedisTestEnvironment.makeClient(url: url)
            ownClient = client
            handle = RedisSpinStore(client: client, limits: limits)
        }
        let server = try OneSpinServer(configuration: configuration, logger: logger, overrides: overrides)
        let port = try server.start()
        defer {
            server.shutdown(deadline: .seconds(5))
            server.waitUntilStopped()
            if let ownClient { RedisTestEnvironment.stop(ownClient) }
            ownTopology?.stop()
        }
        let running = TestServer(kind: kind, port: port, store: handle)
        try await running.waitUntilServing()
        return try await body(running)
    }

    /// Polls `/healthz` until the bound port answers (at most 5 s).
    private func waitUntilServing() async throws {
        let deadline = ContinuousClock.now + .seconds(5)
        while true {
            do {
                if try await request("GET", "/healthz").status == 200 { return }
            } catch where ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
        }
    }

    // MARK: clients and requests

    /// A new keep-alive connection to the server.
    func client() throws -> HTTPClient {
        try HTTPClient(host: Self.host, port: port)
    }

    /// One request on a fresh connection. The blocking exchange runs on a Dispatch thread, never on
    /// the cooperative pool: tests blocking the pool's few threads would starve every other `await`.
    func request(_ method: String, _ target: String, headers: HTTPHeaders = [:], body: [UInt8] = []) async throws -> HTTPClientResponse {
        let request = HTTPClientRequest(method: method, target: target, headers: headers, body: body)
        let port = port
        return try await Self.offPool { try HTTPClient(host: Self.host, port: port).send(request) }
    }

    /// Runs blocking work on a Dispatch thread and awaits its result.
    static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }

    /// A valid player token, one hour long.
    func token(_ player: PlayerID) -> String {
        tokens.sign(player: player, now: Int64(Date().timeIntervalSince1970), ttl: 3600)
    }

    /// `Authorization` (and `Idempotency-Key` when given) of a player request.
    func playerHeaders(_ player: PlayerID, key: String? = nil) -> HTTPHeaders {
        var headers: HTTPHeaders = ["Authorization": "Bearer \(token(player))", "Content-Type": "application/json"]
        if let key { headers.add(name: "Idempotency-Key", value: key) }
        return headers
    }

    /// Operator headers.
    func adminHeaders(key: String? = nil) -> HTTPHeaders {
        var headers: HTTPHeaders = ["Authorization": "Bearer \(Self.adminToken)", "Content-Type": "application/json"]
        if let key { headers.add(name: "Idempotency-Key", value: key) }
        return headers
    }

    // MARK: API helpers

    /// `POST /admin/players/{id}/credit`.
    @discardableResult
    func credit(player: PlayerID, amount: Int, key: String = uniqueKey("credit")) async throws -> HTTPClientResponse {
        try await request(
            "POST", "/admin/players/\(player.value)/credit", headers: adminHeaders(key: key),
            body: Array(#"{"amount":\#(amount),"reason":"integration test"}"#.utf8))
    }

    /// `POST /admin/players/{id}/tickets`.
    @discardableResult
    func addTickets(player: PlayerID, game: String, count: Int) async throws -> HTTPClientResponse {
        try await request(
            "POST", "/admin/players/\(player.value)/tickets", headers: adminHeaders(),
            body: Array(#"{"game":"\#(game)","count":\#(count)}"#.utf8))
    }

    /// The body of a spin request; `bet: nil` leaves the field out. The default game, classic3, has no
    /// free-spins feature, so a run of normal spins can never start a round that refuses the next ones.
    static func spinBody(game: String = "classic3", bet: Int? = 10, kind: String = "normal") -> [UInt8] {
        var text = #"{"game":"\#(game)""#
        if let bet { text += #","bet":\#(bet)"# }
        text += #","kind":"\#(kind)"}"#
        return Array(text.utf8)
    }

    /// `POST /v1/spins` with a raw body.
    func spin(player: PlayerID, key: String?, body: [UInt8]) async throws -> HTTPClientResponse {
        try await request("POST", "/v1/spins", headers: playerHeaders(player, key: key), body: body)
    }

    /// `POST /v1/spins`.
    func spin(
        player: PlayerID, key: String = uniqueKey("spin"), game: String = "classic3", bet: Int? = 10, kind: String = "normal"
    ) async throws -> HTTPClientResponse {
        try await spin(player: player, key: key, body: Self.spinBody(game: game, bet: bet, kind: kind))
    }

    /// `GET /v1/spins/{spinId}`.
    func lookup(player: PlayerID, key: String) async throws -> HTTPClientResponse {
        try await request("GET", "/v1/spins/\(key)", headers: playerHeaders(player))
    }

    /// `GET /v1/wallet`, parsed.
    func wallet(_ player: PlayerID) async throws -> JSONObject {
        let response = try await request("GET", "/v1/wallet", headers: playerHeaders(player))
        guard response.status == 200 else { throw UnexpectedResponse(response) }
        return try JSONObject(response)
    }

    /// The player's balance.
    func balance(_ player: PlayerID) async throws -> Int {
        try await wallet(player).int("balance")
    }

    /// `GET /v1/history?limit=N`: the spins, newest first.
    func history(_ player: PlayerID, limit: Int = 100) async throws -> [JSONObject] {
        let response = try await request("GET", "/v1/history?limit=\(limit)", headers: playerHeaders(player))
        guard response.status == 200 else { throw UnexpectedResponse(response) }
        return try JSONObject(response).objects("spins")
    }

    /// A funded player no other test uses.
    func fundedPlayer(_ prefix: String = "e2e", balance: Int = 100_000) async throws -> PlayerID {
        let player = uniquePlayer(prefix)
        let response = try await credit(player: player, amount: balance)
        guard response.status == 200 else { throw UnexpectedResponse(response) }
        return player
    }
}

/// An answer a helper did not expect; the test fails with its status and body.
struct UnexpectedResponse: Error, CustomStringConvertible {
    let response: HTTPClientResponse
    init(_ response: HTTPClientResponse) { self.response = response }
    var description: String { "unexpected \(response.status): \(response.text)" }
}

/// An idempotency key no other test uses.
func uniqueKey(_ prefix: String) -> String {
    var generator = SystemRandomNumberGenerator()
    return "\(prefix)-\(String(generator.next() as UInt64, radix: 36))"
}
