/// Gathers the replies of commands sent back to back and hands them over once the last has come,
/// in the commands' order, or the first failure (a lost connection or a timeout) if any failed.
///
/// Loop-confined like the connection it serves: every completion runs on the loop's thread.
final class RedisPipelineReplies {
    typealias Finish = (Result<[RedisValue], RedisClientError>) -> Void

    private var replies: [RedisValue]
    private var failure: (index: Int, error: RedisClientError)?
    private var remaining: Int
    private let finish: Finish

    /// - Parameters:
    ///   - count: how many replies to wait for; `0` finishes at once with none.
    ///   - finish: called once, with every reply or the failure of the first command that failed.
    init(count: Int, finish: @escaping Finish) {
        self.replies = Array(repeating: .null, count: count)
        self.remaining = count
        self.finish = finish
        if count == 0 { finish(.success([])) }
    }

    /// The completion for the command at `index`; call each exactly once.
    func completion(for index: Int) -> RedisPipelinedConnection.Completion {
        { [self] outcome in record(outcome, at: index) }
    }

    private func record(_ outcome: RedisPipelinedConnection.Outcome, at index: Int) {
        switch outcome {
        case .success(let reply):
            replies[index] = reply
        case .failure(let error):
            if failure.map({ index < $0.index }) ?? true { failure = (index, error) }
        }
        remaining -= 1
        guard remaining == 0 else { return }
        if let failure {
            finish(.failure(failure.error))
        } else {
            finish(.success(replies))
        }
    }
}
