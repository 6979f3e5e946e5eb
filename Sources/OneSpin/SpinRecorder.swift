import JSON
import Replay
package import Spin
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// `onespin serve --record FILE`: appends every spin request received as a replay scenario line
/// (`send: once`). Lines collect in a buffer under a lock and are written when it passes 32 KiB,
/// when 200 ms have passed since the last write, on `flush()` and when the recorder goes away.
package final class SpinRecorder: Sendable {
    /// The file could not be opened.
    package struct OpenError: Error, CustomStringConvertible {
        package let path: String
        package let errno: Int32
        package var description: String { "cannot open record file '\(path)' (errno \(errno))" }
    }

    private struct Buffer {
        var bytes: [UInt8] = []
        var lastWrite = ContinuousClock.now
    }

    private let fd: Int32
    private let buffer = Mutex(Buffer())
    /// Orders the writes of swapped-out buffers.
    private let writer = Mutex(())
    private static let threshold = 32 * 1024

    /// Opens `path` for appending (created when missing).
    /// - Throws: `OpenError` with errno.
    package init(path: String) throws(OpenError) {
        let opened = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard opened >= 0 else { throw OpenError(path: path, errno: errno) }
        fd = opened
    }

    deinit {
        flush()
        close(fd)
    }

    /// Records one `POST /v1/spins`; a body that does not name a game and bet is recorded as sent,
    /// field by field, as far as it can be read (an unreadable one is skipped).
    package func record(player: PlayerID, key: String?, body: [UInt8]) {
        guard let key, let fields = try? JSONValue.parse(body),
            case .string(let game)? = fields["game"]
        else { return }
        var bet = 0
        if case .integer(let value)? = fields["bet"] { bet = Int(value) }
        var kind = "normal"
        if case .string(let value)? = fields["kind"] { kind = value }
        let spin = key.count > 1 && key.hasPrefix("\"") && key.hasSuffix("\"") ? String(key.dropFirst().dropLast()) : key
        let line = ScenarioAction(player: player.value, spin: spin, game: game, bet: bet, kind: kind).line + "\n"
        let full: [UInt8]? = buffer.withLock { state in
            state.bytes.append(contentsOf: line.utf8)
            let now = ContinuousClock.now
            guard state.bytes.count >= Self.threshold || now - state.lastWrite >= .milliseconds(200) else { return nil }
            state.lastWrite = now
            defer { state.bytes.removeAll(keepingCapacity: true) }
            return state.bytes
        }
        if let full { write(full) }
    }

    /// Writes whatever is buffered.
    package func flush() {
        let pending = buffer.withLock { state in
            defer { state.bytes.removeAll(keepingCapacity: true) }
            state.lastWrite = .now
            return state.bytes
        }
        if !pending.isEmpty { write(pending) }
    }

    private func write(_ bytes: [UInt8]) {
        writer.withLock { _ in
            bytes.withUnsafeBytes { raw in
                guard let base = raw.baseAddress else { return }
                var offset = 0
                while offset < raw.count {
                    let written = Glibc.write(fd, base + offset, raw.count - offset)
                    if written < 0, errno == EINTR { continue }
                    guard written > 0 else { return }
                    offset += written
                }
            }
        }
    }
}
