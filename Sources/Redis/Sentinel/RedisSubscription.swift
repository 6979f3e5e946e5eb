import Glibc

/// A blocking connection in subscriber mode, read with a bound on each wait (poll, then read), so
/// a thread can listen for pushed messages and still look up now and then. One owning thread.
final class RedisSubscription {
    private let context: RedisContext

    /// Connects (within the configuration's connect timeout), authenticates when the configuration
    /// has a password, and subscribes to `channels`.
    /// - Throws: `RedisClientError` when the node cannot be reached, or refuses the password.
    init(configuration: RedisConfiguration, channels: [String]) throws(RedisClientError) {
        context = try RedisContext.connectBlocking(configuration)
        let encoder = RedisCommandEncoder()
        let steps = RedisHandshake.commands(for: configuration)
        for step in steps { encoder.append(step.arguments) }
        encoder.append(["SUBSCRIBE"] + channels.map { RedisArgument($0) })
        try context.append(encoder)
        _ = try context.write()
        for step in steps {
            if let error = step.error(for: try context.blockingReply(), endpoint: configuration.description) { throw error }
        }
    }

    /// The next pushed message, or `nil` when none came within `timeout`.
    /// - Throws: `RedisClientError` when the connection broke (drop the subscription then).
    func next(timeout: Duration) throws(RedisClientError) -> RedisValue? {
        if let reply = try context.bufferedReply() { return reply }
        let milliseconds = Int32(clamping: timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        var descriptor = pollfd(fd: context.fileDescriptor, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, milliseconds)
        guard ready > 0 else { return nil }
        let count = try context.read()
        if count == 0 && descriptor.revents & Int16(POLLHUP) != 0 {
            throw RedisClientError(.connection, "subscription closed by the server")
        }
        return try context.bufferedReply()
    }
}

/// Host names to addresses, for the threads that feed event loops (which never resolve).
enum RedisHostResolver {
    /// The first IPv4 (else IPv6) address of `host`; `host` itself when it already is one or
    /// when it cannot be resolved (the connect then fails and says so).
    static func numericHost(_ host: String) -> String {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { return host }
        defer { freeaddrinfo(first) }
        var chosen: UnsafeMutablePointer<addrinfo>? = first
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            if entry.pointee.ai_family == AF_INET {
                chosen = entry
                break
            }
            cursor = entry.pointee.ai_next
        }
        guard let entry = chosen, let address = entry.pointee.ai_addr else { return host }
        var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        guard getnameinfo(address, entry.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 else {
            return host
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
