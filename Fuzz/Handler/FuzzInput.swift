/// Draws choices, numbers and strings from a fuzz input, front to back; past the end every draw is 0
/// or empty, so any input (even an empty one) describes a complete request.
struct FuzzInput {
    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { index >= bytes.count }

    mutating func byte() -> UInt8 {
        guard index < bytes.count else { return 0 }
        defer { index += 1 }
        return bytes[index]
    }

    /// A number in 0..<count.
    mutating func choose(_ count: Int) -> Int { Int(byte()) % max(count, 1) }

    /// One element of `options`.
    mutating func pick<T>(_ options: [T]) -> T { options[choose(options.count)] }

    /// An integer leaning on the edges where arithmetic breaks.
    mutating func integer() -> Int64 {
        let edges: [Int64] = [
            0, 1, -1, 10, 100, 1_000_000, -1_000_000, 1_000_000_000_000_000, 1_000_000_000_000_001,
            -1_000_000_000_000_000, -1_000_000_000_000_001, 9_007_199_254_740_991, 9_007_199_254_740_993,
            Int64.max, Int64.min, Int64.max - 1, Int64.min + 1, Int64(Int32.max), Int64(Int32.min),
        ]
        let selector = byte()
        if selector < 160 { return edges[Int(selector) % edges.count] }
        var value: UInt64 = 0
        for _ in 0..<8 { value = value << 8 | UInt64(byte()) }
        return Int64(bitPattern: value)
    }

    /// Up to `limit` bytes, length first.
    mutating func raw(_ limit: Int) -> [UInt8] {
        let count = min(Int(byte()) % (limit + 1), bytes.count - min(index, bytes.count))
        defer { index += count }
        return Array(bytes[index..<(index + count)])
    }

    /// Everything not drawn yet.
    mutating func rest() -> [UInt8] {
        defer { index = bytes.count }
        return index < bytes.count ? Array(bytes[index...]) : []
    }

    /// Up to `limit` bytes as text (invalid UTF-8 repaired).
    mutating func text(_ limit: Int) -> String { String(decoding: raw(limit), as: UTF8.self) }
}
