#if canImport(Glibc)
import Glibc
#endif

/// Everything `onespin serve` needs, from flags and environment (flags win).
package struct ServerConfiguration: Sendable {
    package var host = "0.0.0.0"
    package var port = 8080
    /// `redis://…`, `redis-sentinel://…` or `redis-cluster://…`; nil selects the embedded in-memory
    /// store (single process).
    package var redisURL: String?
    /// Replicas that must acknowledge a commit (`WAIT`) before a spin or credit is answered; 0: none.
    package var minReplicas = 0
    /// How long a commit waits for `minReplicas`, milliseconds.
    package var replicaTimeoutMilliseconds = 100
    package var jwtSecret: [UInt8]
    package var adminToken: [UInt8]
    /// Lifetime of a settled idempotency key, seconds.
    package var keyTTLSeconds = 3600
    package var threads = ServerConfiguration.coreCount
    /// Directory of game definition files; nil uses the games shipped with onespin.
    package var gamesDirectory: String?
    /// How long a spin waits for its player's lock before `409 player_busy`, milliseconds.
    package var lockWaitMilliseconds = 2000
    package var maxConnections = 10_000
    /// Connection deadlines (not flags: the contract fixes them; tests shorten them).
    package var headerTimeout: Duration = .seconds(10)
    package var idleTimeout: Duration = .seconds(60)
    package var drainTimeout: Duration = .seconds(30)
    package var shutdownDeadlineSeconds = 10
    /// Spins per second per player; 0 turns the limit off.
    package var rateLimit = 0
    /// Spins a player may make at once above the rate.
    package var rateBurst = 10
    /// Lowest level of the lines logged.
    package var logLevel = LogLevel.info
    /// Appends every spin request received to this file as a replay scenario line; nil records nothing.
    package var record: String?

    package init(jwtSecret: [UInt8], adminToken: [UInt8]) {
        self.jwtSecret = jwtSecret
        self.adminToken = adminToken
    }

    static var coreCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    static let help = """
        usage: onespin serve [options]

        Runs the spin server. Flags override the environment variable in brackets.

          --host HOST            listen address [ONESPIN_HOST] (default 0.0.0.0)
          --port PORT            listen port, 0 for any free port [ONESPIN_PORT] (default 8080)
          --redis URL            redis://[:password@]host:port/db, or
                                 redis-sentinel://[:password@]host:port[,host:port…]/db?master=NAME, or
                                 redis-cluster://[:password@]host:port[,host:port…] [ONESPIN_REDIS]
                                 (absent: the embedded in-memory store, one process only)
          --min-replicas N       replicas that must hold a commit before it is answered, else 503
                                 [ONESPIN_MIN_REPLICAS] (default 0)
          --replica-timeout MS   how long a commit waits for them [ONESPIN_REPLICA_TIMEOUT] (default 100)
          --jwt-secret SECRET    HS256 secret of player tokens [ONESPIN_JWT_SECRET] (required)
          --admin-token TOKEN    bearer token of /admin, /status, /metrics [ONESPIN_ADMIN_TOKEN] (required)
          --key-ttl SECONDS      lifetime of a settled spin's key [ONESPIN_KEY_TTL] (default 3600)
          --threads N            event loops [ONESPIN_THREADS] (default: cores)
          --games DIR            game definition files [ONESPIN_GAMES] (default: the shipped games)
          --lock-wait MS         wait for a busy player before 409 [ONESPIN_LOCK_WAIT_MS] (default 2000)
          --max-connections N    open connections at most; when full the oldest silent or idle one is shed
                                 [ONESPIN_MAX_CONNECTIONS] (default 10000)
          --shutdown-deadline S  seconds to finish in-flight requests on SIGTERM (default 10)
          --rate-limit N         spins per second per player, 0 = off [ONESPIN_RATE_LIMIT] (default 0)
          --rate-burst N         burst above the rate [ONESPIN_RATE_BURST] (default 10)
          --log-level LEVEL      debug, info, warn or error [ONESPIN_LOG_LEVEL] (default info)
          --record FILE          append every spin request as a replay scenario line [ONESPIN_RECORD]
        """

    /// Reads `onespin serve`'s flags and the environment.
    /// - Throws: `UsageError` naming the flag or variable at fault.
    static func parse(_ arguments: [String], environment: [String: String]) throws(UsageError) -> ServerConfiguration {
        let options = try CommandLineOptions(arguments, environment: environment)
        try options.rejectUnknown([
            "host", "port", "redis", "min-replicas", "replica-timeout", "jwt-secret", "admin-token", "key-ttl", "threads", "games",
            "lock-wait", "max-connections", "shutdown-deadline", "rate-limit", "rate-burst", "log-level", "record",
        ])
        guard let secret = options.string("jwt-secret", env: "ONESPIN_JWT_SECRET") else {
            throw UsageError("a player token secret is required: --jwt-secret or ONESPIN_JWT_SECRET")
        }
        guard let admin = options.string("admin-token", env: "ONESPIN_ADMIN_TOKEN") else {
            throw UsageError("an operator token is required: --admin-token or ONESPIN_ADMIN_TOKEN")
        }
        guard secret.utf8.count >= 16 else { throw UsageError("the JWT secret must be at least 16 bytes") }
        guard admin.utf8.count >= 16 else { throw UsageError("the admin token must be at least 16 bytes") }
        var configuration = ServerConfiguration(jwtSecret: Array(secret.utf8), adminToken: Array(admin.utf8))
        configuration.host = options.string("host", env: "ONESPIN_HOST") ?? configuration.host
        configuration.port = try options.integer("port", env: "ONESPIN_PORT", default: 8080, in: 0...65535)
        configuration.redisURL = options.string("redis", env: "ONESPIN_REDIS")
        configuration.minReplicas = try options.integer("min-replicas", env: "ONESPIN_MIN_REPLICAS", default: 0, in: 0...64)
        configuration.replicaTimeoutMilliseconds = try options.integer(
            "replica-timeout", env: "ONESPIN_REPLICA_TIMEOUT", default: 100, in: 1...60_000)
        configuration.keyTTLSeconds = try options.integer("key-ttl", env: "ONESPIN_KEY_TTL", default: 3600, in: 1...(30 * 86400))
        configuration.threads = try options.integer("threads", env: "ONESPIN_THREADS", default: coreCount, in: 1...256)
        configuration.gamesDirectory = options.string("games", env: "ONESPIN_GAMES")
        configuration.lockWaitMilliseconds = try options.integer("lock-wait", env: "ONESPIN_LOCK_WAIT_MS", default: 2000, in: 0...60_000)
        configuration.maxConnections = try options.integer(
            "max-connections", env: "ONESPIN_MAX_CONNECTIONS", default: 10_000, in: 1...1_000_000)
        configuration.shutdownDeadlineSeconds = try options.integer("shutdown-deadline", default: 10, in: 0...600)
        configuration.rateLimit = try options.integer("rate-limit", env: "ONESPIN_RATE_LIMIT", default: 0, in: 0...1_000_000)
        if let level = options.string("log-level", env: "ONESPIN_LOG_LEVEL") {
            guard let parsed = LogLevel(name: level) else { throw UsageError("--log-level must be debug, info, warn or error, got '\(level)'") }
            configuration.logLevel = parsed
        }
        configuration.rateBurst = try options.integer("rate-burst", env: "ONESPIN_RATE_BURST", default: 10, in: 1...1_000_000)
        configuration.record = options.string("record", env: "ONESPIN_RECORD")
        return configuration
    }
}
