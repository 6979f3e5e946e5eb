import Auth
import Foundation
import HTTP
import OneSpin
import Spin

/// An `OneSpinAPI` as `onespin serve` builds it, on a fresh memory store, without sockets; and
/// requests for it.
struct APIFixture {
    static let jwtSecret = Array("onespin-tests-jwt-secret-0123456789".utf8)
    static let adminToken = "onespin-tests-admin-token-0123456789"
    /// One logger for every fixture (each logger owns a writer thread); it writes nothing here.
    static let logger = Logger(level: .error)

    let api: OneSpinAPI
    let store: MemorySpinStore
    private let tokens = PlayerToken(secret: APIFixture.jwtSecret)

    /// - Parameter configure: changes to the configuration (rate limit, lock wait…).
    static func make(configure: (inout ServerConfiguration) -> Void = { _ in }) throws -> APIFixture {
        var configuration = ServerConfiguration(jwtSecret: jwtSecret, adminToken: Array(adminToken.utf8))
        configure(&configuration)
        let store = MemorySpinStore()
        let api = try OneSpinAPI(configuration: configuration, store: store, logger: logger)
        return APIFixture(api: api, store: store)
    }

    /// A request as the parser hands it over.
    static func request(_ method: String, _ target: String, headers: HTTPHeaders = [:], body: String = "") -> HTTPRequest {
        HTTPRequest(method: method, target: target, headers: headers, body: Array(body.utf8), requestID: "test")
    }

    /// `Authorization` of a player, with `Content-Type: application/json` and the key when given.
    func player(_ name: String, key: String? = nil) -> HTTPHeaders {
        let token = tokens.sign(player: PlayerID(name)!, now: Int64(Date().timeIntervalSince1970), ttl: 600)
        var headers: HTTPHeaders = ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
        if let key { headers.add(name: "Idempotency-Key", value: key) }
        return headers
    }

    /// Operator headers.
    static func admin(key: String? = nil) -> HTTPHeaders {
        var headers: HTTPHeaders = ["Authorization": "Bearer \(adminToken)", "Content-Type": "application/json"]
        if let key { headers.add(name: "Idempotency-Key", value: key) }
        return headers
    }

    /// Sends `request` through the API and awaits its reply.
    func send(_ request: HTTPRequest) async -> RouteReply {
        await api.respond(to: request)
    }

    /// Credits `player` through the operator route.
    func fund(_ player: String, amount: Int = 100_000) async {
        _ = await send(Self.request(
            "POST", "/admin/players/\(player)/credit", headers: Self.admin(key: "fund-\(player)"), body: #"{"amount":\#(amount)}"#))
    }
}

extension RouteReply {
    /// The body as text.
    var text: String { String(decoding: response.body, as: UTF8.self) }

    /// The `code` member of a problem body, read with Foundation's JSON parser (the test's own
    /// reading, independent of the fact the reply carries).
    var bodyCode: String? {
        let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        return object?["code"] as? String
    }
}
