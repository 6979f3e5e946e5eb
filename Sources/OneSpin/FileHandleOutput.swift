#if canImport(Glibc)
import Glibc
#endif

/// Unbuffered writes to standard error, or to standard output where lines must be whole and
/// written before something else happens (`onespin events` acknowledges after writing).
package enum FileHandleOutput {
    case standardError
    case standardOutput

    package func write(_ text: String) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(self == .standardOutput ? 1 : 2, buffer.baseAddress! + offset, buffer.count - offset)
                if n <= 0 { if errno == EINTR { continue }; return }
                offset += n
            }
        }
    }
}
