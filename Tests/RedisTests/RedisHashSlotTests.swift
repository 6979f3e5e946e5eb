import Testing

@testable import Redis

@Suite struct RedisHashSlotTests {
    @Test func crc16MatchesTheClusterSpecificationVector() {
        #expect(RedisHashSlot.crc16(Array("123456789".utf8)) == 0x31C3)
        #expect(RedisHashSlot.crc16([UInt8]()) == 0)
        // Contiguous storage (a native string's UTF-8) and a sequence without it take the same value.
        #expect(RedisHashSlot.crc16("123456789".utf8) == 0x31C3)
        #expect(RedisHashSlot.crc16(AnySequence(Array("123456789".utf8))) == 0x31C3)
    }

    /// Slots as `CLUSTER KEYSLOT` of Redis 7.0 answers them.
    @Test(arguments: [
        ("foo", 12182), ("bar", 5061), ("123456789", 12739),
        ("{user1000}.following", 3443), ("{user1000}.followers", 3443), ("user1000", 3443),
    ])
    func slotsMatchRedis(key: String, slot: Int) {
        #expect(RedisHashSlot.slot(of: key) == slot)
    }

    @Test func keysSharingATagShareASlot() {
        #expect(RedisHashSlot.slot(of: "{user1000}.following") == RedisHashSlot.slot(of: "{user1000}.followers"))
        #expect(RedisHashSlot.slot(of: "os:{7.3}:alice/wallet") == RedisHashSlot.slot(of: "os:{7.3}:events"))
    }

    /// Edge cases of the tag rule (first `{`, then the first `}` after it, not empty), against
    /// `CLUSTER KEYSLOT` of Redis 7.0.
    @Test(arguments: [
        ("{}", "{}", 15257),                  // empty tag: the whole key
        ("{}x", "{}x", 10595),
        ("{", "{", 4092),                     // no closing brace: the whole key
        ("x{", "x{", 3596),
        ("}{", "}{", 12793),                  // `}` before `{` does not close it
        ("a}{b}", "b", 3300),
        ("foo{}{bar}", "foo{}{bar}", 8363),   // the first tag is empty: no second chance
        ("foo{{bar}}zap", "{bar", 4015),      // from the first `{` to the first `}`
        ("foo{bar}{zap}", "bar", 5061),       // the first tag only
        ("{a}{b}", "a", 15495),
    ])
    func hashTagEdgeCases(key: String, hashed: String, slot: Int) {
        #expect(String(decoding: RedisHashSlot.hashTag(of: Array(key.utf8)), as: UTF8.self) == hashed)
        #expect(RedisHashSlot.slot(of: key) == slot)
    }

    @Test func argumentsHashLikeTheirBytes() {
        #expect(RedisArgument("{user1000}.x").hashSlot == 3443)
        #expect(RedisArgument(Array("foo".utf8)).hashSlot == 12182)
        #expect(RedisArgument(123456789).hashSlot == 12739)
    }
}
