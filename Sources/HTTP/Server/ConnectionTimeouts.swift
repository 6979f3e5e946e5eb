import IOLoop

/// Every deadline and bound of one connection, in the loop clock's unit (monotonic nanoseconds),
/// made once per loop from `HTTPServerConfiguration`. `ConnectionStateMachine` decides with it.
package struct ConnectionTimeouts: Sendable, Equatable {
    /// From accept (or from the first byte of a later request) until its head is complete.
    package var head: UInt64
    /// Longest gap between two body bytes.
    package var body: UInt64
    /// Keep-alive with nothing to do, from the last response.
    package var idle: UInt64
    /// A dispatched request whose response never comes (a stuck handler): the connection closes.
    package var response: UInt64
    /// Queued output that makes no progress (the peer does not read): the connection closes.
    package var drain: UInt64
    /// After the final response, how long unread input is drained before the close.
    package var linger: UInt64
    /// Response bytes queued on one connection beyond which it is not read (nor parsed) further.
    package var maxQueuedBytes: Int
    /// Requests dispatched and not yet answered beyond which the connection is not parsed further.
    package var maxOutstanding: Int

    package init(
        head: UInt64, body: UInt64, idle: UInt64, response: UInt64, drain: UInt64, linger: UInt64,
        maxQueuedBytes: Int, maxOutstanding: Int
    ) {
        self.head = head
        self.body = body
        self.idle = idle
        self.response = response
        self.drain = drain
        self.linger = linger
        self.maxQueuedBytes = maxQueuedBytes
        self.maxOutstanding = maxOutstanding
    }

    /// The configuration's values.
    package init(_ configuration: HTTPServerConfiguration) {
        self.init(
            head: configuration.headerTimeout.clampedNanoseconds, body: configuration.bodyTimeout.clampedNanoseconds,
            idle: configuration.idleTimeout.clampedNanoseconds, response: configuration.responseTimeout.clampedNanoseconds,
            drain: configuration.drainTimeout.clampedNanoseconds, linger: configuration.lingerTimeout.clampedNanoseconds,
            maxQueuedBytes: configuration.maxQueuedOutputBytes, maxOutstanding: configuration.maxOutstandingRequests
        )
    }
}
