import Foundation
import HTTP
import Spin
import Testing

extension EndToEnd {
    /// Player and operator authentication through HTTP (the store does not matter: memory).
    @Suite struct AuthHTTPTests {
        private static let hs256 = #"{"alg":"HS256","typ":"JWT"}"#

        @Test func badPlayerTokensAreRefused() async throws {
            try await TestServer.withServer(.memory) { server in
                let player = try await server.fundedPlayer("auth")
                let secret = TestServer.jwtSecret
                let now = JWTForge.now
                let sub = player.value
                let valid = #"{"sub":"\#(sub)","exp":\#(now + 600)}"#
                let cases: [(name: String, token: String)] = [
                    ("expired", JWTForge.token(header: Self.hs256, claims: #"{"sub":"\#(sub)","exp":\#(now - 5)}"#, secret: secret)),
                    ("not yet valid", JWTForge.token(header: Self.hs256, claims: #"{"sub":"\#(sub)","exp":\#(now + 600),"nbf":\#(now + 300)}"#, secret: secret)),
                    ("issued in the future", JWTForge.token(header: Self.hs256, claims: #"{"sub":"\#(sub)","exp":\#(now + 600),"iat":\#(now + 300)}"#, secret: secret)),
                    ("wrong signature", JWTForge.token(header: Self.hs256, claims: valid, secret: Array("another-secret-of-32-bytes-000000".utf8))),
                    ("alg none, no signature", JWTForge.base64URL(Array(#"{"alg":"none","typ":"JWT"}"#.utf8)) + "." + JWTForge.base64URL(Array(valid.utf8)) + "."),
                    ("alg none, signed", JWTForge.token(header: #"{"alg":"none","typ":"JWT"}"#, claims: valid, secret: secret)),
                    ("alg HS512", JWTForge.token(header: #"{"alg":"HS512","typ":"JWT"}"#, claims: valid, secret: secret)),
                    ("missing sub", JWTForge.token(header: Self.hs256, claims: #"{"exp":\#(now + 600)}"#, secret: secret)),
                    ("invalid sub", JWTForge.token(header: Self.hs256, claims: #"{"sub":"a b","exp":\#(now + 600)}"#, secret: secret)),
                    ("missing exp", JWTForge.token(header: Self.hs256, claims: #"{"sub":"\#(sub)"}"#, secret: secret)),
                    ("malformed base64", "e@@@.###.$$$"),
                    ("two parts", "abc.def"),
                    ("empty", ""),
                    ("crit with an extension", JWTForge.token(header: #"{"alg":"HS256","typ":"JWT","crit":["x-onespin"],"x-onespin":1}"#, claims: valid, secret: secret)),
                    ("crit empty", JWTForge.token(header: #"{"alg":"HS256","crit":[]}"#, claims: valid, secret: secret)),
                ]
                for item in cases {
                    let response = try await server.request("GET", "/v1/wallet", headers: ["Authorization": "Bearer \(item.token)"])
                    try ProblemExpectations.expect(response, status: 401, code: "unauthorized", mentions: "Authorization")
                    #expect(response.status == 401, "\(item.name)")
                }
                let basic = try await server.request("GET", "/v1/wallet", headers: ["Authorization": "Basic dXNlcjpwYXNz"])
                try ProblemExpectations.expect(basic, status: 401, code: "unauthorized", mentions: "Authorization")
                let none = try await server.request("GET", "/v1/wallet")
                try ProblemExpectations.expect(none, status: 401, code: "unauthorized", mentions: "Authorization")
                // The same claims, correctly signed, are accepted (with nbf and iat in the past).
                let good = JWTForge.token(
                    header: Self.hs256, claims: #"{"sub":"\#(sub)","exp":\#(now + 600),"nbf":\#(now - 5),"iat":\#(now - 5)}"#, secret: secret)
                let accepted = try await server.request("GET", "/v1/wallet", headers: ["Authorization": "Bearer \(good)"])
                #expect(accepted.status == 200, "\(accepted.text)")
                let lowercase = try await server.request("GET", "/v1/wallet", headers: ["Authorization": "bearer \(good)"])
                #expect(lowercase.status == 200)
            }
        }

        /// A token whose `iat` is this very second is valid, even in the first milliseconds of the second
        /// (regression: the server read the coarse clock, which lags the boundary by up to a tick).
        @Test func tokenIssuedThisSecondIsAccepted() async throws {
            try await TestServer.withServer(.memory) { server in
                let player = try await server.fundedPlayer("fresh")
                let port = server.port
                let statuses = try await TestServer.offPool {
                    try (0..<2).map { _ in
                        // Just past a second boundary, as a precise-clock issuer sees it.
                        while Date().timeIntervalSince1970.truncatingRemainder(dividingBy: 1) > 0.002 {
                            let left = 1 - Date().timeIntervalSince1970.truncatingRemainder(dividingBy: 1)
                            if left > 0.002 { Thread.sleep(forTimeInterval: left - 0.001) }
                        }
                        let now = Int(Date().timeIntervalSince1970)
                        let token = JWTForge.token(
                            header: Self.hs256, claims: #"{"sub":"\#(player.value)","iat":\#(now),"exp":\#(now + 60)}"#, secret: TestServer.jwtSecret)
                        let client = try HTTPClient(host: TestServer.host, port: port)
                        return try client.send(HTTPClientRequest(target: "/v1/wallet", headers: ["Authorization": "Bearer \(token)"])).status
                    }
                }
                #expect(statuses == [200, 200])
            }
        }

        @Test func operatorRoutesNeedTheAdminToken() async throws {
            try await TestServer.withServer(.memory) { server in
                let player = try await server.fundedPlayer("auth")
                let routes: [(method: String, target: String, body: String)] = [
                    ("POST", "/admin/players/\(player.value)/credit", #"{"amount":1,"reason":"x"}"#),
                    ("POST", "/admin/players/\(player.value)/tickets", #"{"game":"fruit5","count":1}"#),
                    ("PUT", "/admin/players/\(player.value)/boost", #"{"until":null}"#),
                    ("GET", "/admin/players/\(player.value)", ""),
                    ("GET", "/status", ""),
                    ("GET", "/metrics", ""),
                ]
                let refusals: [HTTPHeaders] = [
                    [:],
                    ["Authorization": "Bearer not-the-admin-token"],
                    ["Authorization": "Bearer \(TestServer.adminToken)x"],
                    ["Authorization": TestServer.adminToken],
                    ["Authorization": "Bearer \(server.token(player))"],
                ]
                for route in routes {
                    for headers in refusals {
                        var all = headers
                        all.add(name: "Idempotency-Key", value: uniqueKey("admin"))
                        let response = try await server.request(route.method, route.target, headers: all, body: Array(route.body.utf8))
                        try ProblemExpectations.expect(response, status: 401, code: "unauthorized", mentions: "Authorization")
                    }
                    let allowed = try await server.request(
                        route.method, route.target, headers: server.adminHeaders(key: uniqueKey("admin")), body: Array(route.body.utf8))
                    #expect(allowed.status == 200, "\(route.target): \(allowed.text)")
                }
                #expect(try await server.balance(player) == 100_001)
                #expect(try await server.wallet(player).object("tickets")?.int("fruit5") == 1)
            }
        }

        @Test(arguments: StoreKind.allCases)
        func statusReportsTheServer(kind: StoreKind) async throws {
            try await TestServer.withServer(kind) { server in
                let response = try await server.request("GET", "/status", headers: server.adminHeaders())
                #expect(response.status == 200)
                let status = try JSONObject(response)
                #expect(!(try status.string("version")).isEmpty)
                #expect(try status.int("uptimeSeconds") >= 0)
                #expect(try status.object("store")?.string("kind") == kind.rawValue)
                #expect(try status.object("connections")?.int("accepted") ?? 0 >= 1)
                let reachable = try? status.object("store")?.bool("reachable")
                #expect(reachable == true)
                #expect(status.has("inFlight") && status.has("requests") && status.has("spins") && status.has("latency"))
                for field in ["p50", "p90", "p99", "p999", "max"] {
                    #expect(try status.object("latency")?.has(field) == true, "latency.\(field)")
                }
                for field in ["settled", "replayed", "conflicts", "rejected"] {
                    #expect(try status.object("spins")?.has(field) == true, "spins.\(field)")
                }
                let metrics = try await server.request("GET", "/metrics", headers: server.adminHeaders())
                #expect(metrics.status == 200)
                #expect(metrics.headers["Content-Type"]?.hasPrefix("text/plain") == true)
                #expect(metrics.text.contains("# TYPE onespin_requests_total counter"))
                #expect(metrics.text.contains("onespin_request_duration_seconds_bucket{le=\"+Inf\"}"))
            }
        }

        @Test func openRoutesNeedNoToken() async throws {
            try await TestServer.withServer(.memory) { server in
                let health = try await server.request("GET", "/healthz")
                #expect(health.status == 200)
                #expect(try JSONObject(health).string("status") == "ok")
                #expect(try await server.request("GET", "/readyz").status == 200)
                let games = try await server.request("GET", "/v1/games")
                #expect(games.status == 200)
                #expect(games.headers["Content-Type"] == "application/json; charset=utf-8")
            }
        }
    }
}
