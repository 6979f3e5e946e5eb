/// Parses HTTP/1.1 responses from bytes for `HTTPClient` (Content-Length, chunked, or
/// read-until-close bodies).
struct ResponseReader {
    private var buffer: [UInt8] = []
    private var position = 0
    /// At least one response was read on this connection.
    private(set) var hasServed = false
    /// A read-until-close response completed by EOF.
    var pendingEOFResponse: HTTPClientResponse?

    mutating func append(_ bytes: ArraySlice<UInt8>) {
        if position > 0 {
            buffer.removeSubrange(0..<position)
            position = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete response, or nil when more bytes are needed.
    mutating func next(headRequest: Bool) throws -> HTTPClientResponse? {
        if let response = pendingEOFResponse {
            pendingEOFResponse = nil
            hasServed = true
            return response
        }
        guard let (status, headers, bodyStart) = try head() else { return nil }
        let bodyless = headRequest || status < 200 || status == 204 || status == 304
        if bodyless {
            position = bodyStart
            return served(status, headers, [])
        }
        if headers.listContains("Transfer-Encoding", token: "chunked") {
            guard let (body, end) = try chunked(from: bodyStart) else { return nil }
            position = end
            return served(status, headers, body)
        }
        if let value = headers["Content-Length"] {
            guard let length = Int(value), length >= 0 else { throw HTTPClientError.malformed("Content-Length '\(value)'") }
            guard buffer.count - bodyStart >= length else { return nil }
            position = bodyStart + length
            return served(status, headers, Array(buffer[bodyStart..<bodyStart + length]))
        }
        return nil  // read until close: finishAtEOF completes it
    }

    /// Completes a response whose body runs to the end of the connection.
    mutating func finishAtEOF() -> HTTPClientResponse? {
        guard let parsed = try? head() else { return nil }
        let (status, headers, bodyStart) = parsed
        guard headers["Content-Length"] == nil, !headers.listContains("Transfer-Encoding", token: "chunked") else { return nil }
        let body = Array(buffer[bodyStart...])
        position = buffer.count
        return HTTPClientResponse(status: status, headers: headers, body: body)
    }

    private mutating func served(_ status: Int, _ headers: HTTPHeaders, _ body: [UInt8]) -> HTTPClientResponse {
        hasServed = true
        return HTTPClientResponse(status: status, headers: headers, body: body)
    }

    private func findCRLF(from start: Int) -> Int? {
        var index = start
        while index + 1 < buffer.count {
            if buffer[index] == 0x0D && buffer[index + 1] == 0x0A { return index }
            index += 1
        }
        return nil
    }

    private func head() throws -> (Int, HTTPHeaders, Int)? {
        guard let lineEnd = findCRLF(from: position) else { return nil }
        let statusLine = String(decoding: buffer[position..<lineEnd], as: UTF8.self)
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            throw HTTPClientError.malformed("status line '\(statusLine.prefix(80))'")
        }
        var headers = HTTPHeaders()
        var start = lineEnd + 2
        while true {
            guard let end = findCRLF(from: start) else { return nil }
            if end == start { return (status, headers, end + 2) }
            let line = String(decoding: buffer[start..<end], as: UTF8.self)
            guard let colon = line.firstIndex(of: ":") else { throw HTTPClientError.malformed("header line '\(line.prefix(80))'") }
            let value = line[line.index(after: colon)...].trimmingSpaces
            headers.add(name: String(line[..<colon]), value: value)
            start = end + 2
        }
    }

    private func chunked(from start: Int) throws -> ([UInt8], Int)? {
        var body: [UInt8] = []
        var index = start
        while true {
            guard let lineEnd = findCRLF(from: index) else { return nil }
            let line = String(decoding: buffer[index..<lineEnd], as: UTF8.self)
            let sizeText = line.split(separator: ";").first.map { String($0).trimmingSpaces } ?? ""
            guard let size = Int(sizeText, radix: 16), size >= 0 else { throw HTTPClientError.malformed("chunk size '\(line.prefix(40))'") }
            index = lineEnd + 2
            if size == 0 {
                while true {
                    guard let end = findCRLF(from: index) else { return nil }
                    let empty = end == index
                    index = end + 2
                    if empty { break }
                }
                return (body, index)
            }
            // A size near Int.max (a broken or hostile server) must not overflow `index + size + 2`.
            guard size <= Int.max - 2 - index else { throw HTTPClientError.malformed("chunk size '\(line.prefix(40))'") }
            guard buffer.count >= index + size + 2 else { return nil }
            body.append(contentsOf: buffer[index..<index + size])
            index += size + 2
        }
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        var slice = Substring(self)
        while slice.first == " " || slice.first == "\t" { slice = slice.dropFirst() }
        while slice.last == " " || slice.last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
