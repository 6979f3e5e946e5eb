import Metrics
import OneSpin
import Testing

@Suite struct PrometheusExpositionTests {
    static func render(_ status: ServerStatus = .make()) throws -> PrometheusTextParser {
        try PrometheusTextParser.parse(String(decoding: PrometheusExposition.render(status), as: UTF8.self))
    }

    @Test func outputPassesTheStrictParser() throws {
        let metrics = try Self.render()
        let expected: [(String, String)] = [
            ("onespin_build_info", "gauge"), ("onespin_uptime_seconds", "gauge"), ("onespin_threads", "gauge"),
            ("onespin_store_up", "gauge"), ("onespin_store_ping_seconds", "gauge"), ("onespin_connections_open", "gauge"),
            ("onespin_connections_accepted_total", "counter"), ("onespin_connections_shed_total", "counter"),
            ("onespin_output_queued_bytes", "gauge"), ("onespin_output_paused_connections", "gauge"),
            ("onespin_output_closed_undrained_total", "counter"), ("onespin_in_flight", "gauge"),
            ("onespin_requests_total", "counter"), ("onespin_spins_total", "counter"),
            ("onespin_log_lines_dropped_total", "counter"), ("onespin_request_duration_seconds", "histogram"),
            ("onespin_request_duration_last_minute_seconds", "gauge"),
        ]
        #expect(metrics.families.map(\.name) == expected.map(\.0))
        for (name, type) in expected {
            #expect(metrics.family(name)?.type == type)
            #expect(metrics.family(name)?.help?.isEmpty == false)
        }
    }

    @Test func samplesCarryTheStatusFigures() throws {
        let metrics = try Self.render()
        #expect(metrics.value("onespin_requests_total", ["code": "200"]) == 1_000)
        #expect(metrics.value("onespin_requests_total", ["code": "409"]) == 7)
        #expect(metrics.value("onespin_spins_total", ["outcome": "settled"]) == 900)
        #expect(metrics.value("onespin_spins_total", ["outcome": "replayed"]) == 20)
        #expect(metrics.value("onespin_spins_total", ["outcome": "conflict"]) == 7)
        #expect(metrics.value("onespin_spins_total", ["outcome": "rejected"]) == 11)
        #expect(metrics.value("onespin_connections_open") == 12)
        #expect(metrics.value("onespin_connections_accepted_total") == 345)
        #expect(metrics.value("onespin_connections_shed_total") == 6)
        #expect(metrics.value("onespin_output_queued_bytes") == 70_000)
        #expect(metrics.value("onespin_output_paused_connections") == 2)
        #expect(metrics.value("onespin_output_closed_undrained_total") == 1)
        #expect(metrics.value("onespin_in_flight") == 2)
        #expect(metrics.value("onespin_store_up", ["store": "redis"]) == 1)
        #expect(metrics.value("onespin_store_ping_seconds", ["store": "redis"]) == 0.00018)
        #expect(metrics.value("onespin_uptime_seconds") == 3_600)
        #expect(metrics.value("onespin_log_lines_dropped_total") == 4)
        #expect(metrics.value("onespin_request_duration_last_minute_seconds", ["quantile": "0.99"]) == 2.998271, "the midpoint of [2981888, 3014656) µs")
    }

