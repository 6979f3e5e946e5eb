package import IOLoop

/// Redis Cluster from one event loop: one pipelined connection per master (made on first use),
/// each command sent to its key's slot's master from the shared `RedisClusterTopology` map.
///
/// Redirections and "not now" replies are followed only because they say the command did not run:
/// `MOVED` (update the map, refresh it, resend), `ASK` (`ASKING` then the command once on the named
/// node, map unchanged), `TRYAGAIN` / `CLUSTERDOWN` / `LOADING` / `READONLY` / `MASTERDOWN` (back
/// off, refresh, resend while within the command timeout). `Function not found` is handled per connection.
/// A lost connection or a timeout fails the command (it may have run); a refresh is asked for.
///
/// Thread confinement: state is touched on `loop`'s thread only (calls hop there), which makes the
/// `@unchecked Sendable` sound.
package final class RedisClusterLoopClient: RedisKeyedClient, @unchecked Sendable {
    package let loop: EventLoop
    private let topology: RedisClusterTopology
    private var links: [RedisEndpoint: RedisLoopClient] = [:]
    private var map = RedisClusterSlotMap()
    private var mapVersion: UInt64?
    private var stopped = false
    /// Redirections one command follows at most (a map in flux could otherwise bounce it forever).
    private static let maximumRedirects = 5
    private static let firstBackoff = Duration.milliseconds(10)
    private static let longestBackoff = Duration.milliseconds(100)

    /// Makes the client (connections open on first use). Call on `loop`'s thread.
    package init(loop: EventLoop, topology: RedisClusterTopology) {
        self.loop = loop
        self.topology = topology
    }

    package func send(_ arguments: [RedisArgument], key: RedisArgument, wait: RedisReplicaWait?) async throws(RedisClientError) -> RedisValue {
        try await run(.command(arguments), slot: key.hashSlot, wait: wait)
    }

    /// Every command goes to `key`'s slot's master in the same tick (one write on that connection);
    /// each then follows its own redirects and retries, as `send` does.
    package func send(pipeline commands: [[RedisArgument]], key: RedisArgument) async throws(RedisClientError) -> [RedisValue] {
        let slot = key.hashSlot
        let deadline = ContinuousClock.now + topology.settings.node.commandTimeout
        let outcome = await withUnsafeContinuation { (continuation: UnsafeContinuation<Result<[RedisValue], RedisClientError>, Never>) in
            let work = UncheckedWork { [self] in
                let replies = RedisPipelineReplies(count: commands.count) { continuation.resume(returning: $0) }
                for (index, command) in commands.enumerated() {
                    dispatch(Operation(
                        command: .command(command), slot: slot, node: nil, wait: nil, deadline: deadline,
                        completion: replies.completion(for: index)))
                }
            }
            if loop.inEventLoop {
                work.run()
            } else {
                loop.execute { work.run() }
            }
        }
        return try outcome.get()
    }

    /// The whole transaction follows a redirect: the first error while queueing (`MOVED`, `ASK`,
    /// `TRYAGAIN`…) is its reply, and the transaction is sent again where that says.
    package func send(transaction commands: [[RedisArgument]], key: RedisArgument) async throws(RedisClientError) -> RedisValue {
        try await run(.transaction(commands), slot: key.hashSlot, wait: nil)
    }

    package func evaluate(
        _ script: RedisScript, keys: [RedisArgument], arguments: [RedisArgument], wait: RedisReplicaWait?
    ) async throws(RedisClientError) -> RedisValue {
        try await run(.script(script, keys, arguments), slot: keys.first?.hashSlot ?? 0, wait: wait)
    }

    package func sendToEveryMaster(_ arguments: [RedisArgument]) async throws(RedisClientError) -> [RedisValue] {
        let masters = topology.snapshot.map.masters
        guard !masters.isEmpty else {
            topology.requestRefresh()
            throw RedisClientError.make(.connection, "no cluster slot map yet")
        }
        var replies: [RedisValue] = []
        for master in masters {
            replies.append(try await run(.command(arguments), slot: nil, node: master, wait: nil))
        }
        return replies
    }

    package func stop() {
        stopped = true
        for link in links.values { link.stop() }
        links = [:]
    }

    fileprivate enum Command {
        case command([RedisArgument])
        case script(RedisScript, [RedisArgument], [RedisArgument])
        case transaction([[RedisArgument]])
    }

    /// One command on its way: where it goes next and what it has been through.
    fileprivate final class Operation {
        let command: Command
        let slot: Int?
        let node: RedisEndpoint?
        let wait: RedisReplicaWait?
        let deadline: ContinuousClock.Instant
        /// Called once, on the loop, with the outcome.
        let completion: RedisPipelinedConnection.Completion
        var redirects = 0
        var retries = 0
        var ask: RedisEndpoint?

        init(
            command: Command, slot: Int?, node: RedisEndpoint?, wait: RedisReplicaWait?, deadline: ContinuousClock.Instant,
            completion: @escaping RedisPipelinedConnection.Completion
        ) {
            self.command = command
            self.slot = slot
            self.node = node
            self.wait = wait
            self.deadline = deadline
            self.completion = completion
        }
    }

    private func run(_ command: Command, slot: Int?, node: RedisEndpoint? = nil, wait: RedisReplicaWait?) async throws(RedisClientError) -> RedisValue {
        let deadline = ContinuousClock.now + topology.settings.node.commandTimeout
        let outcome = await withUnsafeContinuation { (continuation: UnsafeContinuation<RedisPipelinedConnection.Outcome, Never>) in
            let operation = Operation(
                command: command, slot: slot, node: node, wait: wait, deadline: deadline,
                completion: { continuation.resume(returning: $0) })
            if loop.inEventLoop {
                dispatch(operation)
            } else {
                let work = UncheckedOperation(client: self, operation: operation)
                loop.execute { work.client.dispatch(work.operation) }
            }
        }
        return try outcome.get()
    }

    private func dispatch(_ operation: Operation) {
        guard !stopped else {
            operation.completion(.failure(.make(.connection, "cluster client stopped")))
            return
        }
        refreshMap()
        let ask = operation.ask
        operation.ask = nil
        guard let target = ask ?? operation.node ?? operation.slot.flatMap({ map.master(forSlot: $0) }) else {
            topology.requestRefresh()
            retryLater(operation, because: RedisValue.error("CLUSTERDOWN slot \(operation.slot ?? -1) has no known master"))
            return
        }
        let link = self.link(to: target)
        if ask != nil { link.submit(["ASKING"]) { _ in } }
        let completion: RedisPipelinedConnection.Completion = { [self] result in handle(result, operation, link) }
        switch operation.command {
        case .command(let arguments): link.submit(arguments, completion: completion)
        case .script(let script, let keys, let arguments): link.submit(script, keys: keys, arguments: arguments, completion: completion)
        case .transaction(let commands): link.submit(transaction: commands, completion: completion)
        }
    }

    private func handle(_ result: RedisPipelinedConnection.Outcome, _ operation: Operation, _ link: RedisLoopClient) {
        let reply: RedisValue
        switch result {
        case .failure(let error):
            topology.requestRefresh()
            operation.completion(.failure(error))
            return
        case .success(let value):
            reply = value
        }
        if let message = reply.errorMessage {
            if let redirect = RedisRedirect(errorMessage: message), operation.redirects < Self.maximumRedirects {
                operation.redirects += 1
                switch redirect.kind {
                case .moved:
                    topology.moved(redirect.slot, to: redirect.endpoint)
                    map.assign(redirect.slot, to: redirect.endpoint)
                case .ask:
                    operation.ask = redirect.endpoint
                }
                dispatch(operation)
                return
            }
            // Redirected more often than a settled map needs (a slot in mid-move, or maps that
            // disagree for a moment): not run, so back off and retry within the deadline.
            if RedisClusterReply.isRetryable(message) || RedisRedirect(errorMessage: message) != nil {
                topology.requestRefresh()
                retryLater(operation, because: reply)
                return
            }
            operation.completion(.success(reply))
            return
        }
        guard let wait = operation.wait else {
            operation.completion(.success(reply))
            return
        }
        let endpoint = link.endpoint.description
        link.submitWait(wait) { result in
            switch result {
            case .failure(let error):
                operation.completion(.failure(error))
            case .success(let acknowledged):
                if let shortfall = wait.shortfall(acknowledged, endpoint: endpoint) {
                    operation.completion(.failure(shortfall))
                } else {
                    operation.completion(.success(reply))
                }
            }
        }
    }

    /// Sends the command again after a backoff if that still ends before its deadline; otherwise
    /// answers with the last reply (the store reads it as "not now").
    private func retryLater(_ operation: Operation, because reply: RedisValue) {
        let delay = min(Self.firstBackoff * (1 << min(operation.retries, 8)), Self.longestBackoff)
        guard ContinuousClock.now + delay < operation.deadline else {
            operation.completion(.success(reply))
            return
        }
        operation.retries += 1
        loop.schedule(after: delay) { [self] in dispatch(operation) }
    }

    private func refreshMap() {
        let (latest, version) = topology.snapshot
        guard version != mapVersion else { return }
        map = latest
        mapVersion = version
        // Connections to nodes that serve nothing any more are closed.
        let masters = Set(map.masters)
        for (endpoint, link) in links where !masters.contains(endpoint) {
            link.stop()
            links[endpoint] = nil
        }
    }

    private func link(to endpoint: RedisEndpoint) -> RedisLoopClient {
        if let link = links[endpoint] { return link }
        let link = RedisLoopClient(loop: loop, configuration: topology.settings.node.pointed(at: endpoint))
        links[endpoint] = link
        return link
    }
}

/// Replies of a cluster node that say "not run, try again shortly".
package enum RedisClusterReply {
    package static func isRetryable(_ message: String) -> Bool {
        for prefix in ["TRYAGAIN", "CLUSTERDOWN", "LOADING", "READONLY", "MASTERDOWN"] where message.hasPrefix(prefix) {
            return true
        }
        return false
    }
}

/// Carries an operation to its loop; it is only touched there.
private struct UncheckedOperation: @unchecked Sendable {
    let client: RedisClusterLoopClient
    let operation: RedisClusterLoopClient.Operation
}

extension RedisArgument {
    /// The cluster slot of this argument as a key.
    package var hashSlot: Int {
        switch storage {
        case .string(let string): RedisHashSlot.slot(of: string.utf8)
        case .bytes(let bytes): RedisHashSlot.slot(of: bytes)
        case .integer(let integer): RedisHashSlot.slot(of: String(integer).utf8)
        }
    }
}

/// Carries loop-confined work across `execute`, which wants a `Sendable` closure; it only ever runs on the loop.
private struct UncheckedWork: @unchecked Sendable {
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }
}
