#if canImport(Glibc)
import Glibc
#endif

/// Unbuffered writes to standard error (standard output goes through `print`).
package enum FileHandleOutput {
    case standardError

    package func write(_ text: String) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if n <= 0 { if errno == EINTR { continue }; return }
                offset += n
            }
        }
    }
}
