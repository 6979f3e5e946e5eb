import Glibc
import IOLoop
import Synchronization

/// The write end of the current watcher's pipe, read by the signal handler (an atomic load
/// and `write` are async-signal-safe).
private let signalPipeWriteEnd = Atomic<Int32>(-1)

/// Runs an action when the process receives SIGTERM or SIGINT, e.g.
/// `let watcher = SignalWatcher { server.shutdown() }`. The handler is installed before
/// `init` returns (no window in which a signal is lost); it writes the signal number to a
/// pipe, and a thread of its own reads the pipe and runs the action. One watcher at a time per
/// process; keep it alive as long as the signals should be handled.
package final class SignalWatcher: Sendable {
    private let readEnd: Int32
    private let writeEnd: Int32
    private let signals: [Int32]
    private let cancelled = Atomic<Bool>(false)

    /// - Parameters:
    ///   - signals: the signals to watch (default SIGTERM and SIGINT).
    ///   - action: runs once per delivered signal, on the watcher's thread.
    package init(signals: [Int32] = [SIGTERM, SIGINT], action: @escaping @Sendable () -> Void) {
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) != 0 { ends = [-1, -1] }
        readEnd = ends[0]
        writeEnd = ends[1]
        self.signals = signals
        if writeEnd >= 0 { _ = fcntl(writeEnd, F_SETFL, fcntl(writeEnd, F_GETFL) | O_NONBLOCK) }
        signalPipeWriteEnd.store(writeEnd, ordering: .releasing)
        for number in signals {
            signal(number) { number in
                var byte = UInt8(truncatingIfNeeded: number)
                let fd = signalPipeWriteEnd.load(ordering: .acquiring)
                if fd >= 0 { _ = write(fd, &byte, 1) }
            }
        }
        let readEnd = readEnd
        let watch: @Sendable () -> Void = {
            var byte: UInt8 = 0
            while true {
                let count = read(readEnd, &byte, 1)
                if count == 1 { action(); continue }
                if count < 0 && errno == EINTR { continue }
                break
            }
            close(readEnd)
        }
        // Ends when `cancel` closes the write end; never joined.
        if let thread = try? IOThread.start(name: "onespin-signals", watch) {
            thread.detach()
        } else {
            fatalError("signal watcher: cannot start its thread")
        }
    }

    /// Stops watching; the signals are ignored from now on.
    package func cancel() {
        guard !cancelled.exchange(true, ordering: .acquiringAndReleasing) else { return }
        for number in signals { signal(number, SIG_IGN) }
        _ = signalPipeWriteEnd.compareExchange(expected: writeEnd, desired: -1, ordering: .acquiringAndReleasing)
        if writeEnd >= 0 { close(writeEnd) }
    }

    deinit {
        cancel()
    }
}

extension HTTPServer {
    /// Blocks until SIGTERM or SIGINT has shut the server down gracefully (the `serve`
    /// one-liner after `start()`): the first signal calls `shutdown(deadline:)`, then this
    /// waits for the loops to end.
    /// - Parameter deadline: how long in-flight requests may take; default: the configuration's.
    package func runUntilTerminated(deadline: Duration? = nil) {
        let deadline = deadline ?? configuration.shutdownDeadline
        let watcher = SignalWatcher { [self] in shutdown(deadline: deadline) }
        waitUntilStopped()
        watcher.cancel()
    }
}
