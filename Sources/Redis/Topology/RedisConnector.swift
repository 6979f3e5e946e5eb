package import IOLoop

/// Connects event loops to Redis in whatever shape the URL named: owns the process-wide parts
/// (the Sentinel monitor or the cluster's slot map, each with its thread) and makes each loop's
/// client. Make it once per process; `stop()` when the loops have ended.
package final class RedisConnector: Sendable {
    package let topology: RedisTopology
    private let monitor: RedisSentinelMonitor?
    private let cluster: RedisClusterTopology?

    /// Starts following the topology (for Sentinel and Cluster: asks once, blocking for at most a
    /// few hundred milliseconds per node, then follows on a thread of its own).
    /// - Throws: `SystemCallError` when that thread cannot be started.
    package init(_ topology: RedisTopology) throws(SystemCallError) {
        self.topology = topology
        switch topology {
        case .standalone:
            monitor = nil
            cluster = nil
        case .sentinel(let settings):
            monitor = try RedisSentinelMonitor(settings: settings)
            cluster = nil
        case .cluster(let settings):
            monitor = nil
            cluster = try RedisClusterTopology(settings: settings)
        }
    }

    /// The client for `loop`. Call on `loop`'s thread.
    package func makeClient(on loop: EventLoop) -> any RedisKeyedClient {
        switch topology {
        case .standalone(let configuration):
            return RedisLoopClient(loop: loop, configuration: configuration)
        case .sentinel(let settings):
            return RedisLoopClient(loop: loop, configuration: settings.node, monitor: monitor)
        case .cluster:
            guard let cluster else { preconditionFailure("a cluster connector has its topology") }
            return RedisClusterLoopClient(loop: loop, topology: cluster)
        }
    }

    /// Ends the following threads.
    package func stop() {
        monitor?.stop()
        cluster?.stop()
    }
}
