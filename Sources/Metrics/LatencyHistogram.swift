/// A log-linear (HDR-style) histogram of latencies in whole microseconds, in fixed memory.
///
/// Values below 128 µs are counted exactly. Above, every power of two `[2^k, 2^(k+1))` is
/// split into 64 equal sub-buckets, so a bucket is never wider than 1/64 of its lower bound:
/// a percentile reported as the bucket's midpoint is within 1/128 (0.8 %) of the true value.
/// The tracked range is 0 … 2^26 − 1 µs (about 67 s); larger values are counted in one
/// overflow bucket, and `max` always keeps the true largest value.
///
/// Recording is a few instructions on a pre-allocated buffer: no allocation and no lock. The
/// histogram is a value owned by one thread; other threads read merged copies.
package struct LatencyHistogram: Sendable, Equatable {
    /// Sub-buckets per power of two.
    static let subBuckets = 64
    /// Values below this are counted one bucket per microsecond.
    static let exactLimit: UInt64 = 128
    /// The first value that goes to the overflow bucket (2^26 µs ≈ 67.1 s).
    package static let trackableLimit: UInt64 = 1 << 26
    /// Regular buckets (exact ones, then 64 per power of two from 2^7 to 2^25).
    static let regularBuckets = (26 - 5) * subBuckets
    static let overflowIndex = regularBuckets

    private var counts: [UInt64]
    /// Values recorded.
    package private(set) var count: UInt64 = 0
    /// The sum of the values recorded, in microseconds (wrapping on overflow, which takes 584 000 years of 1 s requests).
    package private(set) var sum: UInt64 = 0
    /// The largest value recorded, 0 when empty.
    package private(set) var max: UInt64 = 0

    package init() {
        counts = Array(repeating: 0, count: Self.regularBuckets + 1)
    }

    /// Whether nothing was recorded.
    package var isEmpty: Bool { count == 0 }

    /// Counts one value.
    /// - Parameter micros: a latency in microseconds.
    @inline(__always)
    package mutating func record(_ micros: UInt64) {
        counts[Self.index(of: micros)] &+= 1
        count &+= 1
        sum &+= micros
        if micros > max { max = micros }
    }

    /// Adds every value of `other` to this histogram, as if they had been recorded here.
    package mutating func merge(_ other: LatencyHistogram) {
        guard !other.isEmpty else { return }
        counts.withUnsafeMutableBufferPointer { mine in
            other.counts.withUnsafeBufferPointer { theirs in
                for index in 0..<mine.count { mine[index] &+= theirs[index] }
            }
        }
        count &+= other.count
        sum &+= other.sum
        if other.max > max { max = other.max }
    }

    /// Makes this histogram equal to `other` by copying into its own memory (no allocation, and
    /// no buffer shared with `other`, so neither owner pays a copy-on-write later).
    package mutating func overwrite(with other: LatencyHistogram) {
        counts.withUnsafeMutableBufferPointer { mine in
            other.counts.withUnsafeBufferPointer { theirs in _ = mine.update(fromContentsOf: theirs) }
        }
        count = other.count
        sum = other.sum
        max = other.max
    }

    /// Forgets every value; keeps the memory.
    package mutating func reset() {
        counts.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        count = 0
        sum = 0
        max = 0
    }

    /// The value below or at which `p` percent of the recorded values lie (nearest rank).
    ///
    /// Exact below 128 µs; above, the midpoint of the value's bucket (never above `max`), within
    /// 0.8 % of the exact nearest-rank percentile. A rank in the overflow bucket answers `max`.
    /// - Parameter p: the percentile, 0 … 100 (clamped).
    /// - Returns: microseconds; 0 when the histogram is empty.
    package func percentile(_ p: Double) -> UInt64 {
        guard count > 0 else { return 0 }
        let clamped = p.isNaN ? 100 : Swift.min(Swift.max(p, 0), 100)
        let wanted = (clamped / 100 * Double(count)).rounded(.up)
        let rank = Swift.min(Swift.max(UInt64(wanted), 1), count)
        var seen: UInt64 = 0
        for index in 0..<counts.count {
            seen &+= counts[index]
            if seen >= rank {
                if index == Self.overflowIndex { return max }
                let (lower, width) = Self.bucket(index)
                return Swift.min(lower + (width - 1) / 2, max)
            }
        }
        return max
    }

    /// How many recorded values are certainly at or below `micros`: every value of the buckets
    /// that lie wholly at or below it. Exact when `micros + 1` is a bucket's lower bound (always
    /// below 128 µs); otherwise a lower bound that misses only the values of the one bucket
    /// straddling `micros` (a band of at most 1/64 of it).
    package func countAtOrBelow(_ micros: UInt64) -> UInt64 {
        guard micros < Self.trackableLimit - 1 else {
            return micros >= max ? count : count - counts[Self.overflowIndex]
        }
        let straddling = Self.index(of: micros)
        let (lower, width) = Self.bucket(straddling)
        let last = lower + width - 1 == micros ? straddling : straddling - 1
        var total: UInt64 = 0
        if last >= 0 { for index in 0...last { total &+= counts[index] } }
        return total
    }

    /// The bucket of a value.
    @inline(__always)
    static func index(of micros: UInt64) -> Int {
        if micros < exactLimit { return Int(micros) }
        if micros >= trackableLimit { return overflowIndex }
        let highBit = 63 - micros.leadingZeroBitCount          // 7 … 25
        let shift = highBit - 6                                  // keeps the top 7 bits: 64 … 127
        return (highBit - 6) * subBuckets + Int(micros >> UInt64(shift))
    }

    /// A regular bucket's lowest value and width.
    static func bucket(_ index: Int) -> (lower: UInt64, width: UInt64) {
        if index < Int(exactLimit) { return (UInt64(index), 1) }
        let shift = UInt64(index / subBuckets - 1)
        let mantissa = UInt64(index % subBuckets + subBuckets)
        return (mantissa << shift, 1 << shift)
    }
}
