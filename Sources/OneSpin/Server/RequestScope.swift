import HTTP
import IOLoop
import Metrics
import Spin
import Time

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
    let player: MaskedPlayer?
    /// Counts the reply's outcome as a spin's (an authenticated `POST /v1/spins`).
    let countsSpins: Bool

    /// Sends the reply's response, then records its status, latency and spin outcome and logs one
    /// line with its problem code — facts the reply carries, never read back from its bytes.
    func finish(_ reply: RouteReply) {
        let loop = responder.eventLoop
        guard loop.inEventLoop else {
            loop.execute { finish(reply) }
            return
        }
        let status = reply.response.status
        responder.respond(reply.response)  // the HTTP server counts its status
        let now = MonotonicClock.nanos()
        let micros = now > startedNanos ? (now - startedNanos) / 1000 : 0
        metrics.requestFinished(micros: micros, nowNanos: now)
        if countsSpins, let disposition = reply.disposition { metrics.count(disposition) }
        let level = Self.logLevel(route: route, status: status)
        guard logger.isEnabled(level) else { return }
        logger.log(level, "request", LogFields(
            requestId: requestID, method: method, route: route, status: status, durationMicros: micros,
            player: player, code: reply.code, extra: reply.cause.map { [LogFields.Extra("cause", .string($0))] } ?? []))
    }

    /// The level of a request's log line: `error` for a 5xx; `debug` for an answered liveness or
    /// readiness probe (orchestrators call them every few seconds, so at `info` they would bury the
    /// traffic that matters); `info` for everything else.
    static func logLevel(route: String, status: Int) -> LogLevel {
        if status >= 500 { return .error }
        return route == "/healthz" || route == "/readyz" ? .debug : .info
    }
}
