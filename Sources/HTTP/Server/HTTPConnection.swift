import CLinux
import Glibc
import IOLoop
import Time

/// One accepted TCP connection: the socket driver of a `ConnectionStateMachine`. It reads,
/// parses, keeps a slot per request so responses leave in request order, writes, and does what
/// the machine decides (pause, resume, linger, close, arm the timer).
///
/// Loop-confined: every method runs on `loop`'s thread (`HTTPResponder` hops there), which
/// is what makes `@unchecked Sendable` sound. (Near 400 lines: reading, writing and closing share
/// the socket's private state; every decision lives in `ConnectionStateMachine`.)
final class HTTPConnection: @unchecked Sendable {
    private struct Slot {
        var requestID: String
        var keepAlive: Bool
        var keepAliveHeader: Bool
        var omitBody: Bool
        var response: HTTPResponse?
    }

    let loop: EventLoop
    let fd: Int32
    /// Strong on purpose: `unowned` costs a checked retain on every use. The cycle through the
    /// server's connection table ends in `close()`, which every connection reaches.
    private let server: ServerLoop
    var registration: RegistrationID?
    private(set) var machine: ConnectionStateMachine
    private var parser: HTTPParser
    private var slots: [Slot] = []
    private var firstSequence: UInt64 = 0
    /// Bytes not yet written (only after a partial write).
    private var output: [UInt8] = []
    private var outputOffset = 0
    /// Inside `readable`: responses are gathered and written once at the end.
    private var processing = false
    private var timer: TimerID?
    private var timerAt: UInt64 = 0
    /// Bytes read and thrown away while lingering; past `maxDiscard` the connection is closed.
    private var discarded = 0
    /// Numbers this connection's entries in the server's shed queue: an entry is current only
    /// while `shedQueued` and its number matches.
    private(set) var shedEntry: UInt32 = 0
    /// An entry of this connection in the shed queue is current.
    private(set) var shedQueued = false
    private var socketOpen = true
    /// Whether this connection is counted in the server's paused connections.
    private var pausedCounted = false
    /// The unwritten bytes last reported to the server's output budget.
    private var budgeted = 0
    private static let maxDiscard = 256 * 1024
    private static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    init(fd: Int32, loop: EventLoop, server: ServerLoop, limits: HTTPLimits) {
        self.fd = fd
        self.loop = loop
        self.server = server
        self.parser = HTTPParser(limits: limits)
        self.machine = ConnectionStateMachine(timeouts: server.timeouts, acceptedAt: loop.now)
    }

    /// Arms the first deadline (the head's, from accept). Called once, after registration.
    func start() {
        armTimer()
        markSheddable()
    }

    /// Puts the connection in the server's shed queue when it is silent or idle (once per stretch).
    private func markSheddable() {
        guard !shedQueued, machine.isSheddable else { return }
        shedQueued = true
        server.enqueueSheddable(self, entry: shedEntry)
    }

    func handle(_ readiness: EventReadiness) {
        if readiness.contains(.error) && !readiness.contains(.readable) {
            close()
            return
        }
        if readiness.contains(.writable) && !output.isEmpty { writeOutput(settle: !processing) }
        if readiness.contains(.readable) || readiness.contains(.hangup) {
            readable(untilAgain: readiness.contains(.hangup))
        }
    }

    // MARK: Reading

    /// Reads until `EAGAIN` (edge-triggered), parsing after every read so an oversized or
    /// malformed request stops the reading at once. A short read counts as drained unless
    /// `untilAgain` (the peer hung up: read on to see the end of input).
    private func readable(untilAgain: Bool = false) {
        switch machine.phase {
        case .closed: return
        case .lingering:
            discardInput()
            return
        case .open: break
        }
        guard readSocket(untilAgain: untilAgain) else { return }
        flush()
        afterIO()
    }

    /// The read loop of `readable`; false when the connection failed and was closed.
    private func readSocket(untilAgain: Bool) -> Bool {
        processing = true
        let scratch = server.readBuffer
        while machine.mayRead(overBudget: server.outputBudget.isExceeded) {
            let count = retryingInterrupts { clinux_read(fd, scratch.baseAddress, scratch.count) }
            if count > 0 {
                if shedQueued {
                    shedQueued = false
                    shedEntry &+= 1
                }
                parser.append(UnsafeRawBufferPointer(rebasing: scratch[0..<count]))
                parseRequests()
                machine.received(now: loop.now, parser: parser.phase)
                if count < scratch.count && !untilAgain { break }
            } else if count == 0 {
                machine.peerClosedInput()
            } else {
                if errno == EAGAIN || errno == EWOULDBLOCK { break }
                processing = false
                close()
                return false
            }
        }
        machine.readingStopped(overBudget: server.outputBudget.isExceeded)
        processing = false
        return true
    }

