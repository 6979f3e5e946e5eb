import Foundation
import IOLoop
import Redis

/// The Redis Cluster and Sentinel setups `Scripts/test.sh` starts (`REDIS_CLUSTER_URL`,
/// `REDIS_SENTINEL_URL`), reached through one event loop each, the way the server reaches them.
enum RedisTopologyEnvironment {
    enum Shape: String, Sendable, CustomStringConvertible {
        case cluster, sentinel

        var variable: String { self == .cluster ? "REDIS_CLUSTER_URL" : "REDIS_SENTINEL_URL" }
        var description: String { rawValue }
    }

    struct Missing: Error, CustomStringConvertible {
        let shape: Shape
        var description: String {
            "\(shape.variable) is not set: run the tests with Scripts/test.sh, which starts a local Redis \(shape)"
        }
    }

    static func url(_ shape: Shape) throws -> String {
        guard let url = ProcessInfo.processInfo.environment[shape.variable] else { throw Missing(shape: shape) }
        return url
    }

    /// A client on a loop of its own, with its connector; `stop()` it when done.
    final class Connection: Sendable {
        let client: any RedisKeyedClient
        let connector: RedisConnector
        let loop: EventLoop

        init(url: String) async throws {
            let connector = try RedisConnector(try RedisTopology(url: url))
            let loop = try EventLoop(name: "test-topology")
            self.connector = connector
            self.loop = loop
            client = await withCheckedContinuation { continuation in
                loop.execute { continuation.resume(returning: UncheckedClient(client: connector.makeClient(on: loop))) }
            }.client
        }

        func stop() {
            let client = UncheckedClient(client: client)
            loop.execute {
                client.client.stop()
                self.loop.stop()
            }
            loop.waitUntilStopped()
            connector.stop()
        }
    }

    /// One connection per shape for the whole test process.
    static func shared(_ shape: Shape) async throws -> any RedisKeyedClient {
        try await cache.get(shape)
    }

    private static let cache = Cache()

    private actor Cache {
        private var connections: [String: Connection] = [:]
        func get(_ shape: Shape) async throws -> any RedisKeyedClient {
            if let connection = connections[shape.rawValue] { return connection.client }
            let made = try await Connection(url: RedisTopologyEnvironment.url(shape))
            connections[shape.rawValue] = made
            return made.client
        }
    }
}

/// Hands a client across threads for its creation and shutdown on its loop.
private struct UncheckedClient: @unchecked Sendable {
    let client: any RedisKeyedClient
}
