import SlotMath
import Spin
import Testing

@Suite struct SpinPipelineTests {
    @Test func settledSpinHasTheContractShapeAndReplaysByteForByte() async throws {
        let h = await SpinHarness.make()
        let first = await h.spin("{\"game\":\"plain\",\"bet\":10}", key: "\"spin-1\"")
        #expect(first.status == 200)
        #expect(!first.isProblem)
        #expect(first.text == """
            {"spinId":"spin-1","game":"plain","kind":"normal","bet":10,"debit":10,"win":20,"balance":10010,\
            "reels":[["A","A","A"],["A","A","A"],["A","A","A"]],"stops":\(stops(first)),\
            "wins":[{"line":1,"symbol":"A","count":3,"amount":20}],"feature":null,"boosted":false,\
            "settledAt":"2026-11-21T10:00:00.123Z"}
            """)
        let replay = await h.spin("{\"kind\":\"normal\",\"bet\":10,\"game\":\"plain\"}", key: "spin-1")
        #expect(replay.replayed)
        #expect(replay.body == first.body)
        #expect(await h.balance() == 10_010)
        let events = try await h.memory.recentEvents(limit: 10)
        #expect(events == [SpinEvent(spinId: "spin-1", player: "p1", game: "plain", kind: "normal", bet: 10, debit: 10, win: 20, balance: 10_010)])
    }

    @Test func lookupHistoryAndWallet() async {
        let h = await SpinHarness.make()
        var bodies: [[UInt8]] = []
        for index in 0..<3 { bodies.append(await h.spin("{\"game\":\"feat\",\"bet\":10}", key: "s\(index)").body) }
        let lookup = await h.service.lookup(player: h.player, spinId: "s1")
        #expect(lookup.status == 200 && lookup.replayed && lookup.body == bodies[1])
        let unknown = await h.service.lookup(player: h.player, spinId: "never")
        #expect(unknown.status == 404 && unknown.code == "unknown_spin")
        let otherPlayer = await h.service.lookup(player: PlayerID("p2")!, spinId: "s1")
        #expect(otherPlayer.status == 404)
        let history = await h.service.history(player: h.player, limit: 2)
        #expect(history.body == bytes("{\"spins\":[") + bodies[2] + bytes(",") + bodies[1] + bytes("]}"))
        let wallet = await h.service.wallet(player: h.player)
        #expect(wallet.text == "{\"player\":\"p1\",\"balance\":9970,\"tickets\":{},\"feature\":null,\"boost\":null}")
    }

    @Test func lookupWhileInProgress() async throws {
        let h = await SpinHarness.make()
        _ = try await h.memory.claim(ClaimRequest(player: h.player, spinId: SpinID("k")!, fingerprint: "f"))
        let reply = await h.service.lookup(player: h.player, spinId: "k")
        #expect(reply.status == 202)
        #expect(reply.retryAfter == 1)
        #expect(reply.text == "{\"spinId\":\"k\",\"state\":\"in_progress\"}")
    }

    @Test func buyFeatureRoundToTheEnd() async {
        let h = await SpinHarness.make()
        let buy = await h.spin("{\"game\":\"feat\",\"bet\":10,\"kind\":\"buy_feature\"}", key: "buy")
        #expect(buy.status == 200)
        #expect(buy.text.contains("\"debit\":500,\"win\":0,\"balance\":9500,\"reels\":[],\"stops\":[],\"wins\":[]"))
        #expect(buy.text.contains("\"feature\":{\"freeSpinsLeft\":5,\"freeSpinsTotal\":5,\"multiplier\":2,\"roundWin\":0}"))
        await playRound(h, spins: 5, bet: 10, startBalance: 9_500)
    }

    @Test func ticketRoundToTheEnd() async {
        let h = await SpinHarness.make()
        let wallet = await h.service.addTickets(player: h.player, body: bytes("{\"game\":\"feat\",\"count\":2}"))
        #expect(wallet.text.contains("\"tickets\":{\"feat\":2}"))
        let ticket = await h.spin("{\"game\":\"feat\",\"bet\":20,\"kind\":\"ticket\"}", key: "t")
        #expect(ticket.status == 200)
        #expect(ticket.text.contains("\"bet\":20,\"debit\":0,\"win\":0,\"balance\":10000"))
        #expect(await h.state()?.wallet.tickets == ["feat": 1])
        await playRound(h, spins: 5, bet: 20, startBalance: 10_000)
    }

    @Test func naturalTriggerRoundToTheEnd() async {
        let h = await SpinHarness.make()
        let trigger = await h.spin("{\"game\":\"trig\",\"bet\":10}", key: "n")
        #expect(trigger.status == 200)
        #expect(trigger.text.contains("\"feature\":{\"freeSpinsLeft\":5,\"freeSpinsTotal\":5,\"multiplier\":2,\"roundWin\":0}"))
        let state = await h.state()
        #expect(state?.round == FreeSpinsRound(game: "trig", bet: 10, left: 5, total: 5, multiplier: 2, roundWin: 0))
        let wrongBet = await h.spin("{\"game\":\"trig\",\"bet\":20,\"kind\":\"free\"}", key: "f-bad")
        #expect(wrongBet.code == "invalid_request")
        let wrongGame = await h.spin("{\"game\":\"feat\",\"kind\":\"free\"}", key: "f-bad2")
        #expect(wrongGame.code == "invalid_request")
        await playRound(h, spins: 5, bet: 10, startBalance: 9_990, game: "trig")
    }

    /// Free spins on `feat`/`trig` free reels pay B: 1 × bet × 2 every spin.
    private func playRound(_ h: SpinHarness, spins: Int, bet: Int, startBalance: Int, game: String = "feat") async {
        let blocked = await h.spin("{\"game\":\"\(game)\",\"bet\":\(bet)}", key: "blocked")
        #expect(blocked.code == "feature_active")
        for index in 1...spins {
            let body = index == 1 ? "{\"game\":\"\(game)\",\"bet\":\(bet),\"kind\":\"free\"}" : "{\"game\":\"\(game)\",\"kind\":\"free\"}"
            let reply = await h.spin(body, key: "free-\(index)")
            #expect(reply.status == 200)
            #expect(reply.text.contains("\"kind\":\"free\",\"bet\":\(bet),\"debit\":0,\"win\":\(2 * bet)"))
            if index < spins {
                #expect(reply.text.contains("\"feature\":{\"freeSpinsLeft\":\(spins - index),\"freeSpinsTotal\":\(spins),\"multiplier\":2,\"roundWin\":\(2 * bet * index)}"))
            } else {
                #expect(reply.text.contains("\"feature\":null"))
            }
        }
        #expect(await h.state()?.round == nil)
        #expect(await h.balance() == startBalance + spins * 2 * bet)
        let after = await h.spin("{\"game\":\"\(game)\",\"kind\":\"free\"}", key: "free-after")
        #expect(after.code == "no_active_feature")
    }

    @Test func boostPicksBoostedReelsUntilItEnds() async {
        let h = await SpinHarness.make()
        let boost = await h.service.setBoost(player: h.player, body: bytes("{\"until\":\"2026-11-21T11:00:00Z\"}"))
        #expect(boost.text.contains("\"boost\":{\"until\":\"2026-11-21T11:00:00.000Z\"}"))
        let boosted = await h.spin("{\"game\":\"feat\",\"bet\":10}", key: "b1")
        #expect(boosted.text.contains("\"win\":50"))
        #expect(boosted.text.contains("\"boosted\":true"))
        h.clock.advance(millis: 3_600_000)
        let plain = await h.spin("{\"game\":\"feat\",\"bet\":10}", key: "b2")
        #expect(plain.text.contains("\"win\":0"))
        #expect(plain.text.contains("\"boosted\":false"))
    }

    @Test func aNewRuleIsANewStrategy() async {
        /// A promotion added without touching the pipeline: every base spin of `feat` uses boosted reels.
        struct HappyHourStrategy: SpinStrategy {
            func decide(_ context: SpinContext, _ decision: inout SpinDecision) {
                if context.request.body.game == "feat", decision.reels == .base { decision.reels = .boosted }
            }
        }
        let h = await SpinHarness.make(strategies: SpinStrategies.standard + [HappyHourStrategy()])
        let reply = await h.spin("{\"game\":\"feat\",\"bet\":10}", key: "hh")
        #expect(reply.text.contains("\"win\":50"))
        #expect(reply.text.contains("\"boosted\":true"))
    }

    @Test func aNewRuleIsANewHandler() async {
        /// A "double or nothing" kind of play added as a handler: `normal` spins cost double and pay double.
        struct DoubleStakeHandler: SpinHandler {
            func charge(_ context: SpinContext) throws(SpinError) -> SpinCharge {
                try requireNoRound(context)
                let bet = try requiredBet(context)
                try requireFunds(context, debit: 2 * bet)
                return SpinCharge(bet: bet, debit: 2 * bet)
            }
            func play(_ context: SpinContext, charge: SpinCharge, reels: ReelSetName, using generator: inout some RandomNumberGenerator) -> SpinPlay {
                let outcome = context.game.play(reels: reels, bet: charge.bet, multiplier: 2, using: &generator)
                return SpinPlay(outcome: outcome, win: outcome.totalWin, round: nil)
            }
        }
        struct DoubleStakeStrategy: SpinStrategy {
            func decide(_ context: SpinContext, _ decision: inout SpinDecision) {
                if context.request.body.game == "plain", context.request.body.kind == .normal { decision.handler = DoubleStakeHandler() }
            }
        }
        let h = await SpinHarness.make(strategies: SpinStrategies.standard + [DoubleStakeStrategy()])
        let reply = await h.spin("{\"game\":\"plain\",\"bet\":10}", key: "d")
        #expect(reply.text.contains("\"debit\":20,\"win\":40,\"balance\":10020"))
    }

    private func stops(_ reply: SpinReply) -> String {
        guard let start = reply.text.range(of: "\"stops\":"), let end = reply.text[start.upperBound...].firstIndex(of: "]") else { return "" }
        return String(reply.text[start.upperBound...end])
    }
}
