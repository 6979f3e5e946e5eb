import Spin
import Testing

/// One test per row of API.md's error table, each checking the stored / not-stored rule.
@Suite struct SpinErrorTableTests {
    let normal = "{\"game\":\"feat\",\"bet\":10}"

    @Test func missingIdempotencyKey() async {
        let h = await SpinHarness.make()
        for key in [nil, ""] as [String?] {
            let reply = await h.spin(normal, key: key)
            #expect(reply.status == 400)
            #expect(reply.code == "missing_idempotency_key")
        }
    }

    @Test func invalidIdempotencyKey() async {
        let h = await SpinHarness.make()
        for key in [String(repeating: "k", count: 256), "has space", "\"unterminated", "tab\tkey"] {
            let reply = await h.spin(normal, key: key)
            #expect(reply.status == 400)
            #expect(reply.code == "invalid_idempotency_key")
        }
    }

    @Test func invalidRequestIsNotStored() async {
        let h = await SpinHarness.make()
        let bad = ["not json", "{\"game\":1,\"bet\":10}", "{\"game\":\"feat\",\"bet\":10,\"kind\":\"turbo\"}",
                   "{\"game\":\"feat\",\"bet\":15}", "{\"game\":\"plain\",\"bet\":10,\"kind\":\"buy_feature\"}"]
        for body in bad {
            let reply = await h.spin(body, key: "k1")
            #expect(reply.status == 400, "\(body)")
            #expect(reply.code == "invalid_request", "\(body)")
        }
        let settled = await h.spin(normal, key: "k1")
        #expect(settled.status == 200)
        #expect(!settled.replayed)
    }

