extension RedisPipelinedConnection {
    /// hiredis reads at most this much per `read(2)`; a shorter read means the socket was drained.
    private static let hiredisReadSize = 16 * 1024

    /// Hands enqueued commands to hiredis and writes until done or `EAGAIN`.
    /// - Returns: whether write interest is still needed (`.wouldBlock`) or the connection broke.
    @discardableResult
    package func flush() -> FlushResult {
        guard let context else { return .broken }
        guard resolveConnect(context) else { return context === self.context ? .wouldBlock : .broken }
        do {
            if case .ready = phase, !encoder.isEmpty {
                try context.append(encoder)
                encoder.reset()
            }
            return try context.write() ? .complete : .wouldBlock
        } catch {
            fail(error, duringConnect: !isReady)
            return .broken
        }
    }

    /// Reads what the socket holds and completes every request whose reply is complete, in order.
    package func readable() {
        guard let context, resolveConnect(context) else { return }
        do {
            while true {
                let count = try context.read()
                while let reply = try context.bufferedReply() {
                    try dispatch(reply)
                    guard context === self.context else { return }
                }
                if count < Self.hiredisReadSize { return }
            }
        } catch {
            if context === self.context { fail(error, duringConnect: !isReady) }
        }
    }

    /// Fails requests waiting longer than `commandTimeout` with `.timeout` (or a connect/handshake
    /// longer than `connectTimeout`). The reply stream is then out of step, so the connection is
    /// dropped and every other pending request fails with `.connection`.
    /// - Parameter now: the current instant.
    package func expireTimedOut(now: ContinuousClock.Instant = .now) {
        switch phase {
        case .disconnected:
            return
        case .connecting, .handshaking:
            guard now - connectStartedAt >= configuration.connectTimeout else { return }
            let error = RedisClientError(.timeout, "not connected within the connect timeout", endpoint: configuration.description)
            fail(error, duringConnect: true)
        case .ready:
            guard !requests.isEmpty, now - requests[0].enqueuedAt >= configuration.commandTimeout else { return }
            let timeout = RedisClientError(.timeout, "no reply within the command timeout", endpoint: configuration.description)
            let reset = RedisClientError(.connection, "connection reset after another command timed out", endpoint: configuration.description)
            fail(reset, duringConnect: false) { now - $0.enqueuedAt >= self.configuration.commandTimeout ? timeout : reset }
        }
    }

    /// Closes the connection; pending completions fail with `.connection`.
    package func close() {
        fail(RedisClientError(.connection, "connection closed", endpoint: configuration.description), duringConnect: false)
    }

    var isReady: Bool {
        if case .ready = phase { true } else { false }
    }

    /// While connecting, checks whether the TCP connect finished. Returns whether I/O may proceed.
    private func resolveConnect(_ context: RedisContext) -> Bool {
        guard case .connecting = phase else { return true }
        switch context.connectOutcome() {
        case nil:
            return false
        case .failure(let error):
            fail(error, duringConnect: true)
            return false
        case .success:
            if case .handshake = replySlots.first {
                // The handshake's slots lead the queue; requests queued meanwhile follow (a
                // transaction holds several slots, so they are counted, not derived from requests).
                var handshake = 0
                while handshake < replySlots.count, case .handshake = replySlots[handshake] { handshake += 1 }
                phase = .handshaking(remaining: handshake)
            } else {
                becomeReady()
            }
            return true
        }
    }

    private func becomeReady() {
        phase = .ready
        backoff.recordSuccess()
    }

    private func dispatch(_ reply: RedisValue) throws(RedisClientError) {
        guard let slot = replySlots.popFirst() else {
            throw RedisClientError(.protocol, "reply without a request", endpoint: configuration.description)
        }
        switch slot {
        case .handshake(let step):
            if let error = step.error(for: reply, endpoint: configuration.description) {
                fail(error, duringConnect: true)
                return
            }
            guard case .handshaking(let remaining) = phase else { return }
            if remaining > 1 {
                phase = .handshaking(remaining: remaining - 1)
            } else {
                becomeReady()  // held commands go to hiredis on the next flush()
            }
        case .scriptLoad(let sequence):
            // A script that does not compile: its error is the answer; the FCALL reply behind it is ignored.
            if reply.errorMessage != nil { record(.success(reply), for: sequence) }
        case .transactionStep(let sequence):
            // The first error while queueing answers the transaction (kept until EXEC's reply comes).
            guard sequence >= firstSequence, reply.errorMessage != nil else { return }
            let offset = Int(sequence - firstSequence)
            if requests[offset].result == nil { requests[offset].result = .success(reply) }
        case .request(let sequence):
            guard sequence >= firstSequence else { return }
            if RedisScript.isNotLoaded(reply), retryScript(at: Int(sequence - firstSequence)) {
                replySlots.append(.scriptLoad(sequence))
                replySlots.append(.request(sequence))
                return
            }
            record(.success(reply), for: sequence)
        }
    }

    /// Queues `FUNCTION LOAD` and the same `FCALL` again for the script call at `offset`, unless it
    /// is no script call, was retried already or has its answer. Returns whether it did.
    private func retryScript(at offset: Int) -> Bool {
        guard requests[offset].result == nil, let call = requests[offset].script, !call.retried else { return false }
        requests[offset].script?.retried = true
        encoder.append(call.script.loadCommand)
        encoder.appendFunctionCall(call.script.name, call.keys, call.arguments)
        return true
    }

    /// Stores a result and completes every request at the front that has one.
    private func record(_ result: Outcome, for sequence: UInt64) {
        guard sequence >= firstSequence else { return }
        let offset = Int(sequence - firstSequence)
        if offset > 0 {
            // Held behind an earlier request that still waits (its script is being retried).
            if requests[offset].result == nil { requests[offset].result = result }
            return
        }
        guard let front = requests.popFirst() else { return }
        firstSequence += 1
        front.waiter.resume(front.result ?? result)
        while !requests.isEmpty, let held = requests[0].result, let next = requests.popFirst() {
            firstSequence += 1
            next.waiter.resume(held)
        }
    }

    /// Drops the context and fails every pending request exactly once, in order; requests that
    /// already have their reply (held behind a retried script) still get that reply.
    func fail(
        _ error: RedisClientError, duringConnect: Bool,
        errorFor: ((PendingRequest) -> RedisClientError)? = nil
    ) {
        if duringConnect { backoff.recordFailure() }
        context = nil
        phase = .disconnected
        encoder.reset()
        _ = replySlots.takeAll()
        let failed = requests.takeAll()
        firstSequence = nextSequence
        for request in failed {
            request.waiter.resume(request.result ?? .failure(errorFor?(request) ?? error))
        }
    }
}
