import HTTP
import OneSpin

/// `onespin-bench http-hello --port P [--threads T] [--host H]`: serves `GET /healthz` →
/// `200 {"status":"ok"}` (everything else 404) with the HTTP server until SIGTERM/SIGINT.
/// For measuring the HTTP layer alone (`Scripts/bench/http-peers.sh --server`).
enum HTTPHelloCommand {
    static func run(arguments: [String]) -> Int32 {
        var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 8080)
        do {
            let options = try CommandLineOptions(arguments)
            try options.rejectUnknown(["port", "threads", "host"])
            configuration.port = try options.integer("port", default: 8080, in: 0...65535)
            configuration.threads = try options.integer("threads", default: configuration.threads, in: 1...256)
            configuration.host = options.string("host") ?? configuration.host
        } catch {
            FileHandleOutput.standardError.write("onespin-bench http-hello: \(error)\nusage: onespin-bench http-hello --port P [--threads T] [--host H]\n")
            return 2
        }
        let server = HTTPServer(configuration: configuration) { _ in HelloHandler() }
        let port: Int
        do {
            port = try server.start()
        } catch {
            FileHandleOutput.standardError.write("onespin-bench http-hello: \(error)\n")
            return 1
        }
        print("http-hello listening on \(configuration.host):\(port) with \(configuration.threads) threads")
        server.runUntilTerminated(deadline: .seconds(5))
        return 0
    }
}

private final class HelloHandler: HTTPRequestHandler {
    private static let ok = HTTPResponse.json(body: #"{"status":"ok"}"#)

    func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        if request.path == "/healthz" && (request.method == "GET" || request.method == "HEAD") {
            responder.respond(Self.ok)
        } else {
            responder.respond(.problem(status: 404, code: "not_found", detail: "no route for \(request.path)"))
        }
    }
}
