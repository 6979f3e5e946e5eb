import Testing

@testable import Redis

@Suite struct RedisSwitchMasterTests {
    static func message(_ text: String, channel: String = "+switch-master") -> RedisValue {
        .array([.bulkString(Array("message".utf8)), .bulkString(Array(channel.utf8)), .bulkString(Array(text.utf8))])
    }

    @Test func readsTheOldAndNewMaster() throws {
        let parsed = try #require(RedisSwitchMaster(Self.message("onespin 127.0.0.1 6379 10.0.0.8 6380")))
        #expect(parsed.masterName == "onespin")
        #expect(parsed.old == RedisEndpoint(host: "127.0.0.1", port: 6379))
        #expect(parsed.new == RedisEndpoint(host: "10.0.0.8", port: 6380))
        #expect(parsed.newMaster(of: "onespin") == RedisEndpoint(host: "10.0.0.8", port: 6380))
        #expect(parsed.newMaster(of: "other") == nil)
    }

    @Test(arguments: [
        message("onespin 127.0.0.1 6379 10.0.0.8"),                  // four words
        message("onespin 127.0.0.1 6379 10.0.0.8 6380 extra"),
        message("onespin 127.0.0.1 6379 10.0.0.8 0"),                // port out of range
        message("onespin 127.0.0.1 6379 10.0.0.8 port"),
        message("onespin 127.0.0.1 6379  6380"),                     // empty host
        message(" 127.0.0.1 6379 10.0.0.8 6380"),                    // empty name
        message("onespin 127.0.0.1 6379 10.0.0.8 6380", channel: "+sdown"),
        .array([.bulkString(Array("subscribe".utf8)), .bulkString(Array("+switch-master".utf8)), .integer(1)]),
        .bulkString(Array("onespin 127.0.0.1 6379 10.0.0.8 6380".utf8)),
        .null,
    ])
    func ignoresAnythingElse(reply: RedisValue) {
        #expect(RedisSwitchMaster(reply) == nil)
    }

    /// From the bytes a Sentinel writes: the subscription's confirmation, then the push.
    @Test func fromTheWire() throws {
        let sentinel = try ScriptedSentinel(
            commands: 1,
            replies: "*3\r\n$9\r\nsubscribe\r\n$14\r\n+switch-master\r\n:1\r\n",
            pushed: "*3\r\n$7\r\nmessage\r\n$14\r\n+switch-master\r\n$37\r\nonespin 127.0.0.1 6379 127.0.0.1 7001\r\n")
        let subscription = try RedisSubscription(
            configuration: RedisConfiguration(host: "127.0.0.1", port: sentinel.port), channels: [RedisSwitchMaster.channel])
        var found: RedisSwitchMaster?
        let deadline = ContinuousClock.now + .seconds(3)
        while found == nil, ContinuousClock.now < deadline {
            if let reply = try subscription.next(timeout: .milliseconds(100)) { found = RedisSwitchMaster(reply) }
        }
        #expect(found?.newMaster(of: "onespin") == RedisEndpoint(host: "127.0.0.1", port: 7001))
        #expect(sentinel.sent == "*2\r\n$9\r\nSUBSCRIBE\r\n$14\r\n+switch-master\r\n")
    }

    /// With a Sentinel password, `AUTH` goes before `SUBSCRIBE`, and a refusal fails the subscription.
    @Test func subscribesAfterAuth() throws {
        let sentinel = try ScriptedSentinel(
            commands: 2, replies: "+OK\r\n*3\r\n$9\r\nsubscribe\r\n$14\r\n+switch-master\r\n:1\r\n")
        let configuration = RedisConfiguration(host: "127.0.0.1", port: sentinel.port, username: "watch", password: "pw")
        _ = try RedisSubscription(configuration: configuration, channels: [RedisSwitchMaster.channel])
        #expect(sentinel.sent.hasPrefix("*3\r\n$4\r\nAUTH\r\n$5\r\nwatch\r\n$2\r\npw\r\n*2\r\n$9\r\nSUBSCRIBE\r\n"))

        let refusing = try ScriptedSentinel(commands: 2, replies: "-WRONGPASS invalid username-password pair\r\n")
        let wrong = RedisConfiguration(host: "127.0.0.1", port: refusing.port, password: "nope")
        #expect(throws: RedisClientError.self) {
            _ = try RedisSubscription(configuration: wrong, channels: [RedisSwitchMaster.channel])
        }
    }
}
