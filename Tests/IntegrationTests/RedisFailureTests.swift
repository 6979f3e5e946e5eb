import Foundation
import HTTP
import OneSpin
import RedisStore
import Spin
import Testing

extension EndToEnd {
    /// What must hold when processes die or Redis goes away.
    @Suite struct RedisFailureTests {
        @Test func commitAfterTheLockLeaseExpiredIsFenced() async throws {
            let client = try await RedisTestEnvironment.sharedClient()
            let store = RedisSpinStore(client: client, limits: SpinStoreLimits(pendingLease: 5000, lockLease: 200))
            let player = uniquePlayer("fence")
            guard case .credited = try await store.credit(player: player, amount: 1000, key: SpinID("seed")!, fingerprint: "seed", reason: "seed") else {
                Issue.record("credit failed")
                return
            }
            guard case .claimed(let stale) = try await store.claim(ClaimRequest(player: player, spinId: SpinID("slow")!, fingerprint: "fp")) else {
                Issue.record("first claim failed")
                return
            }
            // The slow request stalls past its lock lease; another request takes the lock.
            try await Task.sleep(for: .milliseconds(350))
            guard case .claimed(let fresh) = try await store.claim(ClaimRequest(player: player, spinId: SpinID("fast")!, fingerprint: "fp")) else {
                Issue.record("second claim did not get the expired lock")
                return
            }
            let before = try #require(try await store.wallet(player: player))
            let late = SpinCommit(
                player: player, spinId: SpinID("slow")!, fingerprint: "fp", lockToken: stale.lockToken, expectedVersion: stale.wallet.version,
                balance: 1, tickets: [:], claimedTickets: stale.wallet.tickets, round: nil, response: StoredResponse(status: 200, body: Array(#"{"late":true}"#.utf8)),
                event: SpinEvent(spinId: "slow", player: player.value, game: "fruit5", kind: "normal", bet: 999, debit: 999, win: 0, balance: 1))
            #expect(try await store.commit(late) == .fenced)
            let after = try #require(try await store.wallet(player: player))
            #expect(after == before)
            #expect(try await store.history(player: player, limit: 10).isEmpty)
            #expect(try await store.recentEvents(limit: 5000).allSatisfy { $0.player != player.value })
            #expect(try await store.lookup(player: player, spinId: SpinID("slow")!) != .done(late.response))
            var current = late
            current.spinId = SpinID("fast")!
            current.lockToken = fresh.lockToken
            current.expectedVersion = fresh.wallet.version
            current.balance = 990
            current.event?.spinId = "fast"
            #expect(try await store.commit(current) == .committed)
            #expect(try await store.wallet(player: player)?.wallet.balance == 990)
        }

        /// The wallet read is a `MULTI` … `EXEC` of two plain reads. When Redis refuses `MULTI` (here to
        /// an ACL user without it) the reads run on their own and `EXEC` finds no transaction: the
        /// store answers the refusal, never those loose reads.
        @Test func walletReadIsOneTransactionOrAnError() async throws {
            let shared = try await RedisTestEnvironment.sharedClient()
            let player = uniquePlayer("nomulti")
            let store = RedisSpinStore(client: shared, limits: SpinStoreLimits())
            guard case .credited = try await store.credit(player: player, amount: 4321, key: SpinID("seed")!, fingerprint: "seed", reason: "seed") else {
                Issue.record("credit failed")
                return
            }
            #expect(try await store.wallet(player: player)?.wallet.balance == 4321)
            let user = "onespin-nomulti-\(UInt32.random(in: 0...UInt32.max))"
            let password = "pw-\(UInt32.random(in: 0...UInt32.max))"
            _ = try await shared.send(["ACL", "SETUSER", .init(user), "on", .init(">" + password), "~*", "&*", "+@all", "-multi"])
            defer { Task { _ = try? await shared.send(["ACL", "DELUSER", .init(user)]) } }
            let url = try #require(RedisTestEnvironment.url).replacingOccurrences(of: "redis://", with: "redis://\(user):\(password)@")
            let restricted = try await RedisTestEnvironment.makeClient(url: url)
            defer { RedisTestEnvironment.stop(restricted) }
            do {
                let read = try await RedisSpinStore(client: restricted, limits: SpinStoreLimits()).wallet(player: player)
                Issue.record("a wallet read without MULTI answered \(String(describing: read))")
            } catch {
                #expect(error.isProtocolViolation, "\(error)")
                #expect(error.reason.contains("NOPERM"), "\(error)")
            }
        }

        @Test(arguments: StoreKind.allCases)
        func aClaimWhoseProcessDiedBlocksUntilItsLeaseThenSettlesOnce(kind: StoreKind) async throws {
            let limits = SpinStoreLimits(keyTTL: 3_600_000, pendingLease: 1500, lockLease: 400)
            try await TestServer.withServer(kind, limits: limits) { server in
                let player = try await server.fundedPlayer("crash", balance: 5000)
                let key = uniqueKey("orphan")
                let fingerprint = SpinRequestBody(game: "classic3", bet: 100, kind: .normal).fingerprint
                // A server process claims the key, then dies before committing.
                let outcome = try await server.store.claim(ClaimRequest(player: player, spinId: SpinID(key)!, fingerprint: fingerprint))
                guard case .claimed = outcome else {
                    Issue.record("claim: \(outcome)")
                    return
                }
                let blocked = try await server.spin(player: player, key: key, body: TestServer.spinBody(bet: 100))
                try ProblemExpectations.expect(blocked, status: 409, code: "request_in_progress", mentions: "Idempotency-Key", retryAfter: true)
                #expect(try await server.lookup(player: player, key: key).status == 202)
                try await Task.sleep(for: .milliseconds(1600))
                let settled = try await server.spin(player: player, key: key, body: TestServer.spinBody(bet: 100))
                #expect(settled.status == 200, "\(settled.text)")
                #expect(settled.headers["Idempotent-Replayed"] == nil)
                let replay = try await server.spin(player: player, key: key, body: TestServer.spinBody(bet: 100))
                #expect(replay.body == settled.body)
                #expect(replay.headers["Idempotent-Replayed"] == "true")
                let spin = try JSONObject(settled)
                #expect(try await server.balance(player) == 5000 - 100 + spin.int("win"))
                #expect(try await server.history(player).count == 1)
                #expect(try await server.store.recentEvents(limit: 5000).filter { $0.player == player.value }.count == 1)
            }
        }

        @Test func redisStoppedMidTestThenRestarted() async throws {
            let redis = try PrivateRedis()
            try await TestServer.withServer(.redis, redisURL: redis.url) { server in
                let player = try await server.fundedPlayer("outage", balance: 10_000)
                let first = try await server.spin(player: player, bet: 100)
                #expect(first.status == 200)
                let balance = try await server.balance(player)
                #expect(try balance == 10_000 - 100 + JSONObject(first).int("win"))

                redis.kill()
                let key = uniqueKey("outage")
                let refused = try await server.spin(player: player, key: key, body: TestServer.spinBody(bet: 100))
                try ProblemExpectations.expect(refused, status: 503, code: "store_unavailable", mentions: "store", retryAfter: true)
                let ready = try await server.request("GET", "/readyz")
                try ProblemExpectations.expect(ready, status: 503, code: "store_unavailable", mentions: "store", retryAfter: true)
                #expect(try await server.request("GET", "/healthz").status == 200)
                let wallet = try await server.request("GET", "/v1/wallet", headers: server.playerHeaders(player))
                #expect(wallet.status == 503)

                try redis.start()
                // Each event loop reconnects on its own backoff: wait until several answers in a row
                // (spread over the loops) are ready.
                let deadline = ContinuousClock.now + .seconds(10)
                var readyInARow = 0
                while readyInARow < 6, ContinuousClock.now < deadline {
                    readyInARow = try await server.request("GET", "/readyz").status == 200 ? readyInARow + 1 : 0
                    try await Task.sleep(for: .milliseconds(20))
                }
                #expect(try await server.request("GET", "/readyz").status == 200)
                #expect(try await server.balance(player) == balance)
                try await ProblemExpectations.expectKeyUnused(server, player, key: key)
                let settled = try await server.spin(player: player, key: key, body: TestServer.spinBody(bet: 100))
                #expect(settled.status == 200, "\(settled.text)")
                #expect(try await server.balance(player) == balance - 100 + JSONObject(settled).int("win"))
                #expect(try await server.history(player).count == 2)
            }
        }
    }
}
