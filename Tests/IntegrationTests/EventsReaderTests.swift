import Redis
import RedisStore
import Spin
import Testing

extension EndToEnd {
    /// `onespin events`' reader on one Redis, Redis Cluster and Sentinel: every settled spin's event
    /// is delivered once per group, and entries a dead consumer left unacknowledged are taken over.
    @Suite struct EventsReaderTests {
        static let urls: [String] = ["REDIS_URL", "REDIS_CLUSTER_URL", "REDIS_SENTINEL_URL"]

        @Test(arguments: urls)
        func settledSpinsAreReadOnceAndPendingOnesAreReclaimed(variable: String) async throws {
            let url: String
            switch variable {
            case "REDIS_CLUSTER_URL": url = try RedisTopologyEnvironment.url(.cluster)
            case "REDIS_SENTINEL_URL": url = try RedisTopologyEnvironment.url(.sentinel)
            default: url = try #require(RedisTestEnvironment.url)
            }
            let connection = try await RedisTopologyEnvironment.Connection(url: url)
            defer { connection.stop() }
            let store = RedisSpinStore(client: connection.client, limits: SpinStoreLimits())
            let group = uniqueKey("group")
            let reader = RedisEventsReader(client: connection.client, group: group, consumer: "a", claimIdle: 100)
            try await reader.createGroups(fromStart: false)

            let players = (0..<6).map { _ in uniquePlayer("events") }  // spread over partitions (and masters)
            for player in players { try await Self.settle(store, player, spin: "s1") }
            var seen: [String] = []
            for _ in 0..<5 where seen.count < players.count {
                _ = try await reader.poll { entries in
                    seen += entries.compactMap { $0.event }.filter { event in players.contains { $0.value == event.player } }.map(\.player)
                }
            }
            #expect(seen.sorted() == players.map(\.value).sorted(), "each settled spin once")
            let again = try await reader.poll { entries in
                #expect(entries.allSatisfy { entry in !players.contains { $0.value == entry.event?.player } })
            }
            #expect(again >= 0)

            // A consumer reads and dies before XACK: after claimIdle another consumer takes its entries over.
            let late = uniquePlayer("events-late")
            try await Self.settle(store, late, spin: "s2")
            let stream = RedisSpinKeys(late).events
            let dead = try await connection.client.send(
                ["XREADGROUP", "GROUP", RedisArgument(group), "dead", "COUNT", 100, "STREAMS", stream, ">"], key: stream)
            #expect(dead.array?.isEmpty == false)
            try await Task.sleep(for: .milliseconds(150))
            let survivor = RedisEventsReader(client: connection.client, group: group, consumer: "b", claimIdle: 100)
            var reclaimed: [String] = []
            _ = try await survivor.poll { entries in reclaimed += entries.compactMap { $0.event?.player } }
            #expect(reclaimed.contains(late.value))
        }

        static func settle(_ store: RedisSpinStore, _ player: PlayerID, spin: String) async throws {
            _ = try await store.credit(player: player, amount: 100, key: SpinID("seed")!, fingerprint: "seed", reason: "seed")
            guard case .claimed(let claim) = try await store.claim(ClaimRequest(player: player, spinId: SpinID(spin)!, fingerprint: "fp")) else {
                Issue.record("claim failed")
                return
            }
            let commit = SpinCommit(
                player: player, spinId: SpinID(spin)!, fingerprint: "fp", lockToken: claim.lockToken, expectedVersion: claim.wallet.version,
                balance: 90, tickets: [:], claimedTickets: claim.wallet.tickets, round: nil, response: StoredResponse(status: 200, body: Array("{}".utf8)),
                event: SpinEvent(spinId: spin, player: player.value, game: "g", kind: "normal", bet: 10, debit: 10, win: 0, balance: 90))
            #expect(try await store.commit(commit) == .committed)
        }
    }
}
