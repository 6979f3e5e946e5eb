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
    private let prefix: String
    /// The player's partition, `0..<RedisPartitions.count`.
    package let partition: Int

    package init(_ player: PlayerID) {
        partition = RedisPartitions.partition(of: player.value)
        prefix = "os:{" + RedisPartitions.tag(partition) + "}:" + player.value + "/"
    }

    package var wallet: RedisArgument { RedisArgument(prefix + "wallet") }
    package var round: RedisArgument { RedisArgument(prefix + "round") }
    package var lock: RedisArgument { RedisArgument(prefix + "lock") }
    package var history: RedisArgument { RedisArgument(prefix + "history") }
    package func record(_ spin: SpinID) -> RedisArgument { RedisArgument(prefix + "key:" + spin.value) }
    package func credit(_ key: SpinID) -> RedisArgument { RedisArgument(prefix + "credit:" + key.value) }

    /// The events stream of the player's partition (the outbox of settled spins).
    package var events: RedisArgument { RedisPartitions.events(partition) }

    /// The partition's counter written (`INCRBY … 0`) before `WAIT` when a stored answer is replayed.
    package var sync: RedisArgument { RedisArgument("os:{" + RedisPartitions.tag(partition) + "}:sync") }
}
