/// Which master serves each of the 16384 slots, read from `CLUSTER SHARDS` (Redis ≥ 7) or
/// `CLUSTER SLOTS`. Nodes are named by IP (never a host name), so an event loop can connect
/// without a DNS lookup.
package struct RedisClusterSlotMap: Sendable, Hashable {
    /// The masters, in first-seen order.
    package private(set) var masters: [RedisEndpoint] = []
    /// Per slot: an index into `masters`, or `unassigned`.
    private var owners = [UInt16](repeating: unassigned, count: RedisHashSlot.count)
    private static let unassigned = UInt16.max

    package init() {}

    /// The master serving `slot`, if the map knows one.
    package func master(forSlot slot: Int) -> RedisEndpoint? {
        guard (0..<RedisHashSlot.count).contains(slot) else { return nil }
        let owner = owners[slot]
        return owner == Self.unassigned ? nil : masters[Int(owner)]
    }

    /// Slots with a known master.
    package var coveredSlots: Int { owners.count { $0 != Self.unassigned } }

    /// Records that `endpoint` serves `slot` (after a `MOVED`).
    package mutating func assign(_ slot: Int, to endpoint: RedisEndpoint) {
        guard (0..<RedisHashSlot.count).contains(slot) else { return }
        let index: Int
        if let known = masters.firstIndex(of: endpoint) {
            index = known
        } else {
            masters.append(endpoint)
            index = masters.count - 1
        }
        owners[slot] = UInt16(index)
    }

    private mutating func assign(_ range: ClosedRange<Int>, to endpoint: RedisEndpoint) {
        for slot in range.clamped(to: 0...(RedisHashSlot.count - 1)) { assign(slot, to: endpoint) }
    }

    /// Reads a `CLUSTER SHARDS` reply: per shard `slots` (pairs of bounds) and `nodes` (maps with
    /// `ip`, `port`, `role`, `health`); the master that is `online` (else any master) serves the slots.
    /// - Returns: `nil` when the reply is not shaped like one.
    package static func fromShards(_ reply: RedisValue) -> RedisClusterSlotMap? {
        guard let shards = reply.array else { return nil }
        var map = RedisClusterSlotMap()
        for shard in shards {
            guard let fields = pairs(shard), let bounds = fields["slots"]?.array, let nodes = fields["nodes"]?.array,
                  bounds.count % 2 == 0 else { return nil }
            let masters = nodes.compactMap(pairs).filter { $0["role"]?.string == "master" }
            let chosen = masters.first { $0["health"]?.string == "online" } ?? masters.first
            guard let chosen else { continue }
            guard let endpoint = endpoint(ip: chosen["ip"]?.string ?? chosen["endpoint"]?.string, port: chosen["port"]?.int) else {
                return nil
            }
            var index = 0
            while index < bounds.count {
                guard let low = bounds[index].int, let high = bounds[index + 1].int, low <= high else { return nil }
                map.assign(low...high, to: endpoint)
                index += 2
            }
        }
        return map
    }

    /// Reads a `CLUSTER SLOTS` reply: `[[start, end, [ip, port, id…], replicas…], …]`.
    /// - Returns: `nil` when the reply is not shaped like one.
    package static func fromSlots(_ reply: RedisValue) -> RedisClusterSlotMap? {
        guard let ranges = reply.array else { return nil }
        var map = RedisClusterSlotMap()
        for range in ranges {
            guard let parts = range.array, parts.count >= 3, let low = parts[0].int, let high = parts[1].int, low <= high,
                  let master = parts[2].array, master.count >= 2,
                  let endpoint = endpoint(ip: master[0].string, port: master[1].int) else { return nil }
            map.assign(low...high, to: endpoint)
        }
        return map
    }

    private static func endpoint(ip: String?, port: Int?) -> RedisEndpoint? {
        guard let ip, !ip.isEmpty, ip != "?", let port, (1...65_535).contains(port) else { return nil }
        return RedisEndpoint(host: ip, port: port)
    }

    /// A flat `[key, value, key, value…]` array as a dictionary (string keys).
    private static func pairs(_ value: RedisValue) -> [String: RedisValue]? {
        guard let items = value.array, items.count % 2 == 0 else { return nil }
        var result: [String: RedisValue] = [:]
        var index = 0
        while index < items.count {
            guard let key = items[index].string else { return nil }
            result[key] = items[index + 1]
            index += 2
        }
        return result
    }
}
