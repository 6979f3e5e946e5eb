import Foundation
import Glibc
import HTTP
import OneSpin
import Testing

extension EndToEnd {
    /// Issue 9's connection and framing defects through the real onespin server, and the load test:
    /// 2,000 silent sockets and 8 clients pipelining large responses without reading, while a normal
    /// client's `/healthz` stays fast and the process's memory bounded.
    @Suite(.serialized)
    struct UnderAttackTests {
        /// The test process's resident set (the server runs in it), in bytes.
        static func residentBytes() -> Int {
            guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
            for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
                return (Int(line.split(separator: " ")[1]) ?? 0) * 1024
            }
            return 0
        }

        /// Sends `bytes` again and again without blocking until the socket takes no more; returns the count sent.
        static func pipelineUntilFull(_ fd: Int32, _ bytes: [UInt8], atMost: Int) -> Int {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            var sent = 0
            var offset = 0
            while sent < atMost {
                let count = bytes.withUnsafeBytes { raw -> Int in
                    guard let base = raw.baseAddress else { return 0 }
                    return Glibc.send(fd, base + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                }
                if count <= 0 { break }
                offset += count
                if offset == bytes.count {
                    offset = 0
                    sent += 1
                }
            }
            return sent
        }

        @Test func productionDeadlinesAreTheContract() {
            let configuration = ServerConfiguration(jwtSecret: [], adminToken: [])
            #expect(configuration.headerTimeout == .seconds(10))
            #expect(configuration.idleTimeout == .seconds(60))
            #expect(configuration.drainTimeout == .seconds(30))
            let http = HTTPServerConfiguration()
            #expect(http.maxQueuedOutputBytes == 256 * 1024)
            #expect(http.outputBudgetBytes == 64 * 1024 * 1024)
        }

        @Test func silentSocketIsClosedAtTheHeadDeadline() async throws {
            try await TestServer.withServer(.memory, configure: { $0.headerTimeout = .seconds(1) }) { server in
                let started = ContinuousClock.now
                let socket = try LoopbackSocket(port: server.port, timeout: .seconds(4))
                let (text, closed) = socket.readToEnd()
                #expect(text.hasPrefix("HTTP/1.1 408 ") && closed)
                #expect(ContinuousClock.now - started < .seconds(3))
            }
        }

        @Test func fullTableOfSilentSocketsStillAnswersHealthzAndCountsTheShed() async throws {
            SlowClientTests.raiseFileLimit()
            try await TestServer.withServer(.memory, configure: { $0.maxConnections = 40 }) { server in
                let silent = (0..<60).compactMap { _ in try? LoopbackSocket(port: server.port) }
                #expect(silent.count == 60)
                for _ in 0..<5 { #expect(try await server.request("GET", "/healthz").status == 200) }
                let status = try JSONObject(try await server.request("GET", "/status", headers: server.adminHeaders()))
                let shed = try status.object("connections")?.int("shed") ?? 0
                #expect(shed >= 20, "\(shed) shed")
                let metrics = try await server.request("GET", "/metrics", headers: server.adminHeaders()).text
                #expect(metrics.contains("\nonespin_connections_shed_total "))
                #expect(try status.object("output")?.int("queuedBytes") != nil)
                withExtendedLifetime(silent) {}
            }
        }

        @Test(arguments: StoreKind.allCases)
        func settledKeysWithQuestionMarkAndSlashAreFoundPercentEncoded(kind: StoreKind) async throws {
            try await TestServer.withServer(kind) { server in
                let player = try await server.fundedPlayer("pct")
                for raw in ["x?y", "a/b", "q%z"] {
                    let key = raw + "-" + uniqueKey("k")
                    #expect(try await server.spin(player: player, key: key).status == 200)
                    let encoded = key.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-"))) ?? key
                    let found = try await server.request("GET", "/v1/spins/\(encoded)", headers: server.playerHeaders(player))
                    #expect(found.status == 200, "\(key) as \(encoded): \(found.text)")
                }
                let bad = try await server.request("GET", "/v1/spins/x%zz", headers: server.playerHeaders(player))
                #expect(bad.status == 400)
                #expect(bad.text.contains(#""code":"invalid_request""#) && bad.text.contains("spinId"))
            }
        }

        @Test func headOnGetRoutesHasTheGetHeadersAndNoBody() async throws {
            try await TestServer.withServer(.memory) { server in
                let player = try await server.fundedPlayer("head")
                for target in ["/v1/wallet", "/v1/history?limit=5", "/healthz", "/v1/games"] {
                    let get = try await server.request("GET", target, headers: server.playerHeaders(player))
                    let head = try await server.request("HEAD", target, headers: server.playerHeaders(player))
                    #expect(head.status == get.status, "\(target)")
                    #expect(head.headers["Content-Length"] == String(get.body.count), "\(target)")
                    #expect(head.headers["Content-Type"] == get.headers["Content-Type"], "\(target)")
                    #expect(head.body.isEmpty)
                }
                let wrong = try await server.request("DELETE", "/v1/wallet", headers: server.playerHeaders(player))
                #expect(wrong.status == 405 && wrong.headers["Allow"] == "GET, HEAD")
            }
        }

        @Test func duplicateAuthorizationIsRefusedOnPlayerAndAdminRoutes() async throws {
            try await TestServer.withServer(.memory) { server in
                let player = try await server.fundedPlayer("dup")
                var headers = server.playerHeaders(player)
                headers.add(name: "Authorization", value: "Bearer \(server.token(uniquePlayer("other")))")
                let wallet = try await server.request("GET", "/v1/wallet", headers: headers)
                #expect(wallet.status == 400 && wallet.text.contains(#""code":"duplicate_header""#))
                var admin = server.adminHeaders()
                admin.add(name: "Authorization", value: "Bearer nope")
                let credit = try await server.request(
                    "POST", "/admin/players/\(player.value)/credit", headers: admin, body: Array(#"{"amount":5,"reason":"x"}"#.utf8))
                #expect(credit.status == 400 && credit.text.contains("Authorization: sent 2 times; send it once"))
                #expect(try await server.balance(player) == 100_000, "a refused credit changes nothing")
            }
        }

        /// The issue's load test. The server runs in this process: RSS is this process's.
        @Test func silentSocketsAndNonReadingPipelinersDoNotStarveHealthz() async throws {
            SlowClientTests.raiseFileLimit()
            try await TestServer.withServer(.memory) { server in
                let player = try await server.fundedPlayer("flood", balance: 1_000_000)
                for _ in 0..<100 { #expect(try await server.spin(player: player).status == 200) }
                let history = try await server.request("GET", "/v1/history?limit=100", headers: server.playerHeaders(player))
                #expect(history.body.count > 15_000, "\(history.body.count) bytes per history response")
                let token = server.token(player)
                let port = server.port
                try await TestServer.offPool {
                    _ = try SlowClientTests.normalClientP99(port: port, count: 300)  // warm up
                    let baselineRSS = Self.residentBytes()
                    let silent = (0..<2000).compactMap { _ in try? LoopbackSocket(port: port, timeout: .seconds(1)) }
                    #expect(silent.count == 2000)
                    let request = Array("GET /v1/history?limit=100 HTTP/1.1\r\nHost: flood\r\nAuthorization: Bearer \(token)\r\n\r\n".utf8)
                    let pipeliners = try (0..<8).map { _ in try LoopbackSocket(port: port) }
                    var queued = 0
                    for socket in pipeliners { queued += Self.pipelineUntilFull(socket.fd, request, atMost: 5_000) }
                    var peakRSS = Self.residentBytes()
                    var latencies: [Int] = []
                    let clients = try (0..<2).map { _ in try HTTPClient(host: "127.0.0.1", port: port) }
                    let healthz = HTTPClientRequest(method: "GET", target: "/healthz")
                    let started = ContinuousClock.now
                    // 6 s held (the silent sockets' 10 s head deadline is not reached), the pipeliners topped up.
                    while ContinuousClock.now - started < .seconds(6) {
                        for _ in 0..<100 {
                            let begin = ContinuousClock.now
                            #expect(try clients[latencies.count % 2].send(healthz).status == 200)
                            let took = ContinuousClock.now - begin
                            latencies.append(Int(took.components.seconds) * 1_000_000 + Int(took.components.attoseconds / 1_000_000_000_000))
                        }
                        for socket in pipeliners { queued += Self.pipelineUntilFull(socket.fd, request, atMost: 100) }
                        peakRSS = max(peakRSS, Self.residentBytes())
                    }
                    latencies.sort()
                    let p99 = latencies[latencies.count * 99 / 100]
                    let growth = peakRSS - baselineRSS
                    let statistics = try JSONObject(try HTTPClient(host: "127.0.0.1", port: port).send(
                        HTTPClientRequest(method: "GET", target: "/status", headers: ["Authorization": "Bearer \(TestServer.adminToken)"])))
                    let output = try statistics.object("output")
                    print("""
                        under attack: 2000 silent sockets + 8 non-reading pipeliners (\(queued) history requests sent, \
                        \(history.body.count) B each): healthz p99 \(p99) µs over \(latencies.count) requests; \
                        RSS \(baselineRSS / 1_048_576) MiB -> peak \(peakRSS / 1_048_576) MiB (+\(growth / 1_048_576) MiB, test process = server); \
                        output queued \(try output?.int("queuedBytes") ?? -1) B, paused \(try output?.int("pausedConnections") ?? -1)
                        """)
                    #expect(p99 < 50_000, "healthz p99 \(p99) µs")
                    #expect(growth < 64 * 1_048_576, "RSS grew \(growth / 1_048_576) MiB")
                    #expect(try output?.int("pausedConnections") ?? 0 >= 1)
                    withExtendedLifetime((silent, pipeliners)) {}
                }
            }
        }
    }
}
