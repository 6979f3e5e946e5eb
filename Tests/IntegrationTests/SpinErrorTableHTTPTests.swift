import HTTP
import Spin
import Testing

extension EndToEnd {
    /// One test per row of API.md's `POST /v1/spins` error table, through HTTP, on both stores:
    /// status, code, problem body, `Retry-After`, and whether the answer is stored under the key.
    @Suite struct SpinErrorTableHTTPTests {
        private typealias Problem = ProblemExpectations

        @Test(arguments: StoreKind.allCases)
        func missingIdempotencyKey(kind: StoreKind) async throws {
            try await TestServer.withServer(kind) { server in
                let player = try await server.fundedPlayer()
                let absent = try await server.spin(player: player, key: nil, body: TestServer.spinBody())
                try Problem.expect(absent, status: 400, code: "missing_idempotency_key", mentions: "Idempotency-Key")
                let emptyQuoted = try await server.spin(player: player, key: "\"\"", body: TestServer.spinBody())
                try Problem.expect(emptyQuoted, status: 400, code: "missing_idempotency_key", mentions: "Idempotency-Key")
                #expect(try await server.balance(player) == 100_000)
                #expect(try await server.history(player).isEmpty)
            }
        }

        @Test(arguments: StoreKind.allCases)
        func invalidIdempotencyKey(kind: StoreKind) async throws {
            try await TestServer.withServer(kind) { server in
                let player = try await server.fundedPlayer()
                for key in [String(repeating: "k", count: 256), "\"two words\"", "\"unterminated", "caf\u{e9}"] {
                    let response = try await server.spin(player: player, key: key, body: TestServer.spinBody())
                    try Problem.expect(response, status: 400, code: "invalid_idempotency_key", mentions: "Idempotency-Key")
                }
                // 255 characters is the longest valid key, and a quoted key names the same spin as the bare one.
                let longest = String(repeating: "k", count: 254) + "1"
                #expect(try await server.spin(player: player, key: longest, body: TestServer.spinBody()).status == 200)
                let quoted = try await server.spin(player: player, key: "\"\(longest)\"", body: TestServer.spinBody())
                #expect(quoted.headers["Idempotent-Replayed"] == "true")
                #expect(try await server.history(player).count == 1)
            }
        }

        @Test(arguments: StoreKind.allCases)
        func invalidRequestIsNotStored(kind: StoreKind) async throws {
            try await TestServer.withServer(kind) { server in
                let player = try await server.fundedPlayer()
                let cases: [(body: String, mentions: String)] = [
                    ("{\"game\":\"fruit5\",", "body"),
                    ("[1,2]", "body"),
                    ("{\"game\":\"fruit5\",\"bet\":\"20\"}", "bet"),
                    ("{\"game\":\"fruit5\",\"bet\":20.5}", "bet"),
                    ("{\"game\":\"fruit5\",\"bet\":20,\"kind\":\"turbo\"}", "kind"),
                    ("{\"game\":\"fruit5\",\"bet\":7}", "bet"),
                    ("{\"game\":\"fruit5\"}", "bet"),
                    ("{\"bet\":20}", "game"),
                    ("{\"game\":\"fruit5\",\"bet\":20,\"extra\":1}", "extra"),
                ]
                for (index, item) in cases.enumerated() {
                    let key = uniqueKey("invalid-\(index)")
                    let response = try await server.spin(player: player, key: key, body: Array(item.body.utf8))
                    try Problem.expect(response, status: 400, code: "invalid_request", mentions: item.mentions)
                    try await Problem.expectKeyUnused(server, player, key: key)
                    // Not stored: the same key later settles normally.
                    let retry = try await server.spin(player: player, key: key, body: TestServer.spinBody())
                    #expect(retry.status == 200, "\(retry.text)")
                    #expect(retry.headers["Idempotent-Replayed"] == nil)
                }
                #expect(try await server.history(player).count == cases.count)
            }
        }

        @Test(arguments: StoreKind.allCases)
        func unauthorizedIsNotStored(kind: StoreKind) async throws {
            try await TestServer.withServer(kind) { server in
                let player = try await server.fundedPlayer()
                let key = uniqueKey("unauth")
                let anonymous = try await server.request(
                    "POST", "/v1/spins", headers: ["Idempotency-Key": key, "Content-Type": "application/json"], body: TestServer.spinBody())
                try Problem.expect(anonymous, status: 401, code: "unauthorized", mentions: "Authorization")
                let settled = try await server.spin(player: player, key: key, body: TestServer.spinBody())
                #expect(settled.status == 200)
                #expect(settled.headers["Idempotent-Replayed"] == nil)
            }
        }

