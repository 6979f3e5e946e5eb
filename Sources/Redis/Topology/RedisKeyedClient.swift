package import IOLoop

/// What a store needs from Redis on one event loop, whatever the topology: each command goes to
/// the node serving its key (one node, the Sentinel-named master, or the cluster slot's master).
///
/// A command is sent again only when Redis said it did not run it (`MOVED`, `ASK`, `TRYAGAIN`,
/// `CLUSTERDOWN`, `LOADING`, `READONLY`, `MASTERDOWN`, `Function not found`); after a lost connection or a
/// timeout it fails, since it may have run.
package protocol RedisKeyedClient: AnyObject, Sendable {
    /// The loop whose thread owns the client's connections.
    var loop: EventLoop { get }

    /// Sends one command to the node serving `key` and waits for its reply (an error reply is
    /// returned as `.error`). With `wait`, a successful reply is followed by `WAIT` on the same
    /// connection, as for `evaluate`.
    func send(_ arguments: [RedisArgument], key: RedisArgument, wait: RedisReplicaWait?) async throws(RedisClientError) -> RedisValue

    /// Sends several commands to the node serving `key` back to back — one write, one round trip, on
    /// one connection, so they run in order — and waits for every reply, in the commands' order (an
    /// error reply is returned as `.error`). Each command is redirected and retried on its own, as
    /// `send` does; one redirected command may then run after the ones behind it, so callers must not
    /// rely on the order for more than what fencing already checks. No `WAIT`.
    /// - Throws: the first command's failure that was not a reply (lost connection, timeout), once
    ///   every command has finished; the others may have run.
    func send(pipeline commands: [[RedisArgument]], key: RedisArgument) async throws(RedisClientError) -> [RedisValue]

    /// Runs `commands` as one transaction (`MULTI` … `EXEC`) on the node serving `key` (every key in
    /// one slot) and returns `EXEC`'s reply: an array of the commands' replies, or the first error
    /// Redis gave while queueing (a redirect among them is followed for the whole transaction).
    func send(transaction commands: [[RedisArgument]], key: RedisArgument) async throws(RedisClientError) -> RedisValue

    /// Runs a script on the node serving `keys[0]` (every key in one slot). With `wait`, it then
    /// sends `WAIT` on the same connection and throws `.replication` when fewer replicas than asked
    /// acknowledged the write within the timeout (the script did run on the master).
    func evaluate(
        _ script: RedisScript, keys: [RedisArgument], arguments: [RedisArgument], wait: RedisReplicaWait?
    ) async throws(RedisClientError) -> RedisValue

    /// Every master's connection, for commands that concern all of them (`PING`).
    func sendToEveryMaster(_ arguments: [RedisArgument]) async throws(RedisClientError) -> [RedisValue]

    /// Closes the connections and stops reconnecting (loop thread).
    func stop()
}

extension RedisKeyedClient {
    /// Sends one command to the node serving `key`, without `WAIT`.
    package func send(_ arguments: [RedisArgument], key: RedisArgument) async throws(RedisClientError) -> RedisValue {
        try await send(arguments, key: key, wait: nil)
    }
}

/// `WAIT replicas timeout` after a write: how many replicas must hold it, and how long to wait.
package struct RedisReplicaWait: Sendable, Hashable {
    package var replicas: Int
    package var timeout: Duration

    package init(replicas: Int, timeout: Duration) {
        self.replicas = replicas
        self.timeout = timeout
    }

    /// `WAIT n ms`.
    var command: [RedisArgument] {
        let (seconds, attoseconds) = timeout.components
        let milliseconds = max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
        return ["WAIT", RedisArgument(replicas), RedisArgument(milliseconds)]
    }

    /// The error for a `WAIT` reply that acknowledged fewer than `replicas`, or `nil` when enough did.
    func shortfall(_ reply: RedisValue, endpoint: String) -> RedisClientError? {
        if let acknowledged = reply.int, acknowledged >= replicas { return nil }
        let said = reply.int.map(String.init) ?? reply.errorMessage ?? "no count"
        return RedisClientError(.replication, "WAIT: \(said) of \(replicas) replicas acknowledged in time", endpoint: endpoint)
    }
}
