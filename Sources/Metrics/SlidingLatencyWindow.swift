

/// Latencies of the last minute: a ring of histograms, one per 10-second slice of monotonic time.
///
/// `record` counts a value in the slice of `nowNanos`, clearing that slice first when it last
/// held an older period; `snapshot` merges the slices still inside the window. The window
/// therefore covers between 50 and 60 seconds (the current slice is partly elapsed). Owned by
/// one thread; fixed memory after `init`.
package struct SlidingLatencyWindow: Sendable {
    /// Length of one slice, in nanoseconds.
    package let sliceNanos: UInt64
    private var slices: [LatencyHistogram]
    /// The period (`nowNanos / sliceNanos`) each slice holds; `unused` for a slice never used.
    private var periods: [UInt64]
    private static let unused = UInt64.max

    /// - Parameters:
    ///   - slices: how many slices the ring holds (default 6).
    ///   - sliceNanos: each slice's length (default 10 s): the window is `slices × sliceNanos`.
    package init(slices: Int = 6, sliceNanos: UInt64 = 10_000_000_000) {
        precondition(slices > 0 && sliceNanos > 0, "a window needs at least one non-empty slice")
        self.sliceNanos = sliceNanos
        self.slices = Array(repeating: LatencyHistogram(), count: slices)
        self.periods = Array(repeating: Self.unused, count: slices)
    }

    /// The window's length, in nanoseconds.
    package var windowNanos: UInt64 { sliceNanos * UInt64(slices.count) }

    /// Counts one latency at monotonic time `nowNanos`.
    @inline(__always)
    package mutating func record(_ micros: UInt64, nowNanos: UInt64) {
        let period = nowNanos / sliceNanos
        let slot = Int(period % UInt64(slices.count))
        if periods[slot] != period {
            slices[slot].reset()
            periods[slot] = period
        }
        slices[slot].record(micros)
    }

    /// Makes this window equal to `other` (same shape) by copying into its own memory.
    package mutating func overwrite(with other: SlidingLatencyWindow) {
        precondition(other.slices.count == slices.count && other.sliceNanos == sliceNanos, "windows of different shapes")
        for slot in 0..<slices.count {
            slices[slot].overwrite(with: other.slices[slot])
            periods[slot] = other.periods[slot]
        }
    }

    /// The latencies recorded in the window that ends at `nowNanos`, merged into one histogram.
    package func snapshot(nowNanos: UInt64) -> LatencyHistogram {
        var merged = LatencyHistogram()
        merge(into: &merged, nowNanos: nowNanos)
        return merged
    }

    /// Adds the window's latencies at `nowNanos` to `histogram` (no allocation).
    package func merge(into histogram: inout LatencyHistogram, nowNanos: UInt64) {
        let current = nowNanos / sliceNanos
        let oldest = current >= UInt64(slices.count) ? current - UInt64(slices.count) + 1 : 0
        for slot in 0..<slices.count {
            let period = periods[slot]
            guard period != Self.unused, period >= oldest, period <= current else { continue }
            histogram.merge(slices[slot])
        }
    }
}
