/// Splits a `redis://` URL into a `RedisConfiguration`.
enum RedisURLParser {
    static func parse(_ url: String) throws(RedisConfigurationError) -> RedisConfiguration {
        let scheme = "redis://"
        guard url.hasPrefix(scheme) else {
            if url.hasPrefix("rediss://") { throw .invalidScheme("TLS (rediss://) is not supported") }
            throw .invalidScheme("URL must start with redis://")
        }
        let rest = Substring(url.dropFirst(scheme.count))
        if let query = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            throw .invalidScheme("unexpected '\(rest[query])' part in URL; options go in settings, not the URL")
        }
        let authority = try Authority(rest, defaultPort: RedisConfiguration.defaultPort)
        guard authority.endpoints.count == 1 else {
            throw .invalidHost("redis:// takes one host; several are for redis-sentinel:// or redis-cluster://")
        }
        let node = authority.endpoints[0]
        return RedisConfiguration(
            host: node.host, port: node.port, database: authority.database,
            username: authority.username, password: authority.password
        )
    }

    /// What stands between a URL's `scheme://` and its query: `[[user]:password@]host[:port][,host[:port]…][/db]`.
    /// Both `redis://` (one host) and the topology schemes (one or more) are read with it.
    struct Authority {
        let username: String?
        let password: String?
        /// The hosts in the order written, each once.
        let endpoints: [RedisEndpoint]
        let database: Int

        /// Reads credentials, then hosts (`defaultPort` where a host names none), then the database.
        /// `redis://secret@host` is the common legacy form: a lone userinfo value is the password.
        init(_ text: Substring, defaultPort: Int) throws(RedisConfigurationError) {
            var rest = text
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
                    username = user.isEmpty ? nil : try percentDecoded(user, part: "user")
                    password = try percentDecoded(userInfo[userInfo.index(after: colon)...], part: "password")
                } else if !userInfo.isEmpty {
                    password = try percentDecoded(userInfo, part: "password")
                }
            }
            self.username = username
            self.password = password
            var endpoints: [RedisEndpoint] = []
            let items = rest.split(separator: ",", omittingEmptySubsequences: false)
            for item in items {
                let (host, portText) = try splitHostPort(item)
                guard !host.isEmpty else {
                    throw .missingHost(items.count == 1 ? "URL has no host" : "URL has an empty host in its host list")
                }
                var port = defaultPort
                if let portText {
                    guard let value = Int(portText), (1...65_535).contains(value) else {
                        throw .invalidPort("port '\(portText)' is not a number in 1...65535")
                    }
                    port = value
                }
                let endpoint = RedisEndpoint(host: String(host), port: port)
                if !endpoints.contains(endpoint) { endpoints.append(endpoint) }
            }
            self.endpoints = endpoints
            var database = 0
            if !path.isEmpty {
                guard let value = Int(path), value >= 0 else {
                    throw .invalidDatabase("database '\(path)' is not a non-negative integer")
                }
                database = value
            }
            self.database = database
        }
    }

    static func splitHostPort(
        _ text: Substring
    ) throws(RedisConfigurationError) -> (host: Substring, port: Substring?) {
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw .invalidHost("IPv6 host lacks its closing ']'") }
            let host = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            if after.isEmpty { return (host, nil) }
            guard after.hasPrefix(":") else { throw .invalidHost("unexpected text after IPv6 host") }
            return (host, after.dropFirst())
        }
        guard let colon = text.firstIndex(of: ":") else { return (text, nil) }
        let port = text[text.index(after: colon)...]
        guard !port.contains(":") else { throw .invalidHost("host has more than one ':'; write IPv6 in brackets") }
        return (text[..<colon], port)
    }

    static func percentDecoded(_ text: Substring, part: String) throws(RedisConfigurationError) -> String {
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                throw .invalidEncoding("malformed percent escape in \(part)")
            }
            bytes.append(high << 4 | low)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
