import CHiredis
import Glibc

/// Owns one hiredis context. This file and `RedisContext+Reply.swift` are the only code in
/// onespin that touches hiredis pointers; everything above works with Swift values.
final class RedisContext {
    private let pointer: UnsafeMutablePointer<redisContext>
    private let endpoint: String

    private init(pointer: UnsafeMutablePointer<redisContext>, endpoint: String) {
        self.pointer = pointer
        self.endpoint = endpoint
    }

    deinit { redisFree(pointer) }

    /// Connects in blocking mode within `configuration.connectTimeout`, with keepalive and the command timeout set.
    static func connectBlocking(_ configuration: RedisConfiguration) throws(RedisClientError) -> RedisContext {
        ignoreBrokenPipeSignal()
        let context = try make(configuration) { host in
            redisConnectWithTimeout(host, Int32(configuration.port), timeval(configuration.connectTimeout))
        }
        // hiredis 0.14 does not keep the read/write timeout across reconnects: set it on every new context.
        try context.check(redisSetTimeout(context.pointer, timeval(configuration.commandTimeout)))
        try context.check(redisEnableKeepAlive(context.pointer))
        return context
    }

    /// Starts a non-blocking connect; the socket becomes writable once connected.
    static func connectNonBlocking(_ configuration: RedisConfiguration) throws(RedisClientError) -> RedisContext {
        ignoreBrokenPipeSignal()
        let context = try make(configuration) { host in redisConnectNonBlock(host, Int32(configuration.port)) }
        try context.check(redisEnableKeepAlive(context.pointer))
        return context
    }

    private static func make(
        _ configuration: RedisConfiguration,
        _ connect: (UnsafePointer<CChar>) -> UnsafeMutablePointer<redisContext>?
    ) throws(RedisClientError) -> RedisContext {
        let endpoint = configuration.description
        guard let pointer = configuration.host.withCString(connect) else {
            throw RedisClientError(.connection, "cannot allocate a hiredis context", endpoint: endpoint)
        }
        let context = RedisContext(pointer: pointer, endpoint: endpoint)
        if pointer.pointee.err != 0 { throw context.currentError(savedErrno: Glibc.errno) }
        return context
    }

    /// The socket.
    var fileDescriptor: Int32 { pointer.pointee.fd }

    /// Appends an already RESP-encoded command (or several) to the output buffer; no I/O.
    func append(_ encoder: RedisCommandEncoder) throws(RedisClientError) {
        let bytes = encoder.bytes
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        try check(redisAppendFormattedCommand(pointer, base.assumingMemoryBound(to: CChar.self), bytes.count))
    }

    /// Writes what the output buffer holds until it is empty or the socket would block.
    /// - Returns: `true` when everything was written.
    func write() throws(RedisClientError) -> Bool {
        var done: Int32 = 0
        while true {
            let before = pendingOutputCount
            try check(redisBufferWrite(pointer, &done))
            if done != 0 { return true }
            // redisBufferWrite leaves the buffer as it was when write(2) said EAGAIN.
            if pendingOutputCount == before { return false }
        }
    }

    /// Bytes appended but not yet written.
    var pendingOutputCount: Int { pointer.pointee.obuf.map { sdslen($0) } ?? 0 }

    /// Reads once from the socket into the reply reader.
    /// - Returns: the number of bytes read (0 when the socket would block).
    func read() throws(RedisClientError) -> Int {
        let before = pointer.pointee.reader.pointee.len
        try check(redisBufferRead(pointer))
        return pointer.pointee.reader.pointee.len - before
    }

    /// In blocking mode: writes pending output if needed, then waits for the next reply.
    func blockingReply() throws(RedisClientError) -> RedisValue {
        var raw: UnsafeMutableRawPointer?
        try check(redisGetReply(pointer, &raw))
        guard let raw else { throw RedisClientError(.protocol, "hiredis returned no reply", endpoint: endpoint) }
        defer { freeReplyObject(raw) }
        return Self.value(of: raw.assumingMemoryBound(to: redisReply.self))
    }

    /// The next complete reply already read, or `nil`; no I/O.
    func bufferedReply() throws(RedisClientError) -> RedisValue? {
        var raw: UnsafeMutableRawPointer?
        try check(redisGetReplyFromReader(pointer, &raw))
        guard let raw else { return nil }
        defer { freeReplyObject(raw) }
        return Self.value(of: raw.assumingMemoryBound(to: redisReply.self))
    }

    /// Whether bytes are waiting to be read (or the peer closed): used to spot a dead idle connection.
    var hasUnexpectedInput: Bool {
        var descriptor = pollfd(fd: fileDescriptor, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, 0)
        return ready > 0 || (ready < 0 && Glibc.errno != EINTR)
    }

    /// For a non-blocking connect: `nil` while in progress, or the outcome once the socket is writable.
    func connectOutcome() -> Result<Void, RedisClientError>? {
        var descriptor = pollfd(fd: fileDescriptor, events: Int16(POLLOUT), revents: 0)
        let ready = poll(&descriptor, 1, 0)
        if ready == 0 { return nil }
        if ready < 0 {
            let code = Glibc.errno
            return code == EINTR ? nil : .failure(RedisClientError(.connection, "poll failed", endpoint: endpoint, errno: code))
        }
        var socketError: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        if getsockopt(fileDescriptor, SOL_SOCKET, SO_ERROR, &socketError, &length) != 0 {
            socketError = Glibc.errno
        }
        guard socketError == 0 else {
            return .failure(RedisClientError(.connection, "connect failed: \(Self.text(ofErrno: socketError))", endpoint: endpoint, errno: socketError))
        }
        return .success(())
    }

    private func check(_ status: Int32) throws(RedisClientError) {
        if status != REDIS_OK || pointer.pointee.err != 0 { throw currentError(savedErrno: Glibc.errno) }
    }

    /// Maps `ctx->err` to a typed error: a socket timeout (`EAGAIN` on a blocking socket, or `ETIMEDOUT`) is `.timeout`.
    private func currentError(savedErrno: Int32) -> RedisClientError {
        let text = withUnsafeBytes(of: pointer.pointee.errstr) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        switch pointer.pointee.err {
        case REDIS_ERR_IO:
            if savedErrno == EAGAIN || savedErrno == EWOULDBLOCK || savedErrno == ETIMEDOUT {
                return RedisClientError(.timeout, "no reply or connection in time: \(text)", endpoint: endpoint, errno: savedErrno)
            }
            return RedisClientError(.connection, "I/O error: \(text)", endpoint: endpoint, errno: savedErrno)
        case REDIS_ERR_EOF:
            return RedisClientError(.connection, "server closed the connection", endpoint: endpoint)
        case REDIS_ERR_PROTOCOL:
            return RedisClientError(.protocol, text, endpoint: endpoint)
        default:
            return RedisClientError(.connection, text.isEmpty ? "hiredis call failed" : text, endpoint: endpoint)
        }
    }

    private static func text(ofErrno code: Int32) -> String {
        strerror(code).map { String(cString: $0) } ?? "errno \(code)"
    }
}

private func timeval(_ duration: Duration) -> timeval {
    let (seconds, attoseconds) = duration.components
    return Glibc.timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
}

/// hiredis writes with `write(2)`: a peer that closed would raise SIGPIPE and kill the process.
/// Every Redis connection therefore sets SIGPIPE to ignored (once); writes then fail with EPIPE.
private let brokenPipeSignalIgnored: Bool = {
    signal(SIGPIPE, SIG_IGN)
    return true
}()

private func ignoreBrokenPipeSignal() {
    _ = brokenPipeSignalIgnored
}
