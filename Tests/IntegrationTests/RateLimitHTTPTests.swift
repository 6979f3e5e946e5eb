import HTTP
import Spin
import Testing

extension EndToEnd {
    /// `--rate-limit`: a burst above the limit gets 429s whose keys stay unused; replayed later they settle once.
    @Suite struct RateLimitHTTPTests {
        @Test(arguments: StoreKind.allCases)
        func burstAboveTheLimitIsRefusedAndItsKeysSettleLater(kind: StoreKind) async throws {
            try await TestServer.withServer(kind, configure: { $0.rateLimit = 1; $0.rateBurst = 3 }) { server in
                let player = try await server.fundedPlayer("rate")
                let keys = (0..<6).map { uniqueKey("rate-\($0)") }
                var answers: [Int] = []
                for key in keys {
                    answers.append(try await server.spin(player: player, key: key, body: TestServer.spinBody()).status)
                }
                #expect(answers.prefix(3).allSatisfy { $0 == 200 }, "\(answers)")
                #expect(answers.filter { $0 == 429 }.count >= 2, "\(answers)")
                let limitedKeys = zip(keys, answers).filter { $0.1 == 429 }.map(\.0)
                let limited = try await server.spin(player: player, key: limitedKeys[0], body: TestServer.spinBody())
                if limited.status == 429 {
                    try ProblemExpectations.expect(limited, status: 429, code: "rate_limited", mentions: "player", retryAfter: true)
                }
                // A limited key was never used: its lookup is 404 and it settles once the bucket refills.
                #expect(try await server.lookup(player: player, key: limitedKeys[1]).status == 404)
                try await Task.sleep(for: .milliseconds(1100 * limitedKeys.count))
                var settled: [HTTPClientResponse] = []
                for key in limitedKeys {
                    let first = try await server.spin(player: player, key: key, body: TestServer.spinBody())
                    #expect(first.status == 200, "\(first.text)")
                    settled.append(first)
                }
                // Replays count against the bucket too: wait for a token, then replay.
                try await Task.sleep(for: .milliseconds(1100))
                let again = try await server.spin(player: player, key: limitedKeys[0], body: TestServer.spinBody())
                #expect(again.headers["Idempotent-Replayed"] == "true")
                #expect(again.body == settled[0].body)
                let history = try await server.history(player, limit: 100)
                #expect(history.count == 3 + limitedKeys.count)
                // Only the settled spins moved money: credit − Σdebit + Σwin over the history.
                let moved = try history.reduce(0) { $0 + (try $1.int("win")) - (try $1.int("debit")) }
                #expect(try await server.balance(player) == 100_000 + moved)
            }
        }
    }
}
