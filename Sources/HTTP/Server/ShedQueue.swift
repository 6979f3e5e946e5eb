/// A loop's silent and idle connections in the order they became so: the oldest is shed first
/// when the connection limit is full. Entries are never removed when a connection becomes busy
/// or closes; they go stale (the connection's `shedEntry` moved on) and are skipped and dropped
/// lazily, so marking a connection costs one append. Loop-confined.
struct ShedQueue {
    private var entries: [(connection: HTTPConnection, entry: UInt32)] = []
    private var head = 0

    /// Appends `connection` (its `entry`-th stretch of being sheddable); compacts when stale
    /// entries outnumber the live connections, so the queue stays proportional to them.
    mutating func append(_ connection: HTTPConnection, entry: UInt32, liveConnections: Int) {
        if entries.count - head > 2 * liveConnections + 1024 { compact() }
        entries.append((connection, entry))
    }

    /// Removes and returns the oldest connection that is still sheddable.
    mutating func popOldest() -> HTTPConnection? {
        while head < entries.count {
            let (connection, entry) = entries[head]
            head += 1
            if Self.isCurrent(connection, entry) { return connection }
        }
        entries.removeAll(keepingCapacity: true)
        head = 0
        return nil
    }

    private static func isCurrent(_ connection: HTTPConnection, _ entry: UInt32) -> Bool {
        connection.shedQueued && connection.shedEntry == entry && connection.machine.isSheddable
    }

    /// Drops stale entries in place (no allocation: the array keeps its capacity).
    private mutating func compact() {
        var kept = 0
        for index in head..<entries.count where Self.isCurrent(entries[index].connection, entries[index].entry) {
            entries[kept] = entries[index]
            kept += 1
        }
        entries.removeSubrange(kept...)
        head = 0
    }
}
