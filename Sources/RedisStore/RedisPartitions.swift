package import Redis

/// Players are split into `count` partitions; a partition is one cluster slot (its hash tag)
/// holding its players' keys and its own events stream. A player's partition is
/// `CRC16(player id) mod count`; partition `i`'s tag is the first `i.k` (k = 0, 1, …) whose slot
/// falls in the `i`-th of `count` equal slot ranges, so partitions spread evenly over masters that
/// own equal contiguous ranges (as `redis-cli --cluster create` assigns them).
///
/// `count` is part of the data layout: changing it moves players to other keys. It bounds a
/// cluster's useful size (at most `count` masters share the load) and is the number of streams
/// an events reader follows.
package enum RedisPartitions {
    /// Partitions of the player space.
    package static let count = 64

    /// The partition of a player id.
    package static func partition(of player: String) -> Int {
        Int(RedisHashSlot.crc16(player.utf8)) % count
    }

    /// The hash tag text (without braces) of partition `index`.
    package static func tag(_ index: Int) -> String { tags[index] }

    /// The events stream of partition `index`.
    package static func events(_ index: Int) -> RedisArgument { eventStreams[index] }

    /// Every partition's events stream, by partition.
    package static var allEvents: [RedisArgument] { eventStreams }

    private static let tags: [String] = (0..<count).map { index in
        let width = RedisHashSlot.count / count
        let range = (index * width)..<((index + 1) * width)
        var attempt = 0
        while true {
            let candidate = "\(index).\(attempt)"
            if range.contains(RedisHashSlot.slot(of: candidate)) { return candidate }
            attempt += 1
        }
    }

    private static let eventStreams: [RedisArgument] = tags.map { RedisArgument("os:{" + $0 + "}:events") }
}
