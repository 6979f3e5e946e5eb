import Dispatch
import Glibc

/// Runs an action when the process receives SIGTERM or SIGINT (after the signals' default
/// action is disabled), e.g. `let watcher = SignalWatcher { server.shutdown() }`.
/// Keep the watcher alive as long as the signals should be handled.
/// `@unchecked Sendable`: `sources` never changes after `init`, and dispatch sources may be
/// cancelled from any thread.
package final class SignalWatcher: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]

    /// - Parameters:
    ///   - signals: the signals to watch (default SIGTERM and SIGINT).
    ///   - action: runs once per delivered signal, on a private dispatch queue.
    package init(signals: [Int32] = [SIGTERM, SIGINT], action: @escaping @Sendable () -> Void) {
        let queue = DispatchQueue(label: "onespin.signals")
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler(handler: action)
            source.resume()
            return source
        }
    }

    /// Stops watching; the signals stay ignored.
    package func cancel() {
        for source in sources { source.cancel() }
    }

    deinit {
        for source in sources { source.cancel() }
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
