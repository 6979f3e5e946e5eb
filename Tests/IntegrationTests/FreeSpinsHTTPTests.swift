import HTTP
import SlotMath
import Spin
import Testing

extension EndToEnd {
    /// Free-spins rounds through HTTP, started three ways and played to the end, on both stores.
    @Suite struct FreeSpinsHTTPTests {
        /// Plays `kind: free` until the round ends; checks every step and returns the round's total win.
        private func playRound(_ server: TestServer, _ player: PlayerID, game: String, bet: Int, multiplier: Int, startedWith round: JSONObject) async throws -> Int {
            var left = try round.int("freeSpinsLeft")
            var total = try round.int("freeSpinsTotal")
            var roundWin = try round.int("roundWin")
            let startWin = roundWin
            var balance = try await server.balance(player)
            #expect(try round.int("multiplier") == multiplier)
            for step in 0..<500 {
                // The round's bet may be repeated or left out.
                let response = try await server.spin(player: player, game: game, bet: step.isMultiple(of: 2) ? nil : bet, kind: "free")
                #expect(response.status == 200, "\(response.text)")
                let spin = try JSONObject(response)
                #expect(try spin.string("kind") == "free")
                #expect(try spin.int("bet") == bet)
                #expect(try spin.int("debit") == 0)
                let win = try spin.int("win")
                balance += win
                roundWin += win
                #expect(try spin.int("balance") == balance)
                #expect(try spin.count("reels") > 0)
                guard let feature = try spin.object("feature") else {
                    #expect(left == 1, "the round ended with \(left) spins left")
                    #expect(try await server.wallet(player).isNull("feature"))
                    return roundWin - startWin
                }
                let nowLeft = try feature.int("freeSpinsLeft")
                let nowTotal = try feature.int("freeSpinsTotal")
                #expect(nowTotal - total == nowLeft - (left - 1), "retriggers add to both left and total")
                #expect(nowLeft >= left - 1)
                #expect(try feature.int("roundWin") == roundWin)
                #expect(try feature.int("multiplier") == multiplier)
                left = nowLeft
                total = nowTotal
                let wallet = try #require(try await server.wallet(player).object("feature"))
                #expect(try wallet.int("freeSpinsLeft") == left)
                #expect(try wallet.string("game") == game)
            }
            Issue.record("the round did not end within 500 free spins")
            return roundWin - startWin
        }

        /// After the round: `free` has no round, a normal spin plays again.
        private func expectRoundOver(_ server: TestServer, _ player: PlayerID, game: String) async throws {
            let free = try await server.spin(player: player, game: game, bet: nil, kind: "free")
            try ProblemExpectations.expect(free, status: 409, code: "no_active_feature", mentions: "kind")
            #expect(try await server.spin(player: player, game: game, bet: game == "ways243" ? 50 : 20).status == 200)
        }

        @Test(arguments: StoreKind.allCases)
        func boughtRoundPlaysToTheEnd(kind: StoreKind) async throws {
            try await TestServer.withServer(kind) { server in
                let player = try await server.fundedPlayer(balance: 100_000)
                let bought = try await server.spin(player: player, game: "fruit5", bet: 40, kind: "buy_feature")
                #expect(bought.status == 200)
                let spin = try JSONObject(bought)
                #expect(try spin.int("debit") == 40 * 100)
                #expect(try spin.int("win") == 0)
                #expect(try spin.count("reels") == 0)
                #expect(try spin.int("balance") == 100_000 - 4000)
                let round = try #require(try spin.object("feature"))
                #expect(try round.int("freeSpinsLeft") == 10)
                #expect(try round.int("freeSpinsTotal") == 10)
                #expect(try round.int("roundWin") == 0)
                for other in ["normal", "buy_feature", "ticket"] {
                    let refused = try await server.spin(player: player, game: "fruit5", bet: 40, kind: other)
                    try ProblemExpectations.expect(refused, status: 409, code: "feature_active", mentions: "kind")
                }
                let wrongBet = try await server.spin(player: player, game: "fruit5", bet: 20, kind: "free")
                try ProblemExpectations.expect(wrongBet, status: 400, code: "invalid_request", mentions: "bet")
                let won = try await playRound(server, player, game: "fruit5", bet: 40, multiplier: 3, startedWith: round)
                #expect(try await server.balance(player) == 100_000 - 4000 + won)
                try await expectRoundOver(server, player, game: "fruit5")
            }
        }

