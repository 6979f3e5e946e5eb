import Glibc

/// An incremental HTTP/1.x request parser (RFC 9112): feed it bytes as they arrive with
/// `append`, then take complete requests with `next()` until it returns nil. Pure: no
/// sockets, no clocks. After a failure it yields nothing more (the connection must close).
package struct HTTPParser {
    /// One outcome of `next()`.
    package enum Result: Equatable {
        case request(HTTPRequest)
        case failure(HTTPParseError)
    }

    /// Where the parser is within the current request (the server picks timeouts by it).
    package enum Phase: Equatable {
        /// No byte of a next request has arrived.
        case idle
        /// Part of a request line or header section has arrived.
        case head
        /// The head is complete; body bytes are awaited.
        case body
        /// A parse error was returned; nothing more will be parsed.
        case failed
    }

    /// Where the parser is (shared with `HTTPParser+Framing.swift`, like the state below).
    enum State {
        case requestLine
        case headers
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case failed
    }

    struct Head {
        var method = ""
        var target = ""
        var version = HTTPVersion.http1_1
        var headers = HTTPHeaders()
        var headerBytes = 0
        var chunked = false
        /// Which fields that frame or steer the request appeared (so most requests skip the lookups).
        var seen = SeenFields()
        /// How often each field that must appear at most once appeared.
        var singletons = SingletonFieldCounts()
        /// Chunk-extension bytes of the body so far.
        var extensionBytes = 0
    }

    package let limits: HTTPLimits
    private var buffer: [UInt8] = []
    private var position = 0
    private var scan = 0
    var state = State.requestLine
    var head = Head()
    var body: [UInt8] = []
    var emptyLines = 0
    var ids = RequestIDGenerator()
    var continueRequested = false

    package init(limits: HTTPLimits = HTTPLimits()) {
        self.limits = limits
    }

    /// `true` once per request whose head asked `Expect: 100-continue` and whose body is
    /// still to come: the server should send `100 Continue` now. Resets when read.
    package mutating func takeContinueRequest() -> Bool {
        defer { continueRequested = false }
        return continueRequested && phase == .body
    }

    /// Bytes received but not yet consumed by `next()`.
    package var bufferedByteCount: Int { buffer.count - position }

    package var phase: Phase {
        switch state {
        case .requestLine: return buffer.count > position ? .head : .idle
        case .headers: return .head
        case .fixedBody, .chunkSize, .chunkData, .chunkDataEnd, .trailers: return .body
        case .failed: return .failed
        }
    }

    /// Adds received bytes.
    package mutating func append(_ bytes: UnsafeRawBufferPointer) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Adds received bytes.
    package mutating func append(_ bytes: some Collection<UInt8>) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    private mutating func compact() {
        guard position > 0 else { return }
        if position == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 4096)
        } else {
            buffer.removeSubrange(0..<position)
        }
        scan -= position
        position = 0
    }

    /// The next complete request or error, or nil when more bytes are needed.
    package mutating func next() -> Result? {
        while true {
            switch state {
            case .failed:
                return nil
            case .requestLine:
                switch nextLine(limit: limits.maxRequestLineBytes + 2) {
                case .none: return nil
                case .tooLong:
                    return fail(.uriTooLong("the request line is longer than \(limits.maxRequestLineBytes) bytes"))
                case .error(let error): return fail(error)
                case .line(let line):
                    if line.isEmpty {
                        emptyLines += 1
                        if emptyLines > 8 { return fail(.malformed("too many empty lines before the request line")) }
                        continue
                    }
                    if line.count > limits.maxRequestLineBytes {
                        return fail(.uriTooLong("the request line is longer than \(limits.maxRequestLineBytes) bytes"))
                    }
                    if let error = parseRequestLine(line) { return fail(error) }
                    state = .headers
                }
            case .headers:
                switch nextLine(limit: limits.maxHeaderBytes - head.headerBytes) {
                case .none: return nil
                case .tooLong:
                    return fail(.headersTooLarge("the header section is larger than \(limits.maxHeaderBytes) bytes"))
                case .error(let error): return fail(error)
                case .line(let line):
                    head.headerBytes += line.count + 2
                    if head.headerBytes > limits.maxHeaderBytes {
                        return fail(.headersTooLarge("the header section is larger than \(limits.maxHeaderBytes) bytes"))
                    }
                    if line.isEmpty {
                        if let result = headComplete() { return result }
                        continue
                    }
                    if let error = parseField(line) { return fail(error) }
                }
            case .fixedBody(let remaining):
                let take = min(remaining, buffer.count - position)
                body.append(contentsOf: buffer[position..<position + take])
                position += take
                scan = position
                if take < remaining {
                    state = .fixedBody(remaining: remaining - take)
                    return nil
                }
                return finish()
            case .chunkSize:
                let lineLimit = 32 + limits.maxChunkExtensionBytes
                switch nextLine(limit: lineLimit + 2) {
                case .none: return nil
                case .tooLong: return fail(.malformed("a chunk-size line is longer than \(lineLimit) bytes"))
                case .error(let error): return fail(error)
                case .line(let line):
                    switch parseChunkSize(line) {
                    case .failure(let error): return fail(error)
                    case .success(0): state = .trailers
                    case .success(let size):
                        // `body.count` never exceeds the limit; `body.count + size` could overflow.
                        if size > limits.maxBodyBytes - body.count {
                            return fail(.bodyTooLarge("the chunked body is larger than \(limits.maxBodyBytes) bytes"))
                        }
                        state = .chunkData(remaining: size)
                    }
                }
            case .chunkData(let remaining):
                let take = min(remaining, buffer.count - position)
                body.append(contentsOf: buffer[position..<position + take])
                position += take
                scan = position
                if take < remaining {
                    state = .chunkData(remaining: remaining - take)
                    return nil
                }
                state = .chunkDataEnd
            case .chunkDataEnd:
                guard buffer.count - position >= 2 else { return nil }
                guard buffer[position] == 0x0D && buffer[position + 1] == 0x0A else {
                    return fail(.malformed("chunk data is not followed by CRLF"))
                }
                position += 2
                scan = position
                state = .chunkSize
            case .trailers:
                switch nextLine(limit: limits.maxHeaderBytes - head.headerBytes) {
                case .none: return nil
                case .tooLong:
                    return fail(.headersTooLarge("the trailer section is larger than \(limits.maxHeaderBytes) bytes"))
                case .error(let error): return fail(error)
                case .line(let line):
                    head.headerBytes += line.count + 2
                    if head.headerBytes > limits.maxHeaderBytes {
                        return fail(.headersTooLarge("the trailer section is larger than \(limits.maxHeaderBytes) bytes"))
                    }
                    if line.isEmpty { return finish() }
                    if let error = checkField(line) { return fail(error) }
                }
            }
        }
    }

    mutating func fail(_ error: HTTPParseError) -> Result {
        state = .failed
        buffer = []
        position = 0
        scan = 0
        return .failure(error)
    }

    private enum LineResult {
        case none
        case line(ArraySlice<UInt8>)
        case tooLong
        case error(HTTPParseError)
    }

    /// Finds the next CRLF-terminated line of at most `limit` bytes, CRLF included; a bare LF is an error.
    ///
    /// Only the first `limit` bytes are looked at, so the outcome is the same however the bytes were
    /// split into reads: a line is `.tooLong` as soon as `limit` bytes hold no LF, whatever follows.
    private mutating func nextLine(limit: Int) -> LineResult {
        let end = min(buffer.count, position + max(limit, 0))
        let start = scan
        // memchr: the line feed is found a word at a time, not byte by byte.
        let found = buffer.withUnsafeBufferPointer { bytes -> Int? in
            guard let base = bytes.baseAddress, start < end, let hit = memchr(base + start, 0x0A, end - start) else { return nil }
            return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
        }
        guard let index = found else {
            scan = max(scan, end)
            return buffer.count > position && buffer.count - position >= limit ? .tooLong : .none
        }
        guard index > position, buffer[index - 1] == 0x0D else {
            return .error(.malformed("a line ends in a bare LF"))
        }
        let line = buffer[position..<index - 1]
        position = index + 1
        scan = position
        return .line(line)
    }
}
