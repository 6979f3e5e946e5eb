/// A cluster redirection error reply: `MOVED <slot> <host>:<port>` (the slot lives elsewhere now:
/// update the map) or `ASK <slot> <host>:<port>` (this one command goes there, after `ASKING`).
package struct RedisRedirect: Sendable, Hashable {
    package enum Kind: Sendable, Hashable {
        case moved, ask
    }

    package let kind: Kind
    package let slot: Int
    package let endpoint: RedisEndpoint

    package init(kind: Kind, slot: Int, endpoint: RedisEndpoint) {
        self.kind = kind
        self.slot = slot
        self.endpoint = endpoint
    }

    /// Parses an error message; `nil` when it is not a well-formed `MOVED` or `ASK`.
    /// An empty host (`MOVED 1 :6380`, sent when the node does not know its address) is `nil` too.
    package init?(errorMessage message: String) {
        let parts = message.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 3, let slot = Int(parts[1]), (0..<RedisHashSlot.count).contains(slot) else { return nil }
        switch parts[0] {
        case "MOVED": kind = .moved
        case "ASK": kind = .ask
        default: return nil
        }
        guard let endpoint = RedisEndpoint(hostPort: parts[2]) else { return nil }
        self.slot = slot
        self.endpoint = endpoint
    }
}

/// A node's address: host name or IP (IPv6 without brackets) and port.
package struct RedisEndpoint: Sendable, Hashable, CustomStringConvertible, Comparable {
    package var host: String
    package var port: Int

    package init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port`, `[v6]:port` or a bare `v6:port` (the last colon splits); `nil` when the
    /// host is empty or the port is not in 1...65535.
    package init?<Text: StringProtocol>(hostPort text: Text) {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        var host = Substring(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        guard !host.isEmpty, let port = Int(text[text.index(after: colon)...]), (1...65_535).contains(port) else { return nil }
        self.host = String(host)
        self.port = port
    }

    package var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    package static func < (lhs: Self, rhs: Self) -> Bool { (lhs.host, lhs.port) < (rhs.host, rhs.port) }
}
