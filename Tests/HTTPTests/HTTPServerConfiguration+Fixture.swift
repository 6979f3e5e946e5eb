import HTTP

extension HTTPServerConfiguration {
    /// A test server on 127.0.0.1, a free port, two loops and short timeouts.
    static func make(
        threads: Int = 2,
        headerTimeout: Duration = .seconds(10),
        bodyTimeout: Duration = .seconds(10),
        idleTimeout: Duration = .seconds(60),
        drainTimeout: Duration = .seconds(30),
        maxConnections: Int = 20_000
    ) -> HTTPServerConfiguration {
        var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.threads = threads
        configuration.headerTimeout = headerTimeout
        configuration.bodyTimeout = bodyTimeout
        configuration.idleTimeout = idleTimeout
        configuration.drainTimeout = drainTimeout
        configuration.maxConnections = maxConnections
        configuration.shutdownDeadline = .seconds(5)
        return configuration
    }
}
