import Foundation
package import HTTP
import Redis
import SlotMath
import Spin
import Synchronization

/// onespin's server: the games, the store (Redis, one pipelined connection per event loop, or the
/// embedded memory store) and the HTTP server, wired the way `onespin serve` runs them.
package final class OneSpinServer: Sendable {
    /// Why the server could not start, said for an operator.
    package struct StartupError: Error, CustomStringConvertible {
        package let description: String
    }

    package let configuration: ServerConfiguration
    private let http: HTTPServer
    private let context: ServerContext

    /// Loads and checks the games and prepares the store.
    /// - Throws: `StartupError` for unreadable games or a bad Redis URL.
    package init(configuration: ServerConfiguration) throws(StartupError) {
        self.configuration = configuration
        let catalog: GameCatalog
        do {
            if let directory = configuration.gamesDirectory {
                catalog = try GameCatalog.load(directory: URL(fileURLWithPath: directory))
            } else {
                catalog = try GameCatalog.loadBundled()
            }
        } catch {
            throw StartupError(description: "games: \(error)")
        }
        let limits = SpinStoreLimits(keyTTL: Int64(configuration.keyTTLSeconds) * 1000)
        let options = SpinPipeline.Options(busyWaitBound: .milliseconds(configuration.lockWaitMilliseconds))
        let games = SpinGames(catalog: catalog)
        let makeService: @Sendable (EventLoop) -> SpinService
        if let url = configuration.redisURL {
            let redis: RedisConfiguration
            do {
                redis = try RedisConfiguration(url: url)
            } catch {
                throw StartupError(description: "--redis: \(error)")
            }
            makeService = { loop in
                let client = RedisLoopClient(loop: loop, configuration: redis)
                return SpinService(store: RedisSpinStore(client: client, limits: limits), games: games, options: options)
            }
        } else {
            let shared = SpinService(store: MemorySpinStore(limits: limits), games: games, options: options)
            makeService = { _ in shared }
        }

        var listener = HTTPServerConfiguration(host: configuration.host, port: configuration.port)
        listener.threads = configuration.threads
        listener.maxConnections = configuration.maxConnections
        listener.shutdownDeadline = .seconds(configuration.shutdownDeadlineSeconds)
        let serverBox = ServerReference()
        let context = ServerContext(games: GameDirectory(catalog: catalog), configuration: configuration) {
            serverBox.server?.statistics()
        }
        self.context = context
        self.http = HTTPServer(configuration: listener) { loop in
            OneSpinRequestHandler(loop: loop, service: makeService(loop), context: context)
        }
        serverBox.server = self.http
    }

    /// Binds and starts serving.
    /// - Returns: the bound port.
    package func start() throws -> Int {
        try http.start()
    }

    /// Stops accepting and finishes in-flight requests within `deadline`; the loops (and their
    /// Redis connections) end with it.
    package func shutdown(deadline: Duration) {
        http.shutdown(deadline: deadline)
    }

    /// Blocks until the server has stopped.
    package func waitUntilStopped() {
        http.waitUntilStopped()
    }

    /// Connections and requests so far.
    package func statistics() -> HTTPServerStatistics {
        http.statistics()
    }
}

/// Lets the context read the HTTP server's statistics without a reference cycle at init.
private final class ServerReference: @unchecked Sendable {
    private let lock = Mutex<Void>(())
    nonisolated(unsafe) private var stored: HTTPServer?
    var server: HTTPServer? {
        get { lock.withLock { _ in stored } }
        set { lock.withLock { _ in stored = newValue } }
    }
}
