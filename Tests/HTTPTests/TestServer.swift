import HTTP

/// Starts the server the way production does (port 0, real loops, the handler factory),
/// runs `body` with the bound port, then shuts down gracefully and waits for the loops.
enum TestServer {
    static func withServer<T>(
        configuration: HTTPServerConfiguration = .make(),
        _ body: (HTTPServer, Int) throws -> T
    ) throws -> T {
        let server = HTTPServer(configuration: configuration) { loop in TestHandler(loop: loop) }
        let port = try server.start()
        defer {
            server.shutdown(deadline: .seconds(2))
            server.waitUntilStopped()
        }
        return try body(server, port)
    }
}
