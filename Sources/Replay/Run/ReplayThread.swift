import HTTP
import IOLoop
import Synchronization

/// A replay thread: an `IOThread` with a 1 MiB stack, started without a `throws`.
enum ReplayThread {
    /// Starts `body` on a new thread; traps when the system has no thread to give, as a replay
    /// cannot run its connections concurrently without one.
    static func start(_ body: @escaping @Sendable () -> Void) -> IOThread {
        do {
            return try IOThread.start(name: "onespin-replay", stackSize: 1 << 20, body)
        } catch {
            fatalError("replay: \(error)")
        }
    }
}

/// Hands a worker's extra connection to the helper thread that alone uses it while the worker waits.
/// `@unchecked`, not `LoopBound`: replay threads are plain threads without an event loop to bind
/// to; ownership passes whole to the helper and back at its `join`.
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
