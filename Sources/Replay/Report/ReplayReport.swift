import JSON
package import Metrics

/// The outcome of a replay: throughput, latency (microseconds), answers by status, and the verdict
/// of each invariant.
package struct ReplayReport: Sendable {
    /// One second of the run, for the chart.
    package struct Point: Sendable, Hashable {
        package var second: Int
        package var requestsPerSecond: Double
        package var spinsPerSecond: Double
        package var p99Micros: UInt64
        package var errors: Int
    }

    let figures: ReplayMeter.Figures
    package let elapsed: Duration
    package let series: [Point]
    package let verdicts: [InvariantVerdict]
    package let players: Int
    package let actions: Int
    package let connections: Int

    /// True when every invariant held.
    package var passed: Bool { verdicts.allSatisfy(\.passed) }
    package var requests: Int { figures.requests }
    /// Keys whose stored answer arrived (free spins included).
    package var spins: Int { figures.settled }
    package var replays: Int { figures.replays }
    package var retries: Int { figures.retries }
    package var errors: Int { figures.errors }
    /// Times a connection moved to another server (only with alternates).
    package var failovers: Int { figures.failovers }
    package var statuses: [Int: Int] { figures.statuses }
    package var latency: LatencyHistogram { figures.latency }

    private var seconds: Double { max(elapsed / .seconds(1), 0.000_001) }

    static func milliseconds(_ micros: UInt64) -> String {
        let hundredths = (micros + 5) / 10
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// The human summary printed at the end of `onespin replay run`.
    package var summary: String {
        let h = latency
        var lines = [
            "replay: \(players) players, \(actions) actions over \(connections) connections in \(String(format1(seconds))) s",
            "throughput: \(Int(Double(requests) / seconds)) requests/s, \(Int(Double(spins) / seconds)) spins/s "
                + "(\(requests) requests, \(spins) spins settled)",
            "latency (ms): p50 \(Self.milliseconds(h.percentile(50))), p90 \(Self.milliseconds(h.percentile(90))), "
                + "p99 \(Self.milliseconds(h.percentile(99))), p999 \(Self.milliseconds(h.percentile(99.9))), max \(Self.milliseconds(h.max))",
            "status: " + statuses.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "),
            "replays: \(replays), retries (409/429/503): \(retries), transport errors: \(errors), failovers: \(failovers)",
        ]
        for verdict in verdicts {
            lines.append("\(verdict.passed ? "PASS" : "FAIL") \(verdict.name): \(verdict.detail)")
        }
        return lines.joined(separator: "\n")
    }

    private func format1(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// The report as JSON (latencies in microseconds).
    package var json: String {
        let h = latency
        var out = "{\"passed\":\(passed),\"players\":\(players),\"actions\":\(actions),\"connections\":\(connections)"
        out += ",\"seconds\":\(format1(seconds)),\"requests\":\(requests),\"spins\":\(spins)"
        out += ",\"requestsPerSecond\":\(Int(Double(requests) / seconds)),\"spinsPerSecond\":\(Int(Double(spins) / seconds))"
        out += ",\"latencyMicros\":{\"p50\":\(h.percentile(50)),\"p90\":\(h.percentile(90)),\"p99\":\(h.percentile(99))"
        out += ",\"p999\":\(h.percentile(99.9)),\"max\":\(h.max)}"
        out += ",\"statuses\":{" + statuses.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
        out += ",\"replays\":\(replays),\"retries\":\(retries),\"errors\":\(errors),\"failovers\":\(failovers),\"invariants\":["
        out += verdicts.map { verdict in
            var item = "{\"name\":"
            item += JSONWriter.quoted(verdict.name)
            item += ",\"passed\":\(verdict.passed),\"detail\":"
            item += JSONWriter.quoted(verdict.detail)
            return item + "}"
        }.joined(separator: ",")
        out += "],\"series\":["
        out += series.map {
            "{\"second\":\($0.second),\"requestsPerSecond\":\(Int($0.requestsPerSecond)),\"spinsPerSecond\":\(Int($0.spinsPerSecond)),"
                + "\"p99Micros\":\($0.p99Micros),\"errors\":\($0.errors)}"
        }.joined(separator: ",")
        return out + "]}\n"
    }
}
