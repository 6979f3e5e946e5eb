import JSON
import OneSpin
import Spin
import Testing

@Suite struct StatusDocumentTests {
    @Test func rendersEveryFieldOfTheContract() throws {
        let status = ServerStatus.make()
        let json = try JSONValue.parse(StatusDocument.render(status))
        #expect(json.keys == ["version", "uptimeSeconds", "store", "connections", "output", "inFlight", "requests", "spins", "latency", "logs", "threads"])
        #expect(json["version"] == .string("1.2.3"))
        #expect(json["uptimeSeconds"] == .integer(3_600))
        #expect(json["store"] == .object([("kind", .string("redis")), ("reachable", .bool(true)), ("pingMicros", .integer(180))]))
        #expect(json["connections"] == .object([("open", .integer(12)), ("accepted", .integer(345)), ("shed", .integer(6))]))
        #expect(json["output"] == .object([("queuedBytes", .integer(70_000)), ("pausedConnections", .integer(2)), ("closedUndrained", .integer(1))]))
        #expect(json["inFlight"] == .integer(2))
        #expect(json["requests"] == .object([("200", .integer(1_000)), ("404", .integer(3)), ("409", .integer(7)), ("503", .integer(1))]))
        #expect(json["spins"] == .object([("settled", .integer(900)), ("replayed", .integer(20)), ("conflicts", .integer(7)), ("rejected", .integer(11))]))
        let latency = try #require(json["latency"])
        #expect(latency.keys == ["p50", "p90", "p99", "p999", "max", "count"])
        let recent = status.metrics.recentLatency
        #expect(latency["p50"] == .integer(Int64(recent.percentile(50))))
        #expect(latency["p50"] == .integer(803), "11 values: the 6th is 800 µs, in bucket [800, 808)")
        #expect(latency["p90"] == .integer(40_191), "the 10th, 40 000 µs, in bucket [39936, 40448)")
        #expect(latency["p99"] == .integer(2_998_271), "the 11th, 3 s, in bucket [2981888, 3014656)")
        #expect(latency["p999"] == .integer(2_998_271))
        #expect(latency["max"] == .integer(3_000_000))
        #expect(latency["count"] == .integer(11))
        #expect(json["logs"] == .object([("dropped", .integer(4))]))
        #expect(json["threads"] == .integer(2))
    }

    @Test func unreachableStoreHasNullPingAndIdleLatenciesAreZero() throws {
        let status = ServerStatus.make(
            version: "v\"2\"\n", store: StoreHealth(kind: .memory, reachable: false, pingMicros: nil), latencies: []
        )
        let json = try JSONValue.parse(StatusDocument.render(status))
        #expect(json["version"] == .string("v\"2\"\n"))
        #expect(json["store"] == .object([("kind", .string("memory")), ("reachable", .bool(false)), ("pingMicros", .null)]))
        #expect(json["latency"] == .object([
            ("p50", .integer(0)), ("p90", .integer(0)), ("p99", .integer(0)), ("p999", .integer(0)), ("max", .integer(0)), ("count", .integer(0)),
        ]))
    }
}
