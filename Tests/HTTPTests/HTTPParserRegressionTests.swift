import Testing

import HTTP

/// Inputs found by the `http` fuzz target (Scripts/fuzz.sh): each once produced a different outcome
/// depending on how the bytes were split into reads.
@Suite struct HTTPParserRegressionTests {
    private static let smallLimits: HTTPLimits = {
        var limits = HTTPLimits()
        limits.maxRequestLineBytes = 64
        limits.maxHeaderBytes = 128
        limits.maxHeaderCount = 4
        limits.maxBodyBytes = 32
        return limits
    }()

    /// Outcomes as `"METHOD target"` or `"status code"`.
    private static func parse(_ chunks: [ArraySlice<UInt8>], limits: HTTPLimits) -> [String] {
        var parser = HTTPParser(limits: limits)
        var outcomes: [String] = []
        for chunk in chunks {
            parser.append(chunk)
            while let result = parser.next() {
                switch result {
                case .request(let request): outcomes.append("\(request.method) \(request.target)")
                case .failure(let error): outcomes.append("\(error.status) \(error.code)")
                }
            }
        }
        return outcomes
    }

    /// The outcome fed whole, after checking that every two-piece split and byte-by-byte agree.
    private static func parseEveryWay(_ bytes: [UInt8], limits: HTTPLimits = smallLimits) -> [String] {
        let whole = parse([bytes[...]], limits: limits)
        #expect(parse(bytes.indices.map { bytes[$0...$0] }, limits: limits) == whole, "byte by byte differs")
        for split in 0...bytes.count {
            #expect(parse([bytes[..<split], bytes[split...]], limits: limits) == whole, "split at \(split) differs")
        }
        return whole
    }

    /// Fuzz crash 60f00a70: a too-long request line ending in a bare LF was 400 when read whole
    /// and 414 when read in pieces; the length limit now wins however it is read.
    @Test func overlongRequestLineEndingInBareLF() {
        let bytes = [UInt8](repeating: 0, count: 57) + Array("POST /\(String(repeating: ")", count: 24))\nB: th: 40\r\n\r\n".utf8)
        #expect(Self.parseEveryWay(bytes) == ["414 uri_too_long"])
    }

    /// A request line of exactly the limit whose LF arrives in a later read was refused with 414.
    @Test func requestLineOfExactlyTheLimit() {
        let target = "/" + String(repeating: "a", count: 64 - "GET  HTTP/1.1".count - 1)
        let line = "GET \(target) HTTP/1.1"
        #expect(line.utf8.count == 64)
        #expect(Self.parseEveryWay(Array("\(line)\r\nHost: a\r\n\r\n".utf8)) == ["GET \(target)"])
        let longer = "GET \(target)a HTTP/1.1\r\nHost: a\r\n\r\n"
        #expect(Self.parseEveryWay(Array(longer.utf8)) == ["414 uri_too_long"])
    }

    /// A header line past the header budget is 431 whether its line ends in CRLF, a bare LF or nothing yet.
    @Test func headerLinePastTheBudget() {
        let filler = String(repeating: "x", count: 130)
        #expect(Self.parseEveryWay(Array("GET / HTTP/1.1\r\nHost: a\r\nA: \(filler)\nB: c\r\n\r\n".utf8)) == ["431 headers_too_large"])
        #expect(Self.parseEveryWay(Array("GET / HTTP/1.1\r\nHost: a\r\nA: \(filler)\r\n\r\n".utf8)) == ["431 headers_too_large"])
        // 128 bytes of fields, CRLFs included, fit exactly (the blank line and `Host: a` are counted too).
        let exact = "A: " + String(repeating: "y", count: 128 - 2 - 3 - 2 - 9)
        #expect(Self.parseEveryWay(Array("GET / HTTP/1.1\r\nHost: a\r\n\(exact)\r\n\r\n".utf8)) == ["GET /"])
    }

    /// A chunk-size line longer than its limit (a 256-byte extension at most) is refused the same way whatever follows it.
    @Test func overlongChunkSizeLine() {
        let head = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        let extensionText = ";" + String(repeating: "e", count: 4100)
        var limits = HTTPLimits()
        limits.maxBodyBytes = 16
        let outcome = Self.parse([Array("\(head)1\(extensionText)\nx".utf8)[...]], limits: limits)
        #expect(outcome == ["400 malformed_request"])
        let split = Array("\(head)1\(extensionText)".utf8)
        #expect(Self.parse([split[...], Array("\nx".utf8)[...]], limits: limits) == outcome)
    }

    /// Regression (issue 9 review): a chunk size near Int.max after a first chunk overflowed
    /// `body.count + size` and trapped; it is a 413 like any chunked body past the limit.
    @Test func chunkSizeNearIntMaxAfterAFirstChunk() {
        let request = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n7fffffffffffffff\r\n"
        #expect(Self.parseEveryWay(Array(request.utf8)) == ["413 body_too_large"])
    }
}
