package import Redis
package import Spin

/// The Redis keys of one player; all share the `{player}` hash tag (one cluster slot).
package struct RedisSpinKeys {
    private let prefix: String

    package init(_ player: PlayerID) {
        prefix = "os:{" + player.value + "}:"
    }

    package var wallet: RedisArgument { RedisArgument(prefix + "wallet") }
    package var round: RedisArgument { RedisArgument(prefix + "round") }
    package var lock: RedisArgument { RedisArgument(prefix + "lock") }
    package var history: RedisArgument { RedisArgument(prefix + "history") }
    package func record(_ spin: SpinID) -> RedisArgument { RedisArgument(prefix + "key:" + spin.value) }
    package func credit(_ key: SpinID) -> RedisArgument { RedisArgument(prefix + "credit:" + key.value) }

    /// The events stream (the outbox of settled spins).
    package static let events: RedisArgument = "os:events:0"
}
