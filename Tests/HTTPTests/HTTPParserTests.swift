import Testing

import HTTP

/// What a parse produced, without the random request ids.
private enum Outcome: Equatable {
    case request(method: String, target: String, path: String, version: HTTPVersion, headers: [String], body: String, keepAlive: Bool)
    case failure(status: Int, code: String)

    init(_ result: HTTPParser.Result) {
        switch result {
        case .request(let r):
            self = .request(
                method: r.method, target: r.target, path: r.path, version: r.version,
                headers: r.headers.map { "\($0.name)=\($0.value)" }, body: String(decoding: r.body, as: UTF8.self),
                keepAlive: r.keepAlive
            )
        case .failure(let e):
            self = .failure(status: e.status, code: e.code)
        }
    }
}

private func parse(_ chunks: [ArraySlice<UInt8>], limits: HTTPLimits = HTTPLimits()) -> [Outcome] {
    var parser = HTTPParser(limits: limits)
    var outcomes: [Outcome] = []
    for chunk in chunks {
        parser.append(chunk)
        while let result = parser.next() { outcomes.append(Outcome(result)) }
    }
    return outcomes
}

/// Feeds `text` whole, byte by byte, and split in two at every offset; all must agree.
private func parseEveryWay(_ text: String, limits: HTTPLimits = HTTPLimits()) -> [Outcome] {
    let bytes = Array(text.utf8)
    let whole = parse([bytes[...]], limits: limits)
    let byteByByte = parse(bytes.indices.map { bytes[$0...$0] }, limits: limits)
    #expect(byteByByte == whole, "byte by byte differs")
    for split in 0...bytes.count {
        let pieces = parse([bytes[..<split], bytes[split...]], limits: limits)
        #expect(pieces == whole, "split at \(split) differs")
    }
    return whole
}

