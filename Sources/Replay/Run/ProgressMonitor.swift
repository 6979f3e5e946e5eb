import Foundation
import IOLoop
import Synchronization

/// Once a second: takes the meter's window, keeps a point for the chart, and writes a progress line.
final class ProgressMonitor: Sendable {
    private let meter: ReplayMeter
    private let output: (@Sendable (String) -> Void)?
    private let state = Mutex<(running: Bool, series: [ReplayReport.Point])>((true, []))
    private let wake = DispatchSemaphore(value: 0)

    init(meter: ReplayMeter, output: (@Sendable (String) -> Void)?) {
        self.meter = meter
        self.output = output
    }

    var series: [ReplayReport.Point] { state.withLock { $0.series } }

    func start() -> IOThread {
        ReplayThread.start { [self] in
            var second = 0
            var last = ContinuousClock.now
            while state.withLock({ $0.running }) {
                _ = wake.wait(timeout: .now() + 1)
                let now = ContinuousClock.now
                let span = (now - last) / .seconds(1)
                last = now
                second += 1
                let window = meter.takeWindow()
                let point = ReplayReport.Point(
                    second: second, requestsPerSecond: Double(window.requests) / max(span, 0.001),
                    spinsPerSecond: Double(window.settled) / max(span, 0.001), p99Micros: window.latency.percentile(99),
                    errors: window.errors)
                state.withLock { $0.series.append(point) }
                output?(
                    "[\(second)s] \(Int(point.requestsPerSecond)) req/s, \(Int(point.spinsPerSecond)) spins/s, "
                        + "p99 \(ReplayReport.milliseconds(point.p99Micros)) ms, \(window.errors) errors, \(window.retries) retries")
            }
        }
    }

    func stop() {
        state.withLock { $0.running = false }
        wake.signal()
    }
}
