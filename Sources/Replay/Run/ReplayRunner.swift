import Foundation
import IOLoop
import Synchronization

/// Plays a scenario against a onespin server and checks the invariants from the server's own
/// wallets, history and key lookups.
///
/// Players are partitioned over `connections` worker threads, each with its own keep-alive
/// connection, so one player's actions stay in order while players run concurrently. A progress
/// line goes to `progress` once a second.
package struct ReplayRunner: Sendable {
    /// How to run.
    package struct Settings: Sendable {
        package var target: ReplayTarget
        /// Further servers of the same fleet: workers start spread over `targets` and move to the next
        /// one when theirs cannot be reached (resending the same key there).
        package var alternates: [ReplayTarget] = []
        package var adminToken: String
        /// Signs a player token for a player id (the tool does not know the server's secret format).
        package var mintToken: @Sendable (String) -> String
        package var connections = 8
        /// Spins (actions) per second over all connections; nil for as fast as possible.
        package var rate: Double?
        /// Stop starting actions after this long.
        package var duration: Duration?
        /// Credit per player before the run; the scenario header's value when the caller has none.
        package var initialCredit = 1_000_000
        /// Sends per request before giving up on a retryable answer or a broken connection.
        package var maxAttempts = 60
        /// Receives a progress line each second.
        package var progress: (@Sendable (String) -> Void)?

        /// `target` then `alternates`.
        package var targets: [ReplayTarget] { [target] + alternates }

        package init(target: ReplayTarget, adminToken: String, mintToken: @escaping @Sendable (String) -> String) {
            self.target = target
            self.adminToken = adminToken
            self.mintToken = mintToken
        }
    }

    package let settings: Settings

    package init(settings: Settings) {
        self.settings = settings
    }

    /// Provisions the players, plays the scenario, verifies.
    /// - Returns: the report (its verdicts say whether the invariants held).
    /// - Throws: `ReplayError` when the server cannot be reached or provisioning fails.
    package func run(_ scenario: Scenario) throws(ReplayError) -> ReplayReport {
        let players = scenario.players
        let count = max(1, min(settings.connections, players.count))
        var assignment: [String: Int] = [:]
        for (index, player) in players.enumerated() { assignment[player] = index % count }
        var actionsByWorker = [[ScenarioAction]](repeating: [], count: count)
        for action in scenario.actions { actionsByWorker[assignment[action.player] ?? 0].append(action) }
        let meter = ReplayMeter(workers: count)
        var workers: [ReplayWorker] = []
        for index in 0..<count {
            do {
                workers.append(try ReplayWorker(
                    settings: settings, slot: meter.slots[index],
                    players: players.enumerated().filter { $0.offset % count == index }.map(\.element),
                    actions: actionsByWorker[index], start: index))
            } catch {
                throw .connect("\(settings.target.host):\(settings.target.port): \(error)")
            }
        }
        try Self.onEach(workers) { worker throws(ReplayError) in try worker.provision() }

        let interval = settings.rate.map { Double(count) / max($0, 0.001) } ?? 0
        let start = ContinuousClock.now
        let deadline = settings.duration.map { start + $0 }
        let monitor = ProgressMonitor(meter: meter, output: settings.progress)
        let ticker = monitor.start()
        try Self.onEach(workers) { $0.play(interval: interval, start: start, deadline: deadline) }
        let elapsed = ContinuousClock.now - start
        monitor.stop()
        ticker.join()

        var views: [String: ServerView] = [:]
        let perWorker = Mutex<[[String: ServerView]]>([])
        try Self.onEach(workers) { worker throws(ReplayError) in
            let found = try worker.serverViews()
            perWorker.withLock { $0.append(found) }
        }
        for found in perWorker.withLock({ $0 }) { views.merge(found) { first, _ in first } }
        let ledgers = workers.flatMap { $0.ledgers.values }
        let verdicts = InvariantChecker.check(ledgers: ledgers, views: views)
        return ReplayReport(
            figures: meter.totals(), elapsed: elapsed, series: monitor.series, verdicts: verdicts,
            players: players.count, actions: scenario.actions.count, connections: count)
    }

    /// Runs `body` for every worker on its own thread; the first error wins.
    private static func onEach(_ workers: [ReplayWorker], _ body: @escaping @Sendable (ReplayWorker) throws(ReplayError) -> Void) throws(ReplayError) {
        let failure = Mutex<ReplayError?>(nil)
        let threads = workers.map { worker in
            ReplayThread.start {
                do throws(ReplayError) {
                    try body(worker)
                } catch {
                    failure.withLock { if $0 == nil { $0 = error } }
                }
            }
        }
        threads.forEach { $0.join() }
        if let error = failure.withLock({ $0 }) { throw error }
    }
}
