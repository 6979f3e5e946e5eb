/// The parser's head and body framing: header fields, the body's length or chunking (RFC 9112
/// §6–7), chunk sizes and extensions, and the finished request. It works on the state declared in
/// `HTTPParser.swift`, which is internal to the module for that reason only.
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

    mutating func parseField(_ line: ArraySlice<UInt8>) -> HTTPParseError? {
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

    func checkField(_ line: ArraySlice<UInt8>) -> HTTPParseError? {
        if case .failure(let error) = splitField(line) { return error }
        return nil
    }

    /// Decides the body's framing once the header section is complete (RFC 9112 §6.3).
    mutating func headComplete() -> Result? {
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

    mutating func parseChunkSize(_ line: ArraySlice<UInt8>) -> Swift.Result<Int, HTTPParseError> {
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

    mutating func finish() -> Result {
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
