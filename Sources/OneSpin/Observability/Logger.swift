import Dispatch
import Foundation
import IOLoop
import JSON
import Spin
import Synchronization
package import Time

/// JSON lines on a file descriptor (stdout in production), written off the event loops.
///
/// `log` formats nothing: it checks the level, stamps the time and appends the record to a
/// bounded in-memory buffer under a short `Mutex` (no I/O, no JSON). A background thread swaps
/// the buffer out, renders the lines and writes them in one `write` per batch.
///
/// Batches are gathered, not written line by line: after a batch the writer waits up to
/// `batchWindow` before taking the next, and a line logged meanwhile does not wake it (no
/// semaphore signal, so no futex call on the event loop that logged it); only a line that finds
/// the writer idle, a buffer at a quarter of its capacity, `flush` and `shutdown` wake it early.
/// Under load that is one render and one `write` per window instead of per line; a line is
/// written at most `batchWindow` after it was logged.
///
/// When the buffer fills, the least important lines go first: debug lines are accepted only
/// while it is under half full, info lines under 90 %, warnings and errors until it is full.
/// Every refused line is counted (`droppedLines`, for `/status`). `flush()` returns once every
/// line accepted before it is written; `shutdown()` flushes and ends the thread (call it once,
/// at exit: the thread keeps the logger alive until then).
package final class Logger: Sendable {
    /// Lines below this level are ignored (not counted as dropped).
    package let level: LogLevel
    /// Most lines the buffer holds.
    package let capacity: Int
    private let fileDescriptor: Int32
    private let clock: any WallClock
    private let state: Mutex<State>
    private let wake = DispatchSemaphore(value: 0)
    /// How long the writer gathers lines after a batch before it writes the next.
    private static let batchWindow = DispatchTimeInterval.milliseconds(10)
    private let finished = DispatchSemaphore(value: 0)

    private struct State {
        var queue: [LogRecord] = []
        var accepted: UInt64 = 0
        var written: UInt64 = 0
        var dropped: [UInt64] = Array(repeating: 0, count: LogLevel.allCases.count)
        /// The writer waits with no deadline (the buffer was empty): the next line wakes it.
        var writerSleeping = false
        /// The writer waits out `batchWindow`: only a buffer at `wakeCount` lines wakes it early.
        var writerGathering = false
        var stopping = false
        var flushWaiters: [(target: UInt64, semaphore: DispatchSemaphore)] = []
    }

    /// Starts the writer thread.
    /// - Parameters:
    ///   - level: the lowest level written.
    ///   - fileDescriptor: where lines go (1 = stdout); not closed by the logger.
    ///   - capacity: most lines waiting to be written (at least 4).
    ///   - clock: the wall clock of the `time` field.
    package init(level: LogLevel, fileDescriptor: Int32 = 1, capacity: Int = 8192, clock: any WallClock = SystemWallClock()) {
        self.level = level
        self.fileDescriptor = fileDescriptor
        self.capacity = max(capacity, 4)
        self.clock = clock
        var initial = State()
        initial.queue.reserveCapacity(self.capacity)
        state = Mutex(initial)
        do {
            // Lives as long as the process: the thread is never joined (`flush` waits instead).
            try IOThread.start(name: "onespin-log") { [self] in writerLoop() }.detach()
        } catch {
            fatalError("logger: \(error)")
        }
    }

    /// Whether a line of `level` would be written (skip building costly fields otherwise).
    @inline(__always)
    package func isEnabled(_ level: LogLevel) -> Bool { level >= self.level }

    /// Queues one line; returns at once.
    /// - Parameters:
    ///   - level: the line's level.
    ///   - message: what happened, in a few words (the `msg` field).
    ///   - fields: request id, route, status, duration, masked player, error code, extras.
    package func log(_ level: LogLevel, _ message: String, _ fields: LogFields = LogFields()) {
        guard level >= self.level else { return }
        let record = LogRecord(millis: clock.nowMillis(), level: level, message: message, fields: fields)
        let limit = admissionLimit(level)
        let wakeWriter = state.withLock { state -> Bool in
            guard !state.stopping, state.queue.count < limit else {
                state.dropped[level.rawValue] &+= 1
                return false
            }
            state.queue.append(record)
            state.accepted &+= 1
            if state.writerSleeping {
                state.writerSleeping = false
                return true
            }
            guard state.writerGathering, state.queue.count >= wakeCount else { return false }
            state.writerGathering = false
            return true
        }
        if wakeWriter { wake.signal() }
    }

    package func debug(_ message: String, _ fields: LogFields = LogFields()) { log(.debug, message, fields) }
    package func info(_ message: String, _ fields: LogFields = LogFields()) { log(.info, message, fields) }
    package func warn(_ message: String, _ fields: LogFields = LogFields()) { log(.warn, message, fields) }
    package func error(_ message: String, _ fields: LogFields = LogFields()) { log(.error, message, fields) }

    /// Lines refused because the buffer was full (or the logger shut down), all levels.
    package var droppedLines: UInt64 { state.withLock { $0.dropped.reduce(0, &+) } }

    /// Lines refused at `level`.
    package func droppedLines(at level: LogLevel) -> UInt64 { state.withLock { $0.dropped[level.rawValue] } }

    /// Lines accepted and not yet written (including the batch being written).
    package var pendingLines: Int { state.withLock { Int($0.accepted &- $0.written) } }

    /// Lines in the buffer, not yet taken by the writer thread.
    package var bufferedLines: Int { state.withLock { $0.queue.count } }

    /// Blocks until every line accepted before the call is written (for SIGTERM). Not on an event loop.
    package func flush() {
        let done = DispatchSemaphore(value: 0)
        let (mustWait, wakeWriter) = state.withLock { state -> (Bool, Bool) in
            guard state.written < state.accepted else { return (false, false) }
            state.flushWaiters.append((state.accepted, done))
            defer { state.writerGathering = false }
            return (true, state.writerGathering)
        }
        if wakeWriter { wake.signal() }
        if mustWait { done.wait() }
    }

    /// Flushes, then ends the writer thread; later lines are dropped. Call once.
    package func shutdown() {
        flush()
        let first = state.withLock { state -> Bool in
            defer { state.stopping = true }
            return !state.stopping
        }
        guard first else { return }
        wake.signal()
        finished.wait()
    }

    /// Lines in the buffer that end the writer's `batchWindow` early.
    private var wakeCount: Int { max(capacity / 4, 1) }

    /// Debug lines may fill half the buffer, info lines 90 %, warnings and errors all of it.
    private func admissionLimit(_ level: LogLevel) -> Int {
        switch level {
        case .debug: capacity / 2
        case .info: capacity - capacity / 10
        case .warn, .error: capacity
        }
    }

    private enum Step {
        case write
        case sleep
        case stop
    }

    /// The writer thread: swap the buffer out, render it, write it, wake flushers, gather for
    /// `batchWindow` (unless someone waits or the buffer is filling), repeat.
    private func writerLoop() {
        var batch: [LogRecord] = []
        batch.reserveCapacity(capacity)
        var time = LogTimestamp()
        var lines = LogLineBuffer(capacity: 64 * 1024)
        while true {
            let step = state.withLock { state -> Step in
                if !state.queue.isEmpty {
                    swap(&batch, &state.queue)
                    return .write
                }
                if state.stopping { return .stop }
                state.writerSleeping = true
                return .sleep
            }
            switch step {
            case .stop:
                finished.signal()
                return
            case .sleep:
                wake.wait()
                continue
            case .write:
                lines.removeAll()
                for record in batch { record.write(to: &lines, time: &time) }
                LogOutput.writeAll(lines.bytes, to: fileDescriptor)
                let count = UInt64(batch.count)
                batch.removeAll(keepingCapacity: true)
                let (ready, gather) = state.withLock { state -> ([DispatchSemaphore], Bool) in
                    state.written &+= count
                    let written = state.written
                    let ready = state.flushWaiters.filter { $0.target <= written }.map(\.semaphore)
                    state.flushWaiters.removeAll { $0.target <= written }
                    let gather = !state.stopping && state.flushWaiters.isEmpty && state.queue.count < wakeCount
                    state.writerGathering = gather
                    return (ready, gather)
                }
                for semaphore in ready { semaphore.signal() }
                guard gather else { continue }
                _ = wake.wait(timeout: .now() + Self.batchWindow)
                state.withLock { $0.writerGathering = false }
            }
        }
    }
}
