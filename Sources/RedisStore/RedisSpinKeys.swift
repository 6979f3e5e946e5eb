package import Redis
package import Spin

/// The Redis keys of one player. All of them, and the events stream its spins append to, carry
/// the hash tag of the player's partition, so every script runs in one cluster slot and a
/// partition's keys move together when its slot moves (see `RedisPartitions`).
///
/// Layout: `os:{<tag>}:<player>/wallet`, `…/round`, `…/lock`, `…/history`, `…/key:<spin id>`,
/// `…/credit:<key>`, the partition's stream `os:{<tag>}:events` and its `os:{<tag>}:sync` counter. A player id never holds `/`,
/// so no two players' keys can meet.
package struct RedisSpinKeys {
    /// `os:{<tag>}:<player>/`, as bytes: each key is one allocation of exactly its size (string
    /// concatenation made two or three per key, some ten keys a spin).
    private let prefix: [UInt8]
    /// The player's partition, `0..<RedisPartitions.count`.
    package let partition: Int

    package init(_ player: PlayerID) {
        partition = RedisPartitions.partition(of: player.value)
        let tag = RedisPartitions.tag(partition)
        var prefix: [UInt8] = []
        prefix.reserveCapacity(7 + tag.utf8.count + player.value.utf8.count)
        prefix.append(contentsOf: "os:{".utf8)
        prefix.append(contentsOf: tag.utf8)
        prefix.append(contentsOf: "}:".utf8)
        prefix.append(contentsOf: player.value.utf8)
        prefix.append(UInt8(ascii: "/"))
        self.prefix = prefix
    }

    package var wallet: RedisArgument { key("wallet") }
    package var round: RedisArgument { key("round") }
    package var lock: RedisArgument { key("lock") }
    package var history: RedisArgument { key("history") }
    package func record(_ spin: SpinID) -> RedisArgument { key("key:", spin.value) }
    package func credit(_ key: SpinID) -> RedisArgument { self.key("credit:", key.value) }

    /// The prefix, `name` and `suffix`.
    private func key(_ name: StaticString, _ suffix: String = "") -> RedisArgument {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(prefix.count + name.utf8CodeUnitCount + suffix.utf8.count)
        bytes.append(contentsOf: prefix)
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: suffix.utf8)
        return RedisArgument(bytes)
    }

    /// The events stream of the player's partition (the outbox of settled spins).
    package var events: RedisArgument { RedisPartitions.events(partition) }

    /// The partition's counter written (`INCRBY … 0`) before `WAIT` when a stored answer is replayed.
    package var sync: RedisArgument { RedisArgument("os:{" + RedisPartitions.tag(partition) + "}:sync") }
}
