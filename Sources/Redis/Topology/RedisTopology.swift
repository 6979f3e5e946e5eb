/// Which Redis shape to talk to, from the `--redis` URL:
/// - `redis://[[user]:password@]host[:port][/db]` — one node;
/// - `redis-sentinel://[[user]:password@]host[:port][,host[:port]…][/db]?master=NAME[&sentinelUsername=USER][&sentinelPassword=SECRET]`
///   — the master that the Sentinels name. The userinfo is the data nodes' credentials; the
///   Sentinels' own (`requirepass`, or an ACL user, in sentinel.conf) go in the query, as
///   Sentinels and data nodes are secured apart. Without `sentinelPassword` Sentinels are asked
///   without `AUTH`;
/// - `redis-cluster://[[user]:password@]host[:port][,host[:port]…]` — Redis Cluster, seeded by any
///   of its nodes (database 0 only).
/// A host may be a name or an address anywhere; names are resolved off the event loops.
package enum RedisTopology: Sendable, Hashable, CustomStringConvertible {
    case standalone(RedisConfiguration)
    case sentinel(RedisSentinelSettings)
    case cluster(RedisClusterSettings)

    /// Parses a URL of one of the three schemes.
    /// - Throws: `RedisConfigurationError` naming the part that is wrong.
    package init(
        url: String, connectTimeout: Duration = .seconds(1), commandTimeout: Duration = .seconds(1)
    ) throws(RedisConfigurationError) {
        guard connectTimeout > .zero else { throw .invalidTimeout("connect timeout must be positive") }
        guard commandTimeout > .zero else { throw .invalidTimeout("command timeout must be positive") }
        if url.hasPrefix("redis://") || !url.contains("://") || url.hasPrefix("rediss://") {
            self = .standalone(try RedisConfiguration(url: url, connectTimeout: connectTimeout, commandTimeout: commandTimeout))
            return
        }
        let parsed = try RedisTopologyURL(url)
        var node = RedisConfiguration(
            host: parsed.seeds[0].host, port: parsed.seeds[0].port, database: parsed.database,
            username: parsed.username, password: parsed.password,
            connectTimeout: connectTimeout, commandTimeout: commandTimeout)
        switch parsed.scheme {
        case .sentinel:
            guard let master = parsed.masterName else { throw .invalidQuery("redis-sentinel:// needs ?master=NAME") }
            guard parsed.sentinelUsername == nil || parsed.sentinelPassword != nil else {
                throw .invalidQuery("sentinelUsername needs sentinelPassword")
            }
            node.requiresMaster = true
            self = .sentinel(RedisSentinelSettings(
                sentinels: parsed.seeds, masterName: master, node: node,
                sentinelUsername: parsed.sentinelUsername, sentinelPassword: parsed.sentinelPassword))
        case .cluster:
            guard parsed.database == 0 else { throw .invalidDatabase("Redis Cluster has database 0 only") }
            guard parsed.masterName == nil, parsed.sentinelUsername == nil, parsed.sentinelPassword == nil else {
                throw .invalidQuery("redis-cluster:// takes no query options")
            }
            self = .cluster(RedisClusterSettings(seeds: parsed.seeds, node: node))
        }
    }

    /// The URL, password masked.
    package var description: String {
        switch self {
        case .standalone(let configuration): configuration.description
        case .sentinel(let settings): settings.description
        case .cluster(let settings): settings.description
        }
    }

    /// Every command's timeout (the same on every node).
    package var commandTimeout: Duration {
        switch self {
        case .standalone(let configuration): configuration.commandTimeout
        case .sentinel(let settings): settings.node.commandTimeout
        case .cluster(let settings): settings.node.commandTimeout
        }
    }
}

/// A master found through Redis Sentinel.
package struct RedisSentinelSettings: Sendable, Hashable, CustomStringConvertible {
    /// The Sentinels, asked in this order (the one that answered moves to the front at run time).
    package var sentinels: [RedisEndpoint]
    /// The master's name in the Sentinels' configuration.
    package var masterName: String
    /// How to talk to the master (host and port are replaced by what the Sentinels name).
    package var node: RedisConfiguration
    /// The Sentinels' ACL user, or `nil` for their default user.
    package var sentinelUsername: String?
    /// The Sentinels' password, sent with `AUTH` to each Sentinel; `nil` for none. Never printed.
    package var sentinelPassword: String?

    package init(
        sentinels: [RedisEndpoint], masterName: String, node: RedisConfiguration,
        sentinelUsername: String? = nil, sentinelPassword: String? = nil
    ) {
        self.sentinels = sentinels
        self.masterName = masterName
        self.node = node
        self.sentinelUsername = sentinelUsername
        self.sentinelPassword = sentinelPassword
    }

    /// How to talk to `sentinel`: its credentials, database 0, `timeout` on connecting and on each reply.
    package func sentinelConfiguration(_ sentinel: RedisEndpoint, timeout: Duration) -> RedisConfiguration {
        RedisConfiguration(
            host: sentinel.host, port: sentinel.port, username: sentinelUsername, password: sentinelPassword,
            connectTimeout: timeout, commandTimeout: timeout)
    }

    package var description: String {
        var text = "redis-sentinel://\(credentialsText(node))\(sentinels.map(\.description).joined(separator: ","))/\(node.database)?master=\(masterName)"
        if let sentinelUsername { text += "&sentinelUsername=\(sentinelUsername)" }
        if sentinelPassword != nil { text += "&sentinelPassword=***" }
        return text
    }
}

/// A Redis Cluster, seeded by some of its nodes.
package struct RedisClusterSettings: Sendable, Hashable, CustomStringConvertible {
    /// Nodes to ask for the slot map first.
    package var seeds: [RedisEndpoint]
    /// How to talk to any node (host and port are replaced per node).
    package var node: RedisConfiguration

    package var description: String {
        "redis-cluster://\(credentialsText(node))\(seeds.map(\.description).joined(separator: ","))"
    }
}

private func credentialsText(_ node: RedisConfiguration) -> String {
    var credentials = node.username ?? ""
    if node.password != nil { credentials += ":***" }
    return credentials.isEmpty ? "" : credentials + "@"
}

extension RedisConfiguration {
    /// This configuration pointed at another node.
    package func pointed(at endpoint: RedisEndpoint) -> RedisConfiguration {
        var copy = self
        copy.host = endpoint.host
        copy.port = endpoint.port
        return copy
    }

    /// Where this configuration points.
    package var endpoint: RedisEndpoint { RedisEndpoint(host: host, port: port) }
}