        @Test(arguments: StoreKind.allCases)
        func unknownGameIsNotStored(kind: StoreKind) async throws {
            try await TestServer.withServer(kind) { server in
                let player = try await server.fundedPlayer()
                let key = uniqueKey("nogame")
                let response = try await server.spin(player: player, key: key, body: TestServer.spinBody(game: "pinball"))
                try Problem.expect(response, status: 404, code: "unknown_game", mentions: "game")
                try await Problem.expectKeyUnused(server, player, key: key)
                #expect(try await server.spin(player: player, key: key, body: TestServer.spinBody()).status == 200)
            }
        }

        @Test(arguments: StoreKind.allCases)
        func unknownPlayerIsNotStored(kind: StoreKind) async throws {
            try await TestServer.withServer(kind) { server in
                let player = uniquePlayer("nowallet")
                let key = uniqueKey("nowallet")
                let response = try await server.spin(player: player, key: key, body: TestServer.spinBody())
                try Problem.expect(response, status: 404, code: "unknown_player", mentions: "player")
                let wallet = try await server.request("GET", "/v1/wallet", headers: server.playerHeaders(player))
                try Problem.expect(wallet, status: 404, code: "unknown_player", mentions: "player")
                #expect(try await server.credit(player: player, amount: 1000).status == 200)
                let settled = try await server.spin(player: player, key: key, body: TestServer.spinBody())
                #expect(settled.status == 200)
                #expect(settled.headers["Idempotent-Replayed"] == nil)
            }
        }

        @Test(arguments: StoreKind.allCases)
        func requestInProgressIsNotStored(kind: StoreKind) async throws {
            try await TestServer.withServer(kind) { server in
                let player = try await server.fundedPlayer()
                let key = uniqueKey("pending")
                let body = SpinRequestBody(game: "classic3", bet: 10, kind: .normal)
                // Another server process has claimed this key (same body) and is still working on it.
                let outcome = try await server.store.claim(ClaimRequest(player: player, spinId: SpinID(key)!, fingerprint: body.fingerprint))
                guard case .claimed(let claim) = outcome else {
                    Issue.record("claim: \(outcome)")
                    return
                }
                let response = try await server.spin(player: player, key: key, body: TestServer.spinBody())
                try Problem.expect(response, status: 409, code: "request_in_progress", mentions: "Idempotency-Key", retryAfter: true)
                let lookup = try await server.lookup(player: player, key: key)
                #expect(lookup.status == 202)
                #expect((Int(lookup.headers["Retry-After"] ?? "") ?? 0) >= 1)
                let state = try JSONObject(lookup)
                #expect(try state.string("state") == "in_progress")
                #expect(try state.string("spinId") == key)
                // A different body under the pending key is a reuse.
                let other = try await server.spin(player: player, key: key, body: TestServer.spinBody(bet: 25))
                try Problem.expect(other, status: 422, code: "idempotency_key_reused", mentions: "Idempotency-Key")
                #expect(try await server.balance(player) == 100_000)
                try await server.store.abandon(player: player, spinId: SpinID(key)!, lockToken: claim.lockToken)
                let settled = try await server.spin(player: player, key: key, body: TestServer.spinBody())
                #expect(settled.status == 200)
                #expect(settled.headers["Idempotent-Replayed"] == nil)
            }
        }

        @Test(arguments: StoreKind.allCases)
        func playerBusyIsNotStored(kind: StoreKind) async throws {
            try await TestServer.withServer(kind, configure: { $0.lockWaitMilliseconds = 150 }) { server in
                let player = try await server.fundedPlayer()
                let holder = uniqueKey("holder")
                let outcome = try await server.store.claim(ClaimRequest(player: player, spinId: SpinID(holder)!, fingerprint: "held"))
                guard case .claimed(let claim) = outcome else {
                    Issue.record("claim: \(outcome)")
                    return
                }
                let key = uniqueKey("busy")
                let started = ContinuousClock.now
                let response = try await server.spin(player: player, key: key, body: TestServer.spinBody())
                let waited = ContinuousClock.now - started
                try Problem.expect(response, status: 409, code: "player_busy", mentions: "player", retryAfter: true)
                #expect(waited >= .milliseconds(150), "gave up after \(waited), before the 150 ms wait bound")
                try await Problem.expectKeyUnused(server, player, key: key)
                #expect(try await server.balance(player) == 100_000)
                try await server.store.abandon(player: player, spinId: SpinID(holder)!, lockToken: claim.lockToken)
                let settled = try await server.spin(player: player, key: key, body: TestServer.spinBody())
                #expect(settled.status == 200)
                #expect(settled.headers["Idempotent-Replayed"] == nil)
            }
        }

        @Test(arguments: StoreKind.allCases)
        func featureActiveIsStored(kind: StoreKind) async throws {
            try await TestServer.withServer(kind) { server in
                let player = try await server.fundedPlayer()
                #expect(try await server.spin(player: player, game: "fruit5", bet: 20, kind: "buy_feature").status == 200)
                for spinKind in ["normal", "buy_feature", "ticket"] {
                    let key = uniqueKey("active-\(spinKind)")
                    let body = TestServer.spinBody(game: "fruit5", bet: 20, kind: spinKind)
                    let response = try await server.spin(player: player, key: key, body: body)
                    try Problem.expect(response, status: 409, code: "feature_active", mentions: "kind")
                    try await Problem.expectStored(server, player, key: key, body: body, original: response)
                }
                #expect(try await server.balance(player) == 100_000 - 2000)
                #expect(try await server.history(player).count == 1)
            }
        }

