/// A non-blocking Redis connection driven by an event loop that owns it (one thread, not `Sendable`).
///
/// The loop registers `fileDescriptor` for `EPOLLIN | EPOLLOUT | EPOLLET` once after each `connect()`
/// (edge-triggered: `readable()` reads until the socket is drained, `flush()` writes until done or
/// `EAGAIN`, so no wake-up is lost and none repeats), and then:
/// - calls `enqueue` / `enqueueScript` while handling requests (no I/O, commands gather in a buffer);
/// - calls `readable()` on `EPOLLIN`, `EPOLLERR` or `EPOLLHUP`, and `flush()` on `EPOLLOUT` and once at
///   the end of every wake-up, so everything enqueued in one wake-up goes out in one write (and the
///   commands held during `AUTH`/`SELECT` leave as soon as the handshake replies were read);
/// - calls `expireTimedOut(now:)` from a periodic timer (or at `nextDeadline`);
/// - when `state == .disconnected`, calls `connect()` again after `nextReconnectDelay`.
///
/// Completions run on the loop's thread inside those calls, in enqueue order, exactly once each.
/// When the connection breaks its socket is closed (epoll forgets it by itself) and every pending
/// completion fails; after `connect()` the loop registers the new `fileDescriptor`.
package final class RedisPipelinedConnection {
    /// Receives a reply (server error replies arrive as `.success(.error(message))`) or a client error.
    package typealias Completion = (Result<RedisValue, RedisClientError>) -> Void

    /// Where the connection stands.
    package enum State: Sendable, Hashable {
        /// No socket; `connect()` starts one.
        case disconnected
        /// TCP connect or `AUTH`/`SELECT` in progress; commands may be enqueued already.
        case connecting
        /// Ready.
        case connected
    }

    /// What `flush()` achieved.
    package enum FlushResult: Sendable, Hashable {
        /// Everything enqueued has been written.
        case complete
        /// The socket would block (or is still connecting): wait for `EPOLLOUT` and flush again.
        case wouldBlock
        /// There is no connection (it broke, or was never connected); pending completions have failed.
        case broken
    }

    enum Phase {
        case disconnected
        case connecting
        case handshaking(remaining: Int)
        case ready
    }

    enum ReplySlot {
        case request(UInt64)
        case scriptLoad(UInt64)
        /// `MULTI`'s reply or a queued command's (`+QUEUED`) in a transaction: only an error counts.
        case transactionStep(UInt64)
        case handshake(RedisHandshake)
    }

    /// A reply's outcome, as completions receive it.
    package typealias Outcome = Result<RedisValue, RedisClientError>

    /// What an `FCALL` needs to be sent again after `Function not found`.
    struct ScriptCall {
        let script: RedisScript
        let keys: [RedisArgument]
        let arguments: [RedisArgument]
        var retried = false
    }

    /// Who is told the outcome: a closure, or a suspended task resumed directly (no closure to allocate).
    enum Waiter {
        case closure(Completion)
        case continuation(UnsafeContinuation<Outcome, Never>)

        func resume(_ outcome: Outcome) {
            switch self {
            case .closure(let completion): completion(outcome)
            case .continuation(let continuation): continuation.resume(returning: outcome)
            }
        }
    }

    /// One request in flight; it lives in `requests` and is only ever moved, never copied.
    struct PendingRequest {
        let waiter: Waiter
        let enqueuedAt: ContinuousClock.Instant
        /// Set only when the reply came while an earlier request still waits (behind a script retry).
        var result: Outcome?
        var script: ScriptCall?
    }

    /// Where and how to connect.
    package let configuration: RedisConfiguration
    var context: RedisContext?
    var phase = Phase.disconnected
    var connectStartedAt = ContinuousClock.now
    var backoff = ReconnectBackoff()
    /// Commands enqueued but not yet handed to hiredis (held back while the handshake runs).
    let encoder = RedisCommandEncoder()
    /// Requests in enqueue order; `requests[0]` has sequence number `firstSequence`.
    var requests = FIFOQueue<PendingRequest>()
    /// What each expected reply belongs to, in wire order.
    var replySlots = FIFOQueue<ReplySlot>()
    var firstSequence: UInt64 = 0
    var nextSequence: UInt64 = 0

    /// Makes a disconnected connection; call `connect()`.
    package init(configuration: RedisConfiguration) {
        self.configuration = configuration
    }

    deinit {
        fail(RedisClientError(.connection, "connection closed", endpoint: configuration.description), duringConnect: false)
    }

    /// Where the connection stands.
    package var state: State {
        switch phase {
        case .disconnected: .disconnected
        case .connecting, .handshaking: .connecting
        case .ready: .connected
        }
    }

    /// The socket to watch while `state != .disconnected`.
    package var fileDescriptor: Int32? { context?.fileDescriptor }

    /// How long `connect()` would be held back by the backoff after failed attempts (zero: now).
    package var nextReconnectDelay: Duration { backoff.remaining() }

    /// Requests waiting for their reply.
    package var pendingCount: Int { requests.count }

    /// The earliest instant `expireTimedOut(now:)` has something to expire, or `nil`.
    package var nextDeadline: ContinuousClock.Instant? {
        switch phase {
        case .disconnected: return nil
        case .connecting, .handshaking: return connectStartedAt + configuration.connectTimeout
        case .ready: return requests.first.map { $0.enqueuedAt + configuration.commandTimeout }
        }
    }

    /// Starts connecting (non-blocking TCP connect; `AUTH`/`SELECT` are pipelined ahead of any command,
    /// and commands enqueued meanwhile are held until they succeed). Does nothing unless disconnected.
    /// Host names are resolved with a blocking `getaddrinfo`; use an IP address on a loop thread.
    /// - Throws: `.connection` when the attempt fails at once or falls inside the backoff window.
    package func connect() throws(RedisClientError) {
        guard case .disconnected = phase else { return }
        let now = ContinuousClock.now
        guard backoff.remaining(now: now) == .zero else {
            throw backoff.heldBackError(endpoint: configuration.description, now: now)
        }
        do {
            let fresh = try RedisContext.connectNonBlocking(configuration)
            let steps = RedisHandshake.commands(for: configuration)
            if !steps.isEmpty {
                let handshake = RedisCommandEncoder(capacity: 256)
                for step in steps { handshake.append(step.arguments) }
                try fresh.append(handshake)
                for step in steps { replySlots.append(.handshake(step)) }
            }
            context = fresh
            connectStartedAt = now
            phase = .connecting
        } catch {
            backoff.recordFailure(now: now)
            throw error
        }
    }

    /// Queues a command; no I/O. When disconnected the completion fails at once with `.connection`.
    /// - Parameters:
    ///   - arguments: the command and its arguments, binary safe.
    ///   - completion: called once, on this thread, with the reply or an error.
    package func enqueue(_ arguments: [RedisArgument], completion: @escaping Completion) {
        enqueue(arguments, waiter: .closure(completion))
    }

    /// Queues a command whose outcome resumes `continuation` (on this thread, exactly once).
    package func enqueue(_ arguments: [RedisArgument], continuation: UnsafeContinuation<Outcome, Never>) {
        enqueue(arguments, waiter: .continuation(continuation))
    }

    private func enqueue(_ arguments: [RedisArgument], waiter: Waiter) {
        guard case .disconnected = phase else {
            encoder.append(arguments)
            track(PendingRequest(waiter: waiter, enqueuedAt: .now, script: nil))
            return
        }
        waiter.resume(.failure(notConnectedError))
    }

    /// Queues `MULTI`, `commands` and `EXEC` back to back as one request: its outcome is `EXEC`'s reply
    /// (an array of the commands' replies, run as one), or the first error Redis gave while queueing
    /// (`MULTI` refused, a command refused or redirected: `MOVED`/`ASK` in a cluster) — then `EXEC`
    /// aborts or finds no transaction, and its reply is dropped. Other requests' commands never come
    /// between (they are queued in one go on the loop's thread).
    package func enqueueTransaction(_ commands: [[RedisArgument]], completion: @escaping Completion) {
        enqueueTransaction(commands, waiter: .closure(completion))
    }

    /// Queues a transaction as above; its outcome resumes `continuation`.
    package func enqueueTransaction(_ commands: [[RedisArgument]], continuation: UnsafeContinuation<Outcome, Never>) {
        enqueueTransaction(commands, waiter: .continuation(continuation))
    }

    private static let multi: [RedisArgument] = ["MULTI"]
    private static let exec: [RedisArgument] = ["EXEC"]

    private func enqueueTransaction(_ commands: [[RedisArgument]], waiter: Waiter) {
        guard case .disconnected = phase else {
            encoder.append(Self.multi)
            for command in commands { encoder.append(command) }
            encoder.append(Self.exec)
            for _ in 0...commands.count { replySlots.append(.transactionStep(nextSequence)) }
            track(PendingRequest(waiter: waiter, enqueuedAt: .now, script: nil))
            return
        }
        waiter.resume(.failure(notConnectedError))
    }

    /// Queues `FCALL`; on `Function not found` the connection sends `FUNCTION LOAD` and calls again once by itself,
    /// and the completion still runs in enqueue order.
    /// - Parameters:
    ///   - script: the script.
    ///   - keys: the keys it touches.
    ///   - arguments: its other arguments.
    ///   - completion: called once with the script's reply (a Lua error is `.success(.error(...))`).
    package func enqueueScript(
        _ script: RedisScript, keys: [RedisArgument], arguments: [RedisArgument],
        completion: @escaping Completion
    ) {
        enqueueScript(script, keys: keys, arguments: arguments, waiter: .closure(completion))
    }

    /// Queues `FCALL` (called again after `Function not found` as above); its outcome resumes `continuation`.
    package func enqueueScript(
        _ script: RedisScript, keys: [RedisArgument], arguments: [RedisArgument],
        continuation: UnsafeContinuation<Outcome, Never>
    ) {
        enqueueScript(script, keys: keys, arguments: arguments, waiter: .continuation(continuation))
    }

    private func enqueueScript(_ script: RedisScript, keys: [RedisArgument], arguments: [RedisArgument], waiter: Waiter) {
        guard case .disconnected = phase else {
            encoder.appendFunctionCall(script.name, keys, arguments)
            let call = ScriptCall(script: script, keys: keys, arguments: arguments)
            track(PendingRequest(waiter: waiter, enqueuedAt: .now, script: call))
            return
        }
        waiter.resume(.failure(notConnectedError))
    }

    private func track(_ request: consuming PendingRequest) {
        requests.append(request)
        replySlots.append(.request(nextSequence))
        nextSequence += 1
    }

    var notConnectedError: RedisClientError {
        RedisClientError(.connection, "not connected", endpoint: configuration.description)
    }
}
