import HTTP
import IOLoop
import Spin

/// What it takes to finish one request: answer it, count it in its loop's metrics, log it.
/// Made on the loop thread when the request arrives; `finish` runs there too (tasks run on the loop).
struct RequestScope: Sendable {
    let responder: HTTPResponder
    let metrics: LoopMetrics
    let logger: Logger
    let startedNanos: UInt64
    let method: String
    let route: String
    let requestID: String
    var player: MaskedPlayer?
    /// Counts the answer as a spin outcome (`POST /v1/spins`).
    var isSpin = false

    /// Sends `response`, then records its status, latency and spin outcome and logs one line.
    func finish(_ response: HTTPResponse) {
        let loop = responder.eventLoop
        guard loop.inEventLoop else {
            loop.execute { finish(response) }
            return
        }
        responder.respond(response)
        let now = MonotonicClock.nanos()
        let micros = now > startedNanos ? (now - startedNanos) / 1000 : 0
        metrics.requestFinished(status: response.status, micros: micros, nowNanos: now)
        if isSpin { metrics.count(Self.disposition(response)) }
        let level: LogLevel = response.status >= 500 ? .error : .info
        guard logger.isEnabled(level) else { return }
        logger.log(level, "request", LogFields(
            requestId: requestID, method: method, route: route, status: response.status, durationMicros: micros,
            player: player, code: response.status >= 400 ? Self.problemCode(response.body) : nil))
    }

    static func disposition(_ response: HTTPResponse) -> SpinDisposition {
        if response.headers["Idempotent-Replayed"] != nil { return .replayed }
        switch response.status {
        case 200: return .settled
        case 409: return .conflict
        default: return .rejected
        }
    }

    /// The `code` of a problem body (its last member, as every onespin problem is written).
    static func problemCode(_ body: [UInt8]) -> String? {
        let marker = Array(#""code":""#.utf8)
        guard body.count > marker.count + 2 else { return nil }
        var index = body.count - marker.count - 2
        while index >= 0 {
            if body[index] == marker[0], Array(body[index..<(index + marker.count)]) == marker {
                let start = index + marker.count
                guard let end = body[start...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
                return String(decoding: body[start..<end], as: UTF8.self)
            }
            index -= 1
        }
        return nil
    }
}
