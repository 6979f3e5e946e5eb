import HTTP
import Spin

/// What every loop's handler shares: read-only after start-up.
final class ServerContext: Sendable {
    let games: GameDirectory
    let tokens: PlayerToken
    let adminToken: [UInt8]
    let storeKind: String
    let startedAt: ContinuousClock.Instant
    /// `--record`: where spin requests are appended as scenario lines.
    let recorder: SpinRecorder?
    /// Set once the HTTP server exists (its statistics feed `/status`).
    private let statisticsSource: @Sendable () -> HTTPServerStatistics?

    init(games: GameDirectory, configuration: ServerConfiguration, statistics: @escaping @Sendable () -> HTTPServerStatistics?, recorder: SpinRecorder? = nil) {
        self.games = games
        self.tokens = PlayerToken(secret: configuration.jwtSecret)
        self.adminToken = configuration.adminToken
        self.storeKind = configuration.redisURL == nil ? "memory" : "redis"
        self.startedAt = .now
        self.statisticsSource = statistics
        self.recorder = recorder
    }

    /// `/status` and `/metrics`.
    func observe(_ route: OneSpinRoute, service: SpinService) -> HTTPResponse {
        let uptime = (ContinuousClock.now - startedAt).components.seconds
        let stats = statisticsSource()
        var json = JSONWriter(capacity: 256)
        json.raw("{\"version\":")
        json.string(OneSpinVersion.current)
        json.raw(",\"uptimeSeconds\":\(uptime),\"store\":{\"kind\":")
        json.string(storeKind)
        json.raw("},\"connections\":{\"open\":\(stats?.connectionsOpen ?? 0),\"accepted\":\(stats?.connectionsAccepted ?? 0)}}")
        return .json(body: json.bytes)
    }
}

/// The version `onespin` reports.
enum OneSpinVersion {
    static let current = "0.1.0"
}