        @Test(arguments: StoreKind.allCases)
        func ticketRoundPlaysToTheEnd(kind: StoreKind) async throws {
            try await TestServer.withServer(kind) { server in
                let player = try await server.fundedPlayer(balance: 1000)
                let granted = try await JSONObject(server.addTickets(player: player, game: "ways243", count: 2))
                #expect(try granted.object("tickets")?.int("ways243") == 2)
                let started = try await server.spin(player: player, game: "ways243", bet: 100, kind: "ticket")
                #expect(started.status == 200)
                let spin = try JSONObject(started)
                #expect(try spin.int("debit") == 0)
                #expect(try spin.int("balance") == 1000)
                let round = try #require(try spin.object("feature"))
                // The round a ticket starts is the game's own rule: its smallest award, its multiplier.
                let rule = try #require(try GameCatalog.loadBundled().game("ways243")?.definition)
                let award = try #require(rule.smallestAward)
                let multiplier = try #require(rule.freeSpins?.multiplier)
                #expect(try round.int("freeSpinsLeft") == award)
                #expect(try round.int("multiplier") == multiplier)
                #expect(try await server.wallet(player).object("tickets")?.int("ways243") == 1)
                let won = try await playRound(server, player, game: "ways243", bet: 100, multiplier: multiplier, startedWith: round)
                #expect(try await server.balance(player) == 1000 + won)
                try await expectRoundOver(server, player, game: "ways243")
            }
        }

        /// The first seed whose first base spin of fruit5 (stream 0, as `SeededRandomSource` draws it) triggers.
        private static func triggeringSeed() throws -> UInt64? {
            let games = SpinGames(catalog: try GameCatalog.loadBundled())
            let game = try #require(games.game("fruit5"))
            for seed in UInt64(1)...100_000 {
                var generator = Xoshiro256StarStar(seed: seed, stream: 0)
                if game.play(reels: .base, bet: 20, multiplier: 1, using: &generator).freeSpinsAwarded > 0 { return seed }
            }
            return nil
        }

        @Test(arguments: StoreKind.allCases)
        func naturalTriggerPlaysToTheEnd(kind: StoreKind) async throws {
            let seed = try #require(try Self.triggeringSeed(), "no seed up to 100000 triggers")
            try await TestServer.withServer(kind, random: SeededRandomSource(seed: seed)) { server in
                let player = try await server.fundedPlayer(balance: 10_000)
                let response = try await server.spin(player: player, game: "fruit5", bet: 20)
                #expect(response.status == 200)
                let spin = try JSONObject(response)
                #expect(try spin.string("kind") == "normal")
                #expect(try spin.int("debit") == 20)
                let balance = try 10_000 - 20 + spin.int("win")
                #expect(try spin.int("balance") == balance)
                let round = try #require(try spin.object("feature"), "seed \(seed) did not trigger through the server")
                #expect(try round.int("freeSpinsTotal") >= 10)
                #expect(try round.int("freeSpinsLeft") == round.int("freeSpinsTotal"))
                #expect(try round.int("roundWin") == 0)
                let won = try await playRound(server, player, game: "fruit5", bet: 20, multiplier: 3, startedWith: round)
                #expect(try await server.balance(player) == balance + won)
                try await expectRoundOver(server, player, game: "fruit5")
            }
        }

        @Test(arguments: StoreKind.allCases)
        func gameWithoutFeatureRefusesBuyAndTicket(kind: StoreKind) async throws {
            try await TestServer.withServer(kind) { server in
                let player = try await server.fundedPlayer()
                for spinKind in ["buy_feature", "ticket"] {
                    let key = uniqueKey("classic")
                    let response = try await server.spin(player: player, key: key, game: "classic3", bet: 10, kind: spinKind)
                    try ProblemExpectations.expect(response, status: 400, code: "invalid_request", mentions: "kind")
                    try await ProblemExpectations.expectKeyUnused(server, player, key: key)
                }
                let tickets = try await server.addTickets(player: player, game: "classic3", count: 1)
                try ProblemExpectations.expect(tickets, status: 400, code: "invalid_request", mentions: "game")
                #expect(try await server.balance(player) == 100_000)
            }
        }
    }
}
