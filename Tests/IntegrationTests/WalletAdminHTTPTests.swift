import Foundation
import HTTP
import Spin
import Testing

extension EndToEnd {
    /// Operator routes, the wallet and the games list through HTTP, on both stores.
    @Suite struct WalletAdminHTTPTests {
        private func creditBody(_ amount: Int, reason: String = "test") -> [UInt8] {
            Array(#"{"amount":\#(amount),"reason":"\#(reason)"}"#.utf8)
        }

        @Test(arguments: StoreKind.allCases)
        func creditIsIdempotentByKey(kind: StoreKind) async throws {
            try await TestServer.withServer(kind) { server in
                let player = uniquePlayer("credit")
                let path = "/admin/players/\(player.value)/credit"
                let key = uniqueKey("c1")
                let first = try await server.request("POST", path, headers: server.adminHeaders(key: key), body: creditBody(1000))
                #expect(first.status == 200)
                let wallet = try JSONObject(first)
                #expect(try wallet.string("player") == player.value)
                #expect(try wallet.int("balance") == 1000)
                let again = try await server.request("POST", path, headers: server.adminHeaders(key: key), body: creditBody(1000))
                #expect(again.status == 200)
                #expect(again.body == first.body)
                #expect(again.headers["Idempotent-Replayed"] == "true")
                let reused = try await server.request("POST", path, headers: server.adminHeaders(key: key), body: creditBody(2000))
                try ProblemExpectations.expect(reused, status: 422, code: "idempotency_key_reused", mentions: "Idempotency-Key")
                let missing = try await server.request("POST", path, headers: server.adminHeaders(), body: creditBody(5))
                try ProblemExpectations.expect(missing, status: 400, code: "missing_idempotency_key", mentions: "Idempotency-Key")
                #expect(try await server.balance(player) == 1000)

                // A debit below zero is refused and stored under its key.
                let overdraw = uniqueKey("c2")
                let refused = try await server.request("POST", path, headers: server.adminHeaders(key: overdraw), body: creditBody(-5000))
                try ProblemExpectations.expect(refused, status: 402, code: "insufficient_funds", mentions: "balance")
                #expect(try await server.credit(player: player, amount: 10_000).status == 200)
                let replayed = try await server.request("POST", path, headers: server.adminHeaders(key: overdraw), body: creditBody(-5000))
                #expect(replayed.status == 402)
                #expect(replayed.body == refused.body)
                #expect(replayed.headers["Idempotent-Replayed"] == "true")
                #expect(try await server.balance(player) == 11_000)
                let debit = try await server.request("POST", path, headers: server.adminHeaders(key: uniqueKey("c3")), body: creditBody(-500))
                #expect(try JSONObject(debit).int("balance") == 10_500)
                for (bad, field) in [(#"{"amount":"10","reason":"x"}"#, "amount"), (#"{"amount":1.5,"reason":"x"}"#, "amount"), ("nope", "body")] {
                    let response = try await server.request("POST", path, headers: server.adminHeaders(key: uniqueKey("bad")), body: Array(bad.utf8))
                    try ProblemExpectations.expect(response, status: 400, code: "invalid_request", mentions: field)
                }
                #expect(try await server.balance(player) == 10_500)
            }
        }

        @Test(arguments: StoreKind.allCases)
        func ticketsAndAdminWallet(kind: StoreKind) async throws {
            try await TestServer.withServer(kind) { server in
                let player = try await server.fundedPlayer("tickets", balance: 500)
                let unknown = try await server.addTickets(player: uniquePlayer("ghost"), game: "fruit5", count: 1)
                try ProblemExpectations.expect(unknown, status: 404, code: "unknown_player", mentions: "player")
                let nogame = try await server.addTickets(player: player, game: "pinball", count: 1)
                try ProblemExpectations.expect(nogame, status: 404, code: "unknown_game", mentions: "game")
                #expect(try await server.addTickets(player: player, game: "fruit5", count: 2).status == 200)
                let wallet = try await JSONObject(server.addTickets(player: player, game: "ways243", count: 3))
                #expect(try wallet.object("tickets")?.int("fruit5") == 2)
                #expect(try wallet.object("tickets")?.int("ways243") == 3)
                let admin = try await server.request("GET", "/admin/players/\(player.value)", headers: server.adminHeaders())
                let own = try await server.request("GET", "/v1/wallet", headers: server.playerHeaders(player))
                #expect(admin.status == 200)
                #expect(admin.body == own.body)
                let view = try JSONObject(admin)
                #expect(try view.int("balance") == 500)
                #expect(view.isNull("feature"))
                #expect(view.isNull("boost"))
                let ghost = try await server.request("GET", "/admin/players/\(uniquePlayer("ghost").value)", headers: server.adminHeaders())
                try ProblemExpectations.expect(ghost, status: 404, code: "unknown_player", mentions: "player")
                let badID = try await server.request("GET", "/admin/players/bad%20id", headers: server.adminHeaders())
                try ProblemExpectations.expect(badID, status: 400, code: "invalid_request", mentions: "id")
            }
        }

        @Test(arguments: StoreKind.allCases)
        func boostSelectsTheBoostedReels(kind: StoreKind) async throws {
            try await TestServer.withServer(kind) { server in
                let player = try await server.fundedPlayer("boost")
                let path = "/admin/players/\(player.value)/boost"
                #expect(try await JSONObject(server.spin(player: player, game: "classic3", bet: 10)).bool("boosted") == false)
                let until = Date().addingTimeInterval(3600)
                let formatter = ISO8601DateFormatter()
                let on = try await server.request("PUT", path, headers: server.adminHeaders(), body: Array(#"{"until":"\#(formatter.string(from: until))"}"#.utf8))
                #expect(on.status == 200, "\(on.text)")
                #expect(try JSONObject(on).object("boost")?.string("until").isEmpty == false)
                let boosted = try await server.spin(player: player, game: "classic3", bet: 10)
                #expect(try JSONObject(boosted).bool("boosted") == true)
                #expect(boosted.text.contains(#""boosted":true"#))
                let off = try await server.request("PUT", path, headers: server.adminHeaders(), body: Array(#"{"until":null}"#.utf8))
                #expect(off.status == 200)
                #expect(try JSONObject(off).isNull("boost"))
                #expect(try await JSONObject(server.spin(player: player, game: "classic3", bet: 10)).bool("boosted") == false)
                let past = try await server.request("PUT", path, headers: server.adminHeaders(), body: Array(#"{"until":"2001-01-01T00:00:00Z"}"#.utf8))
                #expect(past.status == 200)
                #expect(try await JSONObject(server.spin(player: player, game: "classic3", bet: 10)).bool("boosted") == false)
                let bad = try await server.request("PUT", path, headers: server.adminHeaders(), body: Array(#"{"until":"tomorrow"}"#.utf8))
                try ProblemExpectations.expect(bad, status: 400, code: "invalid_request", mentions: "until")
            }
        }

        @Test(arguments: StoreKind.allCases)
        func gamesListsThreeGamesWithTheirRTP(kind: StoreKind) async throws {
            try await TestServer.withServer(kind) { server in
                let response = try await server.request("GET", "/v1/games")
                #expect(response.status == 200)
                let games = try JSONObject(response).objects("games")
                #expect(Set(try games.map { try $0.string("id") }) == ["classic3", "fruit5", "ways243"])
                for game in games {
                    let rtp = try game.double("rtp")
                    let boosted = try game.double("boostedRtp")
                    #expect(rtp > 0.8, "\(game)")
                    #expect((0.94...0.97).contains(rtp), "\(game)")
                    #expect(boosted >= rtp + 0.03, "\(game)")
                    #expect(try game.count("bets") > 0)
                    #expect(try game.int("reels") > 0)
                    #expect(try game.int("rows") == 3)
                    #expect(["lines", "ways"].contains(try game.string("kind")))
                }
                let fruit = try #require(games.first { (try? $0.string("id")) == "fruit5" })
                #expect(try fruit.int("buyMultiplier") == 100)
            }
        }
    }
}
