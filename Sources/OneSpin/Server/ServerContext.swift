import HTTP
import Spin
import Synchronization
import Time

/// What every loop's handler shares: read-only after start-up, apart from the metrics each loop
/// writes to its own slot and the logger's queue.
final class ServerContext: Sendable {
    let games: GameDirectory
    let tokens: PlayerToken
    let adminToken: [UInt8]
    let storeKind: StoreHealth.Kind
    let threads: Int
    let startedAt: ContinuousClock.Instant
    let logger: Logger
    let metrics: MetricsRegistry
    /// Per-player spin limit, when configured.
    let rateLimiter: SpinRateLimiter?
    /// Hands each loop's handler its own metrics slot.
    private let nextLoop = Atomic<Int>(0)
    /// Set once the HTTP server exists (its statistics feed `/status`).
    private let statisticsSource: @Sendable () -> HTTPServerStatistics?

    /// `--record`: where spin requests are appended as scenario lines.
    let recorder: SpinRecorder?
    /// `/openapi.json`, `/demo` and `/demo/onespin.js`, read once at start-up.
    let web: WebAssets
    /// Whether `/demo` is served (`--demo`, or the embedded store).
    let servesDemo: Bool

    init(
        games: GameDirectory, configuration: ServerConfiguration, logger: Logger,
        statistics: @escaping @Sendable () -> HTTPServerStatistics?, recorder: SpinRecorder? = nil, web: WebAssets
    ) {
        self.games = games
        self.tokens = PlayerToken(secret: configuration.jwtSecret)
        self.adminToken = configuration.adminToken
        self.storeKind = configuration.redisURL == nil ? .memory : .redis
        self.threads = configuration.threads
        self.startedAt = .now
        self.logger = logger
        self.metrics = MetricsRegistry(loopCount: configuration.threads)
        self.rateLimiter = configuration.rateLimit > 0
            ? SpinRateLimiter(rate: Double(configuration.rateLimit), burst: configuration.rateBurst) : nil
        self.statisticsSource = statistics
        self.recorder = recorder
        self.web = web
        self.servesDemo = configuration.servesDemo
    }

    /// The metrics slot of the next loop to make its handler.
    func claimLoopMetrics() -> LoopMetrics {
        let index = nextLoop.add(1, ordering: .relaxed).oldValue
        return metrics[loop: index % max(1, threads)]
    }

    /// How `observe` writes its figures.
    enum StatusFormat {
        /// `/status`: JSON.
        case json
        /// `/metrics`: Prometheus text.
        case prometheus
    }

    /// `/status` (JSON) or `/metrics` (Prometheus text): the loops' merged figures, the HTTP
    /// server's connection and status counts, and a timed ping of the store.
    func observe(_ format: StatusFormat, service: SpinService) async -> HTTPResponse {
        let pingStart = MonotonicClock.nanos()
        let reachable = await service.isReady()
        let pingMicros = reachable ? (MonotonicClock.nanos() - pingStart) / 1000 : nil
        var snapshot = metrics.snapshot()
        let connections = statisticsSource()
        if let connections {
            // The HTTP server counts every response, those to malformed requests included.
            snapshot.requestsByStatus = connections.requestsByStatus.mapValues { UInt64($0) }
        }
        let uptime = ContinuousClock.now - startedAt
        var status = ServerStatus(
            version: OneSpinVersion.current, uptimeSeconds: UInt64(max(0, uptime.components.seconds)),
            store: StoreHealth(kind: storeKind, reachable: reachable, pingMicros: pingMicros),
            connectionsOpen: connections?.connectionsOpen ?? 0, connectionsAccepted: connections?.connectionsAccepted ?? 0,
            metrics: snapshot, logLinesDropped: logger.droppedLines, threads: threads)
        if let connections {
            status.connectionsShed = connections.connectionsShed
            status.output = OutputStatus(
                queuedBytes: connections.outputQueuedBytes, pausedConnections: connections.pausedConnections,
                closedUndrained: connections.closedUndrained)
        }
        if format == .prometheus {
            return HTTPResponse(
                status: 200, headers: ["Content-Type": PrometheusExposition.contentType], body: PrometheusExposition.render(status))
        }
        return .json(body: StatusDocument.render(status))
    }
}

/// The version `onespin` reports.
enum OneSpinVersion {
    static let current = "0.1.0"
}
