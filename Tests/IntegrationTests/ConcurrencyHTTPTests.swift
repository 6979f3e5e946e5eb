import HTTP
import Spin
import Testing

extension EndToEnd {
    /// Many clients at once, each on its own connection and thread, on both stores.
    @Suite struct ConcurrencyHTTPTests {
        @Test(arguments: StoreKind.allCases)
        func fiftyRequestsWithOneKeyDebitOnce(kind: StoreKind) async throws {
            try await TestServer.withServer(kind) { server in
                let player = try await server.fundedPlayer(balance: 10_000)
                let key = uniqueKey("storm")
                let headers = server.playerHeaders(player, key: key)
                let body = TestServer.spinBody(bet: 100)
                let port = server.port
                let results = try await TestServer.offPool { ParallelThreads.run(50) { _ in
                    let client = try HTTPClient(host: TestServer.host, port: port)
                    return try client.send(HTTPClientRequest(method: "POST", target: "/v1/spins", headers: headers, body: body))
                } }
                let responses = try results.map { try $0.get() }
                let fresh = responses.filter { $0.status == 200 && $0.headers["Idempotent-Replayed"] == nil }
                let replays = responses.filter { $0.status == 200 && $0.headers["Idempotent-Replayed"] == "true" }
                let conflicts = responses.filter { $0.status == 409 }
                #expect(fresh.count == 1)
                #expect(fresh.count + replays.count + conflicts.count == 50)
                let settled = try #require(fresh.first)
                #expect(replays.allSatisfy { $0.body == settled.body })
                for conflict in conflicts {
                    try ProblemExpectations.expect(conflict, status: 409, code: "request_in_progress", mentions: "Idempotency-Key", retryAfter: true)
                }
                let spin = try JSONObject(settled)
                #expect(try await server.balance(player) == 10_000 - 100 + spin.int("win"))
                let history = try await server.history(player)
                #expect(history.count == 1)
                let events = try await server.store.recentEvents(limit: 5000).filter { $0.player == player.value }
                #expect(events.count == 1)
                #expect(events.first?.spinId == key)
                #expect(try await server.lookup(player: player, key: key).body == settled.body)
            }
        }

        @Test(arguments: StoreKind.allCases)
        func twentyKeysOfOnePlayerAddUp(kind: StoreKind) async throws {
            try await TestServer.withServer(kind) { server in
                let credit = 50_000
                let player = try await server.fundedPlayer(balance: credit)
                let port = server.port
                let keys = (0..<20).map { uniqueKey("parallel-\($0)") }
                let requests = keys.enumerated().map { index, key in
                    HTTPClientRequest(
                        method: "POST", target: "/v1/spins", headers: server.playerHeaders(player, key: key),
                        body: TestServer.spinBody(game: "classic3", bet: [10, 25, 50, 100][index % 4]))
                }
                // classic3 has no feature: no spin can start a round that would refuse the others.
            let results = try await TestServer.offPool { ParallelThreads.run(20) { index in
                    let client = try HTTPClient(host: TestServer.host, port: port)
                    return try client.send(requests[index])
                } }
                var expected = credit
                var settledKeys: Set<String> = []
                for (index, result) in results.enumerated() {
                    let response = try result.get()
                    if response.status == 200 {
                        let spin = try JSONObject(response)
                        expected += try spin.int("win") - spin.int("debit")
                        #expect(try spin.int("debit") == [10, 25, 50, 100][index % 4])
                        settledKeys.insert(keys[index])
                    } else {
                        // Only a lock that stayed busy past the wait bound may refuse, and it changes nothing.
                        try ProblemExpectations.expect(response, status: 409, code: "player_busy", mentions: "player", retryAfter: true)
                        try await ProblemExpectations.expectKeyUnused(server, player, key: keys[index])
                    }
                }
                #expect(try await server.balance(player) == expected)
                let history = try await server.history(player)
                #expect(Set(try history.map { try $0.string("spinId") }) == settledKeys)
                // Each spin's balance is the previous one's minus its debit plus its win: they were serialised.
                let chronological = Array(history.reversed())
                var running = credit
                for spin in chronological {
                    running += try spin.int("win") - spin.int("debit")
                    #expect(try spin.int("balance") == running)
                }
            }
        }
    }
}
