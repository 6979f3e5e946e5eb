/// The parts of a `redis-sentinel://` or `redis-cluster://` URL: credentials, one or more
/// `host[:port]` separated by commas, an optional `/db` (read by `RedisURLParser.Authority`, as for
/// `redis://`), and the query: `master=NAME`, `sentinelUsername=USER`, `sentinelPassword=SECRET`.
struct RedisTopologyURL {
    enum Scheme {
        case sentinel, cluster
    }

    let scheme: Scheme
    let username: String?
    let password: String?
    let seeds: [RedisEndpoint]
    let database: Int
    let masterName: String?
    /// The Sentinels' own ACL user and password (`requirepass` in sentinel.conf), from the query.
    let sentinelUsername: String?
    let sentinelPassword: String?

    /// Sentinel's default port when a host has none.
    static let sentinelPort = 26_379

    init(_ url: String) throws(RedisConfigurationError) {
        var rest: Substring
        if url.hasPrefix("redis-sentinel://") {
            scheme = .sentinel
            rest = url.dropFirst("redis-sentinel://".count)
        } else if url.hasPrefix("redis-cluster://") {
            scheme = .cluster
            rest = url.dropFirst("redis-cluster://".count)
        } else {
            throw .invalidScheme("URL must start with redis://, redis-sentinel:// or redis-cluster://")
        }
        if rest.contains("#") { throw .invalidQuery("unexpected '#' part in URL") }
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        let authority = try RedisURLParser.Authority(
            rest, defaultPort: scheme == .sentinel ? Self.sentinelPort : RedisConfiguration.defaultPort)
        username = authority.username
        password = authority.password
        seeds = authority.endpoints
        database = authority.database
        var options: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let name = String(pair.prefix { $0 != "=" })
            guard let equals = pair.firstIndex(of: "="), Self.options.contains(name) else {
                throw .invalidQuery("unknown URL option '\(name)'; the options are \(Self.options.joined(separator: ", "))")
            }
            let value = try RedisURLParser.percentDecoded(pair[pair.index(after: equals)...], part: name)
            guard !value.isEmpty else { throw .invalidQuery("URL option \(name) is empty") }
            options[name] = value
        }
        masterName = options["master"]
        sentinelUsername = options["sentinelUsername"]
        sentinelPassword = options["sentinelPassword"]
    }

    /// The query options taken (which scheme takes which is checked by `RedisTopology`).
    private static let options = ["master", "sentinelUsername", "sentinelPassword"]
}
