import HTTP
import IOLoop
import Spin
import Time

/// Serves `OneSpinAPI` on one event loop: each request is routed and checked on the loop, its
/// handler's `later` work runs in a task on this loop (so its store calls pipeline with the loop's
/// other requests), and `RequestScope` answers, counts and logs it.
final class OneSpinRequestHandler: HTTPRequestHandler {
    private let loop: EventLoop
    private let api: OneSpinAPI
    private let logger: Logger
    private let metrics: LoopMetrics

    init(loop: EventLoop, service: SpinService, context: ServerContext, metrics: LoopMetrics) {
        self.loop = loop
        self.api = OneSpinAPI(service: service, context: context)
        self.logger = context.logger
        self.metrics = metrics
        publishMetrics()
    }

    /// Publishes this loop's latencies for readers once a second, even when idle.
    private func publishMetrics() {
        loop.schedule(after: .seconds(1)) { [self] in
            metrics.publish(nowNanos: MonotonicClock.nanos())
            publishMetrics()
        }
    }

    func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        metrics.requestStarted()
        let started = loop.now
        let routed = api.route(request)
        let scope = RequestScope(
            responder: responder, metrics: metrics, logger: logger, startedNanos: started, method: request.method,
            route: routed.route, requestID: request.requestID, player: routed.player, countsSpins: routed.countsSpins)
        switch routed.answer {
        case .now(let reply):
            scope.finish(reply)
        case .later(let work):
            Task(executorPreference: loop) { scope.finish(await work()) }
        }
    }

    /// A path for an error detail: at most 100 characters, no control characters.
    static func quoted(_ path: String) -> String {
        let clean = String(path.unicodeScalars.prefix(100).map { $0.value < 0x20 || $0.value == 0x7f ? "?" : Character($0) })
        return "'" + clean + "'"
    }
}
