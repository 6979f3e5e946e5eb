import HTTP
import Spin
import Testing

extension EndToEnd {
    /// Input that used to trap or to be misanswered, through the real server on both stores.
    @Suite struct HostileInputHTTPTests {
        /// Regression (issue 9): `amount: Int64.min` trapped on `-amount` and, stored under the key,
        /// crashed every server the retry reached. Every out-of-range amount is now `400` naming `amount`.
        @Test(arguments: StoreKind.allCases)
        func creditAmountsOutOfRangeAreInvalid(kind: StoreKind) async throws {
            try await TestServer.withServer(kind) { server in
                let player = try await server.fundedPlayer("amount", balance: 500)
                for amount in ["-9223372036854775808", "9223372036854775807", "1000000000000001", "-1000000000000001", "-9223372036854775809"] {
                    let response = try await server.request(
                        "POST", "/admin/players/\(player.value)/credit", headers: server.adminHeaders(key: uniqueKey("huge")),
                        body: Array(#"{"amount":\#(amount)}"#.utf8))
                    try ProblemExpectations.expect(response, status: 400, code: "invalid_request", mentions: "amount")
                }
                #expect(try await server.balance(player) == 500)
                // The edges themselves are amounts (a debit of 10^15 is refused for funds, not for range).
                let debit = try await server.credit(player: player, amount: -1_000_000_000_000_000)
                try ProblemExpectations.expect(debit, status: 402, code: "insufficient_funds", mentions: "1000000000000000")
            }
        }

        /// Found by the handler fuzz target: a refused debit of an unknown player (402) created its wallet.
        @Test(arguments: StoreKind.allCases)
        func refusedDebitCreatesNoWallet(kind: StoreKind) async throws {
            try await TestServer.withServer(kind) { server in
                let player = uniquePlayer("ghost")
                let key = uniqueKey("debit")
                let refused = try await server.credit(player: player, amount: -5, key: key)
                try ProblemExpectations.expect(refused, status: 402, code: "insufficient_funds", mentions: "balance")
                let wallet = try await server.request("GET", "/admin/players/\(player.value)", headers: server.adminHeaders())
                try ProblemExpectations.expect(wallet, status: 404, code: "unknown_player", mentions: "player")
                let replay = try await server.credit(player: player, amount: -5, key: key)
                #expect(replay.status == 402 && replay.body == refused.body && replay.headers["Idempotent-Replayed"] == "true")
                #expect(try await server.spin(player: player).status == 404)
            }
        }

        /// Regression (issue 9): a hidden 2^53−1 cap answered `402 insufficient_funds` with a false detail.
        @Test(arguments: StoreKind.allCases)
        func balanceLimitIsExplicitStoredAndTrue(kind: StoreKind) async throws {
            try await TestServer.withServer(kind) { server in
                let limit = Wallet.balanceLimit
                let player = try await server.fundedPlayer("limit", balance: limit - 1000)
                let key = uniqueKey("over")
                let over = try await server.credit(player: player, amount: 5000, key: key)
                let problem = try ProblemExpectations.expect(over, status: 422, code: "balance_limit_exceeded", mentions: "amount")
                #expect(try problem.string("detail") == "amount: balance \(limit - 1000) + 5000 would exceed the balance limit \(limit)")
                let replay = try await server.credit(player: player, amount: 5000, key: key)
                #expect(replay.status == 422 && replay.body == over.body)
                #expect(replay.headers["Idempotent-Replayed"] == "true")
                #expect(try await server.credit(player: player, amount: 1000).status == 200)
                #expect(try await server.balance(player) == limit)
            }
        }

        /// Ticket counts are range-checked per request and in total: `400` naming `count`, nothing changed.
        @Test(arguments: StoreKind.allCases)
        func ticketCountsCannotOverflow(kind: StoreKind) async throws {
            try await TestServer.withServer(kind) { server in
                let player = try await server.fundedPlayer("tickets", balance: 100)
                for count in ["9223372036854775807", "-1", "0", "1000001", "9223372036854775808"] {
                    let response = try await server.request(
                        "POST", "/admin/players/\(player.value)/tickets", headers: server.adminHeaders(),
                        body: Array(#"{"game":"fruit5","count":\#(count)}"#.utf8))
                    try ProblemExpectations.expect(response, status: 400, code: "invalid_request", mentions: "count")
                }
                // 1,000 requests of a million reach the limit; the next one is refused and changes nothing.
                var last = 0
                for _ in 0..<(Wallet.ticketLimit / 1_000_000) {
                    last = try await server.addTickets(player: player, game: "fruit5", count: 1_000_000).status
                    if last != 200 { break }
                }
                #expect(last == 200)
                let over = try await server.addTickets(player: player, game: "fruit5", count: 1)
                let problem = try ProblemExpectations.expect(over, status: 400, code: "invalid_request", mentions: "count")
                #expect(try problem.string("detail").contains("\(Wallet.ticketLimit)"))
                #expect(try await server.wallet(player).object("tickets")?.int("fruit5") == Wallet.ticketLimit)
            }
        }

        /// `415` on every JSON-body route when `Content-Type` is absent or not `application/json`.
        @Test(arguments: StoreKind.allCases)
        func jsonRoutesRequireJSONContentType(kind: StoreKind) async throws {
            try await TestServer.withServer(kind) { server in
                let player = try await server.fundedPlayer("media", balance: 1000)
                var playerAuth: HTTPHeaders = ["Authorization": "Bearer \(server.token(player))", "Idempotency-Key": uniqueKey("s")]
                var adminAuth: HTTPHeaders = ["Authorization": "Bearer \(TestServer.adminToken)", "Idempotency-Key": uniqueKey("c")]
                let routes: [(method: String, target: String, admin: Bool, body: String)] = [
                    ("POST", "/v1/spins", false, #"{"game":"classic3","bet":10}"#),
                    ("POST", "/admin/players/\(player.value)/credit", true, #"{"amount":5}"#),
                    ("POST", "/admin/players/\(player.value)/tickets", true, #"{"game":"fruit5","count":1}"#),
                    ("PUT", "/admin/players/\(player.value)/boost", true, #"{"until":null}"#),
                ]
                for route in routes {
                    for (contentType, got) in [(nil, "nothing"), ("text/plain", "text/plain"), ("application/jsonx", "application/jsonx"),
                                               ("application/x-www-form-urlencoded; charset=utf-8", "application/x-www-form-urlencoded")] as [(String?, String)] {
                        var headers = route.admin ? adminAuth : playerAuth
                        if let contentType { headers.add(name: "Content-Type", value: contentType) }
                        let response = try await server.request(route.method, route.target, headers: headers, body: Array(route.body.utf8))
                        let problem = try ProblemExpectations.expect(response, status: 415, code: "unsupported_media_type", mentions: "Content-Type")
                        #expect(try problem.string("detail") == "Content-Type: expected application/json, got \(got)")
                    }
                }
                #expect(try await server.wallet(player).int("balance") == 1000)
                // Parameters and any case of the media type are accepted.
                playerAuth.add(name: "Content-Type", value: "Application/JSON; charset=utf-8")
                let spin = try await server.request("POST", "/v1/spins", headers: playerAuth, body: Array(#"{"game":"classic3","bet":10}"#.utf8))
                #expect(spin.status == 200, "\(spin.text)")
                adminAuth.add(name: "Content-Type", value: "application/json ;charset=UTF-8")
                let credit = try await server.request("POST", "/admin/players/\(player.value)/credit", headers: adminAuth, body: Array(#"{"amount":5}"#.utf8))
                #expect(credit.status == 200, "\(credit.text)")
            }
        }

        /// Regression (found reviewing the parser's numbers): a chunk size near Int.max after a first
        /// chunk overflowed the body-size check and trapped the server. Now `413`, and the server stays up.
        @Test func hugeChunkSizeAfterAChunkIsRefused() async throws {
            try await TestServer.withServer(.memory) { server in
                let port = server.port
                let answer = try await TestServer.offPool {
                    let socket = try LoopbackSocket(port: port)
                    socket.send(Array("POST /v1/spins HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n7fffffffffffffff\r\n".utf8))
                    return socket.readToEnd().text
                }
                #expect(answer.hasPrefix("HTTP/1.1 413 "), "\(answer.prefix(200))")
                #expect(answer.contains("body_too_large"))
                #expect(try await server.request("GET", "/healthz").status == 200)
            }
        }

        /// The crash of issue 9, sent to one server and replayed to a second one on the same Redis:
        /// both answer `400` naming `amount`, stay up, and keep serving the player.
        @Test func crashCaseReplayedToASecondServer() async throws {
            try await TestServer.withServer(.redis) { first in
                try await TestServer.withServer(.redis) { second in
                    let player = try await first.fundedPlayer("crash", balance: 700)
                    let key = uniqueKey("hostile")
                    let body = Array(#"{"amount": -9223372036854775808}"#.utf8)
                    for server in [first, second, first, second] {
                        let response = try await server.request(
                            "POST", "/admin/players/\(player.value)/credit", headers: server.adminHeaders(key: key), body: body)
                        try ProblemExpectations.expect(response, status: 400, code: "invalid_request", mentions: "amount")
                    }
                    for server in [first, second] {
                        #expect(try await server.request("GET", "/healthz").status == 200)
                        #expect(try await server.balance(player) == 700)
                    }
                    for server in [first, second] { #expect(try await server.spin(player: player).status == 200) }
                    // The key was never stored: the same key with a valid amount is a fresh credit.
                    #expect(try await second.credit(player: player, amount: 100, key: key).status == 200)
                }
            }
        }
    }
}
