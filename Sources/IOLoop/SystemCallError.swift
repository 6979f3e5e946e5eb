import Glibc

/// A failed system call: which call, and the `errno` it left.
package struct SystemCallError: Error, CustomStringConvertible, Equatable {
    /// The name of the call that failed, e.g. `"bind"`.
    package let call: String
    /// The `errno` value after the call.
    package let errno: Int32

    package init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    package var description: String {
        "\(call) failed: \(String(cString: strerror(errno))) (errno \(errno))"
    }
}

/// The one place that retries `EINTR`: runs `body` until it returns something other than
/// `-1` with `errno == EINTR`.
/// - Returns: the call's result (`-1` on failure, with `errno` set).
@inline(__always)
package func retryingInterrupts<Result: BinaryInteger>(_ body: () -> Result) -> Result {
    while true {
        let result = body()
        if result == -1 && errno == EINTR { continue }
        return result
    }
}

/// `retryingInterrupts` for a call returning `ssize_t` (`read`, `write`): a concrete function, so
/// the HTTP connection's reads and writes call it directly. The generic form is not inlinable
/// across modules, and its unspecialised body (BinaryInteger witnesses for `== -1`) cost some
/// 250 instructions a call, two calls a request.
package func retryingInterrupts(_ body: () -> Int) -> Int {
    while true {
        let result = body()
        if result == -1 && errno == EINTR { continue }
        return result
    }
}

/// `retryingInterrupts` for a call returning `int`.
package func retryingInterrupts(_ body: () -> Int32) -> Int32 {
    while true {
        let result = body()
        if result == -1 && errno == EINTR { continue }
        return result
    }
}

/// Runs a call with `retryingInterrupts` and throws `SystemCallError` when it fails.
/// - Throws: `SystemCallError` carrying `errno`.
@discardableResult
package func systemCall<Result: BinaryInteger>(_ name: String, _ body: () -> Result) throws(SystemCallError) -> Result {
    let result = retryingInterrupts(body)
    if result == -1 { throw SystemCallError(call: name, errno: errno) }
    return result
}

extension Duration {
    /// The duration in whole nanoseconds, negative values clamped to zero.
    package var clampedNanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        if seconds < 0 || (seconds == 0 && attoseconds <= 0) { return 0 }
        let total = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if total.overflow { return UInt64(Int64.max) }
        return UInt64(total.partialValue) + UInt64(attoseconds / 1_000_000_000)
    }
}
