import HTTP
import OneSpin
import Spin
import Testing

extension EndToEnd {
    /// `--min-replicas N`: a spin or a credit is answered only once N replicas acknowledged its
    /// commit (`WAIT`); otherwise `503 store_unavailable` with `Retry-After`, and the resend with the
    /// same key replays the stored answer (it ran on the master) instead of settling again.
    @Suite struct ReplicaWaitTests {
        @Test func tooFewReplicasAnswer503AndTheRetryReplaysTheSettledSpin() async throws {
            let url = try RedisTopologyEnvironment.url(.sentinel)  // a master with 2 replicas
            let player = uniquePlayer("wait")
            let key = uniqueKey("wait")
            let credited = try await TestServer.withServer(.redis, redisURL: url, configure: { $0.minReplicas = 2 }) { server in
                #expect(try await server.credit(player: player, amount: 10_000).status == 200)
                let spin = try await server.spin(player: player, key: uniqueKey("ok"))
                #expect(spin.status == 200)
                return try await server.balance(player)
            }
            // Three replicas cannot acknowledge: the commit runs on the master, the answer is a 503.
            try await TestServer.withServer(.redis, redisURL: url, configure: {
                $0.minReplicas = 3
                $0.replicaTimeoutMilliseconds = 30
            }) { server in
                let refused = try await server.spin(player: player, key: key)
                #expect(refused.status == 503)
                #expect(refused.headers["Retry-After"] != nil)
                #expect(refused.text.contains("\"code\":\"store_unavailable\""))
                let lookup = try await server.lookup(player: player, key: key)
                #expect(lookup.status == 503, "a stored answer is not given again before the replicas hold it")
                let credit = try await server.credit(player: player, amount: 5)
                #expect(credit.status == 503)
            }
            // With replicas enough, the resend replays what the master settled: debited once.
            try await TestServer.withServer(.redis, redisURL: url, configure: { $0.minReplicas = 2 }) { server in
                let replay = try await server.spin(player: player, key: key)
                #expect(replay.status == 200)
                #expect(replay.headers["Idempotent-Replayed"] == "true")
                let body = try JSONObject(replay)
                let after = try await server.balance(player)
                #expect(after == credited - (try body.int("debit")) + (try body.int("win")) + 5)
            }
        }
    }
}
