#if canImport(Glibc)
import Glibc
#endif

/// One flag of `onespin serve`, declared once: its name, its environment variable, its default as
/// `--help` and the README's configuration table show it, and what it means. `ServerConfiguration`
/// takes its defaults from here, its parser reads the flags through here, `--help` is written from
/// `ServeFlags.all`, and a test holds the README table to it.
package struct ServeFlag: Sendable {
    /// The flag without its dashes (`key-ttl`).
    package let name: String
    /// The environment variable read when the flag is absent, if any.
    package let environment: String?
    /// The value's placeholder in `--help` (`SECONDS`).
    package let placeholder: String
    /// The default as shown: a value (`3600`), `cores`, `none` or `required`.
    package let shownDefault: String
    /// What the flag means, one line.
    package let meaning: String
}

/// An integer flag: its `ServeFlag`, the default and the accepted range.
package struct IntegerServeFlag: Sendable {
    package let flag: ServeFlag
    package let defaultValue: Int
    package let range: ClosedRange<Int>

    init(
        _ name: String, env: String?, _ placeholder: String, default value: Int, shown: String? = nil, in range: ClosedRange<Int>,
        _ meaning: String
    ) {
        flag = ServeFlag(name: name, environment: env, placeholder: placeholder, shownDefault: shown ?? String(value), meaning: meaning)
        defaultValue = value
        self.range = range
    }
}

/// Every flag of `onespin serve`, in `--help` order.
package enum ServeFlags {
    package static let host = ServeFlag(
        name: "host", environment: "ONESPIN_HOST", placeholder: "HOST", shownDefault: "0.0.0.0", meaning: "listen address")
    package static let port = IntegerServeFlag(
        "port", env: "ONESPIN_PORT", "PORT", default: 8080, in: 0...65535, "listen port, 0 for any free port")
    package static let redis = ServeFlag(
        name: "redis", environment: "ONESPIN_REDIS", placeholder: "URL", shownDefault: "none",
        meaning: "redis://[:password@]host:port/db, redis-sentinel://[:password@]host:port[,host:port…]/db?master=NAME or "
            + "redis-cluster://[:password@]host:port[,host:port…]; absent: the embedded in-memory store, one process only")
    package static let minReplicas = IntegerServeFlag(
        "min-replicas", env: "ONESPIN_MIN_REPLICAS", "N", default: 0, in: 0...64,
        "replicas that must acknowledge a commit (WAIT) before a spin or credit is answered; fewer: 503 store_unavailable")
    package static let replicaTimeout = IntegerServeFlag(
        "replica-timeout", env: "ONESPIN_REPLICA_TIMEOUT", "MS", default: 100, in: 1...60_000, "how long a commit waits for them")
    package static let jwtSecret = ServeFlag(
        name: "jwt-secret", environment: "ONESPIN_JWT_SECRET", placeholder: "SECRET", shownDefault: "required",
        meaning: "HS256 secret of player tokens, at least 16 bytes")
    package static let adminToken = ServeFlag(
        name: "admin-token", environment: "ONESPIN_ADMIN_TOKEN", placeholder: "TOKEN", shownDefault: "required",
        meaning: "bearer token of /admin, /status and /metrics, at least 16 bytes")
    package static let keyTTL = IntegerServeFlag(
        "key-ttl", env: "ONESPIN_KEY_TTL", "SECONDS", default: 3600, in: 1...(30 * 86400), "lifetime of a settled spin's key")
    package static let threads = IntegerServeFlag(
        "threads", env: "ONESPIN_THREADS", "N", default: coreCount, shown: "cores", in: 1...256, "event loops")
    package static let games = ServeFlag(
        name: "games", environment: "ONESPIN_GAMES", placeholder: "DIR", shownDefault: "none",
        meaning: "directory of game definition files; absent: the shipped games")
    package static let lockWait = IntegerServeFlag(
        "lock-wait", env: "ONESPIN_LOCK_WAIT_MS", "MS", default: 2000, in: 0...60_000,
        "how long a spin waits for its busy player before 409 player_busy")
    package static let maxConnections = IntegerServeFlag(
        "max-connections", env: "ONESPIN_MAX_CONNECTIONS", "N", default: 10_000, in: 1...1_000_000,
        "open connections at most; when full, the oldest silent or idle one is shed")
    package static let shutdownDeadline = IntegerServeFlag(
        "shutdown-deadline", env: nil, "SECONDS", default: 10, in: 0...600, "seconds to finish in-flight requests on SIGTERM")
    package static let rateLimit = IntegerServeFlag(
        "rate-limit", env: "ONESPIN_RATE_LIMIT", "N", default: 0, in: 0...1_000_000,
        "spins per second per player, 0 = off; over it: 429 rate_limited")
    package static let rateBurst = IntegerServeFlag(
        "rate-burst", env: "ONESPIN_RATE_BURST", "N", default: 10, in: 1...1_000_000, "spins a player may make at once above the rate")
    package static let logLevel = ServeFlag(
        name: "log-level", environment: "ONESPIN_LOG_LEVEL", placeholder: "LEVEL", shownDefault: "info",
        meaning: "debug, info, warn or error")
    package static let record = ServeFlag(
        name: "record", environment: "ONESPIN_RECORD", placeholder: "FILE", shownDefault: "none",
        meaning: "append every spin request to FILE as a replay scenario line")

    package static let demo = ServeFlag(
        name: "demo", environment: "ONESPIN_DEMO", placeholder: "", shownDefault: "on only with the embedded store",
        meaning: "serve the demo page /demo (a switch; ONESPIN_DEMO=1 or 0)")

    /// Every flag, in `--help` order.
    package static let all: [ServeFlag] = [
        host, port.flag, redis, minReplicas.flag, replicaTimeout.flag, jwtSecret, adminToken, keyTTL.flag, threads.flag, games, lockWait.flag,
        maxConnections.flag, shutdownDeadline.flag, rateLimit.flag, rateBurst.flag, logLevel, record, demo,
    ]

    /// Online processor cores (at least 1): the default of `--threads`.
    static var coreCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// `onespin serve --help`, written from `all`.
    package static var help: String {
        var lines = ["usage: onespin serve [options]", "", "Runs the spin server. Flags override the environment variable in brackets.", ""]
        for flag in all {
            let usage = flag.placeholder.isEmpty ? "--\(flag.name)" : "--\(flag.name) \(flag.placeholder)"
            var line = "  " + usage + String(repeating: " ", count: max(1, 26 - usage.count)) + flag.meaning
            if let environment = flag.environment { line += " [\(environment)]" }
            if flag.shownDefault != "none" { line += flag.shownDefault == "required" ? " (required)" : " (default \(flag.shownDefault))" }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}

extension CommandLineOptions {
    /// The value of `flag`, else of its environment variable, else nil.
    func string(_ flag: ServeFlag) -> String? {
        string(flag.name, env: flag.environment)
    }

    /// The value of an integer flag (or its environment variable), in range, else its default.
    /// - Throws: `UsageError` naming the flag or variable when the value is not a whole number in range.
    func integer(_ flag: IntegerServeFlag) throws(UsageError) -> Int {
        try integer(flag.flag.name, env: flag.flag.environment, default: flag.defaultValue, in: flag.range)
    }
}
