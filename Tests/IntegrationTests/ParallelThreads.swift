import Dispatch
import Foundation
import Synchronization

/// Runs `count` blocking bodies on `count` threads of their own, released together, and returns
/// their results in index order (a thrown error is returned as a failure).
enum ParallelThreads {
    static func run<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) throws -> T) -> [Result<T, any Error>] {
        let results = Mutex<[Result<T, any Error>?]>(Array(repeating: nil, count: count))
        let ready = DispatchGroup()
        let done = DispatchGroup()
        let start = DispatchSemaphore(value: 0)
        for index in 0..<count {
            ready.enter()
            done.enter()
            let thread = Thread {
                ready.leave()
                start.wait()
                let result = Result { try body(index) }
                results.withLock { $0[index] = result }
                done.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        ready.wait()
        for _ in 0..<count { start.signal() }
        done.wait()
        return results.withLock { $0.map { $0 ?? .failure(Missing()) } }
    }

    private struct Missing: Error {}
}
