/// Latencies in microseconds in fixed log-linear buckets (HDR style): exact below 64 µs, then 32
/// sub-buckets per power of two, so a reported percentile is within about 3% of the true value.
/// Recording is an increment; no samples are kept.
package struct LatencyHistogram: Sendable, Hashable {
    private static let subBuckets = 32
    private static let linearLimit = 64
    private static let bucketCount = linearLimit + 58 * subBuckets

    private var counts = [UInt64](repeating: 0, count: LatencyHistogram.bucketCount)
    package private(set) var count: UInt64 = 0
    package private(set) var max: UInt64 = 0
    package private(set) var sum: UInt64 = 0

    package init() {}

    /// Records one latency.
    package mutating func record(micros: UInt64) {
        counts[Self.index(micros)] += 1
        count += 1
        sum &+= micros
        if micros > max { max = micros }
    }

    /// Adds another histogram's samples.
    package mutating func merge(_ other: LatencyHistogram) {
        for index in 0..<counts.count where other.counts[index] != 0 { counts[index] += other.counts[index] }
        count += other.count
        sum &+= other.sum
        if other.max > max { max = other.max }
    }

    /// The latency at `fraction` (0…1) of the samples, microseconds; 0 when empty. Reports the
    /// bucket's midpoint, capped by the largest sample.
    package func percentile(_ fraction: Double) -> UInt64 {
        guard count > 0 else { return 0 }
        let rank = Swift.max(1, UInt64((Double(count) * fraction).rounded(.up)))
        var seen: UInt64 = 0
        for index in 0..<counts.count {
            seen += counts[index]
            if seen >= rank {
                let (low, width) = Self.bounds(index)
                return Swift.min(low + width / 2, max)
            }
        }
        return max
    }

    static func index(_ value: UInt64) -> Int {
        if value < UInt64(linearLimit) { return Int(value) }
        let bits = 64 - value.leadingZeroBitCount  // ≥ 7
        let shift = bits - 6
        let sub = Int(value >> UInt64(shift)) - subBuckets  // 0..<32
        return Swift.min(linearLimit + (shift - 1) * subBuckets + sub, bucketCount - 1)
    }

    /// The lowest value of bucket `index` and the bucket's width.
    static func bounds(_ index: Int) -> (UInt64, UInt64) {
        if index < linearLimit { return (UInt64(index), 1) }
        let shift = (index - linearLimit) / subBuckets + 1
        let sub = (index - linearLimit) % subBuckets + subBuckets
        return (UInt64(sub) << UInt64(shift), 1 << UInt64(shift))
    }
}
