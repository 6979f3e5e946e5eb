#if canImport(Glibc)
import Glibc
#endif

/// Blocking writes of whole buffers to a file descriptor, for the log writer thread.
enum LogOutput {
    /// Writes all of `bytes`, retrying `EINTR` and waiting out `EAGAIN`; gives up on any other
    /// error (a closed stdout must not stop the server) and returns how many bytes went out.
    @discardableResult
    static func writeAll(_ bytes: [UInt8], to fileDescriptor: Int32) -> Int {
        bytes.withUnsafeBytes { buffer -> Int in
            guard let base = buffer.baseAddress else { return 0 }
            var offset = 0
            while offset < buffer.count {
                let n = write(fileDescriptor, base + offset, buffer.count - offset)
                if n > 0 {
                    offset += n
                    continue
                }
                let code = errno
                if n < 0 && code == EINTR { continue }
                if n < 0 && (code == EAGAIN || code == EWOULDBLOCK) {
                    var waiting = pollfd(fd: fileDescriptor, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&waiting, 1, 100)
                    continue
                }
                return offset
            }
            return offset
        }
    }
}
