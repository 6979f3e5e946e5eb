import Foundation
import Glibc
import HTTP
import OneSpin
import Testing

extension EndToEnd {
    /// Hostile clients against the real server: a thousand connections dribbling a byte a second, and a
    /// flood of connections beyond `maxConnections` (the oldest silent or idle ones are shed).
    @Suite(.serialized)
    struct SlowClientTests {
        /// Raises the open-file limit to its hard maximum (the test holds over 2,000 sockets, both ends).
        static func raiseFileLimit() {
            var limit = rlimit()
            guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }

        /// p99 (microseconds) of `count` keep-alive `GET /v1/games` over two connections.
        static func normalClientP99(port: Int, count: Int) throws -> Int {
            let clients = try (0..<2).map { _ in try HTTPClient(host: "127.0.0.1", port: port) }
            var latencies: [Int] = []
            let request = HTTPClientRequest(method: "GET", target: "/v1/games")
            for index in 0..<count {
                let started = ContinuousClock.now
                let response = try clients[index % 2].send(request)
                let took = ContinuousClock.now - started
                #expect(response.status == 200)
                latencies.append(Int(took.components.seconds) * 1_000_000 + Int(took.components.attoseconds / 1_000_000_000_000))
            }
            latencies.sort()
            return latencies[min(latencies.count - 1, latencies.count * 99 / 100)]
        }

        @Test func aThousandSlowClientsDoNotSlowOthersAndGet408() throws {
            Self.raiseFileLimit()
            let (server, port) = try ReplayServerTests.startServer()
            defer { ReplayServerTests.stop(server) }
            _ = try Self.normalClientP99(port: port, count: 200)  // warm up
            let baseline = try Self.normalClientP99(port: port, count: 2000)

            let slow = try (0..<1000).map { _ in try LoopbackSocket(port: port) }
            let request = Array("GET /v1/games HTTP/1.1\r\nHost: slow\r\nX-Pad: \(String(repeating: "z", count: 64))\r\n\r\n".utf8)
            let started = ContinuousClock.now
            var sent = 0
            var loaded: [Int] = []
            // A byte a second on every slow connection, normal clients measured in between.
            while ContinuousClock.now - started < .seconds(6) {
                for socket in slow { socket.send(request[sent % request.count]) }
                sent += 1
                loaded.append(try Self.normalClientP99(port: port, count: 300))
                let next = started + .seconds(sent)
                if next > ContinuousClock.now { Thread.sleep(forTimeInterval: (next - ContinuousClock.now) / .seconds(1)) }
            }
            let underLoad = loaded.max() ?? 0
            // A starvation check, not a speed test: slow clients that held a loop would push the normal
            // client into seconds. The bound is the issue-9 attack bound (50 ms) or 4× the baseline,
            // whichever is larger, so scheduler noise on a shared 2-core machine is not a failure.
            #expect(underLoad <= max(4 * baseline, 50_000), "p99 \(underLoad) µs with 1,000 slow clients vs \(baseline) µs without")
            print("slow clients: normal-client p99 \(baseline) µs alone, \(underLoad) µs (worst second) with 1,000 slow clients")

            // Keep dribbling until the header timeout (10 s after the first byte): each gets a 408 and is closed.
            while ContinuousClock.now - started < .seconds(12) {
                for socket in slow where !socket.closed { socket.send(request[sent % request.count]) }
                sent += 1
                Thread.sleep(forTimeInterval: 1)
            }
            var answered408 = 0
            var closed = 0
            for socket in slow {
                let (text, wasClosed) = socket.readToEnd()
                if text.hasPrefix("HTTP/1.1 408") { answered408 += 1 }
                if wasClosed { closed += 1 }
            }
            #expect(answered408 == 1000)
            #expect(closed == 1000)
            #expect(try Self.normalClientP99(port: port, count: 100) > 0)
        }

        @Test func aConnectionFloodBeyondTheLimitShedsTheOldestIdleOnesAndKeepsServing() throws {
            Self.raiseFileLimit()
            let (server, port) = try ReplayServerTests.startServer(maxConnections: 40)
            defer { ReplayServerTests.stop(server) }
            let open = try (0..<10).map { _ in try HTTPClient(host: "127.0.0.1", port: port) }
            let request = HTTPClientRequest(method: "GET", target: "/healthz")
            for client in open { #expect(try client.send(request).status == 200) }

            // 500 connections opened before any sends a byte: each one past the limit sheds the
            // oldest silent or idle connection (the 10 idle clients first, then earlier flood sockets).
            let flood = (0..<500).compactMap { _ in try? LoopbackSocket(port: port, timeout: .milliseconds(500)) }
            for socket in flood { socket.send(Array("GET /healthz HTTP/1.1\r\nHost: flood\r\nConnection: close\r\n\r\n".utf8)) }
            var served = 0
            var shed = 0
            for socket in flood {
                let (text, _) = socket.readToEnd()
                if text.hasPrefix("HTTP/1.1 200") { served += 1 } else { shed += 1 }
            }
            #expect(served <= 40, "\(served) flood connections served")
            #expect(shed >= 460, "\(shed) shed")
            #expect(server.statistics().connectionsShed >= 460)
            // The newest connections are served; a shed client reconnects and is served.
            for _ in 0..<10 { #expect(try HTTPClient(host: "127.0.0.1", port: port).send(request).status == 200) }
            print("connection flood: \(served) of \(flood.count) served, \(shed) shed; \(server.statistics().connectionsShed) shed in all")
        }
    }
}
