/// Where a replay runs: `http://HOST:PORT` (IPv4 or localhost).
package struct ReplayTarget: Sendable, Hashable {
    package var host: String
    package var port: Int

    package init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Reads `http://host[:port][/]`; nil for anything else.
    package init?(url: String) {
        guard url.hasPrefix("http://") else { return nil }
        var rest = url.dropFirst("http://".count)
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        guard !rest.isEmpty, !rest.contains("/") else { return nil }
        if let colon = rest.lastIndex(of: ":") {
            guard let port = Int(rest[rest.index(after: colon)...]), (1...65535).contains(port) else { return nil }
            self.init(host: String(rest[..<colon]), port: port)
        } else {
            self.init(host: String(rest), port: 80)
        }
    }
}
