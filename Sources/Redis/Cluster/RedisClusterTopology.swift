package import IOLoop
import Synchronization

/// The slot map of one Redis Cluster, shared by every event loop of the process and refreshed
/// on its own thread (blocking `CLUSTER SHARDS`, else `CLUSTER SLOTS`, with short timeouts), so
/// no loop ever blocks on it. A refresh runs when a loop asks (after `MOVED`, a lost connection,
/// `CLUSTERDOWN` and the like; at most every `minimumGap`) and every `refreshInterval` anyway.
package final class RedisClusterTopology: Sendable {
    package let settings: RedisClusterSettings
    private let state: Mutex<State>
    private let refresher = RedisRefreshThread()
    private static let askTimeout = Duration.milliseconds(300)
    private static let refreshInterval = Duration.seconds(1)
    private static let minimumGap = Duration.milliseconds(50)

    private struct State {
        var map = RedisClusterSlotMap()
        /// Bumped on every change of `map`; loops compare it to their copy's.
        var version: UInt64 = 0
        var seeds: [RedisEndpoint]
    }

    /// Reads the slot map once (blocking, bounded) and starts the refresh thread. Succeeds even
    /// when no node answered: commands then fail until one does.
    package init(settings: RedisClusterSettings) throws(SystemCallError) {
        self.settings = settings
        let seeds = settings.seeds.map { RedisEndpoint(host: RedisHostResolver.numericHost($0.host), port: $0.port) }
        state = Mutex(State(seeds: seeds))
        refresh()
        try refresher.start(name: "onespin-cluster") { [self] in run() }
    }

    /// The current map and its version (any thread).
    package var snapshot: (map: RedisClusterSlotMap, version: UInt64) {
        state.withLock { ($0.map, $0.version) }
    }

    /// Asks for a refresh soon (any thread, cheap).
    package func requestRefresh() {
        refresher.requestRefresh()
    }

    /// Records a `MOVED` at once, before the refresh confirms it.
    package func moved(_ slot: Int, to endpoint: RedisEndpoint) {
        let changed = state.withLock { state -> Bool in
            guard state.map.master(forSlot: slot) != endpoint else { return false }
            state.map.assign(slot, to: endpoint)
            state.version &+= 1
            return true
        }
        if changed { refresher.requestRefresh() }
    }

    /// Ends the refresh thread and waits for it.
    package func stop() {
        refresher.stop()
    }

    private func run() {
        var last = ContinuousClock.now
        var requested = false
        while !refresher.isStopping {
            requested = refresher.takeRequest() || requested
            let since = ContinuousClock.now - last
            if (requested && since >= Self.minimumGap) || since >= Self.refreshInterval {
                last = .now
                requested = false
                refresh()
            } else {
                RedisRefreshThread.pause(.milliseconds(10))
            }
        }
    }

    /// Asks the known masters, then the seeds, for the map; keeps the first complete one.
    private func refresh() {
        let (masters, seeds) = state.withLock { ($0.map.masters, $0.seeds) }
        var candidates = masters
        for seed in seeds where !candidates.contains(seed) { candidates.append(seed) }
        var best: RedisClusterSlotMap?
        for node in candidates {
            guard let map = Self.fetch(from: node, settings.node) else { continue }
            if best == nil || map.coveredSlots > best?.coveredSlots ?? 0 { best = map }
            if map.coveredSlots == RedisHashSlot.count { break }
        }
        guard let best else { return }
        state.withLock { state in
            for master in best.masters where !state.seeds.contains(master) { state.seeds.append(master) }
            guard state.map != best else { return }
            state.map = best
            state.version &+= 1
        }
    }

    private static func fetch(from node: RedisEndpoint, _ template: RedisConfiguration) -> RedisClusterSlotMap? {
        var configuration = template.pointed(at: node)
        configuration.connectTimeout = askTimeout
        configuration.commandTimeout = askTimeout
        let connection = RedisConnection(configuration: configuration)
        guard let shards = try? connection.send(["CLUSTER", "SHARDS"]) else { return nil }
        if shards.errorMessage == nil, let map = RedisClusterSlotMap.fromShards(shards) { return map }
        guard let slots = try? connection.send(["CLUSTER", "SLOTS"]) else { return nil }
        return RedisClusterSlotMap.fromSlots(slots)
    }
}
