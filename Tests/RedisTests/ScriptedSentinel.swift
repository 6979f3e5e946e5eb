import Glibc
import IOLoop
import Synchronization

/// A stand-in Sentinel on a loopback port for one connection: it answers every command it reads
/// with the next scripted reply (raw RESP bytes), then writes `pushed` once the last command came
/// in, and keeps what the client sent, so a test sees both sides of the wire without a real Sentinel.
final class ScriptedSentinel: Sendable {
    struct Failure: Error {
        let call: String
        let errno: Int32
    }

    let port: Int
    private let listener: Int32
    private let received = Inbox()
    private let thread: IOThread

    /// Listens on 127.0.0.1 and serves one client on a thread of its own: after the client's
    /// `commands`-th command (counted by the RESP `*` that starts each) it writes `replies`, then `pushed`.
    init(commands: Int, replies: String, pushed: String = "") throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure(call: "socket", errno: errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 && listen(fd, 1) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        guard bound else {
            let code = errno
            close(fd)
            throw Failure(call: "bind", errno: code)
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let inbox = received
        thread = try IOThread.start(name: "test-sentinel") {
            let client = accept(fd, nil, nil)
            guard client >= 0 else { return }
            defer { close(client) }
            var interval = timeval(tv_sec: 2, tv_usec: 0)
            _ = setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &interval, socklen_t(MemoryLayout<timeval>.size))
            var chunk = [UInt8](repeating: 0, count: 4096)
            while inbox.bytes.withLock({ $0.filter { $0 == UInt8(ascii: "*") }.count }) < commands {
                let count = chunk.withUnsafeMutableBytes { read(client, $0.baseAddress, $0.count) }
                guard count > 0 else { return }
                inbox.bytes.withLock { $0 += chunk[0..<count] }
            }
            for text in [replies, pushed] where !text.isEmpty {
                let bytes = Array(text.utf8)
                _ = bytes.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            }
            // Hold the connection until the client closes it.
            _ = chunk.withUnsafeMutableBytes { read(client, $0.baseAddress, $0.count) }
        }
    }

    deinit {
        shutdown(listener, Int32(SHUT_RDWR))
        thread.join()
        close(listener)
    }

    /// Everything the client wrote, as text.
    var sent: String { String(decoding: received.bytes.withLock { $0 }, as: UTF8.self) }

    private final class Inbox: Sendable {
        let bytes = Mutex<[UInt8]>([])
    }
}
