import JSON
import Spin
import Testing

/// Objects with thousands of members: duplicate detection must be exact and linear in time.
/// The timings are printed (for BENCHMARKS.md), never asserted: wall time on a shared machine is
/// not a test; the correctness checks are.
@Suite struct JSONKeyScalingTests {
    /// `{"k0":0,"k1":0,…}` with `count` distinct keys, then `extra` appended verbatim before `}`.
    static func object(keys count: Int, extra: String = "") -> [UInt8] {
        var text = "{"
        for index in 0..<count {
            if index > 0 { text += "," }
            text += "\"k\(index)\":0"
        }
        return Array((text + extra + "}").utf8)
    }

    @Test func duplicateAtTheEndIsFound() {
        let body = Self.object(keys: 6000, extra: #","k0":1"#)
        #expect(throws: JSONReadError.self) { try JSONValue.parse(body) }
        do {
            _ = try JSONValue.parse(body)
        } catch {
            #expect(error.reason == #"duplicate key "k0""#)
            #expect(error.offset == body.count - 7)
        }
    }

    @Test func distinctKeysKeepTheirOrder() throws {
        let value = try JSONValue.parse(Self.object(keys: 3000))
        #expect(value.keys.count == 3000)
        #expect(value.keys.first == "k0" && value.keys.last == "k2999")
        #expect(value["k2999"] == .integer(0))
        // Keys equal as Swift strings but different as bytes are different JSON keys? No: RFC 8259
        // compares names after unescaping, and so do we.
        #expect(throws: JSONReadError.self) { try JSONValue.parse(Array(#"{"a":1,"\u0061":2}"#.utf8)) }
    }

    @Test func parseTimeGrowsLinearly() throws {
        var lines: [String] = []
        for count in [1000, 2000, 4000, 6000] {
            let body = Self.object(keys: count)
            let clock = ContinuousClock()
            var best = Duration.seconds(1000)
            for _ in 0..<5 {
                let elapsed = clock.measure { _ = try? AdminBodies.credit(body) }
                best = min(best, elapsed)
            }
            let micros = best.components.seconds * 1_000_000 + best.components.attoseconds / 1_000_000_000_000
            lines.append("\(count) keys (\(body.count) bytes): \(micros) µs")
            // The body is refused (unknown fields) either way.
            #expect(throws: SpinError.self) { try AdminBodies.credit(body) }
        }
        print("JSON object parse + credit body check, best of 5:\n" + lines.joined(separator: "\n"))
    }
}
