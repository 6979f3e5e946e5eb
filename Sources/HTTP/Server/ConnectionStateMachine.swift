/// The life of one HTTP/1.1 connection as a value: the socket driver (`HTTPConnection`) reports
/// what happened — bytes read, a request parsed, a response ready, bytes written, the peer's
/// close, a timer, a drain — and does what the answers tell it: read on or pause, resume,
/// linger, close, arm a deadline. It owns every deadline and every bound; it holds no socket and
/// no clock (each event carries `now`, the loop's monotonic nanoseconds), so it is tested with
/// plain numbers.
///
/// Every state has a deadline, counted from accept:
/// - silent (accepted, no byte yet) and the first request's head: `head` after accept → 408;
/// - a later request's head: `head` after its first byte → 408; its body: `body` between bytes → 408;
/// - idle keep-alive: `idle` after the last response → close;
/// - a dispatched request unanswered: `response` after dispatch → close;
/// - queued output that does not move: `drain` after the last progress → close (undrained);
/// - lingering after the final response: `linger` → close.
package struct ConnectionStateMachine: Sendable {
    /// Where the connection is in its life.
    package enum Phase: Equatable, Sendable {
        case open
        /// The final response is written and the write side shut; input is drained until `until`.
        case lingering(until: UInt64)
        case closed
    }

    /// What the read side is waiting for.
    package enum Input: Equatable, Sendable {
        /// Accepted; not one byte has arrived.
        case silent
        /// Between requests (keep-alive), nothing partial buffered.
        case idle
        /// Part of a request head has arrived.
        case head
        /// The head is complete; body bytes are awaited.
        case body
    }

    /// What the driver does after an event.
    package enum Action: Equatable, Sendable {
        case none
        /// (Re)arm the connection's timer for this loop-clock instant.
        case armDeadline(UInt64)
        /// Reading was paused and may go on: parse what is buffered, then read.
        case resumeReading
        /// Everything is written after the final response: shut the write side, drain input until `until`.
        case linger(until: UInt64)
        /// Close now.
        case close
    }

    /// What the driver does when the timer fires.
    package enum TimeoutAction: Equatable, Sendable {
        /// Nothing is due (the deadline moved, or the connection is closed).
        case none
        /// Fired before the deadline: arm again.
        case armDeadline(UInt64)
        /// Answer with this final response (a 408), then close as after any final response.
        case respond(HTTPParseError)
        /// Close now, for this reason.
        case close(CloseReason)
    }

    /// Why a timer closed the connection.
    package enum CloseReason: Equatable, Sendable {
        case idle
        case lingerEnded
        /// Queued output made no progress for `drain`: the peer does not read.
        case undrained
        /// A dispatched request was not answered within `response`.
        case unanswered
    }

    package let timeouts: ConnectionTimeouts
    package private(set) var phase = Phase.open
    package private(set) var input = Input.silent
    /// Requests dispatched (or final responses queued) whose response is not yet encoded.
    package private(set) var outstanding = 0
    /// Body bytes of answered requests waiting for an earlier response (not yet encoded).
    package private(set) var heldBytes = 0
    /// Encoded response bytes not yet written.
    package private(set) var unwrittenBytes = 0
    /// No more requests are taken (a `Connection: close` request, a parse error, a timeout, shutdown).
    package private(set) var inputClosed = false
    /// The peer closed its write side.
    package private(set) var peerClosed = false
    /// The response that ends the connection is encoded.
    package private(set) var closeQueued = false
    /// Reading is paused (too many requests outstanding, or too many bytes queued).
    package private(set) var readingPaused = false
    /// The server is shutting down: close once nothing is in flight.
    package private(set) var draining = false
    private let acceptedAt: UInt64
    private var headStartedAt: UInt64
    private var lastReadAt: UInt64
    private var idleSince: UInt64
    private var lastDispatchAt: UInt64
    private var lastWriteAt: UInt64

    /// A connection accepted at `now`; arm `deadline` first.
    package init(timeouts: ConnectionTimeouts, acceptedAt now: UInt64) {
        self.timeouts = timeouts
        acceptedAt = now
        headStartedAt = now
        lastReadAt = now
        idleSince = now
        lastDispatchAt = now
        lastWriteAt = now
    }

    /// Response bytes held or queued, not yet written.
    package var pendingBytes: Int { heldBytes + unwrittenBytes }

    /// `true` when the connection may be shed to admit another: silent or idle with nothing in
    /// flight, or lingering after its final response.
    package var isSheddable: Bool {
        switch phase {
        case .closed: false
        case .lingering: true
        case .open: !closeQueued && outstanding == 0 && pendingBytes == 0 && (input == .silent || input == .idle)
        }
    }

    /// Whether another request may be taken from the parser now.
    package var mayParse: Bool {
        phase == .open && !inputClosed && outstanding < timeouts.maxOutstanding && pendingBytes < timeouts.maxQueuedBytes
    }

    /// Whether the socket may be read now. `overBudget`: the server's pending output is past its
    /// budget, so only a connection with nothing queued reads.
    package func mayRead(overBudget: Bool) -> Bool {
        mayParse && !peerClosed && !(overBudget && pendingBytes > 0)
    }

    // MARK: Events

    /// Bytes arrived at `now` and were parsed; `parser` is the parser's phase afterwards.
    package mutating func received(now: UInt64, parser: HTTPParser.Phase) {
        lastReadAt = now
        inputChanged(now: now, parser: parser)
    }

    /// The parser's phase after requests were taken from it (without a read).
    package mutating func inputChanged(now: UInt64, parser: HTTPParser.Phase) {
        switch parser {
        case .idle, .failed:
            if input != .silent || parser == .failed { input = .idle }
        case .head:
            // The first request's head is timed from accept; a later one from its first byte.
            if input == .idle { headStartedAt = now }
            if input != .head { input = .head }
        case .body:
            input = .body
        }
    }

    /// A request was parsed and dispatched to the handler; `closing`: no request follows it.
    package mutating func dispatched(now: UInt64, closing: Bool) {
        if outstanding == 0 { lastDispatchAt = now }
        outstanding += 1
        if input == .silent { input = .idle }
        if closing { inputClosed = true }
    }

    /// A final response (a parse error or a timeout) was queued: no request follows.
    package mutating func finalQueued(now: UInt64) {
        if outstanding == 0 { lastDispatchAt = now }
        outstanding += 1
        inputClosed = true
    }

    /// A response of `bytes` body bytes arrived behind an earlier unanswered one.
    package mutating func held(bytes: Int) {
        heldBytes += bytes
    }

    /// `responses` responses were encoded (`heldBytes` of their bodies had been held); `closing`:
    /// the last one ends the connection.
    package mutating func encoded(responses: Int, heldBytes released: Int, closing: Bool, now: UInt64) {
        heldBytes = max(0, heldBytes - released)
        outstanding = closing ? 0 : max(0, outstanding - responses)
        lastDispatchAt = now
        if outstanding == 0 { idleSince = now }
        if closing {
            closeQueued = true
            inputClosed = true
        }
    }

    /// After a write attempt: `unwritten` bytes are still queued; `progressed`: some were written.
    package mutating func wrote(unwritten: Int, progressed: Bool, now: UInt64) {
        if progressed || unwrittenBytes == 0 { lastWriteAt = now }
        unwrittenBytes = unwritten
    }

    /// The driver stopped reading; when it stopped because reading is not allowed (rather than
    /// for lack of bytes), reading is paused until `settle` says `.resumeReading`.
    package mutating func readingStopped(overBudget: Bool) {
        if phase == .open && !inputClosed && !peerClosed && !mayRead(overBudget: overBudget) { readingPaused = true }
    }

    /// The peer closed its write side (read returned 0).
    package mutating func peerClosedInput() {
        peerClosed = true
    }

    /// Shutdown began: close now when nothing is in flight, else after the in-flight responses.
    package mutating func beginDrain() -> Action {
        draining = true
        guard phase == .open else { return .none }
        if outstanding == 0 && pendingBytes == 0 {
            phase = .closed
            return .close
        }
        return .none
    }

    /// The socket was closed (by the driver, for any reason).
    package mutating func closed() {
        phase = .closed
    }

    /// After reading or writing: what to do next. `overBudget` as in `mayRead`.
    package mutating func settle(now: UInt64, overBudget: Bool) -> Action {
        guard phase == .open else { return deadline.map(Action.armDeadline) ?? .none }
        if closeQueued || (peerClosed && outstanding == 0) {
            if pendingBytes == 0 {
                if closeQueued {
                    let until = now &+ timeouts.linger
                    phase = .lingering(until: until)
                    return .linger(until: until)
                }
                phase = .closed
                return .close
            }
            return deadline.map(Action.armDeadline) ?? .none
        }
        if draining && outstanding == 0 && pendingBytes == 0 {
            phase = .closed
            return .close
        }
        let blocked = !inputClosed && !peerClosed && !mayRead(overBudget: overBudget)
        if blocked {
            readingPaused = true
        } else if readingPaused {
            readingPaused = false
            if !inputClosed && !peerClosed { return .resumeReading }
        }
        return deadline.map(Action.armDeadline) ?? .none
    }

    /// The timer fired at `now`.
    package mutating func timerFired(now: UInt64) -> TimeoutAction {
        guard let due = deadline else { return .none }
        if now < due { return .armDeadline(due) }
        switch phase {
        case .closed: return .none
        case .lingering:
            phase = .closed
            return .close(.lingerEnded)
        case .open: break
        }
        if unwrittenBytes > 0 {
            phase = .closed
            return .close(.undrained)
        }
        if outstanding > 0 || heldBytes > 0 {
            phase = .closed
            return .close(.unanswered)
        }
        switch input {
        case .idle:
            phase = .closed
            return .close(.idle)
        case .silent:
            return .respond(.requestTimeout("no request arrived within the header timeout"))
        case .head:
            return .respond(.requestTimeout("the request head was not complete within the header timeout"))
        case .body:
            return .respond(.requestTimeout("the request body stalled (no byte within the body timeout)"))
        }
    }

    /// When the connection's current state ends, or nil when it has no deadline (closed).
    package var deadline: UInt64? {
        switch phase {
        case .closed: return nil
        case .lingering(let until): return until
        case .open: break
        }
        if unwrittenBytes > 0 { return lastWriteAt &+ timeouts.drain }
        if outstanding > 0 || heldBytes > 0 { return lastDispatchAt &+ timeouts.response }
        switch input {
        case .silent: return acceptedAt &+ timeouts.head
        case .idle: return idleSince &+ timeouts.idle
        case .head: return headStartedAt &+ timeouts.head
        case .body: return lastReadAt &+ timeouts.body
        }
    }
}
