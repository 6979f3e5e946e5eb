import Redis

/// Measures the blocking connection the way `redis-benchmark -c 1` does, for `Scripts/bench.sh`.
enum RedisBenchmark {
    /// The command sent, named after the redis-benchmark test to compare with (`-t <rawValue>`).
    enum Test: String, Sendable, CaseIterable {
        /// `PING` sent as a multi-bulk command: compare with `redis-benchmark -t ping_mbulk`.
        case ping = "ping_mbulk"
        /// `SET key:__rand_int__ xxx` (3-byte value, redis-benchmark's default): compare with `-t set`.
        case set
    }

    /// Sends `requests` commands on one connection, `pipeline` at a time, and returns operations per second.
    /// - Parameters:
    ///   - configuration: the server.
    ///   - requests: how many commands in all (rounded up to whole pipelines).
    ///   - pipeline: commands per round trip (`-P`).
    ///   - test: which command.
    /// - Returns: completed commands per second of wall time.
    /// - Throws: `RedisClientError` when a command fails or returns an error reply.
    static func run(
        configuration: RedisConfiguration, requests: Int, pipeline: Int, test: Test = .ping
    ) throws(RedisClientError) -> Double {
        let connection = RedisConnection(configuration: configuration)
        try connection.connect()
        let command: [RedisArgument] =
            switch test {
            case .ping: ["PING"]
            case .set: ["SET", "key:__rand_int__", "xxx"]
            }
        let depth = max(1, pipeline)
        let batch = Array(repeating: command, count: depth)
        let rounds = (max(1, requests) + depth - 1) / depth
        let start = ContinuousClock.now
        for _ in 0..<rounds {
            if depth == 1 {
                let reply = try connection.send(command)
                if let message = reply.errorMessage { throw RedisClientError.server(message) }
            } else {
                for reply in try connection.pipeline(batch) {
                    if let message = reply.errorMessage { throw RedisClientError.server(message) }
                }
            }
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Double(rounds * depth) / max(seconds, 1e-9)
    }
}
