import Foundation
import Glibc

/// A blocking TCP connection to a server on 127.0.0.1 that sends exactly the bytes it is given
/// (one at a time, if a test dribbles them, or nothing at all) and reads back exactly the bytes the
/// server wrote: to the end, or one response at a time, as the transcript test records answers as
/// they go over the wire (status line, every header in order, body), which a parsing client would hide.
final class LoopbackSocket {
    let fd: Int32
    /// Whether a send failed: the server closed or reset the connection.
    private(set) var closed = false
    /// Bytes read past the end of the last response (a pipelined answer that arrived early).
    private var pending: [UInt8] = []
    /// Whether the last read ended because the peer closed or reset the connection.
    private var peerClosed = false

    init(port: Int, timeout: Duration = .seconds(2)) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SocketFailure(errno: errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            let code = errno
            close(fd)
            throw SocketFailure(errno: code)
        }
        var interval = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000))
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &interval, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    func send(_ byte: UInt8) {
        send([byte])
    }

    /// Sends every byte; a peer that closed early makes the rest fail (`closed`; the answer says why).
    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else {
                closed = true
                return
            }
            offset += count
        }
    }

    /// Everything until the peer closes (`closed`) or the receive timeout.
    func readToEnd() -> (text: String, closed: Bool) {
        var bytes = pending
        pending = []
        while let chunk = readChunk() { bytes += chunk }
        return (String(decoding: bytes, as: UTF8.self), peerClosed)
    }

    /// One response: its head up to the blank line and `Content-Length` bytes of body (none when
    /// `expectsBody` is false: the answer to `HEAD`); or, when the server closes first, whatever came.
    /// `closed` tells whether the server closed the connection after it: waited for when the head
    /// says `Connection: close`, otherwise checked briefly (a server that closes without saying so
    /// shows up here too).
    func readResponse(expectsBody: Bool = true) -> (bytes: [UInt8], closed: Bool) {
        var buffer = pending
        pending = []
        var headEnd: Int?
        var total: Int?
        var closed = false
        while true {
            if headEnd == nil, let end = Self.headEnd(buffer) {
                headEnd = end
                total = end + (expectsBody ? Self.header("content-length", buffer[0..<end]).flatMap { Int($0) } ?? 0 : 0)
            }
            if let total, buffer.count >= total {
                pending = Array(buffer[total...])
                buffer.removeSubrange(total...)
                break
            }
            guard let chunk = readChunk() else {
                closed = true
                break
            }
            buffer += chunk
        }
        if !closed && pending.isEmpty, let headEnd {
            let announced = Self.header("connection", buffer[0..<headEnd])?.lowercased() == "close"
            closed = peerCloses(within: announced ? 5000 : 30)
        }
        return (buffer, closed)
    }

    /// Whether the server closes the connection within `milliseconds` (bytes that arrive instead
    /// are kept for the next response).
    private func peerCloses(within milliseconds: Int32) -> Bool {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, milliseconds) == 1 else { return false }
        guard let chunk = readChunk() else { return true }
        pending += chunk
        return false
    }

    /// The next bytes the peer sent; `nil` when it closed or reset the connection (`peerClosed`)
    /// or the receive timeout passed.
    private func readChunk() -> [UInt8]? {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        peerClosed = count == 0 || (count < 0 && errno == ECONNRESET)
        guard count > 0 else { return nil }
        return Array(chunk[0..<count])
    }

    /// The index just past the head's blank line, when the buffer holds it.
    private static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index + 4
        }
        return nil
    }

    /// The value of the first header `name` (lowercase) in a response head.
    private static func header(_ name: String, _ head: ArraySlice<UInt8>) -> String? {
        let text = String(decoding: head, as: UTF8.self)
        for line in text.split(separator: "\r\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == name else { continue }
            return parts[1].trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    struct SocketFailure: Error, CustomStringConvertible {
        let errno: Int32
        var description: String { "socket failed (errno \(errno))" }
    }
}
