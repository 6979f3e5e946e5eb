package import IOLoop

/// A Redis connection owned by one event loop: its socket sits in the loop's epoll set, every
/// command issued during one wake-up goes out in one write (at the tick's end), and replies resume
/// the waiting tasks on the same loop.
///
/// With a `RedisSentinelMonitor` it follows the master the Sentinels name: it connects to the
/// monitor's current master (checking `ROLE` on connect), asks the monitor to rediscover when the
/// connection is lost, and moves at once when told of a new master.
///
/// Thread confinement: all state is touched on `loop`'s thread only (asserted in debug builds);
/// `send` hops there when called from elsewhere. `@unchecked Sendable` rather than `LoopBound`:
/// like `EventLoop`, the client is the handle tasks on any thread call `send` on, and it owns the
/// loop-only state behind it.
package final class RedisLoopClient: RedisKeyedClient, @unchecked Sendable {
    package let loop: EventLoop
    private var connection: RedisPipelinedConnection
    private let monitor: RedisSentinelMonitor?
    private var listener: UInt64?
    private var registration: (id: RegistrationID, fileDescriptor: Int32)?
    private var flushPending = false
    /// `WAIT`s asked for during this tick: one `WAIT` at the tick's end answers them all.
    private var pendingWaits: [(wait: RedisReplicaWait, completion: RedisPipelinedConnection.Completion)] = []
    private var stopped = false
    /// Whether a connection was tried already (so a disconnected state means it was lost or refused).
    private var attempted = false
    /// How often timeouts are checked and a broken connection is retried.
    private static let housekeepingInterval = Duration.milliseconds(20)

    /// Makes the client and starts connecting. Call on `loop`'s thread.
    /// - Parameters:
    ///   - configuration: the node (with a monitor: everything but the address, which the monitor names).
    ///   - monitor: the Sentinel monitor to follow, or `nil` for a fixed node.
    package init(loop: EventLoop, configuration: RedisConfiguration, monitor: RedisSentinelMonitor? = nil) {
        loop.assertInEventLoop()
        self.loop = loop
        self.monitor = monitor
        var target = configuration
        if let master = monitor?.master { target = configuration.pointed(at: master) }
        self.connection = RedisPipelinedConnection(configuration: target)
        if let monitor {
            let work = UncheckedWeakClient(self)
            listener = monitor.addListener { master in
                loop.execute { work.client?.masterChanged(master) }
            }
        }
        connectIfNeeded()
        scheduleHousekeeping()
    }

    /// Whether the connection is up (loop thread).
    package var isConnected: Bool { connection.state == .connected }

    /// Where the connection points now (loop thread).
    package var endpoint: RedisEndpoint { connection.configuration.endpoint }

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

    package func send(_ arguments: [RedisArgument], key: RedisArgument, wait: RedisReplicaWait?) async throws(RedisClientError) -> RedisValue {
        let reply = try await send(arguments)
        try await replicate(reply, wait)
        return reply
    }

    /// Sends the commands back to back (queued in one go, written at the tick's end in one flush) and
    /// waits for every reply, in order; `key` only names the node, which is this connection's.
    package func send(pipeline commands: [[RedisArgument]], key: RedisArgument) async throws(RedisClientError) -> [RedisValue] {
        let outcome = await withUnsafeContinuation { (continuation: PipelineContinuation) in
            if loop.inEventLoop {
                issue(pipeline: commands, continuation)
            } else {
                loop.execute { [self] in issue(pipeline: commands, continuation) }
            }
        }
        return try outcome.get()
    }

    /// Sends `MULTI`, the commands and `EXEC` back to back and waits for `EXEC`'s reply (or the first
    /// error while queueing; see `RedisPipelinedConnection.enqueueTransaction`); `key` only names the node.
    package func send(transaction commands: [[RedisArgument]], key: RedisArgument) async throws(RedisClientError) -> RedisValue {
        let outcome = await withUnsafeContinuation { (continuation: Continuation) in
            if loop.inEventLoop {
                issue(transaction: commands, continuation)
            } else {
                loop.execute { [self] in issue(transaction: commands, continuation) }
            }
        }
        return try outcome.get()
    }

    /// Runs a script by `FCALL` (loaded on `Function not found`) and waits for its reply.
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

    package func evaluate(
        _ script: RedisScript, keys: [RedisArgument], arguments: [RedisArgument], wait: RedisReplicaWait?
    ) async throws(RedisClientError) -> RedisValue {
        let reply = try await evaluate(script, keys: keys, arguments: arguments)
        try await replicate(reply, wait)
        return reply
    }

    /// `WAIT` after a successful write, on this connection; throws `.replication` when too few acknowledged.
    private func replicate(_ reply: RedisValue, _ wait: RedisReplicaWait?) async throws(RedisClientError) {
        guard let wait, reply.errorMessage == nil else { return }
        let outcome = await withUnsafeContinuation { (continuation: Continuation) in
            if loop.inEventLoop {
                submitWait(wait) { continuation.resume(returning: $0) }
            } else {
                let work = UncheckedWork { [self] in submitWait(wait) { continuation.resume(returning: $0) } }
                loop.execute { work.run() }
            }
        }
        if let shortfall = wait.shortfall(try outcome.get(), endpoint: connection.configuration.description) { throw shortfall }
    }

    /// Asks for a `WAIT` covering every write this connection sent so far; `completion` gets its
    /// reply (the count of replicas that acknowledged). The `WAIT`s asked for in one tick go out as
    /// one, at the tick's end, with the largest count and timeout asked: each caller's writes were
    /// sent before it, so that one covers them all. Loop thread only.
    package func submitWait(_ wait: RedisReplicaWait, completion: @escaping RedisPipelinedConnection.Completion) {
        pendingWaits.append((wait, completion))
        guard pendingWaits.count == 1 else { return }
        loop.whenTickEnds { [self] in
            let batch = pendingWaits
            pendingWaits = []
            guard let replicas = batch.map(\.wait.replicas).max(), let timeout = batch.map(\.wait.timeout).max() else { return }
            submit(RedisReplicaWait(replicas: replicas, timeout: timeout).command) { result in
                for waiter in batch { waiter.completion(result) }
            }
        }
    }

    package func sendToEveryMaster(_ arguments: [RedisArgument]) async throws(RedisClientError) -> [RedisValue] {
        [try await send(arguments)]
    }

    /// Queues a command on the loop thread; `completion` runs there, once. Loop thread only.
    package func submit(_ arguments: [RedisArgument], completion: @escaping RedisPipelinedConnection.Completion) {
        connectIfNeeded()
        connection.enqueue(arguments, completion: completion)
        requestFlush()
    }

    /// Queues a transaction (`MULTI` … `EXEC`, one outcome); `completion` runs on the loop, once. Loop thread only.
    package func submit(transaction commands: [[RedisArgument]], completion: @escaping RedisPipelinedConnection.Completion) {
        connectIfNeeded()
        connection.enqueueTransaction(commands, completion: completion)
        requestFlush()
    }

    /// Queues `FCALL` (loaded and called again on `Function not found`); `completion` runs on the loop, once. Loop thread only.
    package func submit(
        _ script: RedisScript, keys: [RedisArgument], arguments: [RedisArgument],
        completion: @escaping RedisPipelinedConnection.Completion
    ) {
        connectIfNeeded()
        connection.enqueueScript(script, keys: keys, arguments: arguments, completion: completion)
        requestFlush()
    }

    /// Closes the connection and stops reconnecting (loop thread).
    package func stop() {
        loop.assertInEventLoop()
        stopped = true
        if let listener { monitor?.removeListener(listener) }
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

    /// Resumed once, on the loop, when the pipeline's last reply arrived (or its first failure).
    private typealias PipelineContinuation = UnsafeContinuation<Result<[RedisValue], RedisClientError>, Never>

    private func issue(pipeline commands: [[RedisArgument]], _ continuation: PipelineContinuation) {
        loop.assertInEventLoop()
        let replies = RedisPipelineReplies(count: commands.count) { continuation.resume(returning: $0) }
        for (index, command) in commands.enumerated() {
            submit(command, completion: replies.completion(for: index))
        }
    }

    private func issue(transaction commands: [[RedisArgument]], _ continuation: Continuation) {
        loop.assertInEventLoop()
        connectIfNeeded()
        connection.enqueueTransaction(commands, continuation: continuation)
        requestFlush()
    }

    private func issue(_ script: RedisScript, _ keys: [RedisArgument], _ arguments: [RedisArgument], _ continuation: Continuation) {
        loop.assertInEventLoop()
        connectIfNeeded()
        connection.enqueueScript(script, keys: keys, arguments: arguments, continuation: continuation)
        requestFlush()
    }

    /// The wake-ups that call for a read (readable, hung up, error), as bits: tested on every wake-up
    /// without building an option set (the array literal went through generic code each time).
    private static let readOnWake = EventReadiness.readable.rawValue | EventReadiness.hangup.rawValue | EventReadiness.error.rawValue

    private func requestFlush() {
        guard !flushPending else { return }
        flushPending = true
        loop.whenTickEnds { [self] in
            flushPending = false
            connection.flush()
            syncRegistration()
        }
    }

    /// The monitor names a new master: drop the connection to the old one (its pending commands
    /// fail: they may or may not have run) and connect to the new one.
    private func masterChanged(_ master: RedisEndpoint) {
        guard !stopped, master != connection.configuration.endpoint else { return }
        connection.close()
        syncRegistration()
        connection = RedisPipelinedConnection(configuration: connection.configuration.pointed(at: master))
        attempted = false
        connectIfNeeded()
    }

    private func connectIfNeeded() {
        guard !stopped, connection.state == .disconnected else { return }
        if let monitor {
            if attempted { monitor.connectionLost() }
            if let master = monitor.master, master != connection.configuration.endpoint {
                connection = RedisPipelinedConnection(configuration: connection.configuration.pointed(at: master))
            }
        }
        guard connection.nextReconnectDelay == .zero else { return }
        attempted = true
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
                if readiness.rawValue & Self.readOnWake != 0 { connection.readable() }
                // Also after a read: a `Function not found` reply queues FUNCTION LOAD and the retry.
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

/// Carries loop-confined work across `execute`, which wants a `Sendable` closure; it only ever runs on the loop.
private struct UncheckedWork: @unchecked Sendable {
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }
}

/// Lets the monitor's listener reach the client without keeping it alive; read on the loop only.
private final class UncheckedWeakClient: @unchecked Sendable {
    weak var client: RedisLoopClient?
    init(_ client: RedisLoopClient) { self.client = client }
}
