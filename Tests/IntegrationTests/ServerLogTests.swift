import Foundation
import HTTP
import JSON
import OneSpin
import Spin
import Testing

extension EndToEnd {
    /// The server's own log lines, captured through a pipe: one JSON object a line with the
    /// request fields, and never a token, a secret or a full player id.
    @Suite struct ServerLogTests {
        @Test func requestLinesAreJSONAndLeakNothing() async throws {
            var fds: [Int32] = [0, 0]
            #expect(pipe(&fds) == 0)
            let logger = Logger(level: .debug, fileDescriptor: fds[1])
            let player = try #require(PlayerID("secretive-player-0042"))
            var token = ""
            try await TestServer.withServer(.memory, logger: logger) { server in
                token = server.token(player)
                _ = try await server.credit(player: player, amount: 10_000, key: uniqueKey("log-credit"))
                let spin = try await server.spin(player: player, key: uniqueKey("log-spin"), body: TestServer.spinBody())
                #expect(spin.status == 200)
                let bad = try await server.spin(player: player, key: nil, body: TestServer.spinBody())
                #expect(bad.status == 400)
                _ = try await server.request("GET", "/v1/wallet", headers: ["Authorization": "Bearer " + token + "x"])
            }
            logger.flush()
            logger.shutdown()
            close(fds[1])
            let output = String(decoding: FileHandle(fileDescriptor: fds[0], closeOnDealloc: true).readDataToEndOfFile(), as: UTF8.self)
            let lines = output.split(separator: "\n")
            #expect(lines.count >= 4, "\(output)")
            var routes: Set<String> = []
            for line in lines {
                let value = try JSONValue.parse(Array(line.utf8))
                guard case .string(let time)? = value["time"], case .string? = value["level"], case .string? = value["msg"] else {
                    Issue.record("missing time/level/msg: \(line)")
                    continue
                }
                #expect(time.hasSuffix("Z") && time.count == 24, "RFC 3339 with ms: \(time)")
                if case .string(let route)? = value["route"] { routes.insert(route) }
                if case .string(let masked)? = value["player"] { #expect(masked == "se***", "\(line)") }
            }
            #expect(routes.isSuperset(of: ["/v1/spins", "/admin/players/:id/credit", "/v1/wallet"]), "\(routes)")
            #expect(output.contains(#""code":"missing_idempotency_key""#))
            #expect(!output.contains(player.value), "a full player id leaked")
            #expect(!output.contains(token.prefix(20)), "a token leaked")
            #expect(!output.contains(TestServer.adminToken), "the admin token leaked")
            #expect(!output.contains(String(decoding: TestServer.jwtSecret, as: UTF8.self)), "the JWT secret leaked")
        }

        /// Liveness and readiness probes are logged at `debug`: at the default `info` they write no
        /// line (an orchestrator calls them every few seconds), while every other request still does.
        @Test func probesLogAtDebugOnly() async throws {
            let atInfo = try await Self.requestLines(level: .info)
            #expect(atInfo.contains { $0.route == "/v1/games" && $0.level == "info" }, "\(atInfo)")
            #expect(!atInfo.contains { $0.route == "/healthz" || $0.route == "/readyz" }, "\(atInfo)")
            let atDebug = try await Self.requestLines(level: .debug)
            #expect(atDebug.contains { $0.route == "/healthz" && $0.level == "debug" }, "\(atDebug)")
            #expect(atDebug.contains { $0.route == "/readyz" && $0.level == "debug" }, "\(atDebug)")
            #expect(atDebug.contains { $0.route == "/v1/games" && $0.level == "info" }, "\(atDebug)")
        }

        /// The (route, level) of every request line a server logging at `level` writes while it
        /// answers `/healthz`, `/readyz` and `/v1/games`.
        private static func requestLines(level: LogLevel) async throws -> [(route: String, level: String)] {
            var fds: [Int32] = [0, 0]
            #expect(pipe(&fds) == 0)
            let logger = Logger(level: level, fileDescriptor: fds[1])
            try await TestServer.withServer(.memory, logger: logger) { server in
                for path in ["/healthz", "/readyz", "/v1/games"] {
                    let response = try await server.request("GET", path)
                    #expect(response.status == 200, "\(path)")
                }
            }
            logger.flush()
            logger.shutdown()
            close(fds[1])
            let output = FileHandle(fileDescriptor: fds[0], closeOnDealloc: true).readDataToEndOfFile()
            var lines: [(route: String, level: String)] = []
            for line in String(decoding: output, as: UTF8.self).split(separator: "\n") {
                let value = try JSONValue.parse(Array(line.utf8))
                if case .string(let route)? = value["route"], case .string(let level)? = value["level"] {
                    lines.append((route, level))
                }
            }
            return lines
        }
    }
}