        @Test(arguments: StoreKind.allCases)
        func noActiveFeatureIsStored(kind: StoreKind) async throws {
            try await TestServer.withServer(kind) { server in
                let player = try await server.fundedPlayer()
                let key = uniqueKey("nofeature")
                let body = TestServer.spinBody(game: "fruit5", bet: nil, kind: "free")
                let response = try await server.spin(player: player, key: key, body: body)
                try Problem.expect(response, status: 409, code: "no_active_feature", mentions: "kind")
                try await Problem.expectStored(server, player, key: key, body: body, original: response)
                // Still the stored answer once a round is active: decided by the state at the time.
                #expect(try await server.spin(player: player, game: "fruit5", bet: 20, kind: "buy_feature").status == 200)
                try await Problem.expectStored(server, player, key: key, body: body, original: response)
                #expect(try await server.history(player).count == 1)
            }
        }

        @Test(arguments: StoreKind.allCases)
        func insufficientFundsIsStored(kind: StoreKind) async throws {
            try await TestServer.withServer(kind) { server in
                let player = try await server.fundedPlayer(balance: 50)
                let key = uniqueKey("poor")
                let body = TestServer.spinBody(bet: 100)
                let response = try await server.spin(player: player, key: key, body: body)
                try Problem.expect(response, status: 402, code: "insufficient_funds", mentions: "balance")
                try await Problem.expectStored(server, player, key: key, body: body, original: response)
                #expect(try await server.credit(player: player, amount: 10_000).status == 200)
                try await Problem.expectStored(server, player, key: key, body: body, original: response)
                #expect(try await server.balance(player) == 10_050)
                #expect(try await server.history(player).isEmpty)
            }
        }

        @Test(arguments: StoreKind.allCases)
        func noTicketIsStored(kind: StoreKind) async throws {
            try await TestServer.withServer(kind) { server in
                let player = try await server.fundedPlayer()
                let key = uniqueKey("noticket")
                let body = TestServer.spinBody(game: "fruit5", bet: 20, kind: "ticket")
                let response = try await server.spin(player: player, key: key, body: body)
                try Problem.expect(response, status: 402, code: "no_ticket", mentions: "ticket")
                try await Problem.expectStored(server, player, key: key, body: body, original: response)
                #expect(try await server.addTickets(player: player, game: "fruit5", count: 1).status == 200)
                try await Problem.expectStored(server, player, key: key, body: body, original: response)
                #expect(try await server.wallet(player).object("tickets")?.int("fruit5") == 1)
            }
        }

        @Test(arguments: StoreKind.allCases)
        func idempotencyKeyReusedIsNotStored(kind: StoreKind) async throws {
            try await TestServer.withServer(kind) { server in
                let player = try await server.fundedPlayer()
                let key = uniqueKey("reused")
                let original = try await server.spin(player: player, key: key, body: TestServer.spinBody(bet: 10))
                #expect(original.status == 200)
                let reused = try await server.spin(player: player, key: key, body: TestServer.spinBody(bet: 25))
                try Problem.expect(reused, status: 422, code: "idempotency_key_reused", mentions: "Idempotency-Key")
                // The key still holds the original spin.
                try await Problem.expectStored(server, player, key: key, body: TestServer.spinBody(bet: 10), original: original)
                #expect(try await server.history(player).count == 1)
            }
        }

        @Test(arguments: StoreKind.allCases)
        func storeUnavailableIsNotStored(kind: StoreKind) async throws {
            let power = StoreSwitch()
            try await TestServer.withServer(kind, power: power) { server in
                let player = try await server.fundedPlayer()
                let key = uniqueKey("down")
                power.set(down: true)
                let response = try await server.spin(player: player, key: key, body: TestServer.spinBody())
                try Problem.expect(response, status: 503, code: "store_unavailable", mentions: "store", retryAfter: true)
                let ready = try await server.request("GET", "/readyz")
                try Problem.expect(ready, status: 503, code: "store_unavailable", mentions: "store", retryAfter: true)
                let lookup = try await server.lookup(player: player, key: key)
                try Problem.expect(lookup, status: 503, code: "store_unavailable", mentions: "store", retryAfter: true)
                power.set(down: false)
                #expect(try await server.request("GET", "/readyz").status == 200)
                try await Problem.expectKeyUnused(server, player, key: key)
                #expect(try await server.balance(player) == 100_000)
                let settled = try await server.spin(player: player, key: key, body: TestServer.spinBody())
                #expect(settled.status == 200)
                #expect(settled.headers["Idempotent-Replayed"] == nil)
            }
        }
    }
}