    @Test func histogramBucketsAreExactForTheFixture() throws {
        let metrics = try Self.render()
        let name = "onespin_request_duration_seconds"
        // Lifetime: 40, 77, 90, 120, 450, 450, 800, 1200, 2500, 9000, 40000, 3 000 000 µs.
        // 2500 µs lies in the HDR bucket [2496, 2528), which straddles le=0.0025: it is counted
        // from le=0.005 on (the documented conservative count); every other count is exact.
        let expected: [(String, Double)] = [
            ("0.0001", 3), ("0.00025", 4), ("0.0005", 6), ("0.001", 7), ("0.0025", 8), ("0.005", 9),
            ("0.01", 10), ("0.025", 10), ("0.05", 11), ("0.1", 11), ("0.25", 11), ("0.5", 11), ("1", 11),
            ("2.5", 11), ("5", 12), ("10", 12), ("+Inf", 12),
        ]
        #expect(metrics.family(name)?.samples.count == expected.count + 2)
        for (le, count) in expected { #expect(metrics.value(name + "_bucket", ["le": le]) == count, "le=\(le)") }
        #expect(metrics.value(name + "_count") == 12)
        #expect(metrics.value(name + "_sum") == 3.054727)
    }

    @Test func emptyServerIsStillWellFormed() throws {
        var status = ServerStatus.make(store: StoreHealth(kind: .memory, reachable: false, pingMicros: nil), latencies: [])
        status.metrics = MetricsSnapshot()
        let metrics = try Self.render(status)
        #expect(metrics.family("onespin_store_ping_seconds") == nil)
        #expect(metrics.value("onespin_store_up", ["store": "memory"]) == 0)
        #expect(metrics.family("onespin_requests_total")?.samples.isEmpty == true)
        #expect(metrics.value("onespin_request_duration_seconds_bucket", ["le": "+Inf"]) == 0)
    }

    @Test func labelValuesAreEscaped() throws {
        let version = "a\\b\"c\nd"
        let text = String(decoding: PrometheusExposition.render(.make(version: version)), as: UTF8.self)
        #expect(text.contains(#"onespin_build_info{version="a\\b\"c\nd"} 1"#))
        #expect(try PrometheusTextParser.parse(text).value("onespin_build_info", ["version": version]) == 1)
    }

    @Test func secondsAreExactDecimals() {
        #expect(PrometheusExposition.seconds(micros: 0) == "0")
        #expect(PrometheusExposition.seconds(micros: 2_500) == "0.0025")
        #expect(PrometheusExposition.seconds(micros: 1) == "0.000001")
        #expect(PrometheusExposition.seconds(micros: 3_000_000) == "3")
        #expect(PrometheusExposition.seconds(micros: 12_345_678) == "12.345678")
    }

    static let header = "# HELP m_total Things.\n# TYPE m_total counter\n"
    static let histogram = "# HELP h Hist.\n# TYPE h histogram\n"

    static let broken: [(String, String)] = [
        ("unterminated last line", header + "m_total 1"),
        ("bad metric name", header + "1m_total 1\n"),
        ("sample before TYPE", "m_total 1\n" + header),
        ("no TYPE at all", "# HELP m_total x\nm_total 1\n"),
        ("HELP twice", header + "# HELP m_total Again.\nm_total 1\n"),
        ("TYPE twice", header + "# TYPE m_total counter\nm_total 1\n"),
        ("TYPE after samples", "# HELP g G.\n# TYPE g gauge\ng 1\n# TYPE g gauge\n"),
        ("counter without _total", "# HELP m M.\n# TYPE m counter\nm 1\n"),
        ("unknown type", "# TYPE m_total meter\nm_total 1\n"),
        ("negative counter", header + "m_total -1\n"),
        ("bad value", header + "m_total one\n"),
        ("two spaces", header + "m_total  1\n"),
        ("duplicate series", header + "m_total{a=\"1\"} 1\nm_total{a=\"1\"} 2\n"),
        ("duplicate label", header + "m_total{a=\"1\",a=\"2\"} 1\n"),
        ("unquoted label value", header + "m_total{a=1} 1\n"),
        ("bad escape", header + "m_total{a=\"\\t\"} 1\n"),
        ("unterminated label value", header + "m_total{a=\"x} 1\n"),
        ("reserved label name", header + "m_total{__a=\"x\"} 1\n"),
        ("family split", header + "m_total{a=\"1\"} 1\n# HELP g G.\n# TYPE g gauge\ng 1\nm_total{a=\"2\"} 1\n"),
        ("sample of another family", header + "other_total 1\n"),
        ("buckets not cumulative", histogram + "h_bucket{le=\"1\"} 5\nh_bucket{le=\"2\"} 4\nh_bucket{le=\"+Inf\"} 5\nh_sum 1\nh_count 5\n"),
        ("no +Inf", histogram + "h_bucket{le=\"1\"} 5\nh_sum 1\nh_count 5\n"),
        ("+Inf differs from _count", histogram + "h_bucket{le=\"1\"} 5\nh_bucket{le=\"+Inf\"} 6\nh_sum 1\nh_count 5\n"),
        ("le not increasing", histogram + "h_bucket{le=\"2\"} 1\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n"),
        ("no _sum", histogram + "h_bucket{le=\"+Inf\"} 1\nh_count 1\n"),
    ]

    @Test(arguments: broken.indices)
    func parserRejectsBrokenText(_ index: Int) {
        let (name, text) = Self.broken[index]
        #expect(throws: PrometheusTextParser.Failure.self, "\(name)") { try PrometheusTextParser.parse(text) }
    }

    @Test func parserAcceptsWellFormedText() throws {
        let text = Self.header + "m_total{a=\"x\\\"y\",b=\"\"} 1 1700000000000\n\n# just a comment\n"
            + Self.histogram + "h_bucket{le=\"0.5\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 0.7\nh_count 2\n"
        let parsed = try PrometheusTextParser.parse(text)
        #expect(parsed.value("m_total", ["a": "x\"y", "b": ""]) == 1)
        #expect(parsed.value("h_count") == 2)
    }
}
