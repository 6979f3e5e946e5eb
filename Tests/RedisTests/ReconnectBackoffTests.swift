import Testing

@testable import Redis

@Suite struct ReconnectBackoffTests {
    @Test func delaysDoubleUpToOneSecond() {
        #expect(ReconnectBackoff.delay(afterFailures: 0) == .zero)
        #expect(ReconnectBackoff.delay(afterFailures: 1) == .milliseconds(50))
        #expect(ReconnectBackoff.delay(afterFailures: 2) == .milliseconds(100))
        #expect(ReconnectBackoff.delay(afterFailures: 5) == .milliseconds(800))
        #expect(ReconnectBackoff.delay(afterFailures: 6) == .seconds(1))
        #expect(ReconnectBackoff.delay(afterFailures: 10_000) == .seconds(1))
    }

    @Test func windowOpensAndResets() {
        var backoff = ReconnectBackoff()
        let now = ContinuousClock.now
        #expect(backoff.remaining(now: now) == .zero)
        backoff.recordFailure(now: now)
        backoff.recordFailure(now: now)
        #expect(backoff.remaining(now: now) == .milliseconds(100))
        #expect(backoff.remaining(now: now + .milliseconds(100)) == .zero)
        #expect(backoff.heldBackError(endpoint: "e", now: now).code == .connection)
        backoff.recordSuccess()
        #expect(backoff.remaining(now: now) == .zero)
    }
}
