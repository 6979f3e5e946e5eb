import Foundation
import JSON
import OneSpin
import Spin
import Synchronization
import Testing
import Time

@Suite struct LoggerTests {
    struct FixedClock: WallClock {
        let millis: Int64
        func nowMillis() -> Int64 { millis }
    }

    /// Reads its times from a list, one per call (the last one repeats).
    final class SteppingClock: WallClock {
        private let times: Mutex<[Int64]>
        init(_ times: [Int64]) { self.times = Mutex(times) }
        func nowMillis() -> Int64 {
            times.withLock { times in times.count > 1 ? times.removeFirst() : times.first ?? 0 }
        }
    }

    static let now: Int64 = 1_795_000_000_123

    static func parseLines(_ bytes: [UInt8]) throws -> [JSONValue] {
        #expect(bytes.last == UInt8(ascii: "\n"))
        return try bytes.split(separator: UInt8(ascii: "\n")).map { try JSONValue.parse($0) }
    }

    @Test func everyLineIsJSONWithItsFields() throws {
        let capture = PipeCapture()
        let logger = Logger(level: .debug, fileDescriptor: capture.writeEnd, clock: FixedClock(millis: Self.now))
        logger.info("spin settled", LogFields(
            requestId: "req-1", method: "POST", route: "/v1/spins", status: 200, durationMicros: 812,
            player: MaskedPlayer("abcdef"), code: nil, extra: [.init("game", "fruit5"), .init("bet", 100), .init("boosted", false)]
        ))
        logger.debug("parsed")
        logger.warn("slow store", LogFields(durationMicros: 250_000))
        logger.error("store unavailable", LogFields(status: 503, code: "store_unavailable"))
        logger.shutdown()
        let lines = try Self.parseLines(capture.finish())
        try #require(lines.count == 4)
        let first = lines[0]
        #expect(first.keys == ["time", "level", "msg", "requestId", "method", "route", "status", "durationMicros", "player", "game", "bet", "boosted"])
        #expect(first["time"] == .string(Timestamp.format(millis: Self.now)))
        #expect(first["time"] == .string("2026-11-18T11:06:40.123Z"))
        #expect(first["level"] == .string("info") && first["msg"] == .string("spin settled"))
        #expect(first["requestId"] == .string("req-1") && first["method"] == .string("POST") && first["route"] == .string("/v1/spins"))
        #expect(first["status"] == .integer(200) && first["durationMicros"] == .integer(812))
        #expect(first["player"] == .string("ab***"))
        #expect(first["game"] == .string("fruit5") && first["bet"] == .integer(100) && first["boosted"] == .bool(false))
        #expect(lines.map { $0["level"] } == [.string("info"), .string("debug"), .string("warn"), .string("error")])
        #expect(lines[3]["code"] == .string("store_unavailable") && lines[3]["status"] == .integer(503))
        #expect(logger.droppedLines == 0)
    }

