import HTTP
import Spin
import Testing

extension EndToEnd {
    /// Idempotent replays, the recovery path and per-player scoping, through HTTP on both stores.
    @Suite struct ReplayHTTPTests {
        @Test(arguments: StoreKind.allCases)
        func sameKeySameBodyReplaysByteForByte(kind: StoreKind) async throws {
            try await TestServer.withServer(kind) { server in
                let player = try await server.fundedPlayer()
                let key = uniqueKey("replay")
                let body = TestServer.spinBody(bet: 100)
                let first = try await server.spin(player: player, key: key, body: body)
                #expect(first.status == 200)
                #expect(first.headers["Content-Type"] == "application/json; charset=utf-8")
                let settled = try JSONObject(first)
                #expect(try settled.string("spinId") == key)
                #expect(try settled.int("debit") == 100)
                #expect(try settled.int("balance") == 100_000 - 100 + settled.int("win"))
                let balance = try await server.balance(player)
                for _ in 0..<3 {
                    let again = try await server.spin(player: player, key: key, body: body)
                    #expect(again.status == 200)
                    #expect(again.body == first.body)
                    #expect(again.headers["Idempotent-Replayed"] == "true")
                }
                // The same spin in other words: a quoted key, members in another order.
                let reordered = Array(#"{ "kind": "normal", "bet": 100, "game": "classic3" }"#.utf8)
                let quoted = try await server.spin(player: player, key: "\"\(key)\"", body: reordered)
                #expect(quoted.body == first.body)
                #expect(quoted.headers["Idempotent-Replayed"] == "true")
                let lookup = try await server.lookup(player: player, key: key)
                #expect(lookup.status == 200)
                #expect(lookup.body == first.body)
                #expect(lookup.headers["Idempotent-Replayed"] == "true")
                #expect(try await server.balance(player) == balance)
                let history = try await server.history(player)
                #expect(history.count == 1)
                #expect(try history.first?.string("spinId") == key)
            }
        }

        @Test(arguments: StoreKind.allCases)
        func expiredKeyIsUnknownAndFreeAgain(kind: StoreKind) async throws {
            try await TestServer.withServer(kind, configure: { $0.keyTTLSeconds = 1 }) { server in
                let player = try await server.fundedPlayer()
                let key = uniqueKey("ttl")
                let first = try await server.spin(player: player, key: key, body: TestServer.spinBody())
                #expect(first.status == 200)
                #expect(try await server.lookup(player: player, key: key).status == 200)
                try await Task.sleep(for: .milliseconds(1200))
                try await ProblemExpectations.expectKeyUnused(server, player, key: key)
                let second = try await server.spin(player: player, key: key, body: TestServer.spinBody())
                #expect(second.status == 200)
                #expect(second.headers["Idempotent-Replayed"] == nil)
                #expect(try await server.history(player).count == 2)
            }
        }

        @Test(arguments: StoreKind.allCases)
        func differentBodySameKeyIsRefused(kind: StoreKind) async throws {
            try await TestServer.withServer(kind) { server in
                let player = try await server.fundedPlayer()
                let key = uniqueKey("body")
                #expect(try await server.spin(player: player, key: key, body: TestServer.spinBody(game: "fruit5", bet: 20)).status == 200)
                let balance = try await server.balance(player)
                for body in [TestServer.spinBody(game: "fruit5", bet: 40), TestServer.spinBody(game: "ways243", bet: 50),
                             TestServer.spinBody(game: "fruit5", bet: 20, kind: "buy_feature")] {
                    let response = try await server.spin(player: player, key: key, body: body)
                    try ProblemExpectations.expect(response, status: 422, code: "idempotency_key_reused", mentions: "Idempotency-Key")
                }
                #expect(try await server.balance(player) == balance)
            }
        }

        @Test(arguments: StoreKind.allCases)
        func lookupOfUnknownAndForeignKeys(kind: StoreKind) async throws {
            try await TestServer.withServer(kind) { server in
                let owner = try await server.fundedPlayer("owner")
                let stranger = try await server.fundedPlayer("stranger")
                let key = uniqueKey("mine")
                #expect(try await server.spin(player: owner, key: key, body: TestServer.spinBody()).status == 200)
                try await ProblemExpectations.expectKeyUnused(server, owner, key: uniqueKey("never"))
                try await ProblemExpectations.expectKeyUnused(server, stranger, key: key)
                #expect(try await server.lookup(player: owner, key: key).status == 200)
            }
        }

        @Test(arguments: StoreKind.allCases)
        func sameKeyOfTwoPlayersIsTwoSpins(kind: StoreKind) async throws {
            try await TestServer.withServer(kind) { server in
                let alice = try await server.fundedPlayer("alice", balance: 10_000)
                let bob = try await server.fundedPlayer("bob", balance: 20_000)
                let key = uniqueKey("shared")
                let body = TestServer.spinBody(bet: 100)
                let first = try await server.spin(player: alice, key: key, body: body)
                let second = try await server.spin(player: bob, key: key, body: body)
                #expect(first.status == 200)
                #expect(second.status == 200)
                #expect(second.headers["Idempotent-Replayed"] == nil)
                let a = try JSONObject(first)
                let b = try JSONObject(second)
                #expect(try a.int("balance") == 10_000 - 100 + a.int("win"))
                #expect(try b.int("balance") == 20_000 - 100 + b.int("win"))
                #expect(try await server.balance(alice) == a.int("balance"))
                #expect(try await server.balance(bob) == b.int("balance"))
                #expect(try await server.lookup(player: alice, key: key).body == first.body)
                #expect(try await server.lookup(player: bob, key: key).body == second.body)
            }
        }

        @Test(arguments: StoreKind.allCases)
        func playersSeeOnlyTheirOwnWalletAndHistory(kind: StoreKind) async throws {
            try await TestServer.withServer(kind) { server in
                let alice = try await server.fundedPlayer("alice", balance: 5000)
                let bob = try await server.fundedPlayer("bob", balance: 7000)
                let aliceKey = uniqueKey("a")
                #expect(try await server.spin(player: alice, key: aliceKey, body: TestServer.spinBody()).status == 200)
                #expect(try await server.history(bob).isEmpty)
                #expect(try await server.wallet(bob).string("player") == bob.value)
                #expect(try await server.balance(bob) == 7000)
                #expect(try await server.wallet(alice).string("player") == alice.value)
                #expect(try await server.history(alice).count == 1)
                // Operator routes are not a way around it for a player token.
                let admin = try await server.request("GET", "/admin/players/\(alice.value)", headers: server.playerHeaders(bob))
                try ProblemExpectations.expect(admin, status: 401, code: "unauthorized", mentions: "Authorization")
                try await ProblemExpectations.expectKeyUnused(server, bob, key: aliceKey)
            }
        }

        @Test(arguments: StoreKind.allCases)
        func historyIsNewestFirstAndLimited(kind: StoreKind) async throws {
            try await TestServer.withServer(kind) { server in
                let player = try await server.fundedPlayer()
                var keys: [String] = []
                for index in 0..<12 {
                    let key = uniqueKey("h\(index)")
                    keys.append(key)
                    #expect(try await server.spin(player: player, key: key, body: TestServer.spinBody()).status == 200)
                }
                let recent = try await server.history(player, limit: 5)
                #expect(try recent.map { try $0.string("spinId") } == Array(keys.reversed().prefix(5)))
                let defaulted = try await JSONObject(server.request("GET", "/v1/history", headers: server.playerHeaders(player)))
                #expect(try defaulted.count("spins") == 10)
                for bad in ["0", "101", "ten"] {
                    let response = try await server.request("GET", "/v1/history?limit=\(bad)", headers: server.playerHeaders(player))
                    try ProblemExpectations.expect(response, status: 400, code: "invalid_request", mentions: "limit")
                }
            }
        }
    }
}
