package import IOLoop
import Synchronization

/// Finds the master through Redis Sentinel and follows it, on its own thread (the event loops
/// never block on a Sentinel or a DNS lookup), per the Sentinel client guidelines:
/// 1. ask each Sentinel in turn, with a short timeout, `SENTINEL get-master-addr-by-name`; the
///    first that answers moves to the front of the list;
/// 2. connect to the address and check `ROLE` is `master`; if not, wait a little and start over;
/// 3. stay subscribed to `+switch-master` on a Sentinel and move at once when it names ours;
///    rediscover whenever a loop's connection was lost (`connectionLost`) and every few seconds.
/// Listeners (one per event loop) are told each new master; the loops' connections also check
/// `ROLE` on every connect, so a stale address is never written to.
package final class RedisSentinelMonitor: Sendable {
    package let settings: RedisSentinelSettings
    private let state: Mutex<State>
    private let refresher = RedisRefreshThread()
    /// Bound on each Sentinel's answer (and the master's `ROLE`).
    private static let askTimeout = Duration.milliseconds(250)
    /// Pause before starting over when no Sentinel named a master that says it is one.
    private static let retryPause = Duration.milliseconds(100)
    /// Rediscovery even without a reason, in case a `+switch-master` was missed.
    private static let refreshInterval = Duration.seconds(2)

    private struct State {
        var sentinels: [RedisEndpoint]
        var master: RedisEndpoint?
        var listeners: [UInt64: @Sendable (RedisEndpoint) -> Void] = [:]
        var nextListener: UInt64 = 1
    }

    /// Asks the Sentinels once (blocking, bounded by their timeouts) and starts following.
    /// Succeeds even when no master is found yet: commands then fail until one is.
    package init(settings: RedisSentinelSettings) throws(SystemCallError) {
        self.settings = settings
        state = Mutex(State(sentinels: settings.sentinels))
        if let found = discover() { state.withLock { $0.master = found } }
        try refresher.start(name: "onespin-sentinel") { [self] in run() }
    }

    /// The master last found, if any (any thread).
    package var master: RedisEndpoint? { state.withLock { $0.master } }

    /// Calls `listener` (on the monitor's thread) with every new master; returns its id.
    package func addListener(_ listener: @escaping @Sendable (RedisEndpoint) -> Void) -> UInt64 {
        state.withLock { state in
            let id = state.nextListener
            state.nextListener += 1
            state.listeners[id] = listener
            return id
        }
    }

    /// Forgets a listener.
    package func removeListener(_ id: UInt64) {
        _ = state.withLock { $0.listeners.removeValue(forKey: id) }
    }

    /// A loop lost its connection (or was refused by a non-master): ask the Sentinels again.
    package func connectionLost() {
        refresher.requestRefresh()
    }

    /// Ends the thread (within about 100 ms) and waits for it.
    package func stop() {
        refresher.stop()
    }

    private func run() {
        var lastDiscovery = ContinuousClock.now
        var subscription: RedisSubscription?
        while !refresher.isStopping {
            let due = refresher.takeRequest() || master == nil
            if due || ContinuousClock.now - lastDiscovery >= Self.refreshInterval {
                lastDiscovery = .now
                if let found = discover() {
                    publish(found)
                } else {
                    refresher.requestRefresh()
                    RedisRefreshThread.pause(Self.retryPause)
                    continue
                }
            }
            if subscription == nil { subscription = subscribe() }
            guard let listening = subscription else {
                RedisRefreshThread.pause(Self.retryPause)
                continue
            }
            do {
                if let message = try listening.next(timeout: .milliseconds(100)),
                   let moved = RedisSwitchMaster(message)?.newMaster(of: settings.masterName) {
                    publish(moved)
                }
            } catch {
                subscription = nil
            }
        }
    }

    /// Steps 1 and 2: the master the first answering Sentinel names, if it says it is a master.
    private func discover() -> RedisEndpoint? {
        let sentinels = state.withLock { $0.sentinels }
        for (index, sentinel) in sentinels.enumerated() {
            guard let named = askSentinel(sentinel) else { continue }
            if index > 0 {
                state.withLock { state in
                    state.sentinels.removeAll { $0 == sentinel }
                    state.sentinels.insert(sentinel, at: 0)
                }
            }
            var probe = settings.node.pointed(at: named)
            probe.connectTimeout = Self.askTimeout
            probe.commandTimeout = Self.askTimeout
            probe.requiresMaster = true
            let connection = RedisConnection(configuration: probe)
            do {
                try connection.connect()  // the handshake checks ROLE
                return named
            } catch {
                return nil
            }
        }
        return nil
    }

    private func askSentinel(_ sentinel: RedisEndpoint) -> RedisEndpoint? {
        let connection = RedisConnection(configuration: settings.sentinelConfiguration(sentinel, timeout: Self.askTimeout))
        guard let reply = try? connection.send(["SENTINEL", "get-master-addr-by-name", RedisArgument(settings.masterName)]),
              let parts = reply.array, parts.count == 2, let host = parts[0].string, let port = parts[1].string.flatMap({ Int($0) }),
              (1...65_535).contains(port) else { return nil }
        return RedisEndpoint(host: RedisHostResolver.numericHost(host), port: port)
    }

    private func subscribe() -> RedisSubscription? {
        guard let sentinel = state.withLock({ $0.sentinels.first }) else { return nil }
        let configuration = settings.sentinelConfiguration(sentinel, timeout: Self.askTimeout)
        return try? RedisSubscription(configuration: configuration, channels: [RedisSwitchMaster.channel])
    }

    private func publish(_ master: RedisEndpoint) {
        let listeners = state.withLock { state -> [@Sendable (RedisEndpoint) -> Void] in
            guard state.master != master else { return [] }
            state.master = master
            return Array(state.listeners.values)
        }
        for listener in listeners { listener(master) }
    }
}
