/// Bounded exponential backoff between failed connection attempts: 50 ms, 100 ms, … capped at 1 s.
/// A connection that breaks after working reconnects at once; only failed attempts wait.
struct ReconnectBackoff {
    static let initialDelay: Duration = .milliseconds(50)
    static let maximumDelay: Duration = .seconds(1)

    private(set) var failures = 0
    private var notBefore: ContinuousClock.Instant?

    /// Records a failed attempt and opens the next waiting window.
    mutating func recordFailure(now: ContinuousClock.Instant = .now) {
        failures += 1
        notBefore = now + Self.delay(afterFailures: failures)
    }

    /// Records a successful connection: the next failure starts from the initial delay.
    mutating func recordSuccess() {
        failures = 0
        notBefore = nil
    }

    /// How long until another attempt is allowed (zero when allowed now).
    func remaining(now: ContinuousClock.Instant = .now) -> Duration {
        guard let notBefore, notBefore > now else { return .zero }
        return notBefore - now
    }

    /// The wait after `failures` consecutive failed attempts.
    static func delay(afterFailures failures: Int) -> Duration {
        guard failures > 0 else { return .zero }
        let doubled = initialDelay * (1 << min(failures - 1, 16))
        return min(doubled, maximumDelay)
    }

    /// The error for an attempt made inside the waiting window.
    func heldBackError(endpoint: String, now: ContinuousClock.Instant = .now) -> RedisClientError {
        let milliseconds = remaining(now: now).components.attoseconds / 1_000_000_000_000_000
            + remaining(now: now).components.seconds * 1000
        return RedisClientError(
            .connection,
            "reconnect held back \(milliseconds) ms more after \(failures) failed attempt(s)",
            endpoint: endpoint
        )
    }
}
