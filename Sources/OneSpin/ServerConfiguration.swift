/// Everything `onespin serve` needs, from flags and environment (flags win). Defaults, names and
/// ranges come from `ServeFlags`, declared once there.
package struct ServerConfiguration: Sendable {
    package var host = ServeFlags.host.shownDefault
    package var port = ServeFlags.port.defaultValue
    /// `redis://…`, `redis-sentinel://…` or `redis-cluster://…`; nil selects the embedded in-memory
    /// store (single process).
    package var redisURL: String?
    /// Replicas that must acknowledge a commit (`WAIT`) before a spin or credit is answered; 0: none.
    package var minReplicas = ServeFlags.minReplicas.defaultValue
    /// How long a commit waits for `minReplicas`, milliseconds.
    package var replicaTimeoutMilliseconds = ServeFlags.replicaTimeout.defaultValue
    package var jwtSecret: [UInt8]
    package var adminToken: [UInt8]
    /// Lifetime of a settled idempotency key, seconds.
    package var keyTTLSeconds = ServeFlags.keyTTL.defaultValue
    package var threads = ServeFlags.threads.defaultValue
    /// Directory of game definition files; nil uses the games shipped with onespin.
    package var gamesDirectory: String?
    /// How long a spin waits for its player's lock before `409 player_busy`, milliseconds.
    package var lockWaitMilliseconds = ServeFlags.lockWait.defaultValue
    package var maxConnections = ServeFlags.maxConnections.defaultValue
    /// Connection deadlines (not flags: the contract fixes them; tests shorten them).
    package var headerTimeout: Duration = .seconds(10)
    package var idleTimeout: Duration = .seconds(60)
    package var drainTimeout: Duration = .seconds(30)
    package var shutdownDeadlineSeconds = ServeFlags.shutdownDeadline.defaultValue
    /// Spins per second per player; 0 turns the limit off.
    package var rateLimit = ServeFlags.rateLimit.defaultValue
    /// Spins a player may make at once above the rate.
    package var rateBurst = ServeFlags.rateBurst.defaultValue
    /// Lowest level of the lines logged.
    package var logLevel = LogLevel(name: ServeFlags.logLevel.shownDefault) ?? .info
    /// Appends every spin request received to this file as a replay scenario line; nil records nothing.
    package var record: String?
    /// `GET /demo` and `GET /demo/onespin.js`: nil serves them only with the embedded store.
    package var demo: Bool?

    /// Whether the demo page is served.
    package var servesDemo: Bool { demo ?? (redisURL == nil) }

    package init(jwtSecret: [UInt8], adminToken: [UInt8]) {
        self.jwtSecret = jwtSecret
        self.adminToken = adminToken
    }

    /// `onespin serve --help`.
    static var help: String { ServeFlags.help }

    /// Reads `onespin serve`'s flags and the environment.
    /// - Throws: `UsageError` naming the flag or variable at fault.
    package static func parse(_ arguments: [String], environment: [String: String]) throws(UsageError) -> ServerConfiguration {
        let options = try CommandLineOptions(arguments, switches: [ServeFlags.demo.name], environment: environment)
        try options.rejectUnknown(Set(ServeFlags.all.map(\.name)))
        guard let secret = options.string(ServeFlags.jwtSecret) else {
            throw UsageError("a player token secret is required: --jwt-secret or ONESPIN_JWT_SECRET")
        }
        guard let admin = options.string(ServeFlags.adminToken) else {
            throw UsageError("an operator token is required: --admin-token or ONESPIN_ADMIN_TOKEN")
        }
        guard secret.utf8.count >= 16 else { throw UsageError("the JWT secret must be at least 16 bytes") }
        guard admin.utf8.count >= 16 else { throw UsageError("the admin token must be at least 16 bytes") }
        var configuration = ServerConfiguration(jwtSecret: Array(secret.utf8), adminToken: Array(admin.utf8))
        configuration.host = options.string(ServeFlags.host) ?? configuration.host
        configuration.port = try options.integer(ServeFlags.port)
        configuration.redisURL = options.string(ServeFlags.redis)
        configuration.minReplicas = try options.integer(ServeFlags.minReplicas)
        configuration.replicaTimeoutMilliseconds = try options.integer(ServeFlags.replicaTimeout)
        configuration.keyTTLSeconds = try options.integer(ServeFlags.keyTTL)
        configuration.threads = try options.integer(ServeFlags.threads)
        configuration.gamesDirectory = options.string(ServeFlags.games)
        configuration.lockWaitMilliseconds = try options.integer(ServeFlags.lockWait)
        configuration.maxConnections = try options.integer(ServeFlags.maxConnections)
        configuration.shutdownDeadlineSeconds = try options.integer(ServeFlags.shutdownDeadline)
        configuration.rateLimit = try options.integer(ServeFlags.rateLimit)
        if let level = options.string(ServeFlags.logLevel) {
            guard let parsed = LogLevel(name: level) else { throw UsageError("--log-level must be debug, info, warn or error, got '\(level)'") }
            configuration.logLevel = parsed
        }
        configuration.rateBurst = try options.integer(ServeFlags.rateBurst)
        configuration.record = options.string(ServeFlags.record)
        if options.flag(ServeFlags.demo.name) {
            configuration.demo = true
        } else if let demo = environment["ONESPIN_DEMO"], !demo.isEmpty {
            switch demo.lowercased() {
            case "1", "true", "on", "yes": configuration.demo = true
            case "0", "false", "off", "no": configuration.demo = false
            default: throw UsageError("ONESPIN_DEMO must be 1 or 0, got '\(demo)'")
            }
        }
        return configuration
    }
}
