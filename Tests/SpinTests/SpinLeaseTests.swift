import Spin
import Testing

@Suite struct SpinLeaseTests {
    @Test func expiredPendingKeyIsReclaimedAndSettlesOnce() async throws {
        let h = await SpinHarness.make()
        let body = SpinRequestBody(game: "feat", bet: 10, kind: .normal)
        // A first attempt that claimed and then vanished (crashed process).
        let lost = ClaimRequest(player: h.player, spinId: SpinID("k")!, fingerprint: body.fingerprint)
        guard case .claimed(let stale) = try await h.memory.claim(lost) else { Issue.record("not claimed"); return }
        #expect(await h.spin("{\"game\":\"feat\",\"bet\":10}", key: "k").code == "request_in_progress")
        h.clock.advance(millis: 10_001)
        let settled = await h.spin("{\"game\":\"feat\",\"bet\":10}", key: "k")
        #expect(settled.status == 200 && !settled.replayed)
        // The vanished attempt's late commit is fenced and changes nothing.
        let late = SpinCommit(
            player: h.player, spinId: SpinID("k")!, fingerprint: body.fingerprint, lockToken: stale.lockToken,
            expectedVersion: stale.wallet.version, balance: 0, tickets: [:], claimedTickets: stale.wallet.tickets, round: nil,
            response: StoredResponse(status: 200, body: [1]), event: nil)
        #expect(try await h.memory.commit(late) == .fenced)
        #expect(await h.balance() == 9_990)
        let replay = await h.spin("{\"game\":\"feat\",\"bet\":10}", key: "k")
        #expect(replay.replayed && replay.body == settled.body)
    }

    @Test func keyExpiresAfterTTL() async {
        let h = await SpinHarness.make(limits: .init(keyTTL: 60_000))
        let first = await h.spin("{\"game\":\"feat\",\"bet\":10}", key: "k")
        #expect(first.status == 200)
        h.clock.advance(millis: 60_001)
        #expect(await h.service.lookup(player: h.player, spinId: "k").status == 404)
        let again = await h.spin("{\"game\":\"feat\",\"bet\":10}", key: "k")
        #expect(again.status == 200 && !again.replayed)
        #expect(await h.balance() == 9_980)
    }

    @Test func creditIsIdempotentThroughTheService() async {
        let h = await SpinHarness.make(balance: nil)
        let first = await h.credit(500, key: "c1")
        #expect(first.status == 200 && !first.replayed)
        #expect(first.text == "{\"player\":\"p1\",\"balance\":500,\"tickets\":{},\"feature\":null,\"boost\":null}")
        let replay = await h.credit(500, key: "c1")
        #expect(replay.replayed && replay.body == first.body)
        #expect((await h.credit(600, key: "c1")).code == "idempotency_key_reused")
        let overdraw = await h.credit(-501, key: "c2")
        #expect(overdraw.status == 402 && overdraw.code == "insufficient_funds")
        #expect((await h.credit(-501, key: "c2")).replayed)
        #expect(await h.balance() == 500)
        #expect((await h.service.addTickets(player: h.player, body: bytes("{\"game\":\"plain\",\"count\":1}"))).code == "invalid_request")
        #expect((await h.service.addTickets(player: h.player, body: bytes("{\"game\":\"zzz\",\"count\":1}"))).code == "unknown_game")
        #expect((await h.service.setBoost(player: PlayerID("ghost")!, body: bytes("{\"until\":null}"))).code == "unknown_player")
    }
}
