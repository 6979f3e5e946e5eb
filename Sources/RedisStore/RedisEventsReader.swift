package import Redis
package import Spin

/// Reads the settled-spin events of every partition's stream with a consumer group: at least
/// once per group. On the first pass it re-reads this consumer's own pending entries (delivered
/// before a crash, never acknowledged); every pass it takes over entries another consumer left
/// pending longer than `claimIdle` (`XAUTOCLAIM`), then reads new ones (`XREADGROUP … >`).
/// An entry is acknowledged (`XACK`) only after `deliver` returned for it.
package final class RedisEventsReader {
    /// One event as read, with where it came from.
    package struct Entry: Sendable, Hashable {
        package let stream: String
        package let id: String
        /// `nil` when the entry could not be decoded (it is acknowledged all the same).
        package let event: SpinEvent?
    }

    private let client: any RedisKeyedClient
    private let group: String
    private let consumer: String
    private let batch: Int
    private let claimIdle: Int
    private var ownPendingRead = false

    /// - Parameters:
    ///   - group: the consumer group (created on every stream when missing).
    ///   - consumer: this reader's name within the group.
    ///   - batch: entries read per stream per call.
    ///   - claimIdle: milliseconds an entry stays pending with a dead consumer before it is taken over.
    package init(client: any RedisKeyedClient, group: String, consumer: String, batch: Int = 100, claimIdle: Int = 30_000) {
        self.client = client
        self.group = group
        self.consumer = consumer
        self.batch = batch
        self.claimIdle = claimIdle
    }

    /// Creates the group on every stream (and the stream) unless it exists.
    /// - Parameter fromStart: a new group reads the streams from their first entry (else only new ones).
    package func createGroups(fromStart: Bool) async throws(RedisClientError) {
        for stream in RedisPartitions.allEvents {
            let reply = try await client.send(
                ["XGROUP", "CREATE", stream, RedisArgument(group), fromStart ? "0" : "$", "MKSTREAM"], key: stream)
            if let message = reply.errorMessage, !message.hasPrefix("BUSYGROUP") {
                throw RedisClientError.server(message)
            }
        }
    }

    /// One pass over every partition; returns how many entries were delivered.
    package func poll(_ deliver: ([Entry]) -> Void) async throws(RedisClientError) -> Int {
        var delivered = 0
        let ownPending = !ownPendingRead
        for stream in RedisPartitions.allEvents {
            let name = String(decoding: stream.bytes, as: UTF8.self)
            var entries: [Entry] = []
            if ownPending {
                entries += try await read(stream, name, from: "0")
            }
            let claimed = try await client.send(
                ["XAUTOCLAIM", stream, RedisArgument(group), RedisArgument(consumer), RedisArgument(claimIdle), "0-0",
                 "COUNT", RedisArgument(batch)], key: stream)
            try Self.check(claimed)
            if let parts = claimed.array, parts.count >= 2, let items = parts[1].array {
                entries += items.compactMap { Self.entry($0, name) }
            }
            entries += try await read(stream, name, from: ">")
            guard !entries.isEmpty else { continue }
            deliver(entries)
            let acknowledge: [RedisArgument] = ["XACK", stream, RedisArgument(group)] + entries.map { RedisArgument($0.id) }
            try Self.check(try await client.send(acknowledge, key: stream))
            delivered += entries.count
        }
        ownPendingRead = true
        return delivered
    }

    private func read(_ stream: RedisArgument, _ name: String, from id: String) async throws(RedisClientError) -> [Entry] {
        let reply = try await client.send(
            ["XREADGROUP", "GROUP", RedisArgument(group), RedisArgument(consumer), "COUNT", RedisArgument(batch),
             "STREAMS", stream, RedisArgument(id)], key: stream)
        try Self.check(reply)
        guard let streams = reply.array, let first = streams.first?.array, first.count == 2, let items = first[1].array else { return [] }
        return items.compactMap { Self.entry($0, name) }
    }

    private static func entry(_ item: RedisValue, _ stream: String) -> Entry? {
        guard let parts = item.array, let id = parts.first?.string else { return nil }
        return Entry(stream: stream, id: id, event: RedisWalletDecoder.event(item))
    }

    private static func check(_ reply: RedisValue) throws(RedisClientError) {
        if let message = reply.errorMessage { throw RedisClientError.server(message) }
    }
}