    @Test func linesBelowTheLevelAreSkippedNotDropped() throws {
        let capture = PipeCapture()
        let logger = Logger(level: try #require(LogLevel(name: "warn")), fileDescriptor: capture.writeEnd)
        #expect(!logger.isEnabled(.info) && logger.isEnabled(.error))
        logger.debug("no")
        logger.info("no")
        logger.warn("yes")
        logger.shutdown()
        let lines = try Self.parseLines(capture.finish())
        #expect(lines.count == 1 && lines.first?["msg"] == .string("yes"))
        #expect(logger.droppedLines == 0)
        #expect(LogLevel(name: "verbose") == nil)
    }

    @Test func playersAreMaskedAndCredentialsNeverWritten() throws {
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwbGF5ZXItMSJ9.c2lnbmF0dXJl"
        let fullPlayer = "player-full-id-42"
        #expect(MaskedPlayer(fullPlayer).masked == "pl***")
        #expect(MaskedPlayer("a").masked == "a***")
        #expect(MaskedPlayer("ab").masked == "ab***")
        #expect(MaskedPlayer("").masked == "***")
        #expect(MaskedPlayer(try #require(PlayerID("zz9-top"))).masked == "zz***")

        let capture = PipeCapture()
        let logger = Logger(level: .debug, fileDescriptor: capture.writeEnd)
        logger.info("spin", LogFields(player: MaskedPlayer(fullPlayer)))
        logger.info("auth failed", LogFields(player: MaskedPlayer(jwt)))
        logger.info("token was \(jwt)")
        logger.info("header", LogFields(requestId: "Bearer \(jwt)", extra: [
            .init("authToken", "plain-secret-value"), .init("adminSecret", 12_345), .init("playerId", .string(fullPlayer)),
            .init("note", .string("Bearer abc")), .init("status", "overrides?"), .init("bad key", "x"),
        ]))
        logger.shutdown()
        let output = capture.finish()
        let text = String(decoding: output, as: UTF8.self)
        for secret in [jwt, fullPlayer, "plain-secret-value", "12345", "Bearer", "eyJ"] {
            #expect(!text.contains(secret), "\(secret) leaked")
        }
        let lines = try Self.parseLines(output)
        try #require(lines.count == 4)
        #expect(lines[0]["player"] == .string("pl***"))
        #expect(lines[1]["player"] == .string("ey***"))
        #expect(lines[2]["msg"] == .string("[redacted]"))
        #expect(lines[3].keys == ["time", "level", "msg", "requestId", "authToken", "adminSecret", "playerId", "note"])
        #expect(lines[3]["authToken"] == .string("[redacted]") && lines[3]["note"] == .string("[redacted]"))
    }

    /// The scrubber matches bytes: `eyJ` anywhere, `bearer ` in any ASCII case, in every scrubbed
    /// field (message, request id, method, route, code, string extras); near misses stay readable.
    @Test func credentialShapesAreRedactedInEveryScrubbedField() throws {
        let credentials = [
            "BEARER abc", "xBeArEr y", "prefix eyJ", "eyJ", "é→eyJhbGc", "authorization: bearer \u{301}token",
            "\u{1F600}Bearer x",
        ]
        let readable = ["bearer", "Bearer", "a bearer", "eyj", "EYJ", "ey J", "béarer x", "bearerx", "", "/v1/spins"]
        let capture = PipeCapture()
        let logger = Logger(level: .debug, fileDescriptor: capture.writeEnd)
        for text in credentials + readable {
            logger.info(text, LogFields(requestId: text, method: text, route: text, code: text, extra: [.init("note", .string(text))]))
        }
        logger.shutdown()
        let lines = try Self.parseLines(capture.finish())
        try #require(lines.count == credentials.count + readable.count)
        for (line, text) in zip(lines, credentials + readable) {
            let expected = JSONValue.string(credentials.contains(text) ? "[redacted]" : text)
            for key in ["msg", "requestId", "method", "route", "code", "note"] {
                #expect(line[key] == expected, "\(key) of \(text)")
            }
        }
    }

    /// The writer keeps the current second's text between lines; whatever order the times come
    /// in (a second boundary, a day, the epoch, before it), each `time` is `Timestamp.format`'s.
    @Test func timesMatchTheFormatterAcrossSecondsAndDays() throws {
        let times: [Int64] = [
            Self.now, Self.now + 1, Self.now + 876, Self.now + 877, Self.now + 86_400_000, Self.now - 124, 0, 999,
            1000, -1, -1000, -1001, Self.now,
        ]
        let capture = PipeCapture()
        let logger = Logger(level: .debug, fileDescriptor: capture.writeEnd, clock: SteppingClock(times))
        for index in times.indices { logger.info("line \(index)") }
        logger.shutdown()
        let lines = try Self.parseLines(capture.finish())
        #expect(lines.map { $0["time"] } == times.map { .string(Timestamp.format(millis: $0)) })
    }

    /// Lines are gathered for a moment, never held until a flush: they are written on their own.
    @Test func linesAreWrittenWithoutAFlush() throws {
        let capture = PipeCapture()
        let logger = Logger(level: .info, fileDescriptor: capture.writeEnd)
        for index in 0..<3 { logger.info("line", LogFields(status: index)) }
        let deadline = Date().addingTimeInterval(5)
        while logger.pendingLines > 0 && Date() < deadline { usleep(1_000) }
        #expect(logger.pendingLines == 0)
        logger.shutdown()
        #expect(try Self.parseLines(capture.finish()).count == 3)
    }

    /// With the writer stuck on a full pipe, a 16-line buffer admits 8 debug lines, then info
    /// up to 15, then warnings and errors up to 16; the rest are counted as dropped.
    @Test func fullBufferDropsDebugFirstThenInfoAndCountsDrops() throws {
        let capture = PipeCapture(startPaused: true)
        let logger = Logger(level: .debug, fileDescriptor: capture.writeEnd, capacity: 16)
        logger.info("big", LogFields(extra: [.init("filler", .string(String(repeating: "x", count: 200_000)))]))
        let deadline = Date().addingTimeInterval(10)
        while logger.bufferedLines > 0 && Date() < deadline { usleep(1_000) }
        try #require(logger.bufferedLines == 0 && logger.pendingLines == 1, "the writer holds the big line")

        for index in 0..<20 { logger.debug("debug \(index)") }
        for index in 0..<20 { logger.info("info \(index)") }
        for index in 0..<5 { logger.warn("warn \(index)") }
        logger.error("error")
        #expect(logger.droppedLines(at: .debug) == 12)
        #expect(logger.droppedLines(at: .info) == 13)
        #expect(logger.droppedLines(at: .warn) == 4)
        #expect(logger.droppedLines(at: .error) == 1)
        #expect(logger.droppedLines == 30)

        capture.resume()
        logger.flush()
        #expect(logger.pendingLines == 0)
        logger.shutdown()
        let lines = try Self.parseLines(capture.finish())
        #expect(lines.count == 1 + 8 + 7 + 1)
        #expect(lines.filter { $0["level"] == .string("debug") }.count == 8)
        #expect(lines.last?["msg"] == .string("warn 0"))
    }

    @Test func flushWritesEverythingPending() throws {
        let capture = PipeCapture()
        let logger = Logger(level: .info, fileDescriptor: capture.writeEnd)
        for index in 0..<2_000 { logger.info("line", LogFields(status: index)) }
        logger.flush()
        #expect(logger.pendingLines == 0)
        let lines = try Self.parseLines(capture.finish())
        #expect(lines.map { $0["status"] } == (0..<2_000).map { .integer(Int64($0)) })
        logger.shutdown()
        logger.info("after shutdown")
        #expect(logger.droppedLines == 1)
    }
}
