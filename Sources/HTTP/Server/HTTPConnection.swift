import CLinux
import Glibc
import IOLoop

/// One accepted TCP connection: parses requests, keeps a slot per request so responses
/// leave in request order, writes, and enforces its timeouts.
///
/// Loop-confined: every method runs on `loop`'s thread (`HTTPResponder` hops there), which
/// is what makes `@unchecked Sendable` sound.
final class HTTPConnection: @unchecked Sendable {
    private struct Slot {
        var requestID: String
        var keepAlive: Bool
        var keepAliveHeader: Bool
        var omitBody: Bool
        var response: HTTPResponse?
    }

    private enum State {
        case open
        /// Last response written; write side shut down; draining input until EOF or the timer.
        case lingering
        case closed
    }

    let loop: EventLoop
    let fd: Int32
    /// Strong on purpose: `unowned` costs a checked retain on every use. The cycle through the
    /// server's connection table ends in `close()`, which every connection reaches.
    private let server: ServerLoop
    var registration: RegistrationID?
    private var parser: HTTPParser
    private var state = State.open
    private var slots: [Slot] = []
    private var firstSequence: UInt64 = 0
    /// Bytes not yet written (only after a partial write).
    private var output: [UInt8] = []
    private var outputOffset = 0
    /// No more requests are taken (a `Connection: close` request, a parse error, shutdown).
    private var inputClosed = false
    /// The peer closed its write side.
    private var peerClosed = false
    /// Reading is paused because too many responses are outstanding.
    private var readPaused = false
    /// Inside `readable`: responses are gathered and written once at the end.
    private var processing = false
    /// The response that closes the connection has been encoded.
    private var closeQueued = false
    private var headStartedAt: UInt64 = 0
    private var lastActivity: UInt64
    private var timer: TimerID?
    private var timerAt: UInt64 = 0
    private var lingerDeadline: UInt64 = 0
    /// Bytes read and thrown away while lingering; past `maxDiscard` the connection is closed.
    private var discarded = 0
    private static let maxDiscard = 256 * 1024

    private static let maxOutstanding = 256
    private static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    init(fd: Int32, loop: EventLoop, server: ServerLoop, limits: HTTPLimits) {
        self.fd = fd
        self.loop = loop
        self.server = server
        self.parser = HTTPParser(limits: limits)
        self.lastActivity = loop.now
    }

    /// `true` when nothing is in flight: no request dispatched, no bytes to write, no partial request.
    var isIdle: Bool { slots.isEmpty && output.isEmpty && parser.phase == .idle }

    func handle(_ readiness: EventReadiness) {
        if readiness.contains(.error) && !readiness.contains(.readable) {
            close()
            return
        }
        if readiness.contains(.writable) && !output.isEmpty { writeOutput() }
        if readiness.contains(.readable) || readiness.contains(.hangup) {
            readable(untilAgain: readiness.contains(.hangup))
        }
    }

    // MARK: Reading

    /// Reads until `EAGAIN` (edge-triggered), parsing after every read so an oversized or
    /// malformed request stops the reading at once. A short read counts as drained unless
    /// `untilAgain` (the peer hung up: read on to see the end of input).
    private func readable(untilAgain: Bool = false) {
        switch state {
        case .closed: return
        case .lingering:
            discardInput()
            return
        case .open: break
        }
        processing = true
        let scratch = server.readBuffer
        while state == .open && !inputClosed && !readPaused && !peerClosed {
            let count = retryingInterrupts { clinux_read(fd, scratch.baseAddress, scratch.count) }
            if count > 0 {
                lastActivity = loop.now
                parser.append(UnsafeRawBufferPointer(rebasing: scratch[0..<count]))
                parseRequests()
                if count < scratch.count && !untilAgain { break }
            } else if count == 0 {
                peerClosed = true
            } else {
                if errno == EAGAIN || errno == EWOULDBLOCK { break }
                processing = false
                close()
                return
            }
        }
        processing = false
        flush()
        afterIO()
    }

    private func parseRequests() {
        while !inputClosed && slots.count < Self.maxOutstanding, let result = parser.next() {
            // `consume`: the request moves out of the result instead of being copied and destroyed.
            switch consume result {
            case .request(let request):
                let sequence = firstSequence + UInt64(slots.count)
                let closing = !request.keepAlive || server.draining
                slots.append(Slot(
                    requestID: request.requestID, keepAlive: !closing,
                    keepAliveHeader: request.version == .http1_0, omitBody: request.method == "HEAD",
                    response: nil
                ))
                if closing { inputClosed = true }
                server.handler.handle(request, responder: HTTPResponder(connection: self, sequence: sequence))
                if state == .closed { return }
            case .failure(let error):
                queueFinal(error.response)
            }
        }
        if parser.takeContinueRequest() && slots.isEmpty && output.isEmpty {
            // Nothing earlier is pending, so an interim response cannot jump the queue.
            let written = writeSome(Self.continueResponse, from: 0)
            if written >= 0 && written < Self.continueResponse.count { output = Array(Self.continueResponse[written...]) }
        }
        if slots.count >= Self.maxOutstanding { readPaused = true }
        if parser.phase == .head && headStartedAt == 0 { headStartedAt = loop.now }
        if parser.phase != .head { headStartedAt = 0 }
    }

