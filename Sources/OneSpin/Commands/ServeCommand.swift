import HTTP
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// `onespin serve`: runs the server until SIGTERM or SIGINT, then shuts down gracefully.
enum ServeCommand {
    static func run(arguments: [String], environment: [String: String]) -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(ServerConfiguration.help)
            return 0
        }
        let configuration: ServerConfiguration
        do {
            configuration = try ServerConfiguration.parse(arguments, environment: environment)
        } catch {
            FileHandleOutput.standardError.write("onespin serve: \(error)\n")
            return 2
        }
        let logger = Logger(level: configuration.logLevel)
        defer { logger.shutdown() }
        let server: OneSpinServer
        let port: Int
        do {
            server = try OneSpinServer(configuration: configuration, logger: logger)
            port = try server.start()
        } catch {
            logger.error("start-up failed", LogFields(extra: [.init("reason", .string("\(error)"))]))
            FileHandleOutput.standardError.write("onespin serve: \(error)\n")
            return 1
        }
        let store = configuration.redisURL == nil ? "memory" : "redis"
        if configuration.redisURL == nil {
            let warning = "no --redis given: using the embedded in-memory store; state lives in this one process "
                + "and is lost when it stops; do not run several processes"
            logger.warn(warning)
            FileHandleOutput.standardError.write("onespin serve: WARNING: \(warning)\n")
        }
        logger.info("listening", LogFields(extra: [
            .init("host", .string(configuration.host)), .init("port", .int(Int64(port))),
            .init("store", .string(store)), .init("threads", .int(Int64(configuration.threads))),
        ]))
        let deadline = Duration.seconds(configuration.shutdownDeadlineSeconds)
        let watcher = SignalWatcher {
            logger.info("shutting down", LogFields(extra: [.init("deadlineSeconds", .int(Int64(configuration.shutdownDeadlineSeconds)))]))
            server.shutdown(deadline: deadline)
        }
        server.waitUntilStopped()
        watcher.cancel()
        logger.info("stopped")
        logger.flush()
        return 0
    }
}

/// `onespin probe URL`: exits 0 when `GET URL` answers 2xx (a container health check without curl).
enum ProbeCommand {
    static func run(arguments: [String]) -> Int32 {
        guard let url = arguments.first, url.hasPrefix("http://") else {
            FileHandleOutput.standardError.write("usage: onespin probe http://HOST:PORT/PATH\n")
            return 2
        }
        let rest = url.dropFirst("http://".count)
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<slash]
        let path = slash == rest.endIndex ? "/" : String(rest[slash...])
        let colon = authority.lastIndex(of: ":")
        let host = colon.map { String(authority[..<$0]) } ?? String(authority)
        let port = colon.flatMap { Int(authority[authority.index(after: $0)...]) } ?? 80
        do {
            let client = try HTTPClient(host: host, port: port, timeout: .seconds(2))
            let response = try client.send(HTTPClientRequest(method: "GET", target: path))
            return (200..<300).contains(response.status) ? 0 : 1
        } catch {
            FileHandleOutput.standardError.write("onespin probe: \(error)\n")
            return 1
        }
    }
}
