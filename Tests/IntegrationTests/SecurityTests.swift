import Digest
import Foundation
import HTTP
import OneSpin
import Replay
import Testing

extension EndToEnd {
    /// Attacks through the real server (memory store): each is answered with its 4xx and changes no wallet.
    @Suite(.serialized)
    struct SecurityTests {
        static let secret = Array(ReplayServerTests.secret.utf8)
        static let now = Int64(Date().timeIntervalSince1970)

        /// A JWT from raw header and claims JSON, signed with HMAC-SHA-256 under `key`.
        static func token(header: String = #"{"alg":"HS256","typ":"JWT"}"#, claims: String, key: [UInt8] = secret) -> String {
            let input = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(claims.utf8))
            return input + "." + Base64URL.encode(SHA256.hmac(key: key, message: Array(input.utf8)))
        }

        static func claims(_ player: String, extra: String = "") -> String {
            "{\"sub\":\"\(player)\",\"exp\":\(now + 3600)\(extra)}"
        }

        /// Forged or broken player tokens for `player`.
        static func jwtAttacks(_ player: String) -> [(name: String, token: String)] {
            let valid = token(claims: claims(player))
            let parts = valid.split(separator: ".").map(String.init)
            return [
                ("alg none", Base64URL.encode(Array(#"{"alg":"none","typ":"JWT"}"#.utf8)) + "." + parts[1] + "."),
                ("alg HS512", token(header: #"{"alg":"HS512","typ":"JWT"}"#, claims: claims(player))),
                ("alg RS256 with the secret as HMAC key", token(header: #"{"alg":"RS256","typ":"JWT"}"#, claims: claims(player))),
                ("signature stripped", parts[0] + "." + parts[1] + "."),
                ("signature missing", parts[0] + "." + parts[1]),
                ("wrong key", token(claims: claims(player), key: Array("not-the-secret-0123456789".utf8))),
                ("expired", token(claims: "{\"sub\":\"\(player)\",\"exp\":\(now - 10)}")),
                ("far-future nbf", token(claims: claims(player, extra: ",\"nbf\":\(now + 86_400 * 365)"))),
                ("oversized token (10 KB)", token(claims: claims(player, extra: ",\"pad\":\"" + String(repeating: "x", count: 10_000) + "\""))),
                ("non-JSON header", token(header: "not json", claims: claims(player))),
                ("duplicate claims", token(claims: "{\"sub\":\"someone-else\",\"exp\":\(now + 3600),\"sub\":\"\(player)\"}")),
            ]
        }

        /// A server, a client, and a funded player.
        struct Harness {
            let server: OneSpinServer
            let client: HTTPClient

            init() throws {
                let (server, port) = try ReplayServerTests.startServer()
                self.server = server
                client = try HTTPClient(host: "127.0.0.1", port: port)
            }

            func stop() { ReplayServerTests.stop(server) }

            func send(_ method: String, _ target: String, headers: HTTPHeaders = [:], body: String = "") throws -> HTTPClientResponse {
                try client.send(HTTPClientRequest(method: method, target: target, headers: headers, body: Array(body.utf8)))
            }

            func admin(_ method: String, _ target: String, body: String = "", key: String? = nil, token: String = ReplayServerTests.admin) throws -> HTTPClientResponse {
                var headers: HTTPHeaders = ["Authorization": "Bearer " + token, "Content-Type": "application/json"]
                if let key { headers.add(name: "Idempotency-Key", value: key) }
                return try send(method, target, headers: headers, body: body)
            }

            /// Creates `player` with `credit`.
            func fund(_ player: String, credit: Int = 100_000) throws {
                let response = try admin("POST", "/admin/players/\(player)/credit", body: "{\"amount\":\(credit),\"reason\":\"test\"}", key: "fund-\(player)")
                #expect(response.status == 200, "\(response.text)")
            }

            func balance(_ player: String) throws -> Int? {
                let wallet = try admin("GET", "/admin/players/\(player)")
                guard wallet.status == 200 else { return nil }
                return Self.field("balance", of: wallet) as? Int
            }

            func spin(_ token: String, key: String?, body: String = #"{"game":"classic3","bet":10}"#, requestID: String? = nil) throws -> HTTPClientResponse {
                var headers: HTTPHeaders = ["Authorization": "Bearer " + token, "Content-Type": "application/json"]
                if let key { headers.add(name: "Idempotency-Key", value: key) }
                if let requestID { headers.add(name: "X-Request-Id", value: requestID) }
                return try send("POST", "/v1/spins", headers: headers, body: body)
            }

            static func code(_ response: HTTPClientResponse) -> String {
                field("code", of: response) as? String ?? ""
            }

            static func field(_ name: String, of response: HTTPClientResponse) -> Any? {
                let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
                return object?[name]
            }
        }

        @Test func forgedAndBrokenTokensAreRefusedAndChangeNothing() throws {
            let harness = try Harness()
            defer { harness.stop() }
            let player = "sec-jwt"
            try harness.fund(player)
            let before = try harness.balance(player)
            for (index, attack) in Self.jwtAttacks(player).enumerated() {
                let spin = try harness.spin(attack.token, key: "jwt-\(index)")
                #expect(spin.status == 401, "\(attack.name): \(spin.status) \(spin.text)")
                #expect(spin.headers["WWW-Authenticate"]?.hasPrefix("Bearer") == true, "\(attack.name)")
                let wallet = try harness.send("GET", "/v1/wallet", headers: ["Authorization": "Bearer " + attack.token])
                #expect(wallet.status == 401, "\(attack.name): \(wallet.status)")
            }
            #expect(try harness.balance(player) == before)
            // The same player's valid token does work: the refusals above were about the tokens.
            #expect(try harness.spin(Self.token(claims: Self.claims(player)), key: "jwt-valid").status == 200)
        }

        @Test func anotherPlayersSpinIsNeitherReadNorReplayed() throws {
            let harness = try Harness()
            defer { harness.stop() }
            try harness.fund("sec-alice")
            try harness.fund("sec-bob")
            let alice = Self.token(claims: Self.claims("sec-alice"))
            let bob = Self.token(claims: Self.claims("sec-bob"))
            let first = try harness.spin(alice, key: "alice-spin-1")
            #expect(first.status == 200)
            let aliceAfter = try harness.balance("sec-alice")

            let lookup = try harness.send("GET", "/v1/spins/alice-spin-1", headers: ["Authorization": "Bearer " + bob])
            #expect(lookup.status == 404 && Harness.code(lookup) == "unknown_spin", "\(lookup.text)")
            #expect(!lookup.text.contains("\"win\""))

            let reused = try harness.spin(bob, key: "alice-spin-1")
            #expect(reused.status == 200)
            #expect(reused.headers["Idempotent-Replayed"] == nil)
            #expect(reused.body != first.body)
            #expect(try harness.balance("sec-alice") == aliceAfter)
            let history = try harness.send("GET", "/v1/history", headers: ["Authorization": "Bearer " + alice])
            #expect(SpinAnswer.spinIds(in: history.body) == ["alice-spin-1"])
        }

        @Test func adminRoutesNeedTheAdminToken() throws {
            let harness = try Harness()
            defer { harness.stop() }
            try harness.fund("sec-admin")
            let before = try harness.balance("sec-admin")
            let player = Self.token(claims: Self.claims("sec-admin"))
            let routes: [(String, String, String)] = [
                ("POST", "/admin/players/sec-admin/credit", #"{"amount":5000,"reason":"x"}"#),
                ("POST", "/admin/players/sec-admin/tickets", #"{"game":"fruit5","count":3}"#),
                ("PUT", "/admin/players/sec-admin/boost", #"{"until":"2099-01-01T00:00:00Z"}"#),
                ("GET", "/admin/players/sec-admin", ""),
                ("GET", "/status", ""),
                ("GET", "/metrics", ""),
            ]
            for (method, path, body) in routes {
                for authorization in [nil, "Bearer wrong-token", "Bearer " + ReplayServerTests.admin + "x", "Bearer " + player, "Basic " + ReplayServerTests.admin] {
                    var headers: HTTPHeaders = ["Content-Type": "application/json", "Idempotency-Key": "admin-\(path.count)"]
                    if let authorization { headers.add(name: "Authorization", value: authorization) }
                    let response = try harness.send(method, path, headers: headers, body: body)
                    #expect(response.status == 401, "\(method) \(path) with \(authorization ?? "nothing"): \(response.status)")
                }
            }
            #expect(try harness.balance("sec-admin") == before)
            let wallet = try harness.admin("GET", "/admin/players/sec-admin")
            #expect(!wallet.text.contains("2099") && !wallet.text.contains("\"fruit5\":3"))
        }

        @Test func aRequestIdWithLineBreaksIsReplacedNotEchoed() throws {
            let harness = try Harness()
            defer { harness.stop() }
            for injected in ["abc\rX-Injected: yes", "abc\r\nX-Injected: yes", "abc\nX-Injected: yes", "abc\u{0}def"] {
                let response = try harness.send("GET", "/healthz", headers: ["X-Request-Id": injected])
                #expect(response.headers["X-Injected"] == nil)
                let echoed = response.headers["X-Request-Id"] ?? ""
                #expect(echoed != injected && !echoed.contains("\r") && !echoed.contains("\n") && !echoed.contains("Injected"))
                if response.status == 200 { #expect(!echoed.isEmpty) } else { #expect(response.status == 400) }
            }
            let plain = try harness.send("GET", "/healthz", headers: ["X-Request-Id": "trace-123"])
            #expect(plain.headers["X-Request-Id"] == "trace-123")
        }

        @Test func badBodiesAndKeysAreRefusedAndChangeNothing() throws {
            let harness = try Harness()
            defer { harness.stop() }
            let player = "sec-body"
            try harness.fund(player, credit: 1000)
            let token = Self.token(claims: Self.claims(player))
            let nested = "{\"game\":\"classic3\",\"bet\":10,\"x\":" + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "}"
            let spins: [(name: String, body: String, key: String, status: Int, code: String)] = [
                ("oversized JSON", "{\"game\":\"classic3\",\"bet\":10,\"pad\":\"" + String(repeating: "x", count: 70_000) + "\"}", "b1", 413, ""),
                ("deeply nested JSON", nested, "b2", 400, "invalid_request"),
                ("bet beyond Int64", #"{"game":"classic3","bet":99999999999999999999}"#, "b3", 400, "invalid_request"),
                ("bet of Int64.max + 1", #"{"game":"classic3","bet":9223372036854775808}"#, "b4", 400, "invalid_request"),
                ("negative bet", #"{"game":"classic3","bet":-10}"#, "b5", 400, "invalid_request"),
                ("zero bet", #"{"game":"classic3","bet":0}"#, "b6", 400, "invalid_request"),
                ("bet as float", #"{"game":"classic3","bet":10.5}"#, "b7", 400, "invalid_request"),
                ("key of 256 characters", #"{"game":"classic3","bet":10}"#, String(repeating: "k", count: 256), 400, "invalid_idempotency_key"),
                ("no key", #"{"game":"classic3","bet":10}"#, "", 400, "missing_idempotency_key"),
            ]
            for spin in spins {
                let response = try harness.spin(token, key: spin.key.isEmpty ? nil : spin.key, body: spin.body)
                #expect(response.status == spin.status, "\(spin.name): \(response.status) \(response.text.prefix(200))")
                if !spin.code.isEmpty { #expect(Harness.code(response) == spin.code, "\(spin.name): \(response.text.prefix(200))") }
            }
            #expect(try harness.balance(player) == 1000)

            let credits: [(name: String, body: String, status: Int)] = [
                ("amount beyond Int64", #"{"amount":99999999999999999999,"reason":"x"}"#, 400),
                ("amount of Int64.max + 1", #"{"amount":9223372036854775808,"reason":"x"}"#, 400),
                ("debit below zero", #"{"amount":-1001,"reason":"x"}"#, 402),
                ("huge debit (beyond ±10^15)", #"{"amount":-9223372036854775807,"reason":"x"}"#, 400),
                ("debit of Int64.min (trapped on -amount before issue 9)", #"{"amount":-9223372036854775808,"reason":"x"}"#, 400),
                ("debit of 10^15, in range", #"{"amount":-1000000000000000,"reason":"x"}"#, 402),
            ]
            for (index, credit) in credits.enumerated() {
                let response = try harness.admin("POST", "/admin/players/\(player)/credit", body: credit.body, key: "credit-\(index)")
                #expect(response.status == credit.status, "\(credit.name): \(response.status) \(response.text.prefix(200))")
            }
            #expect(try harness.balance(player) == 1000)
            // A legitimate spin still works after all that.
            #expect(try harness.spin(token, key: "b-ok").status == 200)
        }
    }
}
