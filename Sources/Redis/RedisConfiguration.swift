/// Where and how to reach Redis: parsed from `redis://[[user]:password@]host[:port][/db]`.
package struct RedisConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// Host name or IP address (IPv6 without brackets).
    package var host: String
    /// TCP port, 6379 by default.
    package var port: Int
    /// Database index selected after connecting, 0 by default.
    package var database: Int
    /// ACL user name, or `nil` for the default user.
    package var username: String?
    /// Password sent with `AUTH`, or `nil` for none. Never printed.
    package var password: String?
    /// Bound on establishing the TCP connection (and, for the pipelined connection, the handshake).
    package var connectTimeout: Duration
    /// Bound on waiting for any one reply.
    package var commandTimeout: Duration
    /// Whether a new connection checks `ROLE` and gives up unless the node is a master (Sentinel).
    package var requiresMaster = false

    /// The default port.
    package static let defaultPort = 6379

    /// Makes a configuration from its parts.
    package init(
        host: String,
        port: Int = RedisConfiguration.defaultPort,
        database: Int = 0,
        username: String? = nil,
        password: String? = nil,
        connectTimeout: Duration = .seconds(1),
        commandTimeout: Duration = .seconds(1)
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.username = username
        self.password = password
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
    }

    /// Parses a Redis URL: `redis://[[user]:password@]host[:port][/db]`.
    /// User and password may be percent-encoded; an IPv6 host is written in brackets.
    /// - Parameters:
    ///   - url: the URL text.
    ///   - connectTimeout: bound on connecting (default 1 s).
    ///   - commandTimeout: bound on each reply (default 1 s).
    /// - Throws: `RedisConfigurationError` naming the part that is wrong.
    package init(
        url: String,
        connectTimeout: Duration = .seconds(1),
        commandTimeout: Duration = .seconds(1)
    ) throws(RedisConfigurationError) {
        self = try RedisURLParser.parse(url)
        guard connectTimeout > .zero else { throw .invalidTimeout("connect timeout must be positive") }
        guard commandTimeout > .zero else { throw .invalidTimeout("command timeout must be positive") }
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
    }

    /// The URL with the password replaced by `***`.
    package var description: String {
        var credentials = ""
        if let username { credentials = username }
        if password != nil { credentials += ":***" }
        if !credentials.isEmpty { credentials += "@" }
        let hostText = host.contains(":") ? "[\(host)]" : host
        return "redis://\(credentials)\(hostText):\(port)/\(database)"
    }
}
