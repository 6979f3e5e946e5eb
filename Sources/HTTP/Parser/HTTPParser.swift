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

    private enum State {
        case requestLine
        case headers
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case failed
    }

    private struct Head {
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

    /// Header names the parser acts on, noted while the fields are read.
    struct SeenFields: OptionSet {
        let rawValue: UInt8
        static let framing = SeenFields(rawValue: 1)
        static let connection = SeenFields(rawValue: 2)
        static let expect = SeenFields(rawValue: 4)
        static let requestID = SeenFields(rawValue: 8)
        static let host = SeenFields(rawValue: 16)
        static let authorization = SeenFields(rawValue: 32)
        static let idempotencyKey = SeenFields(rawValue: 64)
        static let contentType = SeenFields(rawValue: 128)
        /// Fields a request may carry at most once.
        static let singletons: SeenFields = [.host, .authorization, .idempotencyKey, .contentType]

        /// The flag for a field name (ASCII case-insensitive), or none.
        static func of(_ name: UnsafeBufferPointer<UInt8>) -> SeenFields {
            switch name.count {
            case 17 where HTTPHeaders.equalIgnoringCase(name, lowercased: "transfer-encoding"): .framing
            case 14 where HTTPHeaders.equalIgnoringCase(name, lowercased: "content-length"): .framing
            case 10 where HTTPHeaders.equalIgnoringCase(name, lowercased: "connection"): .connection
            case 6 where HTTPHeaders.equalIgnoringCase(name, lowercased: "expect"): .expect
            case 12 where HTTPHeaders.equalIgnoringCase(name, lowercased: "x-request-id"): .requestID
            case 12 where HTTPHeaders.equalIgnoringCase(name, lowercased: "content-type"): .contentType
            case 4 where HTTPHeaders.equalIgnoringCase(name, lowercased: "host"): .host
            case 13 where HTTPHeaders.equalIgnoringCase(name, lowercased: "authorization"): .authorization
            case 15 where HTTPHeaders.equalIgnoringCase(name, lowercased: "idempotency-key"): .idempotencyKey
            default: []
            }
        }
    }

    package let limits: HTTPLimits
    private var buffer: [UInt8] = []
    private var position = 0
    private var scan = 0
    private var state = State.requestLine
    private var head = Head()
    private var body: [UInt8] = []
    private var emptyLines = 0
    private var ids = RequestIDGenerator()
    private var continueRequested = false

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

    private mutating func fail(_ error: HTTPParseError) -> Result {
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

// MARK: Head and body framing (same file: these use the parser's private state)

extension HTTPParser {
    mutating func setHead(method: ArraySlice<UInt8>, target: ArraySlice<UInt8>, version: HTTPVersion) {
        head = Head()
        head.headers.reserveCapacity(8)
        head.method = String(decoding: method, as: UTF8.self)
        head.target = String(decoding: target, as: UTF8.self)
        head.version = version
        body = []
        emptyLines = 0
    }

    fileprivate mutating func parseField(_ line: ArraySlice<UInt8>) -> HTTPParseError? {
        switch splitField(line) {
        case .failure(let error):
            return error
        case .success(let (name, value)):
            if head.headers.count >= limits.maxHeaderCount {
                return .headersTooLarge("more than \(limits.maxHeaderCount) header fields")
            }
            let kind = name.withUnsafeBufferPointer(SeenFields.of)
            if !kind.isDisjoint(with: .singletons) { head.singletons.count(kind) }
            head.seen.formUnion(kind)
            head.headers.add(name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self))
            return nil
        }
    }

    fileprivate func checkField(_ line: ArraySlice<UInt8>) -> HTTPParseError? {
        if case .failure(let error) = splitField(line) { return error }
        return nil
    }

    /// Decides the body's framing once the header section is complete (RFC 9112 §6.3).
    fileprivate mutating func headComplete() -> Result? {
        if let error = head.singletons.framingError(version: head.version) { return fail(error) }
        let headers = head.headers
        // Usually neither framing field is present: then no lookup at all.
        let framed = head.seen.contains(.framing)
        let encodings = framed ? headers.values(for: "Transfer-Encoding") : []
        let lengths = framed ? headers.values(for: "Content-Length") : []
        if !encodings.isEmpty {
            if head.version == .http1_0 {
                // RFC 9112 §6.1: an HTTP/1.0 recipient cannot trust chunked framing; treat as faulty.
                return fail(.malformed("Transfer-Encoding: not allowed in an HTTP/1.0 request"))
            }
            if !lengths.isEmpty {
                return fail(.malformed("both Transfer-Encoding and Content-Length are present"))
            }
            var codings: [String] = []
            for value in encodings {
                for item in value.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
                    let coding = HTTPHeaders.trimmed(item)
                    guard !coding.isEmpty else { return fail(.malformed("Transfer-Encoding has an empty coding")) }
                    codings.append(String(decoding: coding.map(HTTPHeaders.lowercase), as: UTF8.self))
                }
            }
            if let other = codings.first(where: { $0 != "chunked" }) {
                return fail(.unsupportedTransferEncoding("Transfer-Encoding '\(other)' is not supported (only chunked)"))
            }
            guard codings.count == 1 else { return fail(.malformed("Transfer-Encoding lists chunked more than once")) }
            head.chunked = true
            state = .chunkSize
            continueRequested = expectsContinue(headers)
            return nil
        }
        var length: Int?
        for value in lengths {
            for item in value.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
                let digits = HTTPHeaders.trimmed(item)
                guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy(Self.isDigit) else {
                    return fail(.malformed("Content-Length '\(value)' is not a decimal length"))
                }
                let parsed = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
                if let length, length != parsed {
                    return fail(.malformed("Content-Length has conflicting values"))
                }
                length = parsed
            }
        }
        let size = length ?? 0
        if size > limits.maxBodyBytes {
            return fail(.bodyTooLarge("Content-Length \(size) is larger than the limit of \(limits.maxBodyBytes) bytes"))
        }
        if size == 0 { return finish() }
        body.reserveCapacity(size)
        state = .fixedBody(remaining: size)
        continueRequested = expectsContinue(headers)
        return nil
    }

    private func expectsContinue(_ headers: HTTPHeaders) -> Bool {
        head.version == .http1_1 && head.seen.contains(.expect) && headers.listContains("Expect", token: "100-continue")
    }

    fileprivate mutating func parseChunkSize(_ line: ArraySlice<UInt8>) -> Swift.Result<Int, HTTPParseError> {
        var size = 0
        var digits = 0
        var index = line.startIndex
        while index < line.endIndex, let value = Self.hexValue(line[index]) {
            if size > (Int.max >> 4) { return .failure(.malformed("a chunk size overflows")) }
            size = size << 4 | value
            digits += 1
            index += 1
        }
        guard digits > 0 else { return .failure(.malformed("a chunk-size line has no hexadecimal size")) }
        var rest = line[index...]
        while let byte = rest.first, byte == 0x20 || byte == 0x09 { rest = rest.dropFirst() }
        if let byte = rest.first {
            guard byte == UInt8(ascii: ";") else { return .failure(.malformed("a chunk size is followed by '\(Character(Unicode.Scalar(byte)))'")) }
            if rest.count > limits.maxChunkExtensionBytes {
                return .failure(.malformed("a chunk extension is longer than \(limits.maxChunkExtensionBytes) bytes"))
            }
            head.extensionBytes += rest.count
            if head.extensionBytes > limits.maxChunkExtensionBytesPerBody {
                return .failure(.malformed("the chunk extensions of one body exceed \(limits.maxChunkExtensionBytesPerBody) bytes"))
            }
            for byte in rest where !(byte == 0x09 || (byte >= 0x20 && byte != 0x7F)) {
                return .failure(.malformed("a chunk extension holds a control character"))
            }
        }
        return .success(size)
    }

    static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case 0x30...0x39: Int(byte - 0x30)
        case 0x41...0x46: Int(byte - 0x41 + 10)
        case 0x61...0x66: Int(byte - 0x61 + 10)
        default: nil
        }
    }

    fileprivate mutating func finish() -> Result {
        let headers = head.headers
        let connection = head.seen.contains(.connection)
        let keepAlive: Bool
        switch head.version {
        case .http1_1: keepAlive = !(connection && headers.listContains("Connection", token: "close"))
        case .http1_0: keepAlive = connection && headers.listContains("Connection", token: "keep-alive")
        }
        var id = head.seen.contains(.requestID) ? headers["X-Request-Id"] ?? "" : ""
        if !RequestIDGenerator.isValid(id) { id = ids.make() }
        var request = HTTPRequest(
            method: head.method, target: head.target, version: head.version, headers: headers,
            body: body, requestID: id, keepAlive: keepAlive
        )
        if !head.seen.isDisjoint(with: [.authorization, .idempotencyKey, .contentType]) {
            request.rejection = head.singletons.duplicateError
        }
        head = Head()
        body = []
        state = .requestLine
        continueRequested = false
        return .request(request)
    }
}
