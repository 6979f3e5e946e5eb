import Dispatch
import HTTP
import IOLoop

/// The handler the server tests run: a few routes exercising the server's contract.
final class TestHandler: HTTPRequestHandler {
    enum Route: Sendable { case echo, slow, delay, offLoop, hello, twice, reserved, big, parameter }

    let loop: EventLoop
    private let router: Router<Route>

    init(loop: EventLoop) {
        self.loop = loop
        var router = Router<Route>()
        router.add("POST", "/echo", .echo)
        router.add("GET", "/slow", .slow)
        router.add("GET", "/delay/:ms", .delay)
        router.add("GET", "/offloop/:ms", .offLoop)
        router.add("GET", "/hello", .hello)
        router.add("GET", "/twice", .twice)
        router.add("GET", "/reserved", .reserved)
        router.add("GET", "/big/:kib", .big)
        router.add("GET", "/parameter/:value", .parameter)
        self.router = router
    }

    func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        precondition(loop.inEventLoop, "handlers run on their loop")
        switch router.match(method: request.method, path: request.path) {
        case .notFound:
            responder.respond(.problem(status: 404, code: "not_found", detail: "no route for \(request.path)"))
        case .methodNotAllowed(let allow):
            responder.respond(.problem(
                status: 405, code: "method_not_allowed", detail: "\(request.method) is not allowed on \(request.path)",
                headers: ["Allow": allow.joined(separator: ", ")]
            ))
        case .invalidParameter(_, let detail):
            responder.respond(.problem(status: 400, code: "invalid_request", detail: detail))
        case .matched(let route, let parameters):
            let milliseconds = Int(parameters["ms"] ?? "") ?? 0
            switch route {
            case .echo:
                responder.respond(HTTPResponse(status: 200, headers: ["X-Method": request.method], body: request.body))
            case .hello:
                responder.respond(.json(body: #"{"status":"ok"}"#))
            case .reserved:
                // Fields the server writes itself, or that would split the response, must be dropped.
                let headers: HTTPHeaders = [
                    "content-length": "999", "DATE": "yesterday", "Server": "other", "x-request-id": "mine",
                    "Connection": "close", "Transfer-Encoding": "chunked", "Bad Name": "x", "X-Split": "a\r\nInjected: 1",
                    "X-Kept": "yes",
                ]
                responder.respond(HTTPResponse(status: 200, headers: headers, body: Array(repeating: UInt8(ascii: "z"), count: 1234)))
            case .big:
                let kib = min(1024, max(0, Int(parameters["kib"] ?? "") ?? 0))
                responder.respond(HTTPResponse(status: 200, body: [UInt8](repeating: UInt8(ascii: "b"), count: kib * 1024)))
            case .parameter:
                responder.respond(HTTPResponse(status: 200, body: Array((parameters["value"] ?? "").utf8)))
            case .twice:
                responder.respond(.json(body: "first"))
                responder.respond(.json(body: "second"))
            case .slow:
                loop.schedule(after: .milliseconds(200)) { responder.respond(.json(body: #"{"slow":true}"#)) }
            case .delay:
                loop.schedule(after: .milliseconds(milliseconds)) { responder.respond(.json(body: request.path)) }
            case .offLoop:
                let path = request.path
                DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(milliseconds)) {
                    responder.respond(.json(body: path))
                }
            }
        }
    }
}
