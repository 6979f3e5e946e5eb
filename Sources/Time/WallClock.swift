#if canImport(Glibc)
import Glibc
#endif

/// Wall-clock time in epoch milliseconds: the one source of "now" for settlement times, TTLs,
/// boosts, rate limits, token lifetimes and log lines; injectable so tests can move time.
package protocol WallClock: Sendable {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    func nowMillis() -> Int64
}

extension WallClock {
    /// Whole seconds since the epoch (JWT `iat`/`exp`), from the same clock as `nowMillis()`.
    package func epochSeconds() -> Int64 {
        let millis = nowMillis()
        return millis >= 0 ? millis / 1000 : (millis - 999) / 1000
    }
}

/// The system's real-time clock (`CLOCK_REALTIME`, precise — not `time(nil)`, which glibc reads
/// from the coarse clock that lags a second boundary by up to a tick).
package struct SystemWallClock: WallClock {
    @inlinable package init() {}

    @inlinable
    package func nowMillis() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }

    /// Whole seconds since the epoch from the coarse clock (`time(nil)`, the cheapest read): only
    /// for the `Date` header, which has a second's resolution and is refreshed once a second.
    @inlinable
    package static func coarseEpochSeconds() -> Int {
        time(nil)
    }
}
