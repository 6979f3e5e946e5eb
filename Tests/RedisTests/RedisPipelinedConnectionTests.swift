import Glibc
import Testing

@testable import Redis

@Suite struct RedisPipelinedConnectionTests {
    /// Collects results by request index and counts how often each completion ran.
    final class Outcomes {
        var results: [Int: Result<RedisValue, RedisClientError>] = [:]
        var calls: [Int: Int] = [:]
        var order: [Int] = []

        func completion(_ index: Int) -> RedisPipelinedConnection.Completion {
            { result in
                self.results[index] = result
                self.calls[index, default: 0] += 1
                self.order.append(index)
            }
        }

        func value(_ index: Int) -> RedisValue? { try? results[index]?.get() }

        func error(_ index: Int) -> RedisClientError? {
            if case .failure(let error) = results[index] { error } else { nil }
        }
    }

    @Test func thousandCommandsCompleteInOrder() throws {
        let connection = RedisPipelinedConnection(configuration: .make())
        let key = RedisConfiguration.uniquePrefix("nb-order") + "counter"
        defer { _ = try? RedisConnection(configuration: .make()).send(["DEL", RedisArgument(key)]) }
        try connection.connect()
        #expect(connection.fileDescriptor != nil)
        let outcomes = Outcomes()
        for index in 0..<1000 { connection.enqueue(["INCR", RedisArgument(key)], completion: outcomes.completion(index)) }
        #expect(PollDriver.run(connection) { outcomes.order.count == 1000 })
        #expect(outcomes.order == Array(0..<1000))
        #expect((0..<1000).allSatisfy { outcomes.value($0) == .integer(Int64($0 + 1)) })
        #expect(connection.state == .connected)
        #expect(connection.pendingCount == 0)
        // Binary values and error replies travel too.
        let bytes: [UInt8] = [0, 255, 0, 10, 13]
        connection.enqueue(["SET", RedisArgument(key), RedisArgument(bytes)], completion: outcomes.completion(1000))
        connection.enqueue(["GET", RedisArgument(key)], completion: outcomes.completion(1001))
        connection.enqueue(["NOSUCHCOMMAND"], completion: outcomes.completion(1002))
        #expect(PollDriver.run(connection) { outcomes.order.count == 1003 })
        #expect(outcomes.value(1001) == .bulkString(bytes))
        #expect(outcomes.value(1002)?.errorMessage?.contains("unknown command") == true)
    }

    /// memcmp, because an element-wise `==` on 8 MiB is slow in a debug build.
    static func sameBytes(_ lhs: [UInt8]?, _ rhs: [UInt8]) -> Bool {
        guard let lhs, lhs.count == rhs.count else { return false }
        return lhs.withUnsafeBytes { left in
            rhs.withUnsafeBytes { right in
                guard let leftBase = left.baseAddress, let rightBase = right.baseAddress else { return left.count == right.count }
                return memcmp(leftBase, rightBase, left.count) == 0
            }
        }
    }

    @Test func largeValuesNeedSeveralWritesAndReads() throws {
        let connection = RedisPipelinedConnection(configuration: .make())
        let key = RedisConfiguration.uniquePrefix("nb-large") + "blob"
        defer { _ = try? RedisConnection(configuration: .make()).send(["DEL", RedisArgument(key)]) }
        try connection.connect()
        let outcomes = Outcomes()
        #expect(PollDriver.run(connection) { connection.state == .connected })
        var blob = [UInt8](repeating: 0xA5, count: 8 << 20)
        for index in stride(from: 0, to: blob.count, by: 4093) { blob[index] = UInt8(truncatingIfNeeded: index) }
        connection.enqueue(["SET", RedisArgument(key), RedisArgument(blob)], completion: outcomes.completion(0))
        connection.enqueue(["GET", RedisArgument(key)], completion: outcomes.completion(1))
        connection.enqueue(["GET", RedisArgument(key)], completion: outcomes.completion(2))
        // 8 MiB rarely fits the socket buffer: writes go out over several wake-ups.
        #expect(PollDriver.run(connection) { outcomes.order.count == 3 })
        #expect(outcomes.value(0) == .status("OK"))
        #expect(Self.sameBytes(outcomes.value(1)?.bytes, blob))
        #expect(Self.sameBytes(outcomes.value(2)?.bytes, blob))
    }

