import Foundation
package import HTTP
package import IOLoop
import Redis
import RedisStore
import SlotMath
package import Spin
import Synchronization
package import Time

/// onespin's server: the games, the store (Redis, one pipelined connection per event loop, or the
/// embedded memory store) and the HTTP server, wired the way `onespin serve` runs them.
package final class OneSpinServer: Sendable {
    /// Why the server could not start, said for an operator.
    package struct StartupError: Error, CustomStringConvertible {
        package let description: String
    }

    package let configuration: ServerConfiguration
    /// Where the server's lines go; flush it after `waitUntilStopped`.
    package let logger: Logger
    private let http: HTTPServer
    private let context: ServerContext
    private let redis: RedisConnector?

    /// What tests and tools may put in place of the production parts.
    package struct Overrides: Sendable {
        /// Makes each loop's store instead of the configured one (e.g. a deliberately broken store).
        package var store: (@Sendable (EventLoop) -> any SpinStore)?
        /// Reel stops from a seeded generator instead of the system's.
        package var random: (any SpinRandomSource)?
        /// Time for settlement stamps and boosts.
        package var clock: (any WallClock)?

        package init(store: (@Sendable (EventLoop) -> any SpinStore)? = nil, random: (any SpinRandomSource)? = nil, clock: (any WallClock)? = nil) {
            self.store = store
            self.random = random
            self.clock = clock
        }
    }

    /// Loads and checks the games and prepares the store.
    /// - Parameters:
    ///   - configuration: what `onespin serve` was told.
    ///   - logger: the JSON line logger (requests, start-up, shutdown); by default warnings and errors only.
    ///   - overrides: replacements for tests and tools; production passes none.
    /// - Throws: `StartupError` for unreadable games or a bad Redis URL.
    package init(configuration: ServerConfiguration, logger: Logger? = nil, overrides: Overrides = Overrides()) throws(StartupError) {
        self.configuration = configuration
        let logger = logger ?? Logger(level: .warn)
        self.logger = logger
        let catalog = try Self.loadGames(configuration)
        let limits = SpinStoreLimits(keyTTL: Int64(configuration.keyTTLSeconds) * 1000)
        let options = SpinPipeline.Options(busyWaitBound: .milliseconds(configuration.lockWaitMilliseconds))
        let games = SpinGames(catalog: catalog)
        let random = overrides.random ?? SystemRandomSource()
        let clock = overrides.clock ?? SystemWallClock()
        let makeStore: @Sendable (EventLoop) -> any SpinStore
        var connector: RedisConnector?
        if let store = overrides.store {
            makeStore = store
        } else if let url = configuration.redisURL {
            let redis: RedisConnector
            do {
                redis = try RedisConnector(try RedisTopology(url: url))
            } catch {
                throw StartupError(description: "--redis: \(error)")
            }
            connector = redis
            let wait = configuration.minReplicas > 0
                ? RedisReplicaWait(replicas: configuration.minReplicas, timeout: .milliseconds(configuration.replicaTimeoutMilliseconds))
                : nil
            makeStore = { loop in RedisSpinStore(client: redis.makeClient(on: loop), limits: limits, wait: wait) }
        } else {
            let shared = MemorySpinStore(clock: clock, limits: limits)
            makeStore = { _ in shared }
        }
        self.redis = connector
        let makeService: @Sendable (EventLoop) -> SpinService = { loop in
            SpinService(store: makeStore(loop), games: games, clock: clock, random: random, options: options)
        }

        var listener = HTTPServerConfiguration(host: configuration.host, port: configuration.port)
        listener.threads = configuration.threads
        listener.maxConnections = configuration.maxConnections
        listener.headerTimeout = configuration.headerTimeout
        listener.bodyTimeout = configuration.headerTimeout
        listener.idleTimeout = configuration.idleTimeout
        listener.drainTimeout = configuration.drainTimeout
        listener.shutdownDeadline = .seconds(configuration.shutdownDeadlineSeconds)
        let serverBox = ServerReference()
        let recorder: SpinRecorder?
        do {
            recorder = try configuration.record.map { path throws(SpinRecorder.OpenError) in try SpinRecorder(path: path) }
        } catch {
            throw StartupError(description: "--record: \(error)")
        }
        let context = ServerContext(
            games: GameDirectory(catalog: catalog), configuration: configuration, logger: logger,
            statistics: { serverBox.server?.statistics() }, recorder: recorder, web: try WebAssets())
        self.context = context
        self.http = HTTPServer(configuration: listener) { loop in
            OneSpinRequestHandler(loop: loop, service: makeService(loop), context: context, metrics: context.claimLoopMetrics())
        }
        serverBox.server = self.http
    }

    /// The games of `--games`, or those shipped with onespin.
    /// - Throws: `StartupError` naming the file at fault.
    static func loadGames(_ configuration: ServerConfiguration) throws(StartupError) -> GameCatalog {
        do {
            if let directory = configuration.gamesDirectory {
                return try GameCatalog.load(directory: URL(fileURLWithPath: directory))
            }
            return try GameCatalog.loadBundled()
        } catch {
            throw StartupError(description: "games: \(error)")
        }
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
        redis?.stop()
        context.recorder?.flush()
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
