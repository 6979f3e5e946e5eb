import Spin
import Testing

/// Measures the pipeline over the memory store (prints µs per spin; asserts only that money adds up).
@Suite struct SpinThroughputTests {
    @Test func sequentialSpinsCostMicroseconds() async throws {
        let h = await SpinHarness.make(balance: 1_000_000)
        let count = 5_000
        let body = bytes("{\"game\":\"mixed\",\"bet\":10}")
        let keys = (0..<count).map { "perf-\($0)" }
        let start = ContinuousClock.now
        for key in keys {
            let reply = await h.service.spin(player: h.player, idempotencyKey: key, body: body)
            #expect(reply.status == 200)
        }
        let elapsed = ContinuousClock.now - start
        let replayStart = ContinuousClock.now
        for key in keys.prefix(1_000) {
            _ = await h.service.spin(player: h.player, idempotencyKey: key, body: body)
        }
        let replayElapsed = ContinuousClock.now - replayStart
        let perSpin = elapsed / count
        print("spin pipeline (memory store): \(count) settled spins, \(perSpin) each; 1000 replays, \(replayElapsed / 1_000) each")
        let events = try await h.memory.recentEvents(limit: count)
        let net = events.reduce(0) { $0 + $1.win - $1.debit }
        #expect(await h.balance() == 1_000_000 + net)
    }
}
