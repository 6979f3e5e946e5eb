import Metrics
import Foundation
import Testing

@Suite struct LatencyHistogramTests {
    /// 100 000 latencies, log-uniform from 1 µs to 10 s, from a fixed seed.
    static func sample(count: Int = 100_000, seed: UInt64 = 42) -> [UInt64] {
        var random = SplitMix64(seed: seed)
        let logMax = 7.0 * 2.302585092994046  // ln(10^7)
        return (0..<count).map { _ in
            let unit = Double(random.next() >> 11) / Double(UInt64(1) << 53)
            return UInt64(exp(unit * logMax).rounded(.down))
        }
    }

    static func exactPercentile(_ sorted: [UInt64], _ p: Double) -> UInt64 {
        let rank = max(Int((p / 100 * Double(sorted.count)).rounded(.up)), 1)
        return sorted[min(rank, sorted.count) - 1]
    }

    static let percentiles: [Double] = [0, 1, 10, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 100]

    @Test func percentilesAreWithinOnePercentOfExact() {
        let values = Self.sample()
        var histogram = LatencyHistogram()
        for value in values { histogram.record(value) }
        let sorted = values.sorted()
        #expect(histogram.count == UInt64(values.count))
        #expect(histogram.sum == values.reduce(0, +))
        #expect(histogram.max == sorted.last)
        #expect(sorted.first ?? 0 <= 2 && (sorted.last ?? 0) > 5_000_000, "the sample spans 1 µs … 10 s")
        for p in Self.percentiles {
            let exact = Self.exactPercentile(sorted, p)
            let estimate = histogram.percentile(p)
            let error = abs(Double(estimate) - Double(exact)) / Double(max(exact, 1))
            #expect(error <= 1.0 / 128, "p\(p): \(estimate) vs exact \(exact)")
        }
    }

    @Test func smallValuesAreExact() {
        var histogram = LatencyHistogram()
        for value in (0..<128 as Range<UInt64>).reversed() { histogram.record(value) }
        let sorted = Array(0..<128 as Range<UInt64>)
        for p in Self.percentiles { #expect(histogram.percentile(p) == Self.exactPercentile(sorted, p)) }
        #expect(histogram.countAtOrBelow(63) == 64)
    }

    @Test func mergeEqualsRecordingEverythingInOne() {
        let values = Self.sample(count: 20_000, seed: 7)
        var all = LatencyHistogram(), first = LatencyHistogram(), second = LatencyHistogram()
        for (index, value) in values.enumerated() {
            all.record(value)
            if index % 3 == 0 { first.record(value) } else { second.record(value) }
        }
        second.record(200_000_000)
        all.record(200_000_000)
        first.merge(second)
        #expect(first == all)
        for p in Self.percentiles { #expect(first.percentile(p) == all.percentile(p)) }
    }

    @Test func valuesBeyondTheRangeOverflowButKeepTheTrueMax() {
        var histogram = LatencyHistogram()
        histogram.record(1_000)
        histogram.record(90_000_000)
        histogram.record(120_000_000)
        #expect(histogram.count == 3)
        #expect(histogram.max == 120_000_000)
        #expect(histogram.percentile(100) == 120_000_000)
        #expect(histogram.percentile(10) == 1_003, "the midpoint of bucket [1000, 1008)")
        #expect(histogram.countAtOrBelow(10_000_000) == 1)
        #expect(histogram.countAtOrBelow(UInt64.max) == 3)
    }

    @Test func emptyHistogramAnswersZero() {
        let histogram = LatencyHistogram()
        #expect(histogram.isEmpty && histogram.percentile(99) == 0 && histogram.max == 0 && histogram.countAtOrBelow(1_000) == 0)
    }

    @Test func resetForgetsEverything() {
        var histogram = LatencyHistogram()
        for value in Self.sample(count: 1_000) { histogram.record(value) }
        histogram.reset()
        #expect(histogram == LatencyHistogram())
    }

    @Test func countAtOrBelowIsConservativeByAtMostOneBucket() {
        let values = Self.sample(count: 50_000, seed: 9)
        var histogram = LatencyHistogram()
        for value in values { histogram.record(value) }
        let sorted = values.sorted()
        func exactCount(_ bound: UInt64) -> UInt64 { UInt64(sorted.partitionPoint { $0 > bound }) }
        for bound: UInt64 in [1, 100, 127, 128, 1_000, 2_500, 4_095, 4_096, 12_345, 100_000, 2_500_000, 10_000_000] {
            let counted = histogram.countAtOrBelow(bound)
            #expect(counted <= exactCount(bound), "le \(bound) never over-counts")
            #expect(counted >= exactCount(bound - bound / 64), "le \(bound) misses at most a 1/64 band")
        }
        // A bound whose successor starts a bucket is exact: 4_095 (bucket [4032, 4096) ends there).
        #expect(histogram.countAtOrBelow(4_095) == exactCount(4_095))
    }
}

extension Array where Element == UInt64 {
    /// The index of the first element for which `predicate` holds, in an array partitioned by it.
    func partitionPoint(_ predicate: (UInt64) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if predicate(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}

/// A fixed-seed generator for the samples (SplitMix64), so the test sees the same values every run.
private struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
