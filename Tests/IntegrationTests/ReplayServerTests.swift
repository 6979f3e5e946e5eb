import Foundation
import OneSpin
import Replay
import Spin
import Testing

extension EndToEnd {
    /// `onespin replay` against a server started in the test, the way `onespin serve` runs it.
    @Suite(.serialized)
    struct ReplayServerTests {
        static let secret = "replay-test-secret-0123456789"
        static let admin = "replay-test-admin-0123456789"

        /// Starts a server on 127.0.0.1, any free port.
        static func startServer(
            redis: String? = nil, record: String? = nil, maxConnections: Int = 10_000, overrides: OneSpinServer.Overrides = .init()
        ) throws -> (OneSpinServer, Int) {
            var configuration = ServerConfiguration(jwtSecret: Array(secret.utf8), adminToken: Array(admin.utf8))
            configuration.host = "127.0.0.1"
            configuration.port = 0
            configuration.threads = 2
            configuration.redisURL = redis
            configuration.record = record
            configuration.shutdownDeadlineSeconds = 2
            configuration.maxConnections = maxConnections
            let server = try OneSpinServer(configuration: configuration, overrides: overrides)
            return (server, try server.start())
        }

        static func stop(_ server: OneSpinServer) {
            server.shutdown(deadline: .seconds(2))
            server.waitUntilStopped()
        }

        static func runner(port: Int) -> ReplayRunner {
            var settings = ReplayRunner.Settings(
                target: ReplayTarget(host: "127.0.0.1", port: port), adminToken: admin, mintToken: ReplayCommand.tokenMinter(secret: secret))
            settings.connections = 4
            return ReplayRunner(settings: settings)
        }

        static func scenario(prefix: String, players: Int = 6, spins: Int = 30) -> Scenario {
            var options = ScenarioGenerator.Options()
            options.players = players
            options.spinsPerPlayer = spins
            options.duplicateRate = 0.15
            options.concurrentDuplicateRate = 0.15
            options.timeoutRate = 0.1
            options.buyFeatureRate = 0.05
            options.initialCredit = 500_000
            options.playerPrefix = prefix
            options.seed = 42
            return ScenarioGenerator(options: options).generate()
        }

        @Test func invariantsHoldOnTheMemoryStore() throws {
            let (server, port) = try Self.startServer()
            defer { Self.stop(server) }
            let scenario = Self.scenario(prefix: "mem")
            let report = try Self.runner(port: port).run(scenario)
            #expect(report.passed, "\(report.summary)")
            #expect(report.verdicts.count == 3)
            #expect(report.spins >= scenario.actions.count)
            #expect(report.replays > 0)
            #expect(report.statuses[200, default: 0] > scenario.actions.count)
            #expect(report.latency.count == UInt64(report.requests))
            #expect(report.json.contains("\"passed\":true"))
            #expect(report.chart.hasPrefix("<svg") && report.chart.contains("polyline"))
        }

        @Test func invariantsHoldOnRedis() throws {
            guard let url = ProcessInfo.processInfo.environment["REDIS_URL"] else {
                Issue.record("REDIS_URL is not set: run the tests with Scripts/test.sh")
                return
            }
            let (server, port) = try Self.startServer(redis: url)
            defer { Self.stop(server) }
            let prefix = "r" + String(UInt32.random(in: 0...UInt32.max), radix: 36) + "-"
            let report = try Self.runner(port: port).run(Self.scenario(prefix: prefix))
            #expect(report.passed, "\(report.summary)")
        }

        @Test func aStoreThatSettlesADuplicateTwiceFailsTheRun() throws {
            let store = BrokenSpinStore(inner: MemorySpinStore())
            let (server, port) = try Self.startServer(overrides: .init(store: { _ in store }))
            defer { Self.stop(server) }
            var actions: [ScenarioAction] = []
            for index in 0..<5 {
                actions.append(ScenarioAction(player: "broken-p", spin: "k\(index)", game: "classic3", bet: 10, send: .resend, copies: 2))
            }
            let report = try Self.runner(port: port).run(Scenario(header: nil, actions: actions))
            #expect(!report.passed)
            let failed = report.verdicts.filter { !$0.passed }.map(\.name)
            #expect(failed.contains(InvariantVerdict.settledOnce), "\(report.summary)")
            #expect(failed.contains(InvariantVerdict.sameAnswer), "\(report.summary)")
            let detail = report.verdicts.first { $0.name == InvariantVerdict.settledOnce }?.detail ?? ""
            #expect(detail.contains("broken-p") && detail.contains("k0"), "\(detail)")
            #expect(report.json.contains("\"passed\":false"))
        }

        @Test func recordedSpinsParseAsAScenario() throws {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("onespin-record-\(UUID().uuidString).jsonl").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            let (server, port) = try Self.startServer(record: path)
            var actions: [ScenarioAction] = []
            for index in 0..<8 {
                actions.append(ScenarioAction(player: "rec-p\(index % 2)", spin: "rec-\(index)", game: "fruit5", bet: 100))
            }
            let report = try Self.runner(port: port).run(Scenario(header: nil, actions: actions))
            Self.stop(server)
            #expect(report.passed, "\(report.summary)")
            let recorded = try Scenario.parse(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
            let spins = recorded.actions.filter { !$0.spin.contains("-f") }
            // Players run concurrently: each player's own order is kept, not the interleaving.
            #expect(spins.sorted { $0.spin < $1.spin } == actions)
            #expect(spins.filter { $0.player == "rec-p0" } == actions.filter { $0.player == "rec-p0" })
            #expect(recorded.actions.allSatisfy { $0.send == .once })
        }

        @Test func theCommandExitsOneOnFailureAndTwoOnUsage() throws {
            #expect(ReplayCommand.run(arguments: ["run", "missing.jsonl"], environment: [:]) == 2)
            #expect(ReplayCommand.run(arguments: ["generate", "--dup-rate", "2"], environment: [:]) == 2)
            let store = BrokenSpinStore(inner: MemorySpinStore())
            let (server, port) = try Self.startServer(overrides: .init(store: { _ in store }))
            defer { Self.stop(server) }
            let directory = FileManager.default.temporaryDirectory
            let file = directory.appendingPathComponent("onespin-scenario-\(UUID().uuidString).jsonl")
            let report = directory.appendingPathComponent("onespin-report-\(UUID().uuidString).json")
            defer {
                try? FileManager.default.removeItem(at: file)
                try? FileManager.default.removeItem(at: report)
            }
            let line = ScenarioAction(player: "cmd-p", spin: "c1", game: "classic3", bet: 5, send: .resend, copies: 1).line
            try Data((line + "\n").utf8).write(to: file)
            let status = ReplayCommand.run(
                arguments: ["run", file.path, "--target", "http://127.0.0.1:\(port)", "--admin-token", Self.admin,
                            "--jwt-secret", Self.secret, "--connections", "1", "--report", report.path],
                environment: [:])
            #expect(status == 1)
            let json = String(decoding: try Data(contentsOf: report), as: UTF8.self)
            #expect(json.contains(InvariantVerdict.settledOnce) && json.contains("\"passed\":false"))
        }
    }
}
