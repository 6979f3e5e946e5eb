import HTTP
import IOLoop
import OneSpin
import Redis
import Testing

extension EndToEnd {
    @Suite struct RedisLoopClientTests {
        @Test func pingFromOffLoopAndOnLoop() async throws {
            let client = try await RedisTestEnvironment.makeClient()
            let reply = try await client.send(["PING"])
            #expect(reply.string == "PONG")
            let onLoop = try await Task(executorPreference: client.loop) { () async throws -> RedisValue in
                #expect(client.loop.inEventLoop)
                return try await client.send(["ECHO", "hi"])
            }.value
            #expect(onLoop.string == "hi")
        }
    }
}

extension EndToEnd.RedisLoopClientTests {
    @Test func scriptReloadsAfterFlush() async throws {
        let client = try await RedisTestEnvironment.makeClient()
        let script = RedisScript("return ARGV[1] .. '!'")
        _ = try await client.send(["FUNCTION", "FLUSH"])
        let first = try await client.evaluate(script, keys: [], arguments: ["a"])
        #expect(first.string == "a!")
        _ = try await client.send(["FUNCTION", "FLUSH"])
        let second = try await client.evaluate(script, keys: [], arguments: ["b"])
        #expect(second.string == "b!")
    }

    @Test func manyConcurrentCommandsPipelineInOrder() async throws {
        let client = try await RedisTestEnvironment.makeClient()
        let replies = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
            for index in 0..<500 {
                group.addTask(executorPreference: client.loop) {
                    (index, try await client.send(["ECHO", RedisArgument(String(index))]).string)
                }
            }
            return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        #expect(replies.count == 500)
        #expect(replies.allSatisfy { $0.value == String($0.key) })
    }
}
