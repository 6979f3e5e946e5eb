import Foundation
import IOLoop
import Redis
import Testing

extension EndToEnd {
    /// `send(pipeline:key:)`: several commands back to back, replies in order, on one Redis, a
    /// Sentinel-named master and a cluster slot's master.
    @Suite struct RedisPipelineTests {
        @Test func oneRedisAnswersInOrderOffLoopAndOnLoop() async throws {
            let client = try await RedisTestEnvironment.makeClient()
            defer { RedisTestEnvironment.stop(client) }
            let key = RedisArgument("pipeline:\(UUID().uuidString)")
            let replies = try await client.send(pipeline: Self.commands(key), key: key)
            try Self.expectInOrder(replies)
            let onLoop = try await Task(executorPreference: client.loop) { () async throws -> [RedisValue] in
                #expect(client.loop.inEventLoop)
                return try await client.send(pipeline: Self.commands(key), key: key)
            }.value
            try Self.expectInOrder(onLoop)
            #expect(try await client.send(pipeline: [], key: key) == [])
        }

        @Test(arguments: [RedisTopologyEnvironment.Shape.cluster, .sentinel])
        func everyTopologyAnswersInOrder(shape: RedisTopologyEnvironment.Shape) async throws {
            let client = try await RedisTopologyEnvironment.shared(shape)
            // Keys on many slots, so the cluster's every master serves some.
            for index in 0..<20 {
                let key = RedisArgument("{pipeline-\(index)-\(UUID().uuidString)}:k")
                let replies = try await client.send(pipeline: Self.commands(key), key: key)
                try Self.expectInOrder(replies)
            }
        }

        @Test func manyPipelinesAtOnceKeepTheirOwnReplies() async throws {
            let client = try await RedisTopologyEnvironment.shared(.cluster)
            let run = UUID().uuidString
            let results = try await withThrowingTaskGroup(of: (Int, [RedisValue]).self) { group in
                for index in 0..<100 {
                    group.addTask {
                        let key = RedisArgument("{pipeline-\(run)-\(index)}:k")
                        let commands: [[RedisArgument]] = [["SET", key, RedisArgument(index), "PX", 60_000], ["INCR", key], ["GET", key], ["DEL", key]]
                        return (index, try await client.send(pipeline: commands, key: key))
                    }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            #expect(results.count == 100)
            for (index, replies) in results {
                #expect(replies == [.status("OK"), .integer(Int64(index + 1)), .bulkString(Array(String(index + 1).utf8)), .integer(1)])
            }
        }

        @Test func anUnreachableNodeFailsThePipeline() async throws {
            let client = try await RedisTestEnvironment.makeClient(url: "redis://127.0.0.1:1")
            defer { RedisTestEnvironment.stop(client) }
            await #expect(throws: RedisClientError.self) {
                try await client.send(pipeline: [["PING"], ["PING"]], key: "k")
            }
        }

        /// Writes, reads what was written, an error reply in the middle, and cleans up: the replies
        /// show the commands ran in order.
        static func commands(_ key: RedisArgument) -> [[RedisArgument]] {
            [["SET", key, "a", "PX", 60_000], ["APPEND", key, "b"], ["HGETALL", key], ["GET", key], ["DEL", key], ["GET", key]]
        }

        static func expectInOrder(_ replies: [RedisValue]) throws {
            try #require(replies.count == 6)
            #expect(replies[0].string == "OK")
            #expect(replies[1].int == 2)
            #expect(replies[2].errorMessage?.hasPrefix("WRONGTYPE") == true)
            #expect(replies[3].string == "ab")
            #expect(replies[4].int == 1)
            #expect(replies[5].isNull)
        }
    }
}