    @Test func unauthorizedProblemBody() {
        let error = SpinError.unauthorized("Authorization: bad signature")
        #expect(error.status == 401)
        #expect(!error.isStored)
        #expect(text(error.problemBody) == """
            {"type":"https://onespin.dev/problems/unauthorized","title":"Unauthorized","status":401,\
            "detail":"Authorization: bad signature","code":"unauthorized"}
            """)
    }

    @Test func unknownGame() async {
        let h = await SpinHarness.make()
        let reply = await h.spin("{\"game\":\"nope\",\"bet\":10}", key: "k")
        #expect(reply.status == 404)
        #expect(reply.code == "unknown_game")
    }

    @Test func unknownPlayerWritesNothing() async {
        let h = await SpinHarness.make(balance: nil)
        let reply = await h.spin(normal, key: "k")
        #expect(reply.status == 404)
        #expect(reply.code == "unknown_player")
        #expect(await h.state() == nil)
        await h.credit(100, key: "c")
        #expect(await h.spin(normal, key: "k").status == 200)
    }

    @Test func requestInProgressThenSettles() async throws {
        let h = await SpinHarness.make()
        let request = ClaimRequest(player: h.player, spinId: SpinID("k")!, fingerprint: SpinRequestBody(game: "feat", bet: 10, kind: .normal).fingerprint)
        guard case .claimed(let claim) = try await h.memory.claim(request) else { Issue.record("not claimed"); return }
        let reply = await h.spin(normal, key: "k")
        #expect(reply.status == 409)
        #expect(reply.code == "request_in_progress")
        #expect(reply.retryAfter == 1)
        let other = await h.spin("{\"game\":\"feat\",\"bet\":20}", key: "k")
        #expect(other.code == "idempotency_key_reused")
        try await h.memory.abandon(player: h.player, spinId: SpinID("k")!, lockToken: claim.lockToken)
        #expect(await h.spin(normal, key: "k").status == 200)
    }

    @Test func playerBusyAfterWaitBound() async throws {
        let h = await SpinHarness.make(busyWait: .milliseconds(30))
        let holder = ClaimRequest(player: h.player, spinId: SpinID("other")!, fingerprint: "x")
        guard case .claimed(let claim) = try await h.memory.claim(holder) else { Issue.record("not claimed"); return }
        let reply = await h.spin(normal, key: "k")
        #expect(reply.status == 409)
        #expect(reply.code == "player_busy")
        #expect(reply.retryAfter == 1)
        #expect(await h.balance() == 10_000)
        try await h.memory.abandon(player: h.player, spinId: SpinID("other")!, lockToken: claim.lockToken)
        #expect(await h.spin(normal, key: "k").status == 200)
    }

    @Test func featureActiveIsStored() async {
        let h = await SpinHarness.make()
        #expect(await h.spin("{\"game\":\"feat\",\"bet\":10,\"kind\":\"buy_feature\"}", key: "buy").status == 200)
        let first = await h.spin(normal, key: "k")
        #expect(first.status == 409)
        #expect(first.code == "feature_active")
        await expectStoredReplay(h, normal, key: "k", first)
    }

    @Test func noActiveFeatureIsStored() async {
        let h = await SpinHarness.make()
        let body = "{\"game\":\"feat\",\"kind\":\"free\"}"
        let first = await h.spin(body, key: "k")
        #expect(first.status == 409)
        #expect(first.code == "no_active_feature")
        await expectStoredReplay(h, body, key: "k", first)
    }

    @Test func insufficientFundsIsStored() async {
        let h = await SpinHarness.make(balance: 5)
        let first = await h.spin(normal, key: "k")
        #expect(first.status == 402)
        #expect(first.code == "insufficient_funds")
        await h.credit(1000, key: "more")
        await expectStoredReplay(h, normal, key: "k", first)
        #expect(await h.balance() == 1005)
    }

    @Test func noTicketIsStored() async {
        let h = await SpinHarness.make()
        let body = "{\"game\":\"feat\",\"bet\":10,\"kind\":\"ticket\"}"
        let first = await h.spin(body, key: "k")
        #expect(first.status == 402)
        #expect(first.code == "no_ticket")
        await expectStoredReplay(h, body, key: "k", first)
    }

    @Test func idempotencyKeyReusedIsNotStored() async {
        let h = await SpinHarness.make()
        let first = await h.spin(normal, key: "k")
        #expect(first.status == 200)
        let reused = await h.spin("{\"game\":\"feat\",\"bet\":20}", key: "k")
        #expect(reused.status == 422)
        #expect(reused.code == "idempotency_key_reused")
        let replay = await h.spin(normal, key: "k")
        #expect(replay.body == first.body)
        #expect(replay.replayed)
    }

    @Test func rateLimitedProblem() {
        let error = SpinError.rateLimited(retryAfter: 3)
        #expect(error.status == 429)
        #expect(error.code == "rate_limited")
        #expect(error.retryAfter == 3)
        #expect(!error.isStored)
    }

    @Test func storeUnavailableAppliesNothing() async {
        let h = await SpinHarness.make()
        h.store.failClaims.store(true, ordering: .relaxed)
        let down = await h.spin(normal, key: "k")
        #expect(down.status == 503)
        #expect(down.code == "store_unavailable")
        #expect(down.retryAfter == 1)
        h.store.failClaims.store(false, ordering: .relaxed)
        h.store.failCommits.store(true, ordering: .relaxed)
        let commitDown = await h.spin(normal, key: "k")
        #expect(commitDown.status == 503)
        #expect(await h.balance() == 10_000)
        h.store.failCommits.store(false, ordering: .relaxed)
        let settled = await h.spin(normal, key: "k")
        #expect(settled.status == 200)
        #expect(await h.balance() == 9_990)
    }

    @Test func fencedCommitAnswersPlayerBusyAndKeepsKeyUsable() async {
        let h = await SpinHarness.make()
        h.store.fenceCommits.store(true, ordering: .relaxed)
        let fenced = await h.spin(normal, key: "k")
        #expect(fenced.code == "player_busy")
        h.store.fenceCommits.store(false, ordering: .relaxed)
        #expect(await h.spin(normal, key: "k").status == 200)
    }

    private func expectStoredReplay(_ h: SpinHarness, _ body: String, key: String, _ first: SpinReply) async {
        #expect(!first.replayed)
        let again = await h.spin(body, key: key)
        #expect(again.replayed)
        #expect(again.status == first.status)
        #expect(again.body == first.body)
        #expect(again.isProblem)
        let lookup = await h.service.lookup(player: h.player, spinId: key)
        #expect(lookup.status == first.status)
        #expect(lookup.body == first.body)
    }
}
