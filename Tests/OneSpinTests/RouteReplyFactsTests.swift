import HTTP
import OneSpin
import Spin
import Testing

/// Replies carry their facts — the problem `code` and a spin's disposition — from where they were
/// decided; each is checked here against what the bytes say, read independently.
@Suite struct RouteReplyFactsTests {
    static let classic = #"{"game":"classic3","bet":10,"kind":"normal"}"#

    private func spin(_ fixture: APIFixture, _ player: String, key: String?, body: String = classic) async -> (OneSpinAPI.Routed, RouteReply) {
        let routed = fixture.api.route(APIFixture.request("POST", "/v1/spins", headers: fixture.player(player, key: key), body: body))
        return (routed, await routed.answer.reply())
    }

    @Test func spinsCountOnlyOnceAuthenticated() async throws {
        let fixture = try APIFixture.make()
        let anonymous = fixture.api.route(APIFixture.request("POST", "/v1/spins", body: Self.classic))
        #expect(!anonymous.countsSpins)
        let (routed, _) = await spin(fixture, "alice", key: "k")
        #expect(routed.countsSpins)
        #expect(routed.player == MaskedPlayer("alice"))
        for route in ["/v1/wallet", "/v1/history", "/v1/spins/k"] {
            #expect(!fixture.api.route(APIFixture.request("GET", route, headers: fixture.player("alice"))).countsSpins)
        }
    }

    @Test func settledReplayedAndReusedSpins() async throws {
        let fixture = try APIFixture.make()
        await fixture.fund("alice")
        let (_, settled) = await spin(fixture, "alice", key: "s-1")
        #expect(settled.response.status == 200, "\(settled.text)")
        #expect(settled.disposition == .settled && settled.code == nil)
        let (_, replayed) = await spin(fixture, "alice", key: "s-1")
        #expect(replayed.disposition == .replayed && replayed.code == nil)
        #expect(replayed.response.headers["Idempotent-Replayed"] == "true")
        #expect(replayed.response.body == settled.response.body)
        let (_, reused) = await spin(fixture, "alice", key: "s-1", body: #"{"game":"classic3","bet":5}"#)
        #expect(reused.response.status == 422)
        #expect(reused.code == "idempotency_key_reused" && reused.bodyCode == reused.code)
        #expect(reused.disposition == .rejected)
    }

    @Test func refusedSpinsCarryTheirCodeAndDisposition() async throws {
        let fixture = try APIFixture.make()
        await fixture.fund("alice")
        await fixture.fund("poor", amount: 5)
        let cases: [(player: String, key: String?, body: String, status: Int, code: String, disposition: SpinDisposition)] = [
            ("alice", nil, Self.classic, 400, "missing_idempotency_key", .rejected),
            ("alice", "bad key", Self.classic, 400, "invalid_idempotency_key", .rejected),
            ("alice", "k-1", "{", 400, "invalid_request", .rejected),
            ("alice", "k-2", #"{"game":"pinball","bet":10}"#, 404, "unknown_game", .rejected),
            ("nobody", "k-3", Self.classic, 404, "unknown_player", .rejected),
            ("alice", "k-4", #"{"game":"classic3","bet":10,"kind":"free"}"#, 409, "no_active_feature", .conflict),
            ("poor", "k-5", Self.classic, 402, "insufficient_funds", .rejected),
        ]
        for item in cases {
            let (_, reply) = await spin(fixture, item.player, key: item.key, body: item.body)
            #expect(reply.response.status == item.status, "\(item.code): \(reply.text)")
            #expect(reply.code == item.code && reply.bodyCode == item.code)
            #expect(reply.disposition == item.disposition, "\(item.code)")
        }
    }

    @Test func aStoredErrorReplaysWithItsCode() async throws {
        let fixture = try APIFixture.make()
        await fixture.fund("poor", amount: 5)
        let (_, first) = await spin(fixture, "poor", key: "p-1")
        #expect(first.code == "insufficient_funds" && first.disposition == .rejected)
        let (_, again) = await spin(fixture, "poor", key: "p-1")
        #expect(again.response.headers["Idempotent-Replayed"] == "true")
        #expect(again.code == "insufficient_funds" && again.bodyCode == "insufficient_funds")
        #expect(again.disposition == .replayed)
        let lookup = await fixture.send(APIFixture.request("GET", "/v1/spins/p-1", headers: fixture.player("poor")))
        #expect(lookup.response.status == 402 && lookup.code == "insufficient_funds")
    }

    @Test func rateLimitedSpinsAreRejectedWithRetryAfter() async throws {
        let fixture = try APIFixture.make { $0.rateLimit = 1; $0.rateBurst = 1 }
        await fixture.fund("alice")
        let (_, first) = await spin(fixture, "alice", key: "r-1")
        #expect(first.response.status == 200)
        let (_, limited) = await spin(fixture, "alice", key: "r-2")
        #expect(limited.response.status == 429)
        #expect(limited.code == "rate_limited" && limited.bodyCode == "rate_limited")
        #expect(limited.disposition == .rejected)
        #expect(limited.response.headers["Retry-After"] != nil)
    }

    @Test func historyLimitAndOperatorErrorsCarryTheirCode() async throws {
        let fixture = try APIFixture.make()
        await fixture.fund("alice")
        for limit in ["0", "101", "ten", ""] {
            let reply = await fixture.send(APIFixture.request("GET", "/v1/history?limit=\(limit)", headers: fixture.player("alice")))
            #expect(reply.response.status == 400 && reply.code == "invalid_request" && reply.bodyCode == "invalid_request")
        }
        let overdraw = await fixture.send(APIFixture.request(
            "POST", "/admin/players/alice/credit", headers: APIFixture.admin(key: "o-1"), body: #"{"amount":-1000000}"#))
        #expect(overdraw.response.status == 402 && overdraw.code == "insufficient_funds")
        let replayed = await fixture.send(APIFixture.request(
            "POST", "/admin/players/alice/credit", headers: APIFixture.admin(key: "o-1"), body: #"{"amount":-1000000}"#))
        #expect(replayed.response.headers["Idempotent-Replayed"] == "true" && replayed.code == "insufficient_funds")
        let unknown = await fixture.send(APIFixture.request("GET", "/admin/players/nobody", headers: APIFixture.admin()))
        #expect(unknown.response.status == 404 && unknown.code == "unknown_player")
    }
}

/// A record read back from a store that keeps status and body only (Redis) still knows its code.
@Suite struct StoredResponseCodeTests {
    @Test func recordsReadBackKnowWhichStoredErrorTheyHold() {
        let stored: [SpinError] = [.featureActive, .noActiveFeature, .insufficientFunds(balance: 1, debit: 5), .noTicket(game: "fruit5")]
        for error in stored {
            #expect(error.isStored)
            #expect(StoredResponse(decodedStatus: error.status, body: error.problemBody).code == error.code)
            #expect(StoredResponse(error).code == error.code)
        }
        #expect(StoredResponse(decodedStatus: 200, body: Array(#"{"type":"https://onespin.dev/problems/no_ticket""#.utf8)).code == nil)
        #expect(StoredResponse(decodedStatus: 400, body: SpinError.invalidRequest("bet").problemBody).code == nil)
    }
}
