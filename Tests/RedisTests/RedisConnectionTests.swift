import Testing

@testable import Redis

@Suite struct RedisConnectionTests {
    @Test func binaryValuesRoundTrip() throws {
        let connection = RedisConnection(configuration: .make())
        let key = RedisConfiguration.uniquePrefix("binary") + "k\u{0}ey"
        defer { _ = try? connection.send(["DEL", RedisArgument(key)]) }
        var value: [UInt8] = [0, 1, 2, 0, 255, 13, 10, 0]
        value += Array(0...255).map { UInt8($0) }
        #expect(try connection.send(["SET", RedisArgument(key), RedisArgument(value)]) == .status("OK"))
        #expect(try connection.send(["GET", RedisArgument(key)]) == .bulkString(value))
        #expect(try connection.send(["STRLEN", RedisArgument(key)]).int == value.count)
        #expect(try connection.send(["GET", RedisArgument(key + "missing")]) == .null)
    }

    @Test func repliesOfEveryKind() throws {
        let connection = RedisConnection(configuration: .make())
        let key = RedisConfiguration.uniquePrefix("kinds") + "list"
        defer { _ = try? connection.send(["DEL", RedisArgument(key)]) }
        #expect(try connection.send(["PING"]) == .status("PONG"))
        #expect(try connection.send(["RPUSH", RedisArgument(key), "a", 42, RedisArgument([0, 9])]) == .integer(3))
        #expect(try connection.send(["LRANGE", RedisArgument(key), 0, -1]) == .array([.bulkString([97]), .bulkString([52, 50]), .bulkString([0, 9])]))
        let wrongType = try connection.send(["INCR", RedisArgument(key)])
        #expect(wrongType.errorMessage?.hasPrefix("WRONGTYPE") == true)
        #expect(throws: RedisClientError.self) { try connection.sendChecked(["INCR", RedisArgument(key)]) }
        do {
            _ = try connection.sendChecked(["NOSUCHCOMMAND"])
        } catch {
            #expect(error.code == .server)
            #expect(error.message.contains("unknown command"))
        }
        // The connection is still fine after error replies.
        #expect(try connection.send(["ECHO", "after"]).string == "after")
    }

    @Test func pipelineOfTenThousandCommandsKeepsOrder() throws {
        let connection = RedisConnection(configuration: .make())
        let key = RedisConfiguration.uniquePrefix("pipeline") + "counter"
        defer { _ = try? connection.send(["DEL", RedisArgument(key)]) }
        let commands: [[RedisArgument]] = (0..<10_000).map { _ in ["INCR", RedisArgument(key)] }
        let replies = try connection.pipeline(commands)
        #expect(replies.count == 10_000)
        #expect(replies == (1...10_000).map { RedisValue.integer(Int64($0)) })
        let mixed = try connection.pipeline([["SET", RedisArgument(key), "x"], ["INCR", RedisArgument(key)], ["GET", RedisArgument(key)]])
        #expect(mixed[0] == .status("OK"))
        #expect(mixed[1].errorMessage != nil)
        #expect(mixed[2] == .bulkString(Array("x".utf8)))
    }

    @Test func killedConnectionReconnectsOnNextCommand() throws {
        let connection = RedisConnection(configuration: .make())
        let killer = RedisConnection(configuration: .make())
        let id = try #require(try connection.send(["CLIENT", "ID"]).int)
        #expect(try killer.send(["CLIENT", "KILL", "ID", RedisArgument(id)]) == .integer(1))
        #expect(try connection.send(["PING"]) == .status("PONG"))
        let newID = try #require(try connection.send(["CLIENT", "ID"]).int)
        #expect(newID != id)
    }

    @Test func commandTimeoutThenRecovers() throws {
        let connection = RedisConnection(configuration: .make(commandTimeout: .milliseconds(200)))
        let key = RedisConfiguration.uniquePrefix("timeout") + "empty"
        let start = ContinuousClock.now
        do {
            _ = try connection.send(["BLPOP", RedisArgument(key), 5])
            Issue.record("BLPOP should have timed out")
        } catch {
            #expect(error.code == .timeout)
        }
        let elapsed = ContinuousClock.now - start
        #expect(elapsed >= .milliseconds(150) && elapsed < .seconds(2))
        #expect(!connection.isConnected)
        // A fresh connection, no stale BLPOP reply.
        #expect(try connection.send(["ECHO", "fresh"]).string == "fresh")
    }

    @Test func scriptReloadsAfterFlush() throws {
        let connection = RedisConnection(configuration: .make())
        let key = RedisConfiguration.uniquePrefix("script") + "k"
        defer { _ = try? connection.send(["DEL", RedisArgument(key)]) }
        let script = RedisScript("redis.call('SET', KEYS[1], ARGV[1]); return redis.call('STRLEN', KEYS[1])")
        #expect(try connection.send(script.loadCommand).string == script.name)
        // Another process loading the same library at the same moment is no error (`REPLACE`).
        #expect(try connection.send(script.loadCommand).string == script.name)
        #expect(try connection.send(["FUNCTION", "FLUSH"]) == .status("OK"))
        #expect(try connection.evaluate(script, keys: [RedisArgument(key)], arguments: ["hello"]) == .integer(5))
        let listed = try connection.send(["FUNCTION", "LIST", "LIBRARYNAME", RedisArgument(script.name)])
        #expect(listed.array?.count == 1)
        #expect(try connection.evaluate(script, keys: [RedisArgument(key)], arguments: ["hi"]) == .integer(2))
        let failing = RedisScript("return redis.error_reply('BOOM nope')")
        #expect(try connection.evaluate(failing).errorMessage == "BOOM nope")
    }

    @Test func wrongPasswordIsAnAuthenticationError() throws {
        let admin = RedisConnection(configuration: .make())
        let user = "onespin-test-\(UInt32.random(in: 0...UInt32.max))"
        defer { _ = try? admin.send(["ACL", "DELUSER", RedisArgument(user)]) }
        #expect(try admin.send(["ACL", "SETUSER", RedisArgument(user), "on", ">right-password", "~*", "+@all"]) == .status("OK"))
        let wrong = RedisConnection(configuration: .make(username: user, password: "wrong-password"))
        do {
            _ = try wrong.send(["PING"])
            Issue.record("expected an authentication error")
        } catch {
            #expect(error.code == .authentication)
            #expect(!error.description.contains("wrong-password"))
        }
        // Inside the backoff window the next attempt fails fast without touching the server.
        do {
            _ = try wrong.send(["PING"])
            Issue.record("expected a held-back reconnect")
        } catch {
            #expect(error.code == .connection)
            #expect(error.message.contains("held back"))
        }
        let right = RedisConnection(configuration: .make(username: user, password: "right-password"))
        #expect(try right.send(["ACL", "WHOAMI"]).string == user)
    }

    @Test func refusedConnectionIsTypedAndBackedOff() throws {
        var configuration = RedisConfiguration.make()
        configuration.port = 1
        let connection = RedisConnection(configuration: configuration)
        #expect(throws: RedisClientError.self) { try connection.connect() }
        do {
            try connection.connect()
        } catch {
            #expect(error.code == .connection)
        }
    }

    @Test func scriptDigestMatchesRedis() {
        #expect(SHA1.hexDigest("abc".utf8) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(SHA1.hexDigest("".utf8) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(SHA1.hexDigest(Array(repeating: UInt8(ascii: "a"), count: 1000)) == "291e9a6c66994949b57ba5e650361e98fc36b1ba")
    }
}
