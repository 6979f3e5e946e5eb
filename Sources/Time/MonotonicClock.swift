#if canImport(Glibc)
import Glibc
#endif

/// Monotonic time (`CLOCK_MONOTONIC`): the one time base of event-loop timers, connection
/// deadlines, request durations and the latency window. Tools that only time themselves (replay
/// pacing, the simulator, bench commands) use the standard library's `ContinuousClock`.
package enum MonotonicClock {
    /// Nanoseconds since an arbitrary fixed point.
    @inlinable
    package static func nanos() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
    }
}
