package import IOLoop

/// Answers requests for one event loop.
///
/// Rules: the server makes one handler per loop, on that loop's thread, with the factory
/// given to `HTTPServer`, and calls `handle` only on that thread — so a handler may own
/// loop-confined state (a Redis connection registered in the same loop). `handle` must not
/// block; it must call `responder.respond` exactly once, now or later, from any thread.
package protocol HTTPRequestHandler: AnyObject {
    /// Handles one request; answer through `responder`.
    func handle(_ request: HTTPRequest, responder: HTTPResponder)
}

/// Sends the response to one request. Responses on a connection go out in request order,
/// whatever order they are answered in.
package struct HTTPResponder: Sendable {
    let connection: LoopBound<HTTPConnection>
    let sequence: UInt64

    /// The loop the request arrived on (its handler's loop).
    package var eventLoop: EventLoop { connection.loop }

    /// Sends `response`. Call exactly once, from any thread (off-loop calls hop to the loop
    /// with `execute`). A second call, or a call after the connection closed, is ignored.
    package func respond(_ response: HTTPResponse) {
        let connection = connection
        let sequence = sequence
        if connection.loop.inEventLoop {
            connection.value.complete(sequence, response)
        } else {
            connection.loop.execute { connection.value.complete(sequence, response) }
        }
    }
}
