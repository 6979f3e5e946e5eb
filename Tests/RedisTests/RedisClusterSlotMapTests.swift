import Testing

@testable import Redis

@Suite struct RedisClusterSlotMapTests {
    private static func node(_ port: Int, role: String, health: String = "online") -> RedisValue {
        .array([
            .bulkString(Array("id".utf8)), .bulkString(Array("abc\(port)".utf8)), .bulkString(Array("port".utf8)), .integer(Int64(port)),
            .bulkString(Array("ip".utf8)), .bulkString(Array("127.0.0.1".utf8)), .bulkString(Array("endpoint".utf8)),
            .bulkString(Array("127.0.0.1".utf8)), .bulkString(Array("role".utf8)), .bulkString(Array(role.utf8)),
            .bulkString(Array("replication-offset".utf8)), .integer(0), .bulkString(Array("health".utf8)), .bulkString(Array(health.utf8)),
        ])
    }

    private static func shard(_ bounds: [Int], _ nodes: [RedisValue]) -> RedisValue {
        .array([.bulkString(Array("slots".utf8)), .array(bounds.map { .integer(Int64($0)) }), .bulkString(Array("nodes".utf8)), .array(nodes)])
    }

    @Test func shardsGiveEachSlotItsOnlineMaster() throws {
        let reply = RedisValue.array([
            Self.shard([0, 5460], [Self.node(7000, role: "master"), Self.node(7003, role: "replica")]),
            Self.shard([5461, 10922], [Self.node(7004, role: "master", health: "fail"), Self.node(7001, role: "master")]),
            Self.shard([10923, 12000, 12001, 16383], [Self.node(7002, role: "master")]),
        ])
        let map = try #require(RedisClusterSlotMap.fromShards(reply))
        #expect(map.coveredSlots == 16384)
        #expect(map.master(forSlot: 0) == RedisEndpoint(host: "127.0.0.1", port: 7000))
        #expect(map.master(forSlot: 5460) == RedisEndpoint(host: "127.0.0.1", port: 7000))
        #expect(map.master(forSlot: 5461) == RedisEndpoint(host: "127.0.0.1", port: 7001))
        #expect(map.master(forSlot: 12001) == RedisEndpoint(host: "127.0.0.1", port: 7002))
        #expect(map.master(forSlot: 16384) == nil)
        #expect(map.masters.count == 3)
    }

    @Test func slotsReplyAndAMovedUpdate() throws {
        func entry(_ low: Int, _ high: Int, _ port: Int) -> RedisValue {
            .array([.integer(Int64(low)), .integer(Int64(high)),
                    .array([.bulkString(Array("10.0.0.1".utf8)), .integer(Int64(port)), .bulkString(Array("id".utf8))])])
        }
        var map = try #require(RedisClusterSlotMap.fromSlots(.array([entry(0, 8191, 7000), entry(8192, 16383, 7001)])))
        #expect(map.coveredSlots == 16384)
        #expect(map.master(forSlot: 8192) == RedisEndpoint(host: "10.0.0.1", port: 7001))
        map.assign(8192, to: RedisEndpoint(host: "10.0.0.2", port: 7002))
        #expect(map.master(forSlot: 8192) == RedisEndpoint(host: "10.0.0.2", port: 7002))
        #expect(map.master(forSlot: 8193) == RedisEndpoint(host: "10.0.0.1", port: 7001))
    }

    @Test func malformedRepliesAreRejected() {
        #expect(RedisClusterSlotMap.fromShards(.error("ERR unknown subcommand")) == nil)
        #expect(RedisClusterSlotMap.fromShards(.array([.array([.bulkString(Array("slots".utf8))])])) == nil)
        #expect(RedisClusterSlotMap.fromSlots(.array([.array([.integer(5), .integer(1), .array([])])])) == nil)
        #expect(RedisClusterSlotMap.fromSlots(.integer(3)) == nil)
    }
}