    @Test func scriptReloadKeepsCompletionOrder() throws {
        let admin = RedisConnection(configuration: .make())
        let key = RedisConfiguration.uniquePrefix("nb-script") + "k"
        defer { _ = try? admin.send(["DEL", RedisArgument(key)]) }
        let script = RedisScript("return redis.call('APPEND', KEYS[1], ARGV[1]) .. ':nb'")
        #expect(try admin.send(["FUNCTION", "FLUSH"]) == .status("OK"))
        let connection = RedisPipelinedConnection(configuration: .make())
        try connection.connect()
        let outcomes = Outcomes()
        connection.enqueue(["SET", RedisArgument(key), "a"], completion: outcomes.completion(0))
        connection.enqueueScript(script, keys: [RedisArgument(key)], arguments: ["b"], completion: outcomes.completion(1))
        connection.enqueue(["PING"], completion: outcomes.completion(2))
        connection.enqueueScript(script, keys: [RedisArgument(key)], arguments: ["c"], completion: outcomes.completion(3))
        #expect(PollDriver.run(connection) { outcomes.order.count == 4 })
        #expect(outcomes.order == [0, 1, 2, 3])
        #expect(outcomes.value(1) == .bulkString(Array("2:nb".utf8)))
        #expect(outcomes.value(2) == .status("PONG"))
        #expect(outcomes.value(3) == .bulkString(Array("3:nb".utf8)))
        #expect(outcomes.calls.values.allSatisfy { $0 == 1 })
        let broken = RedisScript("this is not lua")
        connection.enqueueScript(broken, keys: [], arguments: [], completion: outcomes.completion(4))
        connection.enqueue(["PING"], completion: outcomes.completion(5))
        #expect(PollDriver.run(connection) { outcomes.order.count == 6 })
        #expect(outcomes.value(4)?.errorMessage != nil)
        #expect(outcomes.value(5) == .status("PONG"))
    }

    /// A transaction is one request: `EXEC`'s array when it ran, the first error while queueing when
    /// not (`EXEC` then aborts and its reply is dropped); the requests around it keep their order,
    /// also when a script reload holds the queue.
    @Test func transactionsAnswerOnceInOrder() throws {
        let admin = RedisConnection(configuration: .make())
        let key = RedisConfiguration.uniquePrefix("nb-multi") + "k"
        defer { _ = try? admin.send(["DEL", RedisArgument(key)]) }
        #expect(try admin.send(["FUNCTION", "FLUSH"]) == .status("OK"))
        let script = RedisScript("return redis.call('INCR', KEYS[1])")
        let connection = RedisPipelinedConnection(configuration: .make())
        try connection.connect()
        let outcomes = Outcomes()
        connection.enqueueScript(script, keys: [RedisArgument(key)], arguments: [], completion: outcomes.completion(0))
        connection.enqueueTransaction([["INCR", RedisArgument(key)], ["GET", RedisArgument(key)]], completion: outcomes.completion(1))
        connection.enqueueTransaction([["INCR", RedisArgument(key)], ["HGETALL"]], completion: outcomes.completion(2))
        connection.enqueue(["GET", RedisArgument(key)], completion: outcomes.completion(3))
        #expect(PollDriver.run(connection) { outcomes.order.count == 4 })
        #expect(outcomes.order == [0, 1, 2, 3])
        // The function was not loaded: the commands behind it ran first, and it ran after its load.
        #expect(outcomes.value(0) == .integer(2))
        #expect(outcomes.value(1) == .array([.integer(1), .bulkString(Array("1".utf8))]))
        // The malformed command is refused while queueing: nothing of that transaction ran.
        #expect(outcomes.value(2)?.errorMessage?.contains("wrong number of arguments") == true)
        #expect(outcomes.value(3) == .bulkString(Array("1".utf8)))
        #expect(outcomes.calls.values.allSatisfy { $0 == 1 })
    }

    @Test func timeoutFailsPendingAndReconnects() throws {
        let connection = RedisPipelinedConnection(configuration: .make(commandTimeout: .milliseconds(200)))
        let key = RedisConfiguration.uniquePrefix("nb-timeout") + "empty"
        try connection.connect()
        let outcomes = Outcomes()
        connection.enqueue(["BLPOP", RedisArgument(key), 5], completion: outcomes.completion(0))
        connection.enqueue(["PING"], completion: outcomes.completion(1))
        let start = ContinuousClock.now
        #expect(PollDriver.run(connection) { connection.state == .connected })
        let deadline = try #require(connection.nextDeadline)
        #expect(deadline > start && deadline <= start + .milliseconds(200))
        #expect(PollDriver.run(connection) { outcomes.order.count == 2 })
        #expect(ContinuousClock.now - start < .seconds(2))
        #expect(outcomes.error(0)?.code == .timeout)
        #expect(outcomes.error(1) != nil)
        #expect(outcomes.calls == [0: 1, 1: 1])
        #expect(connection.state == .disconnected)
        #expect(connection.fileDescriptor == nil)
        // A timeout is not a failed connect: reconnecting is allowed at once.
        #expect(connection.nextReconnectDelay == .zero)
        try connection.connect()
        connection.enqueue(["ECHO", "again"], completion: outcomes.completion(2))
        #expect(PollDriver.run(connection) { outcomes.order.count == 3 })
        #expect(outcomes.value(2)?.string == "again")
    }

