import Foundation
import HTTP
import OneSpin
import Replay
import Spin
import Synchronization
import Testing

extension EndToEnd {
    /// The replay client of a fleet: two servers on one store, a server that goes away mid-run, and the
    /// answers that must (or must not) be resent with the same key.
    @Suite(.serialized)
    struct ReplayFailoverTests {
        /// Two servers sharing one memory store: a fleet on one Redis, in miniature.
        static func startFleet(store: MemorySpinStore) throws -> [(OneSpinServer, Int)] {
            try (0..<2).map { _ in try ReplayServerTests.startServer(overrides: .init(store: { _ in store })) }
        }

        @Test func storedConflictsAreNotRetriedButBusyOnesAre() {
            let stored = SpinAnswer(status: 409, body: Array(#"{"status":409,"code":"feature_active"}"#.utf8))
            let noRound = SpinAnswer(status: 409, body: Array(#"{"status":409,"code":"no_active_feature"}"#.utf8))
            let busy = SpinAnswer(status: 409, body: Array(#"{"status":409,"code":"player_busy"}"#.utf8))
            let inProgress = SpinAnswer(status: 409, body: Array(#"{"status":409,"code":"request_in_progress"}"#.utf8))
            #expect(!stored.isRetryable && !noRound.isRetryable)
            #expect(busy.isRetryable && inProgress.isRetryable)
            #expect(SpinAnswer(status: 503, body: []).isRetryable && SpinAnswer(status: 429, body: []).isRetryable)
            #expect(!SpinAnswer(status: 402, body: []).isRetryable && !SpinAnswer(status: 200, body: []).isRetryable)

            var ledger = PlayerLedger(player: "p", baseline: 0)
            let first = ledger.observe("k", stored)
            let again = ledger.observe("k", stored)
            #expect(first && !again)
            #expect(ledger.keys["k"]?.mismatch == nil)
        }

        @Test func aConnectionMovesToTheNextServerWhenItsServerGoesAway() throws {
            let fleet = try Self.startFleet(store: MemorySpinStore())
            defer { fleet.forEach { ReplayServerTests.stop($0.0) } }
            let targets = fleet.map { ReplayTarget(host: "127.0.0.1", port: $0.1) }
            let connection = try FailoverConnection(targets: targets)
            let health = HTTPClientRequest(method: "GET", target: "/healthz")
            #expect(try connection.send(health).status == 200)
            #expect(connection.index == 0)

            ReplayServerTests.stop(fleet[0].0)
            #expect(throws: (any Error).self) { try connection.send(health) }
            #expect(connection.index == 1 && connection.failovers == 1)
            #expect(try connection.send(health).status == 200)
        }

        @Test func aConnectionSkipsAnUnreachableServerAtStart() throws {
            let fleet = try Self.startFleet(store: MemorySpinStore())
            defer { fleet.forEach { ReplayServerTests.stop($0.0) } }
            ReplayServerTests.stop(fleet[0].0)
            let targets = fleet.map { ReplayTarget(host: "127.0.0.1", port: $0.1) }
            let connection = try FailoverConnection(targets: targets)
            #expect(connection.index == 1)
            #expect(try connection.send(HTTPClientRequest(method: "GET", target: "/healthz")).status == 200)
        }

        /// A server of the fleet shut down mid-run: its clients' connections drop (in flight or idle),
        /// they resend the same keys to the other server, and every invariant still holds.
        @Test func invariantsHoldWhenAServerLeavesMidRun() throws {
            let fleet = try Self.startFleet(store: MemorySpinStore())
            defer { fleet.forEach { ReplayServerTests.stop($0.0) } }
            var settings = ReplayServerTests.runner(port: fleet[0].1).settings
            settings.alternates = [ReplayTarget(host: "127.0.0.1", port: fleet[1].1)]
            settings.maxAttempts = 200
            let scenario = ReplayServerTests.scenario(prefix: "fo", players: 8, spins: 150)
            let outcome = ReportBox()
            let runner = ReplayRunner(settings: settings)
            let thread = Thread { outcome.set(try? runner.run(scenario)) }
            thread.start()
            var served = 0
            for _ in 0..<500 where served < 300 {
                usleep(10_000)
                served = fleet[0].0.statistics().requestsTotal
            }
            fleet[0].0.shutdown(deadline: .zero)
            fleet[0].0.waitUntilStopped()
            var report: ReplayReport?
            for _ in 0..<6000 where report == nil {
                usleep(10_000)
                report = outcome.get()
            }
            let finished = try #require(report)
            #expect(finished.passed, "\(finished.summary)")
            #expect(finished.failovers >= 1, "\(finished.summary)")
            #expect(finished.spins >= scenario.actions.count, "\(finished.summary)")
        }
    }

    /// The report of a run on another thread.
    private final class ReportBox: Sendable {
        private let report = Mutex<ReplayReport?>(nil)
        func set(_ value: ReplayReport?) { report.withLock { $0 = value } }
        func get() -> ReplayReport? { report.withLock { $0 } }
    }
}
