#if canImport(Glibc)
import Glibc
#endif

/// Wall-clock time in epoch milliseconds; injectable so tests can move time.
package protocol SpinClock: Sendable {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    func nowMillis() -> Int64
}

/// The system's real-time clock.
package struct SystemSpinClock: SpinClock {
    package init() {}

    package func nowMillis() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }
}