    @Test func killedConnectionFailsEveryPendingCompletionOnce() throws {
        let connection = RedisPipelinedConnection(configuration: .make())
        let key = RedisConfiguration.uniquePrefix("nb-kill") + "empty"
        try connection.connect()
        let outcomes = Outcomes()
        connection.enqueue(["CLIENT", "ID"], completion: outcomes.completion(0))
        #expect(PollDriver.run(connection) { outcomes.order.count == 1 })
        let id = try #require(outcomes.value(0)?.int)
        connection.enqueue(["BLPOP", RedisArgument(key), 5], completion: outcomes.completion(1))
        for index in 2..<100 { connection.enqueue(["PING"], completion: outcomes.completion(index)) }
        #expect(connection.flush() != .broken)
        #expect(try RedisConnection(configuration: .make()).send(["CLIENT", "KILL", "ID", RedisArgument(id)]) == .integer(1))
        #expect(PollDriver.run(connection) { outcomes.order.count == 100 })
        #expect((1..<100).allSatisfy { outcomes.error($0)?.code == .connection })
        #expect(outcomes.calls.count == 100 && outcomes.calls.values.allSatisfy { $0 == 1 })
        #expect(connection.state == .disconnected)
        // Enqueueing while disconnected fails at once, on this thread.
        connection.enqueue(["PING"], completion: outcomes.completion(100))
        #expect(outcomes.error(100)?.code == .connection)
        try connection.connect()
        connection.enqueue(["PING"], completion: outcomes.completion(101))
        #expect(PollDriver.run(connection) { outcomes.order.count == 102 })
        #expect(outcomes.value(101) == .status("PONG"))
        #expect(outcomes.calls.values.allSatisfy { $0 == 1 })
    }

    @Test func handshakeAuthenticatesAndSelectsBeforeHeldCommands() throws {
        let admin = RedisConnection(configuration: .make())
        let user = "onespin-nb-\(UInt32.random(in: 0...UInt32.max))"
        defer { _ = try? admin.send(["ACL", "DELUSER", RedisArgument(user)]) }
        #expect(try admin.send(["ACL", "SETUSER", RedisArgument(user), "on", ">pw", "~*", "+@all"]) == .status("OK"))
        var configuration = RedisConfiguration.make(username: user, password: "pw")
        configuration.database = 2
        let connection = RedisPipelinedConnection(configuration: configuration)
        try connection.connect()
        #expect(connection.state == .connecting)
        let outcomes = Outcomes()
        connection.enqueue(["ACL", "WHOAMI"], completion: outcomes.completion(0))
        connection.enqueue(["CLIENT", "INFO"], completion: outcomes.completion(1))
        // A transaction held behind the handshake holds several reply slots: the handshake still ends.
        connection.enqueueTransaction([["ECHO", "a"], ["ECHO", "b"]], completion: outcomes.completion(3))
        #expect(PollDriver.run(connection) { outcomes.order.count == 3 })
        #expect(outcomes.value(0)?.string == user)
        #expect(outcomes.value(1)?.string?.contains(" db=2 ") == true)
        #expect(outcomes.value(3) == .array([.bulkString(Array("a".utf8)), .bulkString(Array("b".utf8))]))
        #expect(connection.state == .connected)

        let wrong = RedisPipelinedConnection(configuration: .make(username: user, password: "nope"))
        try wrong.connect()
        wrong.enqueue(["PING"], completion: outcomes.completion(2))
        #expect(PollDriver.run(wrong) { outcomes.order.count == 4 })
        #expect(outcomes.error(2)?.code == .authentication)
        #expect(wrong.state == .disconnected)
        #expect(wrong.nextReconnectDelay > .zero)
        #expect(throws: RedisClientError.self) { try wrong.connect() }
    }

    @Test func refusedConnectFailsPendingAndBacksOff() throws {
        var configuration = RedisConfiguration.make()
        configuration.port = 1
        let connection = RedisPipelinedConnection(configuration: configuration)
        let outcomes = Outcomes()
        do {
            try connection.connect()
            connection.enqueue(["PING"], completion: outcomes.completion(0))
            PollDriver.run(connection) { outcomes.order.count == 1 }
            #expect(outcomes.error(0)?.code == .connection)
        } catch {
            #expect(error.code == .connection)
        }
        #expect(connection.state == .disconnected)
        #expect(connection.nextReconnectDelay > .zero)
    }
}
