import Glibc
import IOLoop
import Synchronization

/// The thread on which a process-wide follower of the topology (the cluster's slot map, the master
/// the Sentinels name) does its blocking work, so no event loop ever blocks on a node or a DNS
/// lookup. It carries what both followers share: the thread, the stop flag, and the request for an
/// early refresh that any thread may make (a loop lost its connection, a `MOVED` came back).
final class RedisRefreshThread: Sendable {
    private struct State {
        var thread: IOThread?
        var stopping = false
        var requested = false
    }

    private let state = Mutex(State())

    /// Starts `body` on a thread called `name`. `body` loops until `isStopping`, each turn waiting
    /// at most about 100 ms, so that `stop()` returns promptly.
    /// - Throws: `SystemCallError` when the thread cannot be started.
    func start(name: String, _ body: @escaping @Sendable () -> Void) throws(SystemCallError) {
        let thread = try IOThread.start(name: name, body)
        state.withLock { $0.thread = thread }
    }

    /// Whether `stop()` was called (any thread).
    var isStopping: Bool { state.withLock { $0.stopping } }

    /// Asks for a refresh soon (any thread, cheap).
    func requestRefresh() {
        state.withLock { $0.requested = true }
    }

    /// Whether a refresh was asked for since the last call; clears the request.
    func takeRequest() -> Bool {
        state.withLock { state in
            defer { state.requested = false }
            return state.requested
        }
    }

    /// Ends the thread and waits for it (from any thread but its own).
    func stop() {
        let thread = state.withLock { state -> IOThread? in
            state.stopping = true
            defer { state.thread = nil }
            return state.thread
        }
        thread?.join()
    }

    /// Blocks the calling thread for `duration` (the refresh thread's wait between turns).
    static func pause(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        usleep(UInt32(clamping: seconds * 1_000_000 + attoseconds / 1_000_000_000_000))
    }
}
