import Glibc

/// A blocking TCP socket that sends what a real client never would: one byte at a time.
final class DribbleSocket {
    let fd: Int32
    private(set) var closed = false

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

    func send(_ bytes: [UInt8]) {
        let count = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if count < 0 { closed = true }
    }

    /// Everything until the peer closes (`closed`) or the receive timeout.
    func readToEnd() -> (text: String, closed: Bool) {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                bytes.append(contentsOf: chunk[0..<count])
                continue
            }
            return (String(decoding: bytes, as: UTF8.self), count == 0 || errno == ECONNRESET)
        }
    }

    struct SocketFailure: Error, CustomStringConvertible {
        let errno: Int32
        var description: String { "socket failed (errno \(errno))" }
    }
}