    /// Queues a response that ends the connection (a parse error or a timeout).
    private func queueFinal(_ response: HTTPResponse) {
        inputClosed = true
        slots.append(Slot(
            requestID: server.makeRequestID(), keepAlive: false, keepAliveHeader: false, omitBody: false,
            response: response
        ))
    }

    // MARK: Responding

    /// Stores the response for `sequence`; ignored when it was already answered or the
    /// connection is gone.
    func complete(_ sequence: UInt64, _ response: HTTPResponse) {
        guard state == .open, sequence >= firstSequence else { return }
        let index = Int(sequence - firstSequence)
        guard index < slots.count, slots[index].response == nil else { return }
        slots[index].response = response
        if !processing && index == 0 {
            flush()
            afterIO()
        }
    }

    /// Encodes every ready response at the head of the queue and writes them in one call.
    private func flush() {
        guard state == .open, let first = slots.first, first.response != nil else { return }
        let direct = output.isEmpty
        var bytes = direct ? server.takeWriteBuffer() : output
        var done = 0
        for slot in slots {
            guard let response = slot.response else { break }
            done += 1
            let last = !slot.keepAlive || (server.draining && done == slots.count)
            server.encoder.encode(
                response,
                framing: .init(requestID: slot.requestID, close: last, keepAliveHeader: slot.keepAliveHeader && !last, omitBody: slot.omitBody),
                into: &bytes
            )
            server.counters.countResponse(status: response.status)
            if last {
                closeQueued = true
                inputClosed = true
                break
            }
        }
        if closeQueued {
            firstSequence += UInt64(slots.count)
            slots.removeAll()
        } else {
            firstSequence += UInt64(done)
            slots.removeFirst(done)
        }
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
        } else {
            output = bytes
            writeOutput()
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
                lastActivity = loop.now
            } else if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                break
            } else {
                return -1
            }
        }
        return offset
    }

    private func writeOutput() {
        guard state == .open, !output.isEmpty else { return }
        let written = writeSome(output, from: outputOffset)
        if written < 0 {
            close()
            return
        }
        if written == output.count {
            output = []
            outputOffset = 0
            afterIO()
        } else {
            outputOffset = written
        }
    }

    /// After reading or writing: resume paused reading, close when done, arm the timer.
    private func afterIO() {
        guard state == .open else { return }
        if closeQueued || (peerClosed && slots.isEmpty) {
            if output.isEmpty { closeQueued ? linger() : close() }
            return
        }
        if server.draining && slots.isEmpty && output.isEmpty {
            close()
            return
        }
        if readPaused && slots.count < Self.maxOutstanding / 2 {
            readPaused = false
            processing = true
            parseRequests()
            processing = false
            if !readPaused {
                readable()
                return
            }
        }
        armTimer()
    }

    // MARK: Timeouts and closing

    private var deadline: UInt64 {
        switch state {
        case .closed: return 0
        case .lingering: return lingerDeadline
        case .open: break
        }
        if !output.isEmpty { return lastActivity &+ server.idleTimeout }
        if !slots.isEmpty { return 0 }
        switch parser.phase {
        case .idle: return lastActivity &+ server.idleTimeout
        case .head: return headStartedAt &+ server.headerTimeout
        case .body: return lastActivity &+ server.bodyTimeout
        case .failed: return 0
        }
    }

    private func armTimer() {
        let due = deadline
        guard due != 0 else { return }
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
        let due = deadline
        guard due != 0 else { return }
        if loop.now < due && monotonicNanoseconds() < due {
            armTimer()
            return
        }
        timedOut()
    }

    private func timedOut() {
        switch state {
        case .closed: return
        case .lingering:
            close()
            return
        case .open: break
        }
        guard slots.isEmpty && output.isEmpty else {
            close()
            return
        }
        switch parser.phase {
        case .head:
            queueFinal(HTTPParseError.requestTimeout("the request head was not complete within the header timeout").response)
        case .body:
            queueFinal(HTTPParseError.requestTimeout("the request body stalled (no byte within the body timeout)").response)
        case .idle, .failed:
            close()
            return
        }
        flush()
        afterIO()
    }

    /// Called by the server loop when shutdown begins.
    func beginDrain() {
        guard state == .open else { return }
        if slots.isEmpty && output.isEmpty { close() }
    }

    /// Half-closes after the final response so the client reads it before the close
    /// (closing with unread input would reset the connection and lose the response).
    private func linger() {
        state = .lingering
        _ = shutdown(fd, Int32(SHUT_WR))
        lingerDeadline = loop.now &+ 1_000_000_000
        discardInput()
        if state == .lingering { armTimer() }
    }

    /// Reads and drops input while lingering, at most `maxDiscard` bytes in all: an
    /// oversized body is never read whole.
    private func discardInput() {
        let scratch = server.readBuffer
        while state == .lingering {
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
        guard state != .closed else { return }
        state = .closed
        if let timer { loop.cancel(timer) }
        timer = nil
        if let registration { loop.deregister(registration) }
        registration = nil
        _ = Glibc.close(fd)
        slots = []
        output = []
        server.connectionClosed(self)
    }
}
