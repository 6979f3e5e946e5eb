package import IOLoop

/// A Redis connection owned by one event loop: its socket sits in the loop's epoll set, every
/// command issued during one wake-up goes out in one write (at the tick's end), and replies resume
/// the waiting tasks on the same loop.
///
/// Thread confinement: all state is touched on `loop`'s thread only (asserted in debug builds);
/// `send` hops there when called from elsewhere. `@unchecked Sendable` rather than `LoopBound`:
/// like `EventLoop`, the client is the handle tasks on any thread call `send` on, and it owns the
/// loop-only state behind it.
package final class RedisLoopClient: @unchecked Sendable {
    package let loop: EventLoop
    private let connection: RedisPipelinedConnection
    private var registration: (id: RegistrationID, fileDescriptor: Int32)?
    private var flushPending = false
    private var stopped = false
    /// How often timeouts are checked and a broken connection is retried.
    private static let housekeepingInterval = Duration.milliseconds(20)

    /// Makes the client and starts connecting. Call on `loop`'s thread.
    package init(loop: EventLoop, configuration: RedisConfiguration) {
        loop.assertInEventLoop()
        self.loop = loop
        self.connection = RedisPipelinedConnection(configuration: configuration)
        connectIfNeeded()
        scheduleHousekeeping()
    }

    /// Whether the connection is up (loop thread).
    package var isConnected: Bool { connection.state == .connected }

    /// Sends one command and waits for its reply.
    /// - Throws: `RedisClientError` (connection, timeout, protocol); a Redis error reply is returned
    ///   as `.error`, not thrown.
    package func send(_ arguments: [RedisArgument]) async throws(RedisClientError) -> RedisValue {
        let outcome = await withUnsafeContinuation { (continuation: Continuation) in
            if loop.inEventLoop {
                issue(arguments, continuation)
            } else {
                loop.execute { [self] in issue(arguments, continuation) }
            }
        }
        return try outcome.get()
    }

    /// Runs a script by `EVALSHA` (loaded on `NOSCRIPT`) and waits for its reply.
    package func evaluate(_ script: RedisScript, keys: [RedisArgument], arguments: [RedisArgument]) async throws(RedisClientError) -> RedisValue {
        let outcome = await withUnsafeContinuation { (continuation: Continuation) in
            if loop.inEventLoop {
                issue(script, keys, arguments, continuation)
            } else {
                loop.execute { [self] in issue(script, keys, arguments, continuation) }
            }
        }
        return try outcome.get()
    }

    /// Closes the connection and stops reconnecting (loop thread).
    package func stop() {
        loop.assertInEventLoop()
        stopped = true
        connection.close()
        syncRegistration()
    }

    /// Resumed exactly once, on the loop, by the connection (with the reply or a failure).
    private typealias Continuation = UnsafeContinuation<RedisPipelinedConnection.Outcome, Never>

    private func issue(_ arguments: [RedisArgument], _ continuation: Continuation) {
        loop.assertInEventLoop()
        connectIfNeeded()
        connection.enqueue(arguments, continuation: continuation)
        requestFlush()
    }

    private func issue(_ script: RedisScript, _ keys: [RedisArgument], _ arguments: [RedisArgument], _ continuation: Continuation) {
        loop.assertInEventLoop()
        connectIfNeeded()
        connection.enqueueScript(script, keys: keys, arguments: arguments, continuation: continuation)
        requestFlush()
    }

    private func requestFlush() {
        guard !flushPending else { return }
        flushPending = true
        loop.whenTickEnds { [self] in
            flushPending = false
            connection.flush()
            syncRegistration()
        }
    }

    private func connectIfNeeded() {
        guard !stopped, connection.state == .disconnected, connection.nextReconnectDelay == .zero else { return }
        do {
            try connection.connect()
        } catch {
            // The next command fails fast with `.connection`; housekeeping retries after the backoff.
        }
        syncRegistration()
    }

    /// Keeps the epoll registration in step with the connection's socket, which changes on reconnect
    /// and disappears when the connection breaks (the socket is then already closed).
    private func syncRegistration() {
        let current = connection.fileDescriptor
        if let registered = registration, registered.fileDescriptor != current || connection.state == .disconnected {
            loop.deregister(registered.id)
            registration = nil
        }
        guard registration == nil, let fileDescriptor = current, connection.state != .disconnected else { return }
        do {
            let id = try loop.register(fileDescriptor: fileDescriptor, interest: [.readable, .writable]) { [self] readiness in
                if !readiness.isDisjoint(with: [.readable, .hangup, .error]) { connection.readable() }
                // Also after a read: a NOSCRIPT reply queues SCRIPT LOAD and the retry.
                connection.flush()
                syncRegistration()
            }
            registration = (id, fileDescriptor)
        } catch {
            connection.close()
        }
    }

    private func scheduleHousekeeping() {
        loop.schedule(after: Self.housekeepingInterval) { [self] in
            guard !stopped else { return }
            connection.expireTimedOut()
            connectIfNeeded()
            syncRegistration()
            scheduleHousekeeping()
        }
    }
}
