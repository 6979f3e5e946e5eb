import Metrics
import Testing

@Suite struct SlidingLatencyWindowTests {
    static let second: UInt64 = 1_000_000_000

    @Test func keepsTheLastMinuteAndDropsOlderSlices() {
        var window = SlidingLatencyWindow()
        window.record(100, nowNanos: 1 * Self.second)      // slice [0, 10 s)
        window.record(200, nowNanos: 15 * Self.second)     // slice [10, 20 s)
        window.record(300, nowNanos: 59 * Self.second)     // slice [50, 60 s)
        #expect(window.snapshot(nowNanos: 59 * Self.second).count == 3)
        let later = window.snapshot(nowNanos: 60 * Self.second)
        #expect(later.count == 2, "the [0, 10 s) slice left the window at 60 s")
        #expect(later.percentile(0) == 200)
        #expect(window.snapshot(nowNanos: 70 * Self.second).count == 1)
        #expect(window.snapshot(nowNanos: 1_000 * Self.second).isEmpty)
    }

    @Test func aReusedSlotStartsEmpty() {
        var window = SlidingLatencyWindow()
        for _ in 0..<10 { window.record(5_000, nowNanos: 2 * Self.second) }
        window.record(7, nowNanos: 62 * Self.second)       // same slot, a minute later
        let snapshot = window.snapshot(nowNanos: 62 * Self.second)
        #expect(snapshot.count == 1 && snapshot.max == 7)
    }

    @Test func snapshotsDoNotChangeTheWindow() {
        var window = SlidingLatencyWindow(slices: 3, sliceNanos: Self.second)
        #expect(window.windowNanos == 3 * Self.second)
        for tenth in 0..<30 { window.record(UInt64(tenth), nowNanos: UInt64(tenth) * Self.second / 10) }
        let first = window.snapshot(nowNanos: 2 * Self.second + 1)
        let second = window.snapshot(nowNanos: 2 * Self.second + 1)
        #expect(first == second && first.count == 30)
        #expect(window.snapshot(nowNanos: 3 * Self.second).count == 20)
    }
}
