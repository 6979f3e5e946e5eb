import Redis
import Spin

/// The Redis keys of one player; all share the `{player}` hash tag (one cluster slot).
struct RedisSpinKeys {
    private let prefix: String

    init(_ player: PlayerID) {
        prefix = "os:{" + player.value + "}:"
    }

    var wallet: RedisArgument { RedisArgument(prefix + "wallet") }
    var round: RedisArgument { RedisArgument(prefix + "round") }
    var lock: RedisArgument { RedisArgument(prefix + "lock") }
    var history: RedisArgument { RedisArgument(prefix + "history") }
    func record(_ spin: SpinID) -> RedisArgument { RedisArgument(prefix + "key:" + spin.value) }
    func credit(_ key: SpinID) -> RedisArgument { RedisArgument(prefix + "credit:" + key.value) }

    /// The events stream (the outbox of settled spins).
    static let events: RedisArgument = "os:events:0"
}