    private func parseRequests() {
        while machine.mayParse, let result = parser.next() {
            // `consume`: the request moves out of the result instead of being copied and destroyed.
            switch consume result {
            case .request(let request):
                let sequence = firstSequence + UInt64(slots.count)
                let closing = !request.keepAlive || server.draining
                // HEAD is answered as GET without the body (RFC 9110 §9.3.2); the handler sees HEAD.
                slots.append(Slot(
                    requestID: request.requestID, keepAlive: !closing,
                    keepAliveHeader: request.version == .http1_0, omitBody: request.method == "HEAD",
                    response: nil
                ))
                machine.dispatched(now: loop.now, closing: closing)
                if let rejection = request.rejection {
                    // Well framed but refused (a duplicated security field): answered here, never dispatched.
                    complete(sequence, rejection.response)
                } else {
                    server.handler.handle(request, responder: HTTPResponder(connection: self, sequence: sequence))
                }
                if machine.phase == .closed { return }
            case .failure(let error):
                queueFinal(error.response)
            }
        }
        if parser.takeContinueRequest() && slots.isEmpty && output.isEmpty {
            // Nothing earlier is pending, so an interim response cannot jump the queue.
            let written = writeSome(Self.continueResponse, from: 0)
            if written >= 0 && written < Self.continueResponse.count { output = Array(Self.continueResponse[written...]) }
            reportOutput(progressed: written > 0)
        }
    }

    /// Queues a response that ends the connection (a parse error or a timeout).
    private func queueFinal(_ response: HTTPResponse) {
        machine.finalQueued(now: loop.now)
        slots.append(Slot(
            requestID: server.makeRequestID(), keepAlive: false, keepAliveHeader: false, omitBody: false,
            response: response
        ))
    }

    // MARK: Responding

    /// Stores the response for `sequence`; ignored when it was already answered or the
    /// connection is gone.
    func complete(_ sequence: UInt64, _ response: HTTPResponse) {
        guard machine.phase == .open, sequence >= firstSequence else { return }
        let index = Int(sequence - firstSequence)
        guard index < slots.count, slots[index].response == nil else { return }
        slots[index].response = response
        machine.held(bytes: response.body.count)
        if !processing && index == 0 {
            flush()
            afterIO()
        }
    }

    /// Encodes every ready response at the head of the queue and writes them in one call.
    private func flush() {
        guard machine.phase == .open, let first = slots.first, first.response != nil else { return }
        let direct = output.isEmpty
        var bytes = direct ? server.takeWriteBuffer() : output
        var done = 0
        var released = 0
        var closing = false
        for slot in slots {
            guard let response = slot.response else { break }
            done += 1
            released += response.body.count
            let last = !slot.keepAlive || (server.draining && done == slots.count)
            server.encoder.encode(
                response,
                framing: .init(requestID: slot.requestID, close: last, keepAliveHeader: slot.keepAliveHeader && !last, omitBody: slot.omitBody),
                into: &bytes
            )
            server.counters.countResponse(status: response.status)
            if last {
                closing = true
                break
            }
        }
        if closing {
            for slot in slots.dropFirst(done) where slot.response != nil {
                released += slot.response?.body.count ?? 0
            }
            firstSequence += UInt64(slots.count)
            slots.removeAll()
        } else {
            firstSequence += UInt64(done)
            slots.removeFirst(done)
        }
        machine.encoded(responses: done, heldBytes: released, closing: closing, now: loop.now)
        if direct {
            output = []
            outputOffset = 0
            let written = writeSome(bytes, from: 0)
            if written < 0 {
                server.returnWriteBuffer(&bytes)
                close()
                return
            }
            if written < bytes.count { output = Array(bytes[written...]) }
            server.returnWriteBuffer(&bytes)
            reportOutput(progressed: written > 0)
        } else {
            output = bytes
            writeOutput(settle: false)  // every caller of `flush` settles afterwards
        }
    }

