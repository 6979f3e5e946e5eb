/// A blocking Redis connection for one owning thread (not `Sendable`).
///
/// It connects lazily (AUTH and SELECT included), sets TCP keepalive and both timeouts, and
/// after any failure drops the hiredis context so that no stale reply is ever read; the next
/// call reconnects, with bounded exponential backoff between failed attempts (an attempt
/// inside the waiting window fails at once with `.connection`, it never sleeps).
package final class RedisConnection {
    /// Where and how to connect.
    package let configuration: RedisConfiguration
    private var context: RedisContext?
    private var backoff = ReconnectBackoff()
    private let encoder = RedisCommandEncoder()

    /// Makes an unconnected connection; the first call connects.
    package init(configuration: RedisConfiguration) {
        self.configuration = configuration
    }

    /// Whether a context is open (it may still turn out dead on the next call).
    package var isConnected: Bool { context != nil }

    /// Connects now if not connected.
    /// - Throws: `.connection`, `.timeout` or `.authentication`.
    package func connect() throws(RedisClientError) {
        _ = try readyContext()
    }

    /// Closes the connection; the next call reconnects.
    package func close() {
        context = nil
    }

    /// Sends one command and waits for its reply. A server error reply is returned as `.error`.
    /// - Parameter arguments: the command and its arguments, binary safe.
    /// - Returns: the reply.
    /// - Throws: `.connection`, `.timeout`, `.protocol` or `.authentication`; the connection is then dropped.
    package func send(_ arguments: [RedisArgument]) throws(RedisClientError) -> RedisValue {
        encoder.reset()
        encoder.append(arguments)
        return try exchange(replyCount: 1)[0]
    }

    /// Like `send`, but an error reply throws `.server` with the server's message.
    package func sendChecked(_ arguments: [RedisArgument]) throws(RedisClientError) -> RedisValue {
        let reply = try send(arguments)
        if let message = reply.errorMessage { throw RedisClientError.server(message, endpoint: configuration.description) }
        return reply
    }

    /// Sends every command in one write and reads their replies in order.
    /// Error replies stay in the results (`.error`); the other commands still run.
    /// - Parameter commands: the commands.
    /// - Returns: one reply per command, in order.
    /// - Throws: `.connection`, `.timeout` or `.protocol`; the connection is then dropped.
    package func pipeline(_ commands: [[RedisArgument]]) throws(RedisClientError) -> [RedisValue] {
        guard !commands.isEmpty else { return [] }
        encoder.reset()
        for command in commands { encoder.append(command) }
        return try exchange(replyCount: commands.count)
    }

    /// Runs a script with `FCALL`; if Redis answers `Function not found`, loads it and calls again once.
    /// - Returns: the script's reply (a Lua error comes back as `.error`).
    package func evaluate(
        _ script: RedisScript, keys: [RedisArgument] = [], arguments: [RedisArgument] = []
    ) throws(RedisClientError) -> RedisValue {
        encoder.reset()
        encoder.appendFunctionCall(script.name, keys, arguments)
        let first = try exchange(replyCount: 1)[0]
        guard RedisScript.isNotLoaded(first) else { return first }
        encoder.reset()
        encoder.append(script.loadCommand)
        encoder.appendFunctionCall(script.name, keys, arguments)
        let replies = try exchange(replyCount: 2)
        if replies[0].errorMessage != nil { return replies[0] }
        return replies[1]
    }

    /// Writes the encoder's bytes and reads `replyCount` replies; on failure drops the context.
    private func exchange(replyCount: Int) throws(RedisClientError) -> [RedisValue] {
        let context = try readyContext()
        var replies: [RedisValue] = []
        replies.reserveCapacity(replyCount)
        do {
            try context.append(encoder)
            for _ in 0..<replyCount { replies.append(try context.blockingReply()) }
        } catch {
            self.context = nil
            throw error
        }
        return replies
    }

    private func readyContext() throws(RedisClientError) -> RedisContext {
        if let context {
            // Nothing is outstanding between calls, so readable input means the server closed
            // the connection (or sent something unasked): discard it rather than read a stale reply.
            if !context.hasUnexpectedInput { return context }
            self.context = nil
        }
        let now = ContinuousClock.now
        guard backoff.remaining(now: now) == .zero else {
            throw backoff.heldBackError(endpoint: configuration.description, now: now)
        }
        do {
            let fresh = try RedisContext.connectBlocking(configuration)
            try handshake(fresh)
            backoff.recordSuccess()
            context = fresh
            return fresh
        } catch {
            backoff.recordFailure()
            throw error
        }
    }

    private func handshake(_ context: RedisContext) throws(RedisClientError) {
        let commands = RedisCommandEncoder()
        let steps = RedisHandshake.commands(for: configuration)
        guard !steps.isEmpty else { return }
        for step in steps { commands.append(step.arguments) }
        try context.append(commands)
        for step in steps {
            let reply = try context.blockingReply()
            if let error = step.error(for: reply, endpoint: configuration.description) { throw error }
        }
    }
}
