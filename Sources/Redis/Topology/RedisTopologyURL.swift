/// The parts of a `redis-sentinel://` or `redis-cluster://` URL: credentials, one or more
/// `host[:port]` separated by commas, an optional `/db`, and the query.
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
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        var username: String?
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                let user = userInfo[..<colon]
                username = user.isEmpty ? nil : try RedisURLParser.percentDecoded(user, part: "user")
                password = try RedisURLParser.percentDecoded(userInfo[userInfo.index(after: colon)...], part: "password")
            } else if !userInfo.isEmpty {
                password = try RedisURLParser.percentDecoded(userInfo, part: "password")
            }
        }
        self.username = username
        self.password = password
        let defaultPort = scheme == .sentinel ? Self.sentinelPort : RedisConfiguration.defaultPort
        var seeds: [RedisEndpoint] = []
        for item in rest.split(separator: ",", omittingEmptySubsequences: false) {
            let (host, portText) = try RedisURLParser.splitHostPort(item)
            guard !host.isEmpty else { throw .missingHost("URL has an empty host in its host list") }
            var port = defaultPort
            if let portText {
                guard let value = Int(portText), (1...65_535).contains(value) else {
                    throw .invalidPort("port '\(portText)' is not a number in 1...65535")
                }
                port = value
            }
            let endpoint = RedisEndpoint(host: String(host), port: port)
            if !seeds.contains(endpoint) { seeds.append(endpoint) }
        }
        guard !seeds.isEmpty else { throw .missingHost("URL has no host") }
        self.seeds = seeds
        var database = 0
        if !path.isEmpty {
            guard let value = Int(path), value >= 0 else {
                throw .invalidDatabase("database '\(path)' is not a non-negative integer")
            }
            database = value
        }
        self.database = database
        var masterName: String?
        for pair in query.split(separator: "&") {
            guard let equals = pair.firstIndex(of: "="), pair[..<equals] == "master" else {
                throw .invalidQuery("unknown URL option '\(pair.prefix { $0 != "=" })'; only master=NAME is taken")
            }
            let name = try RedisURLParser.percentDecoded(pair[pair.index(after: equals)...], part: "master")
            guard !name.isEmpty else { throw .invalidQuery("master name is empty") }
            masterName = name
        }
        self.masterName = masterName
    }
}