    /// Writes from `offset`; returns the new offset, or -1 when the connection failed.
    private func writeSome(_ bytes: [UInt8], from offset: Int) -> Int {
        var offset = offset
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return retryingInterrupts { clinux_write(fd, base + offset, raw.count - offset) }
            }
            if count > 0 {
                offset += count
            } else if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                break
            } else {
                return -1
            }
        }
        return offset
    }

    /// Writes queued output; `settle`: then do what the machine decides (`afterIO`).
    private func writeOutput(settle: Bool) {
        guard machine.phase == .open, !output.isEmpty else { return }
        let written = writeSome(output, from: outputOffset)
        if written < 0 {
            close()
            return
        }
        let progressed = written > outputOffset
        if written == output.count {
            output = []
            outputOffset = 0
        } else {
            outputOffset = written
        }
        reportOutput(progressed: progressed)
        if settle { afterIO() }
    }

    /// Tells the machine and the server's budget how many bytes wait to be written.
    private func reportOutput(progressed: Bool) {
        let unwritten = output.count - outputOffset
        machine.wrote(unwritten: unwritten, progressed: progressed, now: loop.now)
        if unwritten != budgeted {
            server.outputBudget.add(unwritten - budgeted)
            budgeted = unwritten
        }
    }

    /// After reading or writing: does what the machine decides.
    private func afterIO() {
        // A loop, not recursion: a long pipeline resumes many times in one wake-up.
        while true {
            let action = machine.settle(now: loop.now, overBudget: server.outputBudget.isExceeded)
            if machine.readingPaused != pausedCounted {
                pausedCounted = machine.readingPaused
                server.counters.readingPaused(pausedCounted)
            }
            switch action {
            case .none: break
            case .armDeadline: armTimer()
            case .close: close()
            case .linger: linger()
            case .resumeReading:
                processing = true
                parseRequests()
                machine.inputChanged(now: loop.now, parser: parser.phase)
                processing = false
                guard readSocket(untilAgain: false) else { return }
                flush()
                continue
            }
            break
        }
        markSheddable()
    }

    // MARK: Timeouts and closing

    private func armTimer() {
        guard let due = machine.deadline else { return }
        if let timer {
            if timerAt <= due { return }
            loop.cancel(timer)
        }
        timerAt = due
        // Strong capture: a weak reference would move this object's reference count to a side
        // table and slow down every retain and release of it. `close()` cancels the timer, which
        // drops the closure, so the capture never outlives the connection's life.
        timer = loop.schedule(atNanoseconds: due) { self.timerFired() }
    }

    private func timerFired() {
        timer = nil
        switch machine.timerFired(now: max(loop.now, MonotonicClock.nanos())) {
        case .none: return
        case .armDeadline: armTimer()
        case .close(let reason):
            if reason == .undrained { server.counters.closedUndrained.wrappingAdd(1, ordering: .relaxed) }
            close()
        case .respond(let error):
            queueFinal(error.response)
            flush()
            afterIO()
        }
    }

    /// Called by the server loop when shutdown begins.
    func beginDrain() {
        if machine.beginDrain() == .close { close() }
    }

    /// Half-closes after the final response so the client reads it before the close
    /// (closing with unread input would reset the connection and lose the response).
    private func linger() {
        _ = shutdown(fd, Int32(SHUT_WR))
        discardInput()
        if case .lingering = machine.phase { armTimer() }
    }

    /// Reads and drops input while lingering, at most `maxDiscard` bytes in all: an
    /// oversized body is never read whole.
    private func discardInput() {
        let scratch = server.readBuffer
        while case .lingering = machine.phase {
            let count = retryingInterrupts { clinux_read(fd, scratch.baseAddress, scratch.count) }
            if count > 0 {
                discarded += count
                if discarded > Self.maxDiscard { close() }
                continue
            }
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return }
            close()
        }
    }

    /// Closes at once; pending responses are dropped.
    func close() {
        guard socketOpen else { return }
        socketOpen = false
        shedQueued = false
        machine.closed()
        if pausedCounted { server.counters.readingPaused(false) }
        pausedCounted = false
        if let timer { loop.cancel(timer) }
        timer = nil
        if let registration { loop.deregister(registration) }
        registration = nil
        _ = Glibc.close(fd)
        slots = []
        output = []
        if budgeted != 0 {
            server.outputBudget.add(-budgeted)
            budgeted = 0
        }
        server.connectionClosed(self)
    }
}
