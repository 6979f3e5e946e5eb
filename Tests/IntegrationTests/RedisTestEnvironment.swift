import Foundation
import HTTP
import IOLoop
import OneSpin
import Redis
import Spin

/// The private Redis that `Scripts/test.sh` starts (`REDIS_URL`), reached through one event loop
/// shared by the tests — the way the server reaches it. Tests use unique player ids.
enum RedisTestEnvironment {
    struct Missing: Error, CustomStringConvertible {
        var description: String { "REDIS_URL is not set: run the tests with Scripts/test.sh, which starts a private redis-server" }
    }

    static var url: String? { ProcessInfo.processInfo.environment["REDIS_URL"] }

    /// A Redis loop client on a fresh event loop, created on the loop's thread.
    /// - Parameter url: another Redis than `REDIS_URL`; stop the client with `stop(_:)` when done.
    static func makeClient(url: String? = nil) async throws -> RedisLoopClient {
        guard let url = url ?? self.url else { throw Missing() }
        let configuration = try RedisConfiguration(url: url)
        let loop = try EventLoop(name: "test-redis")
        return await withCheckedContinuation { continuation in
            loop.execute { continuation.resume(returning: RedisLoopClient(loop: loop, configuration: configuration)) }
        }
    }

    /// Closes a client made by `makeClient` and ends its loop.
    static func stop(_ client: RedisLoopClient) {
        let loop = client.loop
        loop.execute {
            client.stop()
            loop.stop()
        }
        loop.waitUntilStopped()
    }

    private static let shared = SharedClient()

    /// One client for the whole test process.
    static func sharedClient() async throws -> RedisLoopClient {
        try await shared.get()
    }

    private actor SharedClient {
        private var client: RedisLoopClient?
        func get() async throws -> RedisLoopClient {
            if let client { return client }
            let made = try await RedisTestEnvironment.makeClient()
            client = made
            return made
        }
    }
}
