import Auth
import HTTP
import Metrics
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
        self.metrics = MetricsRegistry.spins(loopCount: configuration.threads)
        self.rateLimiter = configuration.rateLimit > 0
            ? SpinRateLimiter(rate: Double(configuration.rateLimit), burst: configuration.rateBurst) : nil
        self.statisticsSource = statistics
        self.recorder = recorder
        self.web = web
        self.servesDemo = configuration.servesDemo
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
        // One registry: the HTTP server counts connections and every response by status (those
        // to malformed requests included) into it, the handlers their latencies and spins.
        let snapshot = metrics.snapshot(nowNanos: MonotonicClock.nanos())
        let connections = statisticsSource()
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
