import Digest
import Foundation
import HTTP
import OneSpin
import Redis
import RedisStore
import Spin
import Testing

extension EndToEnd {
    /// Whatever bytes sit in Redis under a player's keys (corrupt, hostile, wrong types, out of range,
    /// truncated), no request crashes the server: the request that reads them answers
    /// `500 internal_error` (logged at error level) and the server keeps serving. The records are
    /// written straight into the real Redis, then read through the real server.
    @Suite struct StoredRecordValidationTests {
        /// Writes `commands` for a fresh player (`{p}` in a key stands for the player's key prefix).
        private static func plant(_ commands: [[String]], prefix: String = "bad") async throws -> PlayerID {
            let player = uniquePlayer(prefix)
            let redis = try await RedisTestEnvironment.sharedClient()
            // The player's key prefix, `os:{<partition tag>}:<player>/` (see `RedisSpinKeys`).
            let prefix = String(decoding: RedisSpinKeys(player).wallet.bytes.dropLast("wallet".utf8.count), as: UTF8.self)
            for command in commands {
                let arguments = command.map { RedisArgument($0.replacingOccurrences(of: "{p}", with: prefix)) }
                let reply = try await redis.send(arguments)
                #expect(reply.errorMessage == nil, "\(command): \(reply)")
            }
            return player
        }

        private static func expectInternalError(_ response: HTTPClientResponse, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            #expect(response.status == 500, "\(what): \(response.status) \(response.text)", sourceLocation: sourceLocation)
            guard response.status == 500 else { return }
            try ProblemExpectations.expect(response, status: 500, code: "internal_error", mentions: "store", sourceLocation: sourceLocation)
        }

        static let badWallets: [(name: String, fields: [String])] = [
            ("negative balance", ["balance", "-5", "version", "1"]),
            ("balance above the limit", ["balance", "1000000000000001", "version", "1"]),
            ("balance beyond Int64", ["balance", "99999999999999999999", "version", "1"]),
            ("balance a float", ["balance", "1e300", "version", "1"]),
            ("balance text", ["balance", "lots", "version", "1"]),
            ("no balance", ["version", "1"]),
            ("no version", ["balance", "10"]),
            ("negative version", ["balance", "10", "version", "-1"]),
            ("boost at Int64.min", ["balance", "10", "version", "1", "boost", "-9223372036854775808"]),
            ("boost text", ["balance", "10", "version", "1", "boost", "soon"]),
            ("tickets negative", ["balance", "10", "version", "1", "t:fruit5", "-3"]),
            ("tickets text", ["balance", "10", "version", "1", "t:fruit5", "many"]),
        ]

