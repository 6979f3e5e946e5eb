import Spin
import Testing

@Suite struct SpinConcurrencyTests {
    @Test func fiftyConcurrentRequestsWithOneKeyDebitOnce() async throws {
        let h = await SpinHarness.make()
        let replies = await withTaskGroup(of: SpinReply.self) { group in
            for _ in 0..<50 { group.addTask { await h.spin("{\"game\":\"feat\",\"bet\":10}", key: "same") } }
            return await group.reduce(into: [SpinReply]()) { $0.append($1) }
        }
        let settled = replies.filter { $0.status == 200 && !$0.replayed }
        #expect(settled.count == 1)
        for reply in replies where reply.status == 200 { #expect(reply.body == settled.first?.body) }
        #expect(replies.allSatisfy { $0.status == 200 || $0.code == "request_in_progress" })
        #expect(await h.balance() == 9_990)
        #expect(try await h.memory.recentEvents(limit: 100).count == 1)
    }

    @Test func twentyConcurrentKeysForOnePlayerAddUp() async throws {
        let h = await SpinHarness.make(busyWait: .seconds(5))
        let replies = await withTaskGroup(of: SpinReply.self) { group in
            for index in 0..<20 { group.addTask { await h.spin("{\"game\":\"mixed\",\"bet\":10}", key: "k\(index)") } }
            return await group.reduce(into: [SpinReply]()) { $0.append($1) }
        }
        #expect(replies.allSatisfy { $0.status == 200 })
        let events = try await h.memory.recentEvents(limit: 100)
        #expect(events.count == 20)
        let debits = events.reduce(0) { $0 + $1.debit }
        let wins = events.reduce(0) { $0 + $1.win }
        #expect(debits == 200)
        #expect(await h.balance() == 10_000 - debits + wins)
        #expect(try await h.memory.history(player: h.player, limit: 100).count == 20)
    }
}
