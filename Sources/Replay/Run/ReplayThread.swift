import Foundation
import HTTP
import Synchronization

/// A thread running one closure, and a way to wait for it.
final class ReplayThread: Sendable {
    private let done = DispatchSemaphore(value: 0)

    private init() {}

    /// Starts `body` on a new thread.
    static func start(_ body: @escaping @Sendable () -> Void) -> ReplayThread {
        let handle = ReplayThread()
        let thread = Thread {
            body()
            handle.done.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
        return handle
    }

    /// Blocks until the closure has returned.
    func join() {
        done.wait()
    }
}

/// Hands a worker's extra connection to the helper thread that alone uses it while the worker waits.
struct UncheckedClient: @unchecked Sendable {
    let connection: FailoverConnection
}

/// Answers of concurrent copies, collected from their threads.
final class SharedAnswers: Sendable {
    private let answers = Mutex<[SpinAnswer?]>([])

    func append(_ answer: SpinAnswer?) {
        answers.withLock { $0.append(answer) }
    }

    var all: [SpinAnswer?] { answers.withLock { $0 } }
}
