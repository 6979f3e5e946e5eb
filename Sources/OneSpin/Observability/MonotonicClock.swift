#if canImport(Glibc)
import Glibc
#endif

/// Monotonic time, the time base of `SlidingLatencyWindow` and of request durations.
package enum MonotonicClock {
    /// Nanoseconds since an arbitrary fixed point (`CLOCK_MONOTONIC`).
    @inline(__always)
    package static func nanos() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
    }
}
