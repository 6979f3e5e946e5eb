import Redis
import RedisStore
import Spin
import Testing

@Suite struct RedisPartitionsTests {
    @Test func everyPartitionTagSitsInItsOwnSlotRange() {
        let width = RedisHashSlot.count / RedisPartitions.count
        var slots = Set<Int>()
        for index in 0..<RedisPartitions.count {
            let slot = RedisHashSlot.slot(of: RedisPartitions.tag(index))
            #expect(slot / width == index, "partition \(index) tag \(RedisPartitions.tag(index)) is in slot \(slot)")
            slots.insert(slot)
        }
        #expect(slots.count == RedisPartitions.count)
    }

    @Test func everyKeyOfAPlayerAndItsEventsStreamShareOneSlot() throws {
        for name in ["alice", "bob", "p17", "x:key:y", "a.b-c_d", String(repeating: "z", count: 64)] {
            let player = try #require(PlayerID(name))
            let keys = RedisSpinKeys(player)
            let spin = try #require(SpinID("spin-1"))
            let all = [keys.wallet, keys.round, keys.lock, keys.history, keys.record(spin), keys.credit(spin), keys.events]
            let slots = Set(all.map(\.hashSlot))
            #expect(slots.count == 1, "\(name): \(slots)")
            #expect(keys.events == RedisPartitions.events(keys.partition))
            #expect(keys.partition == RedisPartitions.partition(of: name))
        }
    }

    @Test func playersWhoseIdsLookAlikeNeverShareAKey() throws {
        // "x" with spin "key:y/wallet" vs player "x/…" is impossible: ids never hold '/'.
        let first = RedisSpinKeys(try #require(PlayerID("x:key:y")))
        let second = RedisSpinKeys(try #require(PlayerID("x")))
        let spin = try #require(SpinID("y:wallet"))
        #expect(first.wallet.bytes != second.record(spin).bytes)
        #expect(PlayerID("a/b") == nil)
    }

    @Test func playersSpreadOverThePartitions() {
        var counts = [Int](repeating: 0, count: RedisPartitions.count)
        for index in 0..<64_000 { counts[RedisPartitions.partition(of: "player-\(index)")] += 1 }
        // 1000 expected per partition; CRC16 spreads sequential ids within a few percent.
        #expect(counts.min() ?? 0 > 800)
        #expect(counts.max() ?? 0 < 1200)
    }
}