@Suite struct HTTPParserTests {
    @Test func simpleGet() {
        let outcomes = parseEveryWay("GET /v1/history?limit=5&x HTTP/1.1\r\nHost: a\r\nX-A:  b c \r\n\r\n")
        #expect(outcomes == [.request(
            method: "GET", target: "/v1/history?limit=5&x", path: "/v1/history", version: .http1_1,
            headers: ["Host=a", "X-A=b c"], body: "", keepAlive: true
        )])
    }

    @Test func queryItemsAndPath() {
        let request = HTTPRequest(method: "GET", target: "/a/b?limit=5&x=&y")
        #expect(request.path == "/a/b")
        #expect(request.query("limit") == "5")
        #expect(request.queryItems.map(\.name) == ["limit", "x", "y"])
    }

    @Test func contentLengthBody() {
        let outcomes = parseEveryWay("POST /v1/spins HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n{\"bet\":100}")
        #expect(outcomes.count == 1)
        guard case .request(_, _, _, _, _, let body, _) = outcomes.first else { Issue.record("no request"); return }
        #expect(body == "{\"bet\":100}")
    }

    @Test func chunkedBodyWithExtensionsAndTrailers() {
        let text = "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: yes\r\n\r\n"
        let outcomes = parseEveryWay(text)
        #expect(outcomes.count == 1)
        guard case .request(_, _, _, _, _, let body, _) = outcomes.first else { Issue.record("no request"); return }
        #expect(body == "hello world")
    }

    @Test func keepAliveFlags() {
        var parser = HTTPParser()
        parser.append(Array("GET /b HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\nGET /c HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nGET /d HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        var flags: [Bool] = []
        while case .request(let request)? = parser.next() { flags.append(request.keepAlive) }
        #expect(flags == [true, false, true])
    }

    @Test func pipelinedBatch() {
        var text = ""
        for index in 0..<20 { text += "GET /p/\(index) HTTP/1.1\r\nHost: h\r\n\r\n" }
        text += "POST /body HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabcGET /last HTTP/1.1\r\nHost: a\r\n\r\n"
        let outcomes = parseEveryWay(text)
        #expect(outcomes.count == 22)
        let targets = outcomes.compactMap { outcome -> String? in
            if case .request(_, let target, _, _, _, _, _) = outcome { return target }
            return nil
        }
        #expect(targets == (0..<20).map { "/p/\($0)" } + ["/body", "/last"])
    }

    @Test func requestIDEchoedOrReplaced() {
        var parser = HTTPParser()
        let long = String(repeating: "a", count: 129)
        parser.append(Array("GET / HTTP/1.1\r\nHost: a\r\nX-Request-Id: abc-123\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\nX-Request-Id: \(long)\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\nX-Request-Id: a b\r\n\r\n".utf8))
        var ids: [String] = []
        while case .request(let request)? = parser.next() { ids.append(request.requestID) }
        #expect(ids.count == 3)
        #expect(ids.first == "abc-123")
        for id in ids.dropFirst() {
            #expect(id.utf8.count == 32 && id.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) })
        }
        #expect(ids[1] != ids[2])
    }

    static let malformed: [(String, Int, String)] = [
        ("GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", 400, "malformed_request"),
        ("GET / HTTP/1.1\r\nHost: a\r\nBad Name: a\r\n\r\n", 400, "malformed_request"),
        ("GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n", 400, "malformed_request"),
        ("GET / HTTP/1.1\r\nHost: a\r\nX: a\nY: b\r\n\r\n", 400, "malformed_request"),
        ("GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n", 400, "malformed_request"),
        ("GET /  HTTP/1.1\r\nHost: a\r\n\r\n", 400, "malformed_request"),
        ("G@T / HTTP/1.1\r\nHost: a\r\n\r\n", 400, "malformed_request"),
        ("GET / HTTP/1.1 \r\n\r\n", 400, "malformed_request"),
        ("GET / FTP/1.1\r\n\r\n", 400, "malformed_request"),
        ("GET / HTTP/2.0\r\n\r\n", 505, "http_version_not_supported"),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello", 400, "malformed_request"),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 6\r\n\r\nhello", 400, "malformed_request"),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -5\r\n\r\n", 400, "malformed_request"),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", 400, "malformed_request"),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501, "unsupported_transfer_encoding"),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", 501, "unsupported_transfer_encoding"),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffffff\r\n", 400, "malformed_request"),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400, "malformed_request"),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n", 400, "malformed_request"),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 70000\r\n\r\n", 413, "body_too_large"),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n10001\r\n", 413, "body_too_large"),
    ]

    @Test(arguments: malformed)
    func malformedRequests(_ text: String, _ status: Int, _ code: String) {
        let outcomes = parseEveryWay(text)
        #expect(outcomes == [.failure(status: status, code: code)], "\(text.debugDescription)")
    }

    @Test func limits() {
        let longLine = "GET /" + String(repeating: "a", count: 8200) + " HTTP/1.1\r\nHost: a\r\n\r\n"
        #expect(parse([Array(longLine.utf8)[...]]) == [.failure(status: 414, code: "uri_too_long")])
        // Detected before the line ends.
        #expect(parse([Array(longLine.utf8.prefix(8300))[...]]) == [.failure(status: 414, code: "uri_too_long")])

        let bigHeaders = "GET / HTTP/1.1\r\nHost: a\r\n" + (0..<20).map { "X-\($0): " + String(repeating: "v", count: 1000) + "\r\n" }.joined() + "\r\n"
        #expect(parse([Array(bigHeaders.utf8)[...]]) == [.failure(status: 431, code: "headers_too_large")])

        let manyHeaders = "GET / HTTP/1.1\r\nHost: a\r\n" + (0..<101).map { "X-\($0): v\r\n" }.joined() + "\r\n"
        #expect(parse([Array(manyHeaders.utf8)[...]]) == [.failure(status: 431, code: "headers_too_large")])
        let hundred = "GET / HTTP/1.1\r\nHost: a\r\n" + (0..<99).map { "X-\($0): v\r\n" }.joined() + "\r\n"
        #expect(parse([Array(hundred.utf8)[...]]).count == 1)
        if case .failure = parse([Array(hundred.utf8)[...]]).first { Issue.record("100 fields must be accepted") }
    }

    @Test func expectContinueIsReportedOnceBeforeTheBody() {
        var parser = HTTPParser()
        parser.append(Array("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n".utf8))
        #expect(parser.next() == nil)
        let first = parser.takeContinueRequest()
        let second = parser.takeContinueRequest()
        #expect(first && !second)
        parser.append(Array("okGET / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n".utf8))
        #expect(parser.next() != nil)
        #expect(parser.next() != nil)
        let third = parser.takeContinueRequest()
        #expect(!third)  // no body: nothing to continue
    }

    @Test func nothingAfterFailure() {
        var parser = HTTPParser()
        parser.append(Array("BAD\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        #expect(parser.next().map(Outcome.init) == .failure(status: 400, code: "malformed_request"))
        #expect(parser.next() == nil)
        #expect(parser.phase == .failed)
    }

    @Test func phases() {
        var parser = HTTPParser()
        #expect(parser.phase == .idle)
        parser.append(Array("POST / HTTP/1.1\r\nHost: a\r\nContent-Len".utf8))
        #expect(parser.next() == nil)
        #expect(parser.phase == .head)
        parser.append(Array("gth: 4\r\n\r\nab".utf8))
        #expect(parser.next() == nil)
        #expect(parser.phase == .body)
        parser.append(Array("cd".utf8))
        #expect(parser.next() != nil)
        #expect(parser.phase == .idle)
    }

    @Test func problemJSON() {
        let response = HTTPResponse.problem(status: 404, code: "not_found", detail: "no route for \"/x\"\n")
        #expect(response.headers["content-type"] == "application/problem+json")
        #expect(String(decoding: response.body, as: UTF8.self)
            == #"{"type":"https://onespin.dev/problems/not_found","title":"Not Found","status":404,"detail":"no route for \"/x\"\n","code":"not_found"}"#)
    }
}
