@testable import Redis
import Testing

@Suite struct RedisPipelineRepliesTests {
    /// What the collector handed over, and how often.
    final class Finished {
        var outcomes: [Result<[RedisValue], RedisClientError>] = []
    }

    @Test func repliesComeInCommandOrderWhateverOrderTheyArrive() throws {
        let finished = Finished()
        let replies = RedisPipelineReplies(count: 3) { finished.outcomes.append($0) }
        let completions = (0..<3).map { replies.completion(for: $0) }
        completions[2](.success(.integer(3)))
        completions[0](.success(.status("OK")))
        #expect(finished.outcomes.isEmpty)
        completions[1](.success(.error("WRONGTYPE")))
        #expect(finished.outcomes.count == 1)
        let values = try #require(try finished.outcomes.first?.get())
        #expect(values == [.status("OK"), .error("WRONGTYPE"), .integer(3)])
    }

    @Test func theFirstCommandsFailureWinsOnceAllHaveFinished() {
        let finished = Finished()
        let replies = RedisPipelineReplies(count: 3) { finished.outcomes.append($0) }
        replies.completion(for: 2)(.failure(.make(.timeout, "late")))
        replies.completion(for: 1)(.failure(.make(.connection, "lost")))
        #expect(finished.outcomes.isEmpty)
        replies.completion(for: 0)(.success(.null))
        #expect(finished.outcomes.count == 1)
        guard case .failure(let error)? = finished.outcomes.first else {
            Issue.record("expected the failure, got \(finished.outcomes)")
            return
        }
        #expect(error.code == .connection)
    }

    @Test func anEmptyPipelineFinishesAtOnce() throws {
        let finished = Finished()
        _ = RedisPipelineReplies(count: 0) { finished.outcomes.append($0) }
        #expect(finished.outcomes.count == 1)
        #expect(try finished.outcomes.first?.get() == [])
    }
}
