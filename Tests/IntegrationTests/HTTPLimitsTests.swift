import HTTP
import Spin
import Testing

extension EndToEnd {
    /// A few of API.md's HTTP limits on the real server (the HTTP module tests the rest).
    @Suite struct HTTPLimitsTests {
        @Test func unknownRouteAndWrongMethod() async throws {
            try await TestServer.withServer(.memory) { server in
                let unknown = try await server.request("GET", "/v2/spins")
                try ProblemExpectations.expect(unknown, status: 404, code: "not_found", mentions: "/v2/spins")
                let wrong = try await server.request("DELETE", "/v1/spins")
                try ProblemExpectations.expect(wrong, status: 405, code: "method_not_allowed", mentions: "DELETE")
                #expect(wrong.headers["Allow"]?.contains("POST") == true)
                let lookup = try await server.request("POST", "/v1/spins/abc", body: Array("{}".utf8))
                #expect(lookup.status == 405)
                #expect(lookup.headers["Allow"]?.contains("GET") == true)
            }
        }

        @Test func oversizedBodyAndBadJSONChangeNothing() async throws {
            try await TestServer.withServer(.memory) { server in
                let player = try await server.fundedPlayer("limits")
                let huge = [UInt8](repeating: UInt8(ascii: " "), count: 64 * 1024 + 1)
                let tooLarge = try await server.spin(player: player, key: uniqueKey("huge"), body: huge)
                #expect(tooLarge.status == 413)
                let key = uniqueKey("json")
                let bad = try await server.spin(player: player, key: key, body: Array(#"{"game":"fruit5","bet":20"#.utf8))
                try ProblemExpectations.expect(bad, status: 400, code: "invalid_request", mentions: "body")
                let trailing = try await server.spin(player: player, key: key, body: Array(#"{"game":"fruit5","bet":20} x"#.utf8))
                try ProblemExpectations.expect(trailing, status: 400, code: "invalid_request", mentions: "body")
                #expect(try await server.balance(player) == 100_000)
                #expect(try await server.history(player).isEmpty)
            }
        }

        @Test func requestIdIsEchoedOnlyWhenValid() async throws {
            try await TestServer.withServer(.memory) { server in
                let valid = "trace-0123:abc/XYZ"
                let echoed = try await server.request("GET", "/healthz", headers: ["X-Request-Id": valid])
                #expect(echoed.headers["X-Request-Id"] == valid)
                let longest = String(repeating: "r", count: 128)
                #expect(try await server.request("GET", "/healthz", headers: ["X-Request-Id": longest]).headers["X-Request-Id"] == longest)
                for invalid in [String(repeating: "r", count: 129), "has space", "caf\u{e9}"] {
                    let replaced = try await server.request("GET", "/v1/games", headers: ["X-Request-Id": invalid])
                    let id = try #require(replaced.headers["X-Request-Id"])
                    #expect(id != invalid)
                    #expect(!id.isEmpty && id.utf8.count <= 128)
                    #expect(id.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7f })
                }
                let fresh = try await server.request("GET", "/nowhere")
                let first = try #require(fresh.headers["X-Request-Id"])
                let second = try #require(try await server.request("GET", "/nowhere").headers["X-Request-Id"])
                #expect(first != second)
            }
        }
    }
}
