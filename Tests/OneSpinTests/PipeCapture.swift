import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A pipe whose read end is drained by a background thread, so a writer never blocks for long.
final class PipeCapture: Sendable {
    let writeEnd: Int32
    private let readEnd: Int32
    private let captured = Mutex<[UInt8]>([])
    private let paused = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)

    /// - Parameter startPaused: when true, nothing is read until `resume()` (the pipe fills up).
    init(startPaused: Bool = false) {
        var fds: [Int32] = [0, 0]
        let rc = pipe(&fds)
        precondition(rc == 0, "pipe failed: \(errno)")
        readEnd = fds[0]
        writeEnd = fds[1]
        paused.store(startPaused, ordering: .relaxed)
        Thread { [self] in drain() }.start()
    }

    func resume() { paused.store(false, ordering: .releasing) }

    /// Closes the write end, waits for the reader to see end-of-file, returns everything read.
    func finish() -> [UInt8] {
        resume()
        close(writeEnd)
        done.wait()
        close(readEnd)
        return captured.withLock { $0 }
    }

    /// Everything read so far, as lines.
    var lines: [String] {
        captured.withLock { String(decoding: $0, as: UTF8.self) }.split(separator: "\n").map(String.init)
    }

    private func drain() {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            if paused.load(ordering: .acquiring) {
                usleep(1_000)
                continue
            }
            let n = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
            if n > 0 {
                captured.withLock { $0.append(contentsOf: buffer[0..<n]) }
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                done.signal()
                return
            }
        }
    }
}