        @Test func corruptWalletsAnswerInternalError() async throws {
            try await TestServer.withServer(.redis) { server in
                for (name, fields) in Self.badWallets {
                    let player = try await Self.plant([["HSET", "{p}wallet"] + fields])
                    try Self.expectInternalError(try await server.request("GET", "/v1/wallet", headers: server.playerHeaders(player)), "\(name): wallet")
                    try Self.expectInternalError(try await server.request("GET", "/admin/players/\(player.value)", headers: server.adminHeaders()), "\(name): admin wallet")
                    try Self.expectInternalError(try await server.spin(player: player, key: uniqueKey("s")), "\(name): spin")
                    try Self.expectInternalError(try await server.credit(player: player, amount: 5), "\(name): credit")
                    // Admin changes to a corrupt wallet are refused before anything is written.
                    try Self.expectInternalError(try await server.addTickets(player: player, game: "fruit5", count: 2), "\(name): tickets")
                    try Self.expectInternalError(
                        try await server.request(
                            "PUT", "/admin/players/\(player.value)/boost", headers: server.adminHeaders(),
                            body: Array(#"{"until":"2030-01-01T00:00:00Z"}"#.utf8)),
                        "\(name): boost")
                    let stored = try await RedisTestEnvironment.sharedClient().send(["HGETALL", RedisSpinKeys(player).wallet])
                    let pairs = stride(from: 0, to: stored.array?.count ?? 0, by: 2).compactMap { index -> String? in
                        guard let items = stored.array, let key = items[index].string, let value = items[index + 1].string else { return nil }
                        return key + "=" + value
                    }
                    let planted = stride(from: 0, to: fields.count, by: 2).map { fields[$0] + "=" + fields[$0 + 1] }
                    #expect(Set(pairs) == Set(planted), "\(name): the wallet changed: \(pairs)")
                    // The spin freed the player's lock: a later spin is refused the same way, not `player_busy`.
                    try Self.expectInternalError(try await server.spin(player: player, key: uniqueKey("s")), "\(name): second spin")
                }
                #expect(try await server.request("GET", "/healthz").status == 200)
            }
        }

        /// The client is told what happened; the store's own words (here Redis's `WRONGTYPE` error)
        /// go to the request's log line as `cause`, never into the answer.
        @Test func theStoresReasonIsLoggedNotSent() async throws {
            var fds: [Int32] = [0, 0]
            #expect(pipe(&fds) == 0)
            let logger = Logger(level: .info, fileDescriptor: fds[1])
            let player = try await Self.plant([["SET", "{p}wallet", "{\"balance\":10}"]])
            var answer = ""
            try await TestServer.withServer(.redis, logger: logger) { server in
                let response = try await server.request("GET", "/v1/wallet", headers: server.playerHeaders(player))
                try Self.expectInternalError(response, "wallet")
                answer = response.text
            }
            logger.flush()
            logger.shutdown()
            close(fds[1])
            let output = String(decoding: FileHandle(fileDescriptor: fds[0], closeOnDealloc: true).readDataToEndOfFile(), as: UTF8.self)
            #expect(!answer.contains("WRONGTYPE"), "\(answer)")
            let line = output.split(separator: "\n").first { $0.contains(#""route":"/v1/wallet""#) }
            #expect(line?.contains(#""level":"error""#) == true, "\(output)")
            #expect(line?.contains(#""code":"internal_error""#) == true, "\(output)")
            #expect(line?.contains(#""cause":"WRONGTYPE"#) == true, "\(output)")
        }

        @Test func walletOfTheWrongTypeAnswersInternalError() async throws {
            try await TestServer.withServer(.redis) { server in
                let player = try await Self.plant([["SET", "{p}wallet", "{\"balance\":10}"]])
                try Self.expectInternalError(try await server.request("GET", "/v1/wallet", headers: server.playerHeaders(player)), "wallet")
                try Self.expectInternalError(try await server.spin(player: player, key: uniqueKey("s")), "spin")
                try Self.expectInternalError(try await server.credit(player: player, amount: 5), "credit")
                #expect(try await server.request("GET", "/healthz").status == 200)
            }
        }

        static let badRounds: [(name: String, fields: [String])] = [
            ("no spins left", ["game", "fruit5", "bet", "20", "left", "0", "total", "10", "mult", "3", "win", "0"]),
            ("bet beyond Int64", ["game", "fruit5", "bet", "99999999999999999999", "left", "5", "total", "10", "mult", "3", "win", "0"]),
            ("huge multiplier", ["game", "fruit5", "bet", "20", "left", "5", "total", "10", "mult", "1000000000", "win", "0"]),
            ("negative win", ["game", "fruit5", "bet", "20", "left", "5", "total", "10", "mult", "3", "win", "-1"]),
            ("missing field", ["game", "fruit5", "bet", "20", "left", "5"]),
        ]

        @Test func corruptRoundsAnswerInternalError() async throws {
            try await TestServer.withServer(.redis) { server in
                for (name, fields) in Self.badRounds {
                    let player = try await Self.plant([["HSET", "{p}wallet", "balance", "1000", "version", "1"], ["HSET", "{p}round"] + fields])
                    try Self.expectInternalError(try await server.request("GET", "/v1/wallet", headers: server.playerHeaders(player)), "\(name): wallet")
                    try Self.expectInternalError(try await server.spin(player: player, key: uniqueKey("s"), game: "fruit5", bet: nil, kind: "free"), "\(name): free spin")
                }
                // In range, but a bet the game does not offer: the wallet reads, the free spin refuses to play it.
                let player = try await Self.plant([
                    ["HSET", "{p}wallet", "balance", "1000", "version", "1"],
                    ["HSET", "{p}round", "game", "fruit5", "bet", "999999999999999", "left", "5", "total", "5", "mult", "1000", "win", "0"],
                ])
                #expect(try await server.request("GET", "/v1/wallet", headers: server.playerHeaders(player)).status == 200)
                try Self.expectInternalError(try await server.spin(player: player, key: uniqueKey("s"), game: "fruit5", bet: nil, kind: "free"), "odd bet: free spin")
                #expect(try await server.balance(player) == 1000)
            }
        }

        /// Key records of the earlier layout (hashes), still answered until they expire.
        static let badLegacyKeyRecords: [(name: String, fields: [String])] = [
            ("status out of range", ["state", "done", "fp", "x", "status", "999", "body", "{}"]),
            ("status negative", ["state", "done", "fp", "x", "status", "-200", "body", "{}"]),
            ("status text", ["state", "done", "fp", "x", "status", "ok", "body", "{}"]),
            ("status not storable", ["state", "done", "fp", "x", "status", "500", "body", "{}"]),
            ("truncated body", ["state", "done", "fp", "x", "status", "200", "body", "{\"spinId\":\"k\",\"win"]),
            ("body not an object", ["state", "done", "fp", "x", "status", "200", "body", "[1,2]"]),
            ("no status", ["state", "done", "fp", "x", "body", "{}"]),
            ("unknown state", ["state", "gone", "fp", "x"]),
        ]

        /// Key records of the current layout (`RedisKeyRecord`: one string).
        static let badKeyRecords: [(name: String, value: String)] = [
            ("status out of range", "d\nx\n999\n{}"),
            ("status negative", "d\nx\n-200\n{}"),
            ("status text", "d\nx\nok\n{}"),
            ("status not storable", "d\nx\n500\n{}"),
            ("truncated body", "d\nx\n200\n{\"spinId\":\"k\",\"win"),
            ("body not an object", "d\nx\n200\n[1,2]"),
            ("no status", "d\nx\n{}"),
            ("unknown state", "q\nx\n200\n{}"),
            ("empty", ""),
            ("one byte", "d"),
            ("pending without owner", "p\nx"),
        ]

        @Test func corruptKeyRecordsAreNeverReplayed() async throws {
            try await TestServer.withServer(.redis) { server in
                for (name, value) in Self.badKeyRecords {
                    let player = try await Self.plant([["HSET", "{p}wallet", "balance", "1000", "version", "1"], ["SET", "{p}key:k1", value]])
                    try Self.expectInternalError(try await server.lookup(player: player, key: "k1"), "\(name): lookup")
                    try Self.expectInternalError(try await server.spin(player: player, key: "k1"), "\(name): spin")
                    #expect(try await server.balance(player) == 1000)
                }
                for (name, fields) in Self.badLegacyKeyRecords {
                    let player = try await Self.plant([["HSET", "{p}wallet", "balance", "1000", "version", "1"], ["HSET", "{p}key:k1"] + fields])
                    try Self.expectInternalError(try await server.lookup(player: player, key: "k1"), "legacy \(name): lookup")
                    try Self.expectInternalError(try await server.spin(player: player, key: "k1"), "legacy \(name): spin")
                    #expect(try await server.balance(player) == 1000)
                }
                #expect(try await server.request("GET", "/healthz").status == 200)
            }
        }

        /// A settled answer or a pending spin written by the earlier layout is still honoured: replayed
        /// byte for byte, or reported in progress — never played again.
        @Test func legacyKeyRecordsAreStillAnswered() async throws {
            try await TestServer.withServer(.redis) { server in
                let player = uniquePlayer("legacy")
                let redis = try await RedisTestEnvironment.sharedClient()
                #expect(try await server.credit(player: player, amount: 1000).status == 200)
                let first = try await server.spin(player: player, key: "old")
                #expect(first.status == 200)
                let settled = try await server.balance(player)
                let record = RedisSpinKeys(player).record(try #require(SpinID("old")))
                let stored = try await redis.send(["GET", record])
                guard case .done(let response, let fingerprint)? = RedisKeyRecord(bytes: try #require(stored.bytes)) else {
                    Issue.record("not a done record: \(stored)")
                    return
                }
                // Rewrite the record as the earlier layout's hash.
                _ = try await redis.send(["DEL", record])
                _ = try await redis.send(["HSET", record, "state", "done", "fp", RedisArgument(fingerprint), "status", "200",
                                          "body", RedisArgument(response.body)])
                let again = try await server.spin(player: player, key: "old")
                #expect(again.status == 200)
                #expect(again.body == first.body)
                #expect(try await server.lookup(player: player, key: "old").body == first.body)
                #expect(try await server.balance(player) == settled)
                let pending = RedisSpinKeys(player).record(try #require(SpinID("busy")))
                _ = try await redis.send(["HSET", pending, "state", "pending", "fp", RedisArgument(fingerprint), "owner", "someone"])
                _ = try await redis.send(["PEXPIRE", pending, 60_000])
                let inProgress = try await server.spin(player: player, key: "busy")
                #expect(inProgress.status != 200, "\(inProgress.status) \(inProgress.text)")
                #expect(try await server.lookup(player: player, key: "busy").status == 202)
                #expect(try await server.balance(player) == settled)
            }
        }

        @Test func corruptHistoryAnswersInternalError() async throws {
            try await TestServer.withServer(.redis) { server in
                let player = try await Self.plant([
                    ["HSET", "{p}wallet", "balance", "1000", "version", "1"], ["RPUSH", "{p}history", "{\"ok\":1}", "not json", "{\"cut\":"],
                ])
                try Self.expectInternalError(try await server.request("GET", "/v1/history", headers: server.playerHeaders(player)), "history")
            }
        }

        @Test func corruptCreditRecordsAreNeverReplayed() async throws {
            try await TestServer.withServer(.redis) { server in
                let body = Array(#"{"amount":5,"reason":"integration test"}"#.utf8)
                let fingerprint = try AdminBodies.credit(body).fingerprint
                let goodWallet = #"["balance","5","version","1"]"#
                let records: [(name: String, fields: [String])] = [
                    ("unknown outcome", ["outcome", "maybe", "balance", "0", "wallet", goodWallet, "round", "[]"]),
                    ("wallet not JSON", ["outcome", "ok", "balance", "0", "wallet", "{{{", "round", "[]"]),
                    ("negative wallet balance", ["outcome", "ok", "balance", "0", "wallet", #"["balance","-1","version","1"]"#, "round", "[]"]),
                    ("balance before beyond Int64", ["outcome", "nsf", "balance", "99999999999999999999", "wallet", goodWallet, "round", "[]"]),
                    ("round malformed", ["outcome", "ok", "balance", "0", "wallet", goodWallet, "round", #"["game","fruit5"]"#]),
                ]
                for (name, fields) in records {
                    let player = try await Self.plant([["HSET", "{p}credit:c1", "fp", fingerprint] + fields])
                    let response = try await server.request(
                        "POST", "/admin/players/\(player.value)/credit", headers: server.adminHeaders(key: "c1"), body: body)
                    try Self.expectInternalError(response, "\(name): credit replay")
                }
                #expect(try await server.request("GET", "/healthz").status == 200)
            }
        }
    }
}
