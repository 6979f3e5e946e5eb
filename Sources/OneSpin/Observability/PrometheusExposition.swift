import Spin

/// The `/metrics` document: Prometheus text exposition format 0.0.4
/// (`Content-Type: text/plain; version=0.0.4; charset=utf-8`).
///
/// Every family has one `# HELP` and one `# TYPE` line before its samples; counters end in
/// `_total`; label values are escaped (`\\`, `\"`, `\n`). Seconds are written as exact
/// decimals of the microsecond figures (no floating point on the way).
///
/// `onespin_request_duration_seconds` is the lifetime latency histogram (Prometheus histograms
/// must only grow, so it is not the one-minute window of `/status`). Its `le` boundaries are
/// the fixed `bucketBoundsMicros`; each cumulative count is the number of requests in the HDR
/// buckets that lie wholly at or below the boundary. That is exact except for the requests
/// that fall in the one HDR bucket straddling a boundary (a band just under it, at most 1/64
/// of it wide), which are counted in the next `le` instead: a conservative count.
/// `+Inf` equals `_count`.
package enum PrometheusExposition {
    /// The media type to answer with.
    package static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// `le` boundaries of the request duration histogram, in microseconds (100 µs … 10 s).
    package static let bucketBoundsMicros: [UInt64] = [
        100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000,
        1_000_000, 2_500_000, 5_000_000, 10_000_000,
    ]

    /// Quantiles of the last minute exported as gauges, with their `/status` names.
    static let recentQuantiles: [(label: String, percent: Double)] = [
        ("0.5", 50), ("0.9", 90), ("0.99", 99), ("0.999", 99.9),
    ]

    /// Renders `status` (ends with a newline).
    package static func render(_ status: ServerStatus) -> [UInt8] {
        var out = PrometheusText()
        out.family("onespin_build_info", type: "gauge", help: "Build information; always 1.")
        out.sample("onespin_build_info", labels: [("version", status.version)], value: "1")
        out.family("onespin_uptime_seconds", type: "gauge", help: "Seconds since the server started.")
        out.sample("onespin_uptime_seconds", value: String(status.uptimeSeconds))
        out.family("onespin_threads", type: "gauge", help: "Event loop threads.")
        out.sample("onespin_threads", value: String(status.threads))

        let store = [("store", status.store.kind.rawValue)]
        out.family("onespin_store_up", type: "gauge", help: "1 when the spin store answered its last ping, else 0.")
        out.sample("onespin_store_up", labels: store, value: status.store.reachable ? "1" : "0")
        if let ping = status.store.pingMicros {
            out.family("onespin_store_ping_seconds", type: "gauge", help: "Round trip of the last store ping.")
            out.sample("onespin_store_ping_seconds", labels: store, value: seconds(micros: ping))
        }

        out.family("onespin_connections_open", type: "gauge", help: "Client connections open now.")
        out.sample("onespin_connections_open", value: String(status.connectionsOpen))
        out.family("onespin_connections_accepted_total", type: "counter", help: "Client connections accepted.")
        out.sample("onespin_connections_accepted_total", value: String(status.connectionsAccepted))
        out.family("onespin_connections_shed_total", type: "counter", help: "Silent or idle connections closed to admit new ones at the connection limit.")
        out.sample("onespin_connections_shed_total", value: String(status.connectionsShed))
        out.family("onespin_output_queued_bytes", type: "gauge", help: "Response bytes queued unwritten.")
        out.sample("onespin_output_queued_bytes", value: String(status.output.queuedBytes))
        out.family("onespin_output_paused_connections", type: "gauge", help: "Connections not read because their responses are not being read.")
        out.sample("onespin_output_paused_connections", value: String(status.output.pausedConnections))
        out.family("onespin_output_closed_undrained_total", type: "counter", help: "Connections closed because their output did not drain in time.")
        out.sample("onespin_output_closed_undrained_total", value: String(status.output.closedUndrained))
        out.family("onespin_in_flight", type: "gauge", help: "Requests being processed now.")
        out.sample("onespin_in_flight", value: String(status.metrics.inFlight))

        out.family("onespin_requests_total", type: "counter", help: "HTTP responses sent, by status code.")
        for code in status.metrics.requestsByStatus.keys.sorted() {
            let count = status.metrics.requestsByStatus[code] ?? 0
            out.sample("onespin_requests_total", labels: [("code", String(code))], value: String(count))
        }
        out.family("onespin_spins_total", type: "counter", help: "Spin requests, by outcome.")
        for outcome in SpinDisposition.allCases {
            out.sample("onespin_spins_total", labels: [("outcome", outcome.label)], value: String(status.metrics.spins[outcome]))
        }
        out.family("onespin_log_lines_dropped_total", type: "counter", help: "Log lines dropped because the log buffer was full.")
        out.sample("onespin_log_lines_dropped_total", value: String(status.logLinesDropped))

        let lifetime = status.metrics.lifetimeLatency
        let name = "onespin_request_duration_seconds"
        out.family(name, type: "histogram", help: "Request duration, from the first byte read to the response written.")
        for bound in bucketBoundsMicros {
            out.sample(name + "_bucket", labels: [("le", seconds(micros: bound))], value: String(lifetime.countAtOrBelow(bound)))
        }
        out.sample(name + "_bucket", labels: [("le", "+Inf")], value: String(lifetime.count))
        out.sample(name + "_sum", value: seconds(micros: lifetime.sum))
        out.sample(name + "_count", value: String(lifetime.count))

        let recent = status.metrics.recentLatency
        let recentName = "onespin_request_duration_last_minute_seconds"
        out.family(recentName, type: "gauge", help: "Request duration quantiles over the last minute (0 when idle).")
        for quantile in recentQuantiles {
            out.sample(recentName, labels: [("quantile", quantile.label)], value: seconds(micros: recent.percentile(quantile.percent)))
        }
        return out.bytes
    }

    /// `micros` as an exact decimal number of seconds: `2500` → `0.0025`, `3_000_000` → `3`.
    package static func seconds(micros: UInt64) -> String {
        let whole = String(micros / 1_000_000)
        var fraction = micros % 1_000_000
        guard fraction > 0 else { return whole }
        var digits = 6
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        let text = String(fraction)
        return whole + "." + String(repeating: "0", count: digits - text.count) + text
    }

    /// A label value escaped for the text format: `\` → `\\`, `"` → `\"`, newline → `\n`.
    package static func escapeLabelValue(_ value: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(value.utf8.count)
        for character in value.unicodeScalars {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }
}

/// Lines of the text format, appended in order.
private struct PrometheusText {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(4096) }

    mutating func family(_ name: String, type: String, help: String) {
        // HELP text escapes only `\` and newline.
        let escapedHelp = help.replacingBackslashesAndNewlines()
        line("# HELP \(name) \(escapedHelp)")
        line("# TYPE \(name) \(type)")
    }

    mutating func sample(_ name: String, labels: [(String, String)] = [], value: String) {
        var text = name
        if !labels.isEmpty {
            text += "{"
            text += labels.map { "\($0.0)=\"\(PrometheusExposition.escapeLabelValue($0.1))\"" }.joined(separator: ",")
            text += "}"
        }
        line(text + " " + value)
    }

    private mutating func line(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        bytes.append(UInt8(ascii: "\n"))
    }
}

extension String {
    fileprivate func replacingBackslashesAndNewlines() -> String {
        var escaped = ""
        for character in unicodeScalars {
            switch character {
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }
}
